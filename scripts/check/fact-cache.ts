/**
 * Facts of files kept between runs, under the cache folder (`.masthead/cache/check/`): a warm check re-reads a
 * file's bytes and hashes them, and parses only what changed. Entries are keyed by the bytes, the file's path,
 * FILE_FACTS_VERSION and everything else the facts depend on (leak rules, site URL), so a stale entry is never read.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FILE_FACTS_VERSION, type FileFacts } from './file-facts';
import type { BatchMemo, ItemsFacts } from './feeds';
import type { LinkRef } from './html';
import type { LeakRule } from './leaks';
import type { BodyLinksMemo } from './links';

/** A hash of what every file's facts depend on besides the file: one per run. */
export function factsFingerprint(rules: LeakRule[], siteUrl: string): string {
  const described = rules.map((rule) => ({
    pattern: `/${rule.pattern.source}/${rule.pattern.flags}`,
    allowed: [...(rule.allowed ?? [])].sort(),
    message: rule.describe('…'),
  }));
  return createHash('sha256').update(JSON.stringify({ version: FILE_FACTS_VERSION, siteUrl, rules: described })).digest('hex');
}

/** The cache key of one file's facts. */
export function factsKey(fingerprint: string, file: string, bytes: Uint8Array): string {
  return keyHash(fingerprint, file).update(bytes).digest('hex');
}

/** The hash of a facts key, before the file's bytes. */
function keyHash(fingerprint: string, file: string) {
  return createHash('sha256').update(`${fingerprint}\0${file}\0`);
}

/** Files are hashed this many bytes at a time: the site feeds of 10,000 posts are 130 MB each. */
const HASH_CHUNK = 1 << 20;

/** factsKey of the file at `filePath` (`file` in the site), read a chunk at a time; and its size in bytes. */
export async function fileFactsKey(fingerprint: string, file: string, filePath: string): Promise<{ key: string; size: number }> {
  const hash = keyHash(fingerprint, file);
  const handle = await open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= HASH_CHUNK) return { key: hash.update(await handle.readFile()).digest('hex'), size };
    const chunk = Buffer.allocUnsafe(HASH_CHUNK);
    let read = 0;
    for (let n; (n = (await handle.read(chunk, 0, HASH_CHUNK, null)).bytesRead) > 0; read += n) hash.update(chunk.subarray(0, n));
    return { key: hash.digest('hex'), size: read };
  } finally {
    await handle.close();
  }
}

function entryPath(cacheDir: string, kind: 'files' | 'markdown' | 'batches', key: string): string {
  return path.join(cacheDir, 'check', kind, key.slice(0, 2), `${key}.json`);
}

/** JSON keeps no Map: the meta of HTML facts is stored as its entries. */
function encode(facts: FileFacts): string {
  return JSON.stringify(facts.html ? { ...facts, html: { ...facts.html, meta: [...facts.html.meta] } } : facts);
}

function decode(text: string): FileFacts {
  const facts = JSON.parse(text) as FileFacts;
  if (facts.html) facts.html.meta = new Map(facts.html.meta as unknown as [string, string[]][]);
  return facts;
}

/** The cached facts for `key`, or undefined. */
export async function readCachedFacts(cacheDir: string, key: string): Promise<FileFacts | undefined> {
  try {
    return decode(await readFile(entryPath(cacheDir, 'files', key), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Folders made by this thread: one mkdir each, not one per entry. */
const madeDirs = new Set<string>();

/** Stores facts; written aside and renamed, so a reader never sees half an entry. */
export async function writeCachedFacts(cacheDir: string, key: string, facts: FileFacts): Promise<void> {
  const file = entryPath(cacheDir, 'files', key);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const dir = path.dirname(file);
    if (!madeDirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      madeDirs.add(dir);
    }
    await writeFile(tmp, encode(facts));
    await rename(tmp, file);
  } catch {
    // A cache that cannot be written costs time, not correctness.
  }
}

/** Entries of one kind, read and written synchronously (readFileFacts is synchronous); a missing or unreadable entry is undefined. */
function diskEntries<T>(cacheDir: string, kind: 'markdown' | 'batches') {
  return {
    get(key: string): T | undefined {
      try {
        return JSON.parse(readFileSync(entryPath(cacheDir, kind, key), 'utf8')) as T;
      } catch {
        return undefined;
      }
    },
    set(key: string, value: T): void {
      const file = entryPath(cacheDir, kind, key);
      try {
        const dir = path.dirname(file);
        if (!madeDirs.has(dir)) {
          mkdirSync(dir, { recursive: true });
          madeDirs.add(dir);
        }
        const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        writeFileSync(tmp, JSON.stringify(value));
        renameSync(tmp, file);
      } catch {
        // A cache that cannot be written costs time, not correctness.
      }
    },
  };
}

/**
 * Markdown body → links, in memory and on disk: a post's body is parsed once for its Markdown copy and its
 * section of llms-full.txt, and not again on a later run while it is unchanged.
 */
export function bodyLinksMemo(cacheDir: string): BodyLinksMemo {
  // By digest, not by text: 10,000 bodies held as keys would cost ~100 MB.
  const memory = new Map<string, LinkRef[]>();
  const disk = diskEntries<LinkRef[]>(cacheDir, 'markdown');
  const keyOf = (body: string) => createHash('sha256').update(`${FILE_FACTS_VERSION}\0markdown\0`).update(body).digest('hex');
  return {
    get(body) {
      const key = keyOf(body);
      const known = memory.get(key) ?? disk.get(key);
      if (known) memory.set(key, known);
      return known;
    },
    set(body, links) {
      const key = keyOf(body);
      memory.set(key, links);
      disk.set(key, links);
    },
  };
}

/** The facts of feed item batches on disk (feeds.ts batchKey): each batch is read once per run, so nothing is kept in memory. */
export function batchMemo(cacheDir: string): BatchMemo {
  return diskEntries<ItemsFacts>(cacheDir, 'batches');
}
