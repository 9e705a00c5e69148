import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import matter from 'gray-matter';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { loadContent } from '@/lib/content';
import {
  CODE_LANGUAGES,
  COVER_SIZE,
  countWords,
  createRandom,
  generateCorpus,
  renderBaselinePost,
  renderCoverPng,
  renderPost,
  SYNTH_NOW,
  SYNTH_SITE_URL,
  TAG_POOL,
  writeCorpus,
} from '@/scripts/synth-corpus';

const posts = generateCorpus({ posts: 200, seed: 7 });

describe('createRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(Array.from({ length: 5 }, c)).not.toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });
});

describe('generateCorpus', () => {
  it('gives the same posts for the same seed and count', () => {
    expect(generateCorpus({ posts: 200, seed: 7 })).toEqual(posts);
    expect(generateCorpus({ posts: 200, seed: 8 }).map((p) => p.body)).not.toEqual(posts.map((p) => p.body));
  });

  it('rejects a count that is not a positive integer', () => {
    expect(() => generateCorpus({ posts: 0 })).toThrow(/posts/);
  });

  it('writes 1,000 to 1,500 words per post', () => {
    for (const p of posts) {
      expect(p.words).toBe(countWords(p.body));
      expect(p.words).toBeGreaterThanOrEqual(1000);
      expect(p.words).toBeLessThanOrEqual(1500);
    }
  });

  it('gives every post a unique slug, a past date, tags from the pool and headings', () => {
    expect(new Set(posts.map((p) => p.slug)).size).toBe(posts.length);
    for (const p of posts) {
      expect(p.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Date.parse(p.date)).toBeLessThan(Date.parse(SYNTH_NOW));
      if (p.updated) expect(Date.parse(p.updated)).toBeGreaterThan(Date.parse(p.date));
      expect(p.tags.length).toBeGreaterThan(0);
      for (const t of p.tags) expect(TAG_POOL).toContain(t);
      expect(p.body.match(/^## /gm)?.length ?? 0).toBeGreaterThanOrEqual(4);
      expect(p.body).toMatch(/^- /m);
      expect(p.body).toMatch(/^1\. /m);
    }
    expect(TAG_POOL.length).toBeGreaterThanOrEqual(35);
  });

  it('mixes features: code in several languages, tables, updated dates and images in some posts', () => {
    const languages = new Set(posts.flatMap((p) => [...p.body.matchAll(/^```(\w+)$/gm)].map((m) => m[1])));
    expect(languages.size).toBeGreaterThanOrEqual(5);
    for (const l of languages) expect(CODE_LANGUAGES).toContain(l);
    for (const p of posts) expect(p.body).toMatch(/^```\w+$/m);
    const share = (f: (p: (typeof posts)[number]) => boolean) => posts.filter(f).length / posts.length;
    expect(share((p) => /^\| --- \|/m.test(p.body))).toBeGreaterThan(0.15);
    expect(share((p) => p.updated !== undefined)).toBeGreaterThan(0.05);
    expect(share((p) => p.image !== undefined)).toBeGreaterThan(0.03);
    expect(share((p) => p.image !== undefined)).toBeLessThan(0.5);
  });

  it('links to other posts as relative .md files and site URLs, and to external sites', () => {
    const files = new Set(posts.map((p) => p.file));
    for (const p of posts) {
      const mdLinks = [...p.body.matchAll(/\]\(([^)]+\.md)\)/g)].map((m) => m[1]);
      expect(mdLinks.length).toBeGreaterThan(0);
      for (const link of mdLinks) expect(files).toContain(path.posix.join(path.posix.dirname(p.file), link));
      expect(p.body).toMatch(/\]\(https?:\/\/(?!bench\.example\.com)/);
    }
    expect(posts.some((p) => p.body.includes(`](${SYNTH_SITE_URL}/posts/`))).toBe(true);
  });

  it('puts posts with an image in a bundle and the image beside them', () => {
    for (const p of posts) {
      if (p.image) {
        expect(p.file).toBe(`posts/${p.slug}/index.md`);
        expect(p.body).toContain(`](./${p.image.file})`);
        expect(renderPost(p)).toContain(`image: ./${p.image.file}`);
      } else expect(p.file).toBe(`posts/${p.slug}.md`);
    }
  });

  it('writes the baseline form with the fields next-plain reads, site-path links and no images', () => {
    for (const p of posts.slice(0, 50)) {
      const { data, content } = matter(renderBaselinePost(p));
      expect(Object.keys(data).sort()).toEqual(['date', 'description', 'tags', 'title', ...(p.updated ? ['updated'] : [])].sort());
      expect(data.title).toBe(p.title);
      expect(data.tags).toEqual(p.tags);
      expect(content).not.toMatch(/\.md\)|\.png\)/);
      expect(content).toMatch(/\]\(\/posts\/[a-z0-9-]+\/\)/);
    }
  });
});

describe('renderCoverPng', () => {
  it('gives the same PNG bytes for a seed, of the documented size', async () => {
    const a = await renderCoverPng(3);
    expect((await renderCoverPng(3)).equals(a)).toBe(true);
    expect((await renderCoverPng(4)).equals(a)).toBe(false);
    const meta = await sharp(a).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', COVER_SIZE.width, COVER_SIZE.height]);
    expect(a.length).toBeLessThan(20_000);
  });
});

describe('writeCorpus', () => {
  let dir: string;
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('writes content Masthead loads without a problem, and the baseline posts', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'synth-'));
    const small = generateCorpus({ posts: 40, seed: 3 });
    await writeCorpus(small, { contentDir: path.join(dir, 'content'), baselinePostsDir: path.join(dir, '_posts') });
    const content = await loadContent(path.join(dir, 'content'), { now: new Date(SYNTH_NOW) });
    expect(content.posts).toHaveLength(40);
    expect(content.warnings).toEqual([]);
    expect(content.assets.length).toBe(small.filter((p) => p.image).length);
    expect(content.posts.filter((p) => p.image?.width === COVER_SIZE.width)).toHaveLength(small.filter((p) => p.image).length);
    expect((await readdir(path.join(dir, '_posts'))).sort()).toEqual(small.map((p) => `${p.slug}.md`).sort());
    const first = small[0];
    expect(await readFile(path.join(dir, 'content', first.file), 'utf8')).toBe(renderPost(first));
  });
});
