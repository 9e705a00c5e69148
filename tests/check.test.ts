import { cp, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckError, checkSite, inspectSite } from '../scripts/check';
import type { CheckReport } from '../scripts/check/report';
import { createResolver } from '../scripts/check/site-files';
import { BUILDS, builtOut } from './helpers/builds';
import { writeFixtureSite, type FixtureSite } from './helpers/fixture-site';

let tmp: string;
let pristine: FixtureSite;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'masthead-check-'));
  pristine = await writeFixtureSite(path.join(tmp, 'pristine'));
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

let copies = 0;
/** A fresh copy of the passing fixture to break. */
async function fixture(): Promise<FixtureSite & { file: (p: string) => string; edit: (p: string, change: (text: string) => string) => Promise<void> }> {
  const dir = path.join(tmp, `copy-${++copies}`);
  await cp(path.join(tmp, 'pristine'), dir, { recursive: true });
  const site = { ...pristine, contentDir: path.join(dir, 'content'), outDir: path.join(dir, 'out'), env: { ...pristine.env, CONTENT_DIR: path.join(dir, 'content') } };
  const file = (p: string) => path.join(site.outDir, p);
  const edit = async (p: string, change: (text: string) => string) => {
    const before = await readFile(file(p), 'utf8');
    const after = change(before);
    expect(after, `the edit of ${p} changed nothing`).not.toBe(before);
    await writeFile(file(p), after);
  };
  return { ...site, file, edit };
}

function errorsOf(report: CheckReport) {
  return report.findings.filter((f) => f.severity === 'error');
}

describe('checkSite on a hand-built fixture', () => {
  it('passes a complete site', async () => {
    const report = await inspectSite(pristine.outDir, { contentDir: pristine.contentDir });
    expect(report.text).toMatch(/0 errors, 0 warnings/);
    expect(report.findings).toEqual([]);
    expect(report.pages).toBe(4);
  });

  it('passes the same site published under a base path', async () => {
    const site = await writeFixtureSite(path.join(tmp, 'base'), { basePath: '/field-notes' });
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(report.findings).toEqual([]);
  });

  it('reports a deleted page on every page linking to it and in the sitemap', async () => {
    const site = await fixture();
    await rm(site.file('about/index.html'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(report.ok).toBe(false);
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'links', page: '/', message: expect.stringContaining('/about/') }));
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'sitemap', page: '/sitemap.xml', message: expect.stringContaining('/about/') }));
    expect(report.text).toMatch(/error {3}\/posts\/hello-world\/ {2}links: .*"\/about\/" → \/about\/: no file about\/index\.html/);
  });

  it('reports a relative URL in a feed item', async () => {
    const site = await fixture();
    await site.edit('rss.xml', (xml) => xml.replace('<a href="https://fixture.example.com/about/">', '<a href="/about/">'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report)).toEqual([
      expect.objectContaining({ check: 'feeds', page: '/rss.xml', message: expect.stringMatching(/item 1 \("Hello, world"\): relative URL <a href> "\/about\/"/) }),
    ]);
  });

  it('reports an invalid date in a feed', async () => {
    const site = await fixture();
    await site.edit('atom.xml', (xml) => xml.replace('<published>2025-01-01T00:00:00Z</published>', '<published>1 January 2025</published>'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report)).toEqual([expect.objectContaining({ check: 'feeds', page: '/atom.xml', message: expect.stringContaining('"1 January 2025" is not an RFC 3339 date') })]);
  });

  it('reports an Open Graph card of the wrong size', async () => {
    const site = await fixture();
    await sharp({ create: { width: 1200, height: 600, channels: 3, background: '#000' } }).png().toFile(site.file('posts/hello-world/og.png'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report)).toEqual([
      expect.objectContaining({ check: 'head', page: '/posts/hello-world/', message: expect.stringContaining('is a 1200×600 png; expected a 1200×630 PNG') }),
    ]);
  });

  it('reports a card that is not a PNG', async () => {
    const site = await fixture();
    await sharp({ create: { width: 1200, height: 630, channels: 3, background: '#000' } }).jpeg().toFile(site.file('about/og.png'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report)).toEqual([expect.objectContaining({ check: 'head', page: '/about/', message: expect.stringContaining('1200×630 jpeg') })]);
  });

  it('reports a missing meta description', async () => {
    const site = await fixture();
    await site.edit('about/index.html', (html) => html.replace('<meta name="description" content="About this site.">', ''));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report)).toEqual([expect.objectContaining({ check: 'head', page: '/about/', message: 'no <meta name="description">' })]);
  });

  it('reports a second h1 and a missing og:image', async () => {
    const site = await fixture();
    await site.edit('about/index.html', (html) => html.replace('<h1>About</h1>', '<h1>About</h1><h1>Again</h1>').replace(/<meta property="og:image"[^>]*>/, ''));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report).map((f) => `${f.page} ${f.message}`)).toEqual(['/about/ 2 <h1> elements; expected exactly one', '/about/ no <meta property="og:image">']);
  });

  it('reports a file without its extension', async () => {
    const site = await fixture();
    await rename(site.file('feed.json'), site.file('feed'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'types', page: '/feed', message: expect.stringContaining('has no extension') }));
    expect(report.findings).toContainEqual(expect.objectContaining({ check: 'files', page: '/feed.json', message: 'missing' }));
  });

  it('reports a draft that was published and a future slug named in a file', async () => {
    const site = await fixture();
    await cp(site.file('about/index.html'), site.file('posts/unfinished-draft-idea/index.html'));
    await site.edit('llms-full.txt', (text) => `${text}\nComing soon: post-from-the-future.\n`);
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'leaks', page: '/posts/unfinished-draft-idea/', message: expect.stringContaining('the draft post "unfinished-draft-idea"') }),
    );
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'leaks', page: '/llms-full.txt', message: expect.stringContaining('the future post "post-from-the-future"') }),
    );
  });

  it('reports local addresses and build-machine paths', async () => {
    const site = await fixture();
    await site.edit('feed.json', (json) => json.replace('"title": "Fixture"', '"title": "Fixture", "icon": "http://localhost:3000/icon.png", "x": "/home/ada/site/out"'));
    await site.edit('about/index.html', (html) => html.replace('</main>', '<p>file:///srv/site/out/index.html</p></main>'));
    await site.edit('robots.txt', (text) => `${text}\n# \`file:///\${encodeURIComponent(root)}/\` is code, not a path\n`);
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report).map((f) => `${f.page} ${f.message}`)).toEqual([
      '/about/ contains a file URL "file:///srv/site/out/index.html"',
      '/feed.json contains a build-machine path "/home/ada/site/out"',
      '/feed.json contains a local address "//localhost"',
    ]);
  });

  it('reports a sitemap URL that 404s and a page missing from the sitemap', async () => {
    const site = await fixture();
    await site.edit('sitemap.xml', (xml) =>
      xml.replace('<loc>https://fixture.example.com/about/</loc>', '<loc>https://fixture.example.com/posts/gone/</loc>'),
    );
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report).map((f) => `${f.page} ${f.check}: ${f.message}`)).toEqual([
      '/about/ sitemap: not listed in /sitemap.xml',
      '/sitemap.xml sitemap: <loc> "https://fixture.example.com/posts/gone/" → /posts/gone/: no file posts/gone/index.html',
    ]);
  });

  it('reports an llms.txt with an H3 and prose inside a section', async () => {
    const site = await fixture();
    await site.edit('llms.txt', (text) => text.replace('## Optional\n', '## Optional\n\n### More\n\nSome words.\n'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report).map((f) => `${f.page} ${f.check}: ${f.message}`)).toEqual([
      '/llms.txt llms: H3 "More" (line 13); llms.txt allows only H1 and H2 headings',
      '/llms.txt llms: prose inside section "Optional" (line 15); H2 sections hold only lists of links',
    ]);
  });

  it('reports an llms.txt without a title and an item that is not a link', async () => {
    const site = await fixture();
    await site.edit('llms.txt', (text) => text.replace('# Fixture\n', '').replace('- [About]', '- About ['));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    const messages = errorsOf(report).map((f) => f.message);
    expect(messages).toContain('must start with an H1 title ("# Site name")');
    expect(messages.some((m) => m.includes('expected the item to start with a Markdown link'))).toBe(true);
  });

  it('checks links in Markdown copies and robots.txt', async () => {
    const site = await fixture();
    await site.edit('robots.txt', (text) => text.replace('/sitemap.xml', '/sitemap-index.xml'));
    await site.edit('about/index.html.md', (text) => `${text}\nSee [the archive](https://fixture.example.com/archive/).\n`);
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report).map((f) => `${f.page} ${f.message}`)).toEqual([
      `/about/index.html.md broken author's link Markdown link (line 3) "https://fixture.example.com/archive/" → /archive/: no file archive/index.html`,
      '/robots.txt broken link Sitemap: "https://fixture.example.com/sitemap-index.xml" → /sitemap-index.xml: no file sitemap-index.xml',
    ]);
  });

  it("downgrades the author's broken links under brokenLinks: warn, never generated ones", async () => {
    const site = await fixture();
    await site.edit('posts/hello-world/index.html', (html) => html.replace('See <a href="/about/">', 'See <a href="/missing/">').replace('<a href="/about/">About</a>', '<a href="/nav-missing/">About</a>'));
    const strict = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(strict.findings.map((f) => `${f.severity} ${f.message.slice(0, 40)}`)).toEqual([
      `error broken author's link <a href> "/missing/`,
      'error broken link <a href> "/nav-missing/" → /',
    ]);
    await site.edit('../content/site.yaml', (yaml) => yaml.replace('brokenLinks: error', 'brokenLinks: warn'));
    const lenient = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(lenient.findings.map((f) => `${f.severity} ${f.page}`)).toEqual(['warning /posts/hello-world/', 'error /posts/hello-world/']);
  });

  it('reports root-relative links that miss the base path', async () => {
    const site = await writeFixtureSite(path.join(tmp, 'base-broken'), { basePath: '/field-notes' });
    const page = path.join(site.outDir, 'about/index.html');
    await writeFile(page, (await readFile(page, 'utf8')).replace('<a href="/field-notes/about/">About</a>', '<a href="/about/">About</a>'));
    const report = await inspectSite(site.outDir, { contentDir: site.contentDir });
    expect(errorsOf(report)).toEqual([expect.objectContaining({ page: '/about/', message: expect.stringContaining('outside the base path /field-notes/') })]);
  });

  it('throws a CheckError whose message is the report, naming each page', async () => {
    const site = await fixture();
    await site.edit('about/index.html', (html) => html.replace(/<title>.*?<\/title>/, ''));
    const error = await checkSite(site.outDir, { contentDir: site.contentDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckError);
    expect((error as CheckError).message).toMatch(/^ {2}error {3}\/about\/ {2}head: no <title>\nmasthead check: 1 error, 0 warnings \(head 1\)/);
  });
});

describe('createResolver', () => {
  const files = new Set(['index.html', 'a/index.html', 'a/b.png', 'feed.json']);
  const resolve = createResolver({ origin: 'https://x.dev', basePath: '/repo' }, files);
  it('maps URLs to files as a static host does', () => {
    expect(resolve('/repo/a/', '/')).toEqual({ kind: 'internal', file: 'a/index.html' });
    expect(resolve('/repo/a', '/')).toEqual({ kind: 'internal', file: 'a/index.html' });
    expect(resolve('b.png', '/a/')).toEqual({ kind: 'internal', file: 'a/b.png' });
    expect(resolve('https://x.dev/repo/feed.json', '/a/')).toEqual({ kind: 'internal', file: 'feed.json' });
    expect(resolve('https://x.dev/repo', '/a/')).toEqual({ kind: 'internal', file: 'index.html' });
    expect(resolve('https://other.dev/a/', '/')).toEqual({ kind: 'external' });
    expect(resolve('mailto:a@x.dev', '/')).toEqual({ kind: 'external' });
    expect(resolve('#top', '/')).toEqual({ kind: 'external' });
    expect(resolve('/a/', '/')).toMatchObject({ kind: 'broken', reason: expect.stringContaining('outside the base path') });
    expect(resolve('/repo/a/c.png?x=1#y', '/')).toMatchObject({ kind: 'broken', target: '/a/c.png' });
  });
});

describe('checkSite on the built sample site', () => {
  it('passes both built sample sites with no error and no warning', async () => {
    for (const name of ['sample', 'basepath'] as const) {
      const build = BUILDS[name];
      const report = await inspectSite(builtOut(name), { contentDir: build.CONTENT_DIR, siteUrl: build.SITE_URL });
      expect(report.pages).toBeGreaterThan(10);
      expect(report.ok, report.text).toBe(true);
      expect(report.warnings, report.text).toBe(0);
    }
  });
});
