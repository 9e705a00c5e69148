import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { feedFindings } from '../scripts/check/feeds';
import { readFileFacts } from '../scripts/check/file-facts';
import { htmlFragmentUrls, readHtml } from '../scripts/check/html';
import { findLeaks, leakRules } from '../scripts/check/leaks';
import { llmsFullLinks, markdownBodyLinks } from '../scripts/check/links';
import { createResolver } from '../scripts/check/site-files';

// Markdown links are kept in the cache (lib/cache.ts): a folder of this file's own.
beforeAll(async () => {
  process.env.MASTHEAD_CACHE_DIR = await mkdtemp(path.join(os.tmpdir(), 'masthead-facts-'));
});

describe('readHtml', () => {
  const page = `<!DOCTYPE html><html><head><title>Tom &amp; Jerry</title>
<meta name="description" content=" About "><meta property="og:image" content="https://x.dev/og.png">
<meta name="ROBOTS" content="NOINDEX, follow"><link rel="alternate canonical" href="https://x.dev/a/">
<script type="application/ld+json">{"url":"https://x.dev/a/","x":"&amp;"}</script><script type="application/ld+json">{bad</script></head>
<body><nav><a href="/">Home</a></nav><article class="post prose"><h1>A</h1><div><a href="/b/?x=1&amp;y=2">b</a>
<img src="/i.png" srcset="/i-1x.png 1x, /i-2x.png 2x"></div></article><noscript><img src="/pixel.gif"></noscript><h1>B</h1></body></html>`;
  const facts = readHtml(page);

  it('reads the head: titles with entities decoded, meta, canonical, robots', () => {
    expect(facts.titles).toEqual(['Tom & Jerry']);
    expect(facts.meta.description).toEqual(['About']);
    expect(facts.meta['og:image']).toEqual(['https://x.dev/og.png']);
    expect(facts.canonicals).toEqual(['https://x.dev/a/']);
    expect(facts.noindex).toBe(true);
    expect(facts.h1).toBe(2);
  });

  it('marks links inside .prose as the author’s, reads srcset and JSON-LD, and <noscript> content', () => {
    expect(facts.links).toEqual([
      { url: 'https://x.dev/a/', where: '<link href>', authored: false },
      { url: 'https://x.dev/a/', where: 'JSON-LD', authored: false },
      { url: '/', where: '<a href>', authored: false },
      { url: '/b/?x=1&y=2', where: '<a href>', authored: true },
      { url: '/i.png', where: '<img src>', authored: true },
      { url: '/i-1x.png', where: '<img srcset>', authored: true },
      { url: '/i-2x.png', where: '<img srcset>', authored: true },
      { url: '/pixel.gif', where: '<img src>', authored: false },
    ]);
    expect(facts.jsonLdErrors).toHaveLength(1);
  });

  it('reads feed item fragments the same way', () => {
    expect(htmlFragmentUrls('<p><a href="https://x.dev/">x</a> <video src="/v.mp4" poster="/p.png"></video></p>')).toEqual([
      { url: 'https://x.dev/', where: '<a href>' },
      { url: '/v.mp4', where: '<video src>' },
      { url: '/p.png', where: '<video poster>' },
    ]);
  });
});

describe('Markdown links', () => {
  it('are the same with or without final line endings, so a copy and its llms-full.txt section are one text', async () => {
    const body = '# T\n\nSee [a](https://x.dev/a/) and\nhttps://x.dev/b/ too.\n\n[d]: /d/\n';
    const links = await markdownBodyLinks(`${body}\n\n`);
    expect(links.map((l) => [l.url, l.where])).toEqual([
      ['https://x.dev/a/', 'Markdown link (line 3)'],
      ['https://x.dev/b/', 'Markdown link (line 4)'],
      ['/d/', 'Markdown definition'],
    ]);
    expect(await llmsFullLinks(`# Site\n\n---\n\n${body}`)).toEqual(links);
    expect(await markdownBodyLinks(body)).toEqual(links);
  });

  it('read from the cache are those of the text', async () => {
    const first = await markdownBodyLinks('[a](/a/) [b](/b/)');
    expect(first.map((l) => l.url)).toEqual(['/a/', '/b/']);
    expect((await markdownBodyLinks('[a](/a/) [b](/b/)')).map((l) => l.url)).toEqual(['/a/', '/b/']);
    expect((await markdownBodyLinks('[a](/a/) [c](/c/)')).map((l) => l.url)).toEqual(['/a/', '/c/']);
  });
});

describe('leak rules', () => {
  const rules = leakRules({ projectDirs: ['/srv/site'], unpublished: [{ slug: 'secret-plan', path: '/posts/secret-plan/', why: 'draft' }] });

  it('name what they find in a text holding their literal', () => {
    expect(findLeaks('/a/', 'at http://localhost:3000 and the secret-plan, built in /srv/site/out', rules).map((f) => f.message)).toEqual([
      'contains a local address "//localhost"',
      'contains the project\'s path "/srv/site"',
      'contains the draft post "secret-plan" (/posts/secret-plan/)',
    ]);
  });

  it('find nothing in a text without their literals', () => {
    expect(findLeaks('/a/', 'a plain page about local hosts and plans', rules)).toEqual([]);
  });
});

describe('file facts', () => {
  const context = { rules: leakRules({ projectDirs: [], unpublished: [] }), siteUrl: 'https://x.dev' };

  it('report malformed XML as a type problem', async () => {
    const facts = await readFileFacts('tags/a/rss.xml', '<rss><channel></rss>', context);
    expect(facts.findings).toEqual([expect.objectContaining({ check: 'types', page: '/tags/a/rss.xml', message: expect.stringContaining('is not well-formed XML') })]);
  });

  it('keep a sitemap for the sitemap check and read feed item URLs for feedFindings', async () => {
    const sitemap = await readFileFacts('sitemap.xml', '<urlset><url><loc>https://x.dev/</loc></url></urlset>', context);
    expect(sitemap.xml).toEqual({ urlset: { url: { loc: 'https://x.dev/' } } });
    const rss = `<rss version="2.0"><channel><title>X</title><link>https://x.dev/</link><item><title>A</title><link>https://x.dev/a/</link>
<pubDate>Mon, 30 Jun 2025 00:00:00 GMT</pubDate><description><![CDATA[<a href="/rel/">r</a> <a href="https://x.dev/gone/">g</a>]]></description></item></channel></rss>`;
    const facts = await readFileFacts('rss.xml', rss, context);
    expect(facts.feed?.problems).toEqual([]);
    const resolve = createResolver({ origin: 'https://x.dev', basePath: '' }, new Set(['index.html', 'a/index.html']));
    expect(feedFindings('/rss.xml', facts.feed!, resolve, 'warn').map((f) => [f.severity, f.message])).toEqual([
      ['error', 'item 1 ("A"): relative URL <a href> "/rel/" in item HTML; feed readers need absolute URLs'],
      ['warning', `item 1 ("A"): broken author's link <a href> "https://x.dev/gone/" → /gone/: no file gone/index.html`],
    ]);
  });
});
