import type { Content } from './content/types';

/** A generated text file at a site path (`/tags/x/rss.xml`, `/posts/a/index.html.md`). */
export interface PathFile {
  path: string;
  contents: string;
}

/**
 * The generated files that belong to one post, page or tag. They are written after the export
 * (scripts/build.ts) rather than by Route Handlers: the App Router cannot nest a segment below the
 * catch-all that routes every permalink.
 */
export function buildPathFiles(content: Content): PathFile[] {
  void content;
  return [];
}
