/**
 * The one cache of Masthead: content-addressed files under MASTHEAD_CACHE_DIR (default `.masthead/cache`).
 * An entry's key is a hash of everything that makes it: its inputs and the code that turns them into output
 * (the files of the project folders named, the locked package versions, Node.js's own). Nothing is bumped by
 * hand: change an input or the code and the key changes. Entries are written whole or not at all (a
 * temporary file, then a rename), and each one read or written is touched, so a build can delete what it did
 * not use (pruneCache). Deleting the folder is always safe: the next build is a cold one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapLimit } from './map-limit';
import { runtimeOptions } from './site';

/** What decides an entry's bytes besides its inputs, besides the project's own code: packages and the runtime. */
const PLATFORM = ['package-lock.json'];

const versions = new Map<string, string>();

function filesUnder(root: string): string[] {
  let stats;
  try {
    stats = statSync(root);
  } catch {
    return [];
  }
  if (!stats.isDirectory()) return [root];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** A hash of the code under the project-relative paths `code`, the lock file and Node.js: computed once per process. */
function codeVersion(code: readonly string[]): string {
  const id = code.join('\0');
  let version = versions.get(id);
  if (!version) {
    const hash = createHash('sha256').update(JSON.stringify(process.versions));
    for (const file of [...code, ...PLATFORM].flatMap((p) => filesUnder(path.resolve(p)))) {
      hash.update(`\0${path.relative(process.cwd(), file)}\0`).update(readFileSync(file));
    }
    version = hash.digest('hex');
    versions.set(id, version);
  }
  return version;
}

/** The key of an entry made from `inputs` (anything JSON can write) by the code under `code` (project-relative folders or files). */
export function cacheKey(code: readonly string[], ...inputs: unknown[]): string {
  return createHash('sha256').update(codeVersion(code)).update('\0').update(JSON.stringify(inputs)).digest('hex');
}

const cacheDir = () => runtimeOptions().cacheDir;
const entryFile = (key: string) => path.join(cacheDir(), key.slice(0, 2), key);
const folders = new Set<string>();

/** The entry under `key`, touched as used by this build; undefined when there is none. */
export async function readCached(key: string): Promise<Buffer | undefined> {
  const file = entryFile(key);
  try {
    const bytes = await readFile(file);
    const now = new Date();
    await utimes(file, now, now);
    return bytes;
  } catch {
    return undefined;
  }
}

/** True when there is an entry under `key`. */
export function hasCached(key: string): boolean {
  return existsSync(entryFile(key));
}

/** The text under `key`, read when a page asks for it (not touched: the build that loaded it touched it); undefined when there is none. */
export function readCachedTextSync(key: string): string | undefined {
  try {
    return readFileSync(entryFile(key), 'utf8');
  } catch {
    return undefined;
  }
}

/** Stores `bytes` under `key`; false when it could not (a full disk costs time on the next build, never correctness). */
export async function writeCached(key: string, bytes: Buffer | string): Promise<boolean> {
  const file = entryFile(key);
  try {
    const folder = path.dirname(file);
    if (!folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      folders.add(folder);
    }
    const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    await writeFile(temp, bytes);
    await rename(temp, file);
    return true;
  } catch {
    return false;
  }
}

/** The bytes stored under `key`, or those `produce` makes, stored for the next time. */
export async function cached(key: string, produce: () => Promise<Buffer | string>): Promise<Buffer> {
  const hit = await readCached(key);
  if (hit) return hit;
  const made = await produce();
  await writeCached(key, made);
  return Buffer.isBuffer(made) ? made : Buffer.from(made);
}

/** A JSON value stored under `key`, or the one `produce` makes. `valid` may refuse a stored value (then it is made again). */
export async function cachedJson<T>(key: string, produce: () => Promise<T>, valid: (value: T) => boolean | Promise<boolean> = () => true): Promise<T> {
  const hit = await readCached(key);
  if (hit) {
    const value = JSON.parse(hit.toString('utf8')) as T;
    if (await valid(value)) return value;
  }
  const made = await produce();
  await writeCached(key, JSON.stringify(made));
  return made;
}

/** Deletes every entry neither read nor written since `since` (ms since the epoch): what the last build did not use. */
export async function pruneCache(since: number): Promise<number> {
  const root = cacheDir();
  const files: string[] = [];
  for (const folder of await readdir(root).catch(() => [] as string[])) {
    const dir = path.join(root, folder);
    // Anything else there is left by an older version of Masthead.
    if (/^[0-9a-f]{2}$/.test(folder)) files.push(...(await readdir(dir).catch(() => [] as string[])).map((name) => path.join(dir, name)));
    else await rm(dir, { recursive: true, force: true });
  }
  const old = await mapLimit(files, 64, async (file) => (await stat(file).catch(() => ({ mtimeMs: Infinity }))).mtimeMs < since);
  const doomed = files.filter((_, i) => old[i]);
  await mapLimit(doomed, 64, (file) => rm(file, { force: true }));
  return doomed.length;
}
