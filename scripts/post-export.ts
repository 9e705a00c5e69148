/**
 * The pass over the export after `next build`: what Next writes that the site does not publish goes, the
 * pages the cache held come back, and what the App Router cannot place comes in (the files beside posts, the
 * Markdown copies, which would sit below the catch-all page, and the static files).
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { readCached, writeCached } from '../lib/cache';
import type { Content } from '../lib/content';
import { outFile, put, writeBesidePages } from '../lib/beside-pages';
import { mapLimit } from '../lib/map-limit';
import { CUSTOM_CSS_PATH, PLACEHOLDER_FILES, REDIRECTS_FILE, SEARCH_PATH } from '../lib/outputs';
import { catchAllPages } from '../lib/pages';
import { indexSearch } from './search-index';
import { stripRuntime } from './strip-runtime';
import { listFiles } from './walk';

/** Runs the pass on `dir`, which `next build` just wrote for `content`. */
export async function postExport(content: Content, dir: string, log: (line: string) => void = console.log): Promise<void> {
  // Next's own error route, in two folders, duplicates 404.html, which is what a host serves for a miss; the
  // placeholders stand in for empty route params (lib/outputs.ts).
  for (const sitePath of ['/_not-found/', '/404/', ...PLACEHOLDER_FILES]) await rm(outFile(dir, sitePath), { recursive: true, force: true });
  if (!content.site.clientRuntime) {
    // The pages Next did not render come from the cache, stripped when they were stored; the others are
    // stripped now, then stored.
    const pages = catchAllPages(content).map((p) => ({ ...p, file: outFile(dir, `${p.page.path}index.html`) }));
    const rendered = pages.filter(({ file }) => existsSync(file));
    const restored = pages.filter(({ file }) => !existsSync(file));
    await mapLimit(restored, 16, async ({ page, key, file }) => {
      const html = await readCached(key);
      if (!html) throw new Error(`The cached HTML of ${page.path} is gone (${key}); build again`);
      await put(dir, `${page.path}index.html`, html);
    });
    const report = await stripRuntime(dir, new Set(restored.map(({ file }) => file)));
    log(`masthead: removed the client runtime from ${report.pages} pages (${report.scriptsRemoved} scripts, ${report.filesRemoved} files); ${restored.length} pages from the cache`);
    await mapLimit(rendered, 16, async ({ key, file }) => writeCached(key, await readFile(file)));
  }
  // An old URL that was a file (`/old.html`): Next wrote it as a folder's index.html, as every page.
  for (const { from } of content.redirects.filter((r) => !r.from.endsWith('/'))) {
    const folder = outFile(dir, `${from}/`);
    const moved = `${folder.replace(/[\\/]$/, '')}.moving`;
    await rename(path.join(folder, 'index.html'), moved);
    await rm(folder, { recursive: true, force: true });
    await rename(moved, outFile(dir, from));
  }
  if (!content.redirects.length) await rm(outFile(dir, REDIRECTS_FILE), { force: true });
  if (!content.customCss) await rm(outFile(dir, CUSTOM_CSS_PATH), { force: true });
  await writeBesidePages(content, dir);
  if (content.site.search) {
    const started = performance.now();
    const pages = await indexSearch(dir);
    log(`masthead: indexed ${pages} pages for search in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } else await rm(outFile(dir, SEARCH_PATH), { recursive: true, force: true });
  // GitHub Pages, published from a branch, runs Jekyll, which drops every file and folder named with a
  // leading `.` or `_` (/.well-known/, /_next/) unless the site has a .nojekyll at its root.
  const hidden = (await listFiles(dir)).some((file) => path.relative(dir, file).split(path.sep).some((part) => /^[._]/.test(part)));
  if (hidden && !existsSync(path.join(dir, '.nojekyll'))) await writeFile(path.join(dir, '.nojekyll'), '');
}
