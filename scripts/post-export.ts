/**
 * The steps of `npm run build` after Next's export, in a process of their own (scripts/child.ts): strip
 * the client runtime, restore and store cached pages, move in the post images and
 * per-page files (written by scripts/write-files.ts), draw Open Graph cards.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { loadContentSnapshot } from '../lib/content/snapshot';
import { pruneItemStores } from '../lib/item-store';
import { mapLimit } from '../lib/map-limit';
import { runtimeOptions } from '../lib/site';
import { answerParent } from './child';
import { writeCards } from './og-cards';
import { prunePageCache, restorePages, storePages, type RenderPlan } from './page-cache';
import { stripRuntime } from './strip-runtime';
import { listFiles } from './walk';

export interface PostExportInput {
  outDir: string;
  /** Which pages Next rendered and which come from the page cache; none when the site keeps the client runtime. */
  plan?: RenderPlan;
  /** The folder scripts/write-files.ts wrote the post images and per-page files to, to move into `outDir`. */
  staged: string;
}

/** Moves every file below `from` (if it exists) to the same place below `to`, replacing what is there; copies across file systems. */
export async function moveFiles(from: string, to: string): Promise<void> {
  if (!existsSync(from)) return;
  const files = await listFiles(from);
  const target = (file: string) => path.join(to, path.relative(from, file));
  await mapLimit([...new Set(files.map((file) => path.dirname(target(file))))], 16, (dir) => mkdir(dir, { recursive: true }));
  await mapLimit(files, 16, (file) =>
    rename(file, target(file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EXDEV') throw error;
      return copyFile(file, target(file));
    }),
  );
  await rm(from, { recursive: true, force: true });
}

/** Runs every step after the export on `outDir`, with the content of this build's snapshot. */
async function postExport({ outDir, plan, staged }: PostExportInput): Promise<void> {
  const env = process.env;
  const { contentSnapshot, cacheDir, fingerprint } = runtimeOptions(env);
  if (!contentSnapshot || !fingerprint) throw new Error('scripts/post-export.ts runs as part of npm run build');
  // Next's own error route, in two folders, duplicates 404.html, which is what a host serves for a miss.
  await Promise.all(['_not-found', '404'].map((dir) => rm(path.join(outDir, dir), { recursive: true, force: true })));
  if (plan) {
    // Cached pages went through the pass below already: it only reads them, for the _next/ files they use.
    const restored = await restorePages(plan, outDir);
    const report = await stripRuntime(outDir, new Set(restored));
    await storePages(plan, outDir);
    await prunePageCache(plan);
    console.log(`masthead: removed the client runtime from ${report.pages} pages (${report.scriptsRemoved} scripts, ${report.filesRemoved} files)`);
  }
  await moveFiles(staged, outDir);
  await writeCards(loadContentSnapshot(contentSnapshot), outDir, { cacheDir, log: console.log });
  await pruneItemStores(cacheDir, fingerprint);
}

answerParent(import.meta.filename, postExport);
