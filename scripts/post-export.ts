/**
 * The steps of `npm run build` after Next's export, in a process of their own (scripts/child.ts), started
 * while Next runs: strip the client runtime, restore and store cached pages, write post images, per-page
 * files and Open Graph cards. `npm run dev` uses writeExtras.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Content } from '../lib/content';
import { loadContentSnapshot } from '../lib/content/snapshot';
import { pruneItemStores } from '../lib/item-store';
import { runtimeOptions } from '../lib/site';
import { answerParent, runChild } from './child';
import { writeCards } from './og-cards';
import { prunePageCache, restorePages, storePages, type RenderPlan } from './page-cache';
import { stripRuntime } from './strip-runtime';
import { writeFiles } from './write-files';

export interface ExtrasOptions {
  log?: (line: string) => void;
  /** Writes the post images and per-page files; by default writeFiles (scripts/write-files.ts), in this process. */
  files?: () => Promise<void>;
  /** Files first, then cards, rather than both at once: what a big site needs to stay small. */
  oneAtATime?: boolean;
}

/** Everything written beside the export: post images, per-page files, Open Graph cards. */
export async function writeExtras(content: Content, dir: string, env: NodeJS.ProcessEnv, options: ExtrasOptions = {}): Promise<void> {
  const { log = console.log, files = () => writeFiles(content, dir, env), oneAtATime = false } = options;
  const cards = () => writeCards(content, dir, { cacheDir: runtimeOptions(env).cacheDir, log });
  // Cards draw on worker threads while the files are written: both cores, no shared files. At 10,000 posts
  // the two together held 1.9 GiB (the card workers' heaps beside the tag feeds).
  if (oneAtATime) {
    await files();
    await cards();
  } else await Promise.all([cards(), files()]);
}

export interface PostExportInput {
  outDir: string;
  /** Which pages Next rendered and which come from the page cache; none when the site keeps the client runtime. */
  plan?: RenderPlan;
  oneAtATime: boolean;
}

/** Runs every step after the export on `outDir`, with the content of this build's snapshot. */
async function postExport({ outDir, plan, oneAtATime }: PostExportInput): Promise<void> {
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
  const content = loadContentSnapshot(contentSnapshot);
  // The files are written by a process of their own: at 10,000 posts writing the tag feeds grew this one
  // to 1.8 GiB, which V8 kept while the cards drew.
  await writeExtras(content, outDir, env, {
    oneAtATime,
    files: () => runChild(path.join(import.meta.dirname, 'write-files.ts'), outDir, env, 'writing the per-page files'),
  });
  await pruneItemStores(cacheDir, fingerprint);
}

answerParent(import.meta.filename, postExport);
