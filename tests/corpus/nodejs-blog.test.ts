import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { loadContent } from '@/lib/content/load';
import type { Content } from '@/lib/content/types';
import { ContentError } from '@/lib/problems';

/** The Node.js blog, 1,042 real posts in category folders, in the shared folder beside the project (see its corpora/README.md). */
const CORPUS = path.resolve('../shared/corpora/nodejs-blog');
const SITE_YAML = 'title: Node.js Blog\nurl: https://nodejs.org\nauthor: Node.js\npermalink: /blog/:section/:slug/\nbrokenLinks: warn\nuntitledEmbeds: warn\n';
/** Later than every post in the corpus (some are dated in 2026). */
const NOW = new Date('2030-01-01T00:00:00Z');

/**
 * The blog's three YouTube players have no title, which a screen reader announces a frame by: each is an
 * error naming its file and line, unless site.yaml says `untitledEmbeds: warn`, as a blog moving in as it is
 * does (README, "Markdown"): then each is a warning, and the player is titled "YouTube video".
 */
const UNTITLED_PLAYERS = [
  ['video/bert-belder-libuv-lxjs-2012.md', 14],
  ['video/bryan-cantrill-instrumenting-the-real-time-web.md', 13],
  ['video/welcome-to-the-node-blog.md', 13],
] as const;

/** A link the author wrote to another blog post: `/blog/...` or `https://nodejs.org/blog/...`. */
const BLOG_LINK = /^(https:\/\/nodejs\.org)?\/blog\//;

describe('the Node.js blog corpus', () => {
  let dir: string;
  let content: Content;
  let seconds: number;

  beforeAll(async () => {
    if (!existsSync(CORPUS)) throw new Error(`${CORPUS} is missing: npm run test:corpus reads the shared folder beside the project`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-corpus-'));
    // The corpus is read-only: a content folder whose posts/ is a symlink to it, and a site.yaml of our own.
    await symlink(CORPUS, path.join(dir, 'posts'), 'dir');
    await writeFile(path.join(dir, 'site.yaml'), SITE_YAML);
    const started = performance.now();
    // A fresh cache: a cold compile.
    process.env.MASTHEAD_CACHE_DIR = path.join(dir, '.cache');
    content = await loadContent(dir, { now: NOW });
    seconds = (performance.now() - started) / 1000;
    console.log(`corpus: ${content.posts.length} posts loaded and compiled in ${seconds.toFixed(1)} s, ${content.warnings.length} broken-link warnings`);
  }, 600_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('warns of the players without a title, naming each file and line, and titles them by their host', () => {
    const warnings = content.warnings.filter((w) => w.includes('needs a title')).map((w) => w.replace(/^.*?posts\//, '').split(': iframe')[0]);
    expect(warnings).toEqual(UNTITLED_PLAYERS.map(([file, line]) => `${file}:${line}`));
    const titles = UNTITLED_PLAYERS.flatMap(([file]) => [...content.posts.find((p) => p.file === `posts/${file}`)!.html.matchAll(/<iframe[^>]*title="([^"]*)"/g)].map((m) => m[1]));
    expect(titles).toEqual(['YouTube video', 'YouTube video', 'YouTube video']);
  });

  it('fails a build for the players without a title when site.yaml does not say untitledEmbeds: warn', async () => {
    const strict = await mkdtemp(path.join(os.tmpdir(), 'masthead-corpus-strict-'));
    try {
      await symlink(CORPUS, path.join(strict, 'posts'), 'dir');
      await writeFile(path.join(strict, 'site.yaml'), SITE_YAML.replace('untitledEmbeds: warn\n', ''));
      const error = await loadContent(strict, { now: NOW }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ContentError);
      const problems = (error as ContentError).problems.map((p) => [p.file.replace(/^.*?posts\//, ''), p.line, p.message.split('"')[0]]);
      expect(problems).toEqual(UNTITLED_PLAYERS.map(([file, line]) => [file, line, 'iframe from www.youtube-nocookie.com needs a title=']));
    } finally {
      await rm(strict, { recursive: true, force: true });
    }
  }, 600_000);

  it('loads every post through the symlinked posts folder', async () => {
    const files = (await readdir(CORPUS, { recursive: true })).filter((f) => f.endsWith('.md'));
    expect(files).toHaveLength(1042);
    expect(content.posts).toHaveLength(1042);
    expect(new Set(content.posts.map((p) => p.section))).toEqual(new Set(['announcements', 'community', 'events', 'feature', 'module', 'npm', 'release', 'uncategorized', 'video', 'vulnerability', 'weekly', 'wg']));
  });

  it('publishes posts at the URLs the blog used, dots in release names kept', () => {
    expect(content.byPath.get('/blog/release/v4.2.0/')?.file).toBe('posts/release/v4.2.0.md');
    for (const p of content.posts) expect(p.path).toBe(`/blog/${p.section}/${p.slug}/`);
  });

  it('resolves most links between posts; what remains points at pages the blog no longer has', () => {
    let resolved = 0;
    for (const p of content.posts) resolved += Object.keys(p.links).filter((url) => BLOG_LINK.test(url)).length;
    const broken = content.warnings.filter((w) => /broken (link|image) "(https:\/\/nodejs\.org)?\/blog\//.test(w));
    console.log(`corpus: ${resolved} links to /blog/ resolved, ${broken.length} broken:\n  ${broken.map((w) => w.replace(/^.*?posts\//, '')).join('\n  ')}`);
    expect(resolved).toBeGreaterThan(200);
    expect(broken.length / (resolved + broken.length)).toBeLessThan(0.1);
  });

  it('leaves no <script> and no event handler in any post', () => {
    // Any script element serialises as `<script`, so the string test is exact; an `on...=` handler is
    // confirmed with the parser (the text "onload=" may appear in prose), keeping 20 MB of HTML quick.
    for (const p of content.posts) {
      expect(p.html, p.file).not.toMatch(/<script/i);
      if (!/\son[a-z]+=/i.test(p.html)) continue;
      visit(fromHtml(p.html, { fragment: true }), 'element', (node: Element) => {
        expect(Object.keys(node.properties).filter((k) => /^on/i.test(k)), p.file).toEqual([]);
      });
    }
  });

  it('derives a description and a reading time for every post', () => {
    for (const p of content.posts) {
      expect(p.description.length, p.file).toBeGreaterThan(0);
      if (p.descriptionDerived) expect(p.description.length, p.file).toBeLessThanOrEqual(160);
      expect(p.readingMinutes, p.file).toBeGreaterThanOrEqual(1);
    }
  });
});
