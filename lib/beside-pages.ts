/**
 * What no route can write: the files the author put beside posts, and each page's Markdown copy (they would
 * sit below the catch-all page). `npm run build` writes them into the export (scripts/post-export.ts), and
 * `npm run dev` into public/, where `next dev` serves them (lib/dev-watch.ts).
 */
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Content } from './content/types';
import { buildMarkdownCopy } from './llms';
import { mapLimit } from './map-limit';
import { markdownCopyPath } from './outputs';

/** The file in `dir` for a site path, refusing any path that would leave it. */
export function outFile(dir: string, sitePath: string): string {
  const root = path.resolve(dir);
  const file = path.join(root, sitePath);
  if (!file.startsWith(root + path.sep)) throw new Error(`Refusing to write outside ${root}: ${sitePath}`);
  return file;
}

/** Writes `data` at a site path in `dir`. */
export async function put(dir: string, sitePath: string, data: string | Buffer | { copyOf: string }): Promise<void> {
  const file = outFile(dir, sitePath);
  await mkdir(path.dirname(file), { recursive: true });
  if (typeof data === 'object' && 'copyOf' in data) await copyFile(data.copyOf, file);
  else await writeFile(file, data);
}

/** What no route can write: the files the author put beside posts, and each page's Markdown copy. */
export async function writeBesidePages(content: Content, dir: string): Promise<void> {
  await mapLimit(content.assets, 16, (asset) => put(dir, asset.path, { copyOf: asset.source }));
  await mapLimit([...content.posts, ...content.pages], 16, (entry) => put(dir, markdownCopyPath(entry), buildMarkdownCopy(entry, content)));
}
