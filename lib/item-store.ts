import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { runtimeOptions } from './site';

/**
 * Feed items rendered by earlier builds, by key (lib/feeds.ts `itemKey`), so a rebuild renders the items
 * of the posts that changed and reads the rest. Synchronous: feeds are generated piece by piece.
 */
export interface ItemStore {
  get(key: string): string | undefined;
  set(key: string, text: string): void;
}

/** A store in a folder (`<dir>/<2 hex>/<key>.txt`); a file that can't be read or written is a miss, never an error. */
export function folderItemStore(dir: string): ItemStore {
  const file = (key: string) => path.join(dir, key.slice(0, 2), `${key}.txt`);
  const made = new Set<string>();
  return {
    get(key) {
      try {
        return readFileSync(file(key), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(key, text) {
      const target = file(key);
      try {
        const folder = path.dirname(target);
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
        // Write then rename: a build stopped half-way, or another process, never reads half an item.
        const temp = `${target}.${process.pid}.tmp`;
        writeFileSync(temp, text);
        renameSync(temp, target);
      } catch {
        // The cache only saves time: a failed write means the item is rendered again next build.
      }
    },
  };
}

/** Where the items rendered by one version of the code are kept: a folder per code fingerprint. */
function storeDir(cacheDir: string, fingerprint: string): string {
  return path.join(cacheDir, 'feed-items', fingerprint.slice(0, 16));
}

/** The store of the code this build runs (MASTHEAD_FINGERPRINT, set by `npm run build`); none outside a build. */
export function buildItemStore(env: NodeJS.ProcessEnv = process.env): ItemStore | undefined {
  const { cacheDir, fingerprint } = runtimeOptions(env);
  return fingerprint ? folderItemStore(storeDir(cacheDir, fingerprint)) : undefined;
}

/** Where the build of this code keeps generated files by key (lib/outputs.ts PathFile `key`); none outside a build. */
export function keptFilesDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { cacheDir, fingerprint } = runtimeOptions(env);
  return fingerprint ? path.join(storeDir(cacheDir, fingerprint), 'files') : undefined;
}

/** Deletes the stores of every other version of the code: their items can't be used again. */
export async function pruneItemStores(cacheDir: string, fingerprint: string): Promise<void> {
  const root = path.join(cacheDir, 'feed-items');
  const keep = path.basename(storeDir(cacheDir, fingerprint));
  const folders = await readdir(root).catch(() => []);
  await Promise.all(folders.filter((name) => name !== keep).map((name) => rm(path.join(root, name), { recursive: true, force: true })));
}
