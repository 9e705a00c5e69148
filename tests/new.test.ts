import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent } from '@/lib/content/load';
import { newEntry } from '../scripts/new';

describe('npm run new', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-new-'));
    await cp('tests/fixtures/valid', dir, { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes a dated draft post that loads, at the URL it gives', async () => {
    const now = new Date('2026-12-03T10:00:00Z');
    const entry = await newEntry(dir, { title: 'Café: "quotes" & #hashes', now });
    expect(path.relative(dir, entry.file)).toBe('posts/2026-12-03-café-quotes-hashes.md');
    const content = await loadContent(dir, { now, includeDrafts: true });
    const post = content.posts.find((p) => p.file === 'posts/2026-12-03-café-quotes-hashes.md');
    expect(post).toMatchObject({ title: 'Café: "quotes" & #hashes', path: entry.path, unpublished: 'draft' });
    expect(post!.date.toISOString()).toBe('2026-12-03T00:00:00.000Z');
    // The fixture's permalink is /blog/:slug/.
    expect(entry.path).toBe('/blog/café-quotes-hashes/');
    expect((await loadContent(dir, { now })).posts.map((p) => p.file)).not.toContain('posts/2026-12-03-café-quotes-hashes.md');
  });

  it('writes a page with --page, and never overwrites a file', async () => {
    const entry = await newEntry(dir, { title: 'colophon', page: true });
    expect(entry.path).toBe('/colophon/');
    const content = await loadContent(dir, { now: new Date('2026-12-03T10:00:00Z') });
    expect(content.pages.find((p) => p.path === '/colophon/')?.title).toBe('Colophon');
    const before = await readFile(entry.file, 'utf8');
    await expect(newEntry(dir, { title: 'colophon', page: true })).rejects.toThrow(/colophon\.md exists already; choose another title$/);
    expect(await readFile(entry.file, 'utf8')).toBe(before);
    await expect(newEntry(dir, { title: ' !! ' })).rejects.toThrow('expected a title with a letter or digit, got " !! "');
  });
});
