import type { Content } from './content/types';
import { generateTagFeeds } from './feeds';
import type { ItemStore } from './item-store';
import { generateMarkdownCopies } from './llms';
import { sitePages } from './routes';
import { buildSitemaps } from './sitemap';

/** A generated text file at a site path (`/tags/x/rss.xml`, `/posts/a/index.html.md`). */
export interface PathFile {
  path: string;
  contents: string;
  /**
   * A digest of everything `contents` is made of, with the code: equal keys, equal contents. A writer that
   * kept the file of a key may reuse it without reading `contents` (a tag feed renders when it is read).
   */
  key?: string;
}

/**
 * The generated files that belong to one post, page or tag, plus the extra sitemap files of a large site,
 * one at a time: a caller that writes each file before asking for the next holds one file, not all of
 * them (the tag feeds of a large site with full-content feeds run to gigabytes).
 * They are written after the export (scripts/build.ts) rather than by Route Handlers: the App Router
 * cannot nest a segment below the catch-all that routes every permalink, and a tag route would fail
 * the export of a site without tags. `items` holds feed items rendered by earlier builds.
 */
export function* generatePathFiles(content: Content, items?: ItemStore): Generator<PathFile> {
  yield* generateTagFeeds(content, items);
  yield* generateMarkdownCopies(content);
  // `/sitemap.xml` itself is a Route Handler; only the files of a split sitemap come from here.
  yield* buildSitemaps(sitePages(content), content.site).slice(1);
}

/** Every file of `generatePathFiles`, at once. */
export function buildPathFiles(content: Content): PathFile[] {
  return [...generatePathFiles(content)];
}
