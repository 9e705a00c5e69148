/**
 * Incremental export. Next.js renders every page on every `next build`; this cache lets `npm run build`
 * render only the pages whose inputs changed (lib/page-keys.ts) and copy the others, as the previous
 * build left them after the runtime was stripped, from `.masthead/cache/pages/`. A change to the code
 * (app/, lib/, scripts/, the Next config, the lock file) or to site.yaml changes every key.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Content } from '../lib/content';
import { pageKey } from '../lib/page-keys';
import { isCatchAllPage, sitePages } from '../lib/routes';

const CODE = ['app', 'lib', 'scripts', 'next.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];

/** A hash of the code that renders pages, and of the Node.js running it. */
export async function codeFingerprint(projectDir = process.cwd()): Promise<string> {
  const files: string[] = [];
  for (const name of CODE) {
    const full = path.join(projectDir, name);
    if (!existsSync(full)) continue;
    if ((await stat(full)).isDirectory()) {
      const entries = await readdir(full, { recursive: true, withFileTypes: true });
      files.push(...entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)));
    } else files.push(full);
  }
  const hash = createHash('sha256').update(process.version);
  for (const file of files.sort()) hash.update(`\0${path.relative(projectDir, file)}\0`).update(await readFile(file));
  return hash.digest('hex');
}

/** Which pages `next build` must render and which come from the cache. */
export interface RenderPlan {
  /** Site path -> cache key of every page the catch-all route serves. */
  keys: Map<string, string>;
  /** Paths to render: their key is not in the cache. Never empty when `keys` is not (Next rejects an empty generateStaticParams). */
  render: string[];
  /** Paths copied from the cache. */
  reuse: string[];
  store: string;
}

/** The page cache's folder. */
export const pageStore = (cacheDir: string) => path.join(cacheDir, 'pages');

const cachedFile = (store: string, key: string) => path.join(store, key.slice(0, 2), `${key}.html`);
const pageFile = (outDir: string, sitePath: string) => path.join(outDir, sitePath, 'index.html');

/** Keys every cached route and splits them into pages to render and pages to reuse. */
export function planRender(content: Content, fingerprint: string, cacheDir: string): RenderPlan {
  const store = pageStore(cacheDir);
  const keys = new Map<string, string>();
  const render: string[] = [];
  const reuse: string[] = [];
  for (const page of sitePages(content)) {
    if (!isCatchAllPage(page)) continue;
    const key = pageKey(fingerprint, content, page);
    keys.set(page.path, key);
    (existsSync(cachedFile(store, key)) ? reuse : render).push(page.path);
  }
  if (!render.length && reuse.length) render.push(reuse.shift()!);
  return { keys, render, reuse, store };
}

/** Writes the list of paths to render where the catch-all route reads it (MASTHEAD_RENDER_PLAN). */
export async function writeRenderList(plan: RenderPlan, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(plan.render));
}

/** Copies every reused page into `outDir`; marks its cache file as used (see prunePageCache). Resolves with the files written. */
export async function restorePages(plan: RenderPlan, outDir: string): Promise<string[]> {
  const now = new Date();
  return Promise.all(
    plan.reuse.map(async (sitePath) => {
      const from = cachedFile(plan.store, plan.keys.get(sitePath)!);
      const to = pageFile(outDir, sitePath);
      await mkdir(path.dirname(to), { recursive: true });
      await copyFile(from, to);
      await utimes(from, now, now);
      return to;
    }),
  );
}

/** Stores every page rendered in this build, as it is in `outDir` now (after the runtime was stripped). */
export async function storePages(plan: RenderPlan, outDir: string): Promise<void> {
  await Promise.all(
    plan.render.map(async (sitePath) => {
      const target = cachedFile(plan.store, plan.keys.get(sitePath)!);
      await mkdir(path.dirname(target), { recursive: true });
      // Write then rename, so a build stopped half-way never leaves a truncated page in the cache.
      const temp = `${target}.${process.pid}.tmp`;
      await copyFile(pageFile(outDir, sitePath), temp);
      await rename(temp, target);
    }),
  );
}

/** Deletes cached pages no build used for `maxAgeDays` (an edited post leaves its old pages behind). */
export async function prunePageCache(plan: RenderPlan, maxAgeDays = 7): Promise<number> {
  if (!existsSync(plan.store)) return 0;
  const live = new Set(plan.keys.values());
  const cutoff = Date.now() - maxAgeDays * 86_400_000;
  const entries = await readdir(plan.store, { recursive: true, withFileTypes: true });
  let removed = 0;
  for (const e of entries) {
    if (!e.isFile() || live.has(e.name.replace(/\.html$/, ''))) continue;
    const file = path.join(e.parentPath, e.name);
    if ((await stat(file)).mtimeMs < cutoff) {
      await rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}
