import { mkdir, mkdtemp, readdir, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cached, cachedJson, cacheKey, hasCached, pruneCache } from '@/lib/cache';

let dir: string;
const unit = process.env.MASTHEAD_CACHE_DIR;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-cache-'));
  process.env.MASTHEAD_CACHE_DIR = dir;
});
afterEach(() => {
  process.env.MASTHEAD_CACHE_DIR = unit;
});

async function entries(): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
}

describe('cacheKey', () => {
  it('changes with every input and with the code named, and only with them', () => {
    const key = cacheKey(['lib'], 'card', { title: 'A' });
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(cacheKey(['lib'], 'card', { title: 'A' })).toBe(key);
    expect(cacheKey(['lib'], 'card', { title: 'B' })).not.toBe(key);
    expect(cacheKey(['lib'], 'page', { title: 'A' })).not.toBe(key);
    expect(cacheKey(['app'], 'card', { title: 'A' })).not.toBe(key);
  });
});

describe('cached', () => {
  it('makes an entry once, then gives it back, whole', async () => {
    let made = 0;
    const make = async () => (made++, Buffer.from('png bytes'));
    const key = cacheKey(['lib'], 'test', 1);
    expect(hasCached(key)).toBe(false);
    expect((await cached(key, make)).toString()).toBe('png bytes');
    expect(hasCached(key)).toBe(true);
    expect((await cached(key, make)).toString()).toBe('png bytes');
    expect(made).toBe(1);
    // Written aside, then renamed: no temporary file stays.
    expect(await entries()).toEqual([key]);
  });

  it('makes a JSON value again when the stored one is refused', async () => {
    const key = cacheKey(['lib'], 'test', 2);
    await cachedJson(key, async () => ({ links: ['/a/'] }));
    expect(await cachedJson(key, async () => ({ links: ['/b/'] }))).toEqual({ links: ['/a/'] });
    expect(await cachedJson(key, async () => ({ links: ['/b/'] }), (value) => value.links[0] === '/b/')).toEqual({ links: ['/b/'] });
    expect(await cachedJson(key, async () => ({ links: ['/c/'] }))).toEqual({ links: ['/b/'] });
  });
});

describe('pruneCache', () => {
  it('deletes what was neither read nor written since a time, and what older versions left', async () => {
    const [old, used, fresh] = [1, 2, 3].map((n) => cacheKey(['lib'], 'test', n));
    await cached(old, async () => 'old');
    await cached(used, async () => 'used');
    const long = new Date(Date.now() - 3_600_000);
    for (const key of [old, used]) await utimes(path.join(dir, key.slice(0, 2), key), long, long);
    await mkdir(path.join(dir, 'md'));
    await writeFile(path.join(dir, 'md', 'entry.json'), '{}');
    const since = Date.now() - 1000;
    await cached(used, async () => 'not made again');
    await cached(fresh, async () => 'fresh');
    expect(await pruneCache(since)).toBe(1);
    expect((await entries()).sort()).toEqual([used, fresh].sort());
    expect((await cached(used, async () => 'made again')).toString()).toBe('used');
  });
});
