import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyLinksMemo, factsFingerprint, factsKey, fileFactsKey, readCachedFacts, writeCachedFacts } from '../scripts/check/fact-cache';
import { contentBatches, splitJsonItems, splitXmlFeed } from '../scripts/check/feed-split';
import { batchJobs, workerHeapMb } from '../scripts/check/facts-pool';
import { feedFindings, type ItemsFacts } from '../scripts/check/feeds';
import { readFileFacts } from '../scripts/check/file-facts';
import { htmlFragmentUrls, readHtml } from '../scripts/check/html';
import { findLeaks, leakRules } from '../scripts/check/leaks';
import { llmsFullLinks, markdownBodyLinks } from '../scripts/check/links';
import { createResolver } from '../scripts/check/site-files';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-facts-'));
  dirs.push(dir);
  return dir;
}

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
    expect(facts.meta.get('description')).toEqual(['About']);
    expect(facts.meta.get('og:image')).toEqual(['https://x.dev/og.png']);
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
  it('are the same with or without final line endings, so a copy and its llms-full.txt section share one parse', () => {
    const body = '# T\n\nSee [a](https://x.dev/a/) and www.example.com.\n\n[d]: /d/\n';
    const memo = new Map();
    const links = markdownBodyLinks(`${body}\n\n`, memo);
    expect(links.map((l) => [l.url, l.where])).toEqual([
      ['https://x.dev/a/', 'Markdown link (line 3)'],
      ['http://www.example.com', 'Markdown link (line 3)'],
      ['/d/', 'Markdown definition (line 5)'],
    ]);
    expect(llmsFullLinks(`# Site\n\n---\n\n${body}`, memo)).toEqual([...links]);
    expect(memo.size).toBe(2);
    expect(markdownBodyLinks(body, memo)).toBe(links);
  });

  it('are kept on disk between runs', async () => {
    const cacheDir = await tempDir();
    const first = bodyLinksMemo(cacheDir);
    first.set('[a](/a/)', [{ url: '/a/', where: 'Markdown link (line 1)', authored: true }]);
    expect(bodyLinksMemo(cacheDir).get('[a](/a/)')).toEqual([{ url: '/a/', where: 'Markdown link (line 1)', authored: true }]);
    expect(bodyLinksMemo(cacheDir).get('[b](/b/)')).toBeUndefined();
  });
});

describe('leak rules', () => {
  const rules = leakRules({ projectDirs: ['/work/site'], unpublished: [{ slug: 'secret-plan', path: '/posts/secret-plan/', why: 'draft' }] });

  it('name what they find in a text holding their literal', () => {
    expect(findLeaks('/a/', 'at http://localhost:3000 and the secret-plan, built in /work/site/out', rules).map((f) => f.message)).toEqual([
      'contains a local address "//localhost"',
      'contains the project\'s path "/work/site"',
      'contains the draft post "secret-plan" (/posts/secret-plan/)',
    ]);
  });

  it('find nothing in a text without their literals', () => {
    expect(findLeaks('/a/', 'a plain page about local hosts and plans', rules)).toEqual([]);
  });
});

describe('file facts', () => {
  const context = { rules: leakRules({ projectDirs: [], unpublished: [] }), siteUrl: 'https://x.dev' };

  it('report malformed XML as a type problem', () => {
    const facts = readFileFacts('tags/a/rss.xml', '<rss><channel></rss>', context);
    expect(facts.findings).toEqual([expect.objectContaining({ check: 'types', page: '/tags/a/rss.xml', message: expect.stringContaining('is not well-formed XML') })]);
  });

  it('keep a sitemap for the sitemap check and read feed item URLs for feedFindings', () => {
    const sitemap = readFileFacts('sitemap.xml', '<urlset><url><loc>https://x.dev/</loc></url></urlset>', context);
    expect(sitemap.xml).toEqual({ urlset: { url: { loc: 'https://x.dev/' } } });
    const rss = `<rss version="2.0"><channel><title>X</title><link>https://x.dev/</link><item><title>A</title><link>https://x.dev/a/</link>
<pubDate>Mon, 30 Jun 2025 00:00:00 GMT</pubDate><description><![CDATA[<a href="/rel/">r</a> <a href="https://x.dev/gone/">g</a>]]></description></item></channel></rss>`;
    const facts = readFileFacts('rss.xml', rss, context);
    expect(facts.feed?.problems).toEqual([]);
    const resolve = createResolver({ origin: 'https://x.dev', basePath: '' }, new Set(['index.html', 'a/index.html']));
    expect(feedFindings('/rss.xml', facts.feed!, resolve, 'warn').map((f) => [f.severity, f.message])).toEqual([
      ['error', 'item 1 ("A"): relative URL <a href> "/rel/" in item HTML; feed readers need absolute URLs'],
      ['warning', `item 1 ("A"): broken author's link <a href> "https://x.dev/gone/" → /gone/: no file gone/index.html`],
    ]);
  });
});

describe('splitXmlFeed', () => {
  const rss = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>X</title>
<item><title>A</title><description><![CDATA[<item>not one</item>]]></description></item>
<link>https://x.dev/</link><!-- <item> -->
<item/><item><title>C</title></item></channel></rss>`;

  it('finds the items of an RSS channel, and leaves everything else in the envelope once', () => {
    const split = splitXmlFeed(rss)!;
    expect(split.root).toBe('rss');
    expect(split.count).toBe(3);
    expect(split.envelope).toBe(`<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>X</title>

<link>https://x.dev/</link><!-- <item> -->
</channel></rss>`);
    expect(split.withItems(1, 2)).toMatch(/<channel><title>X<\/title>\n<item\/>\n<link>/);
    expect(split.withItems(1, 2)).not.toContain('<title>A</title>');
    expect(split.withItems(0, 3)).toBe(rss);
  });

  it('finds the entries of an Atom feed', () => {
    const atom = `<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title><entry><title>A</title></entry>\n<entry><title>B</title></entry></feed>`;
    const split = splitXmlFeed(atom)!;
    expect([split.root, split.count, split.envelope]).toEqual(['feed', 2, '<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title>\n</feed>']);
    expect(split.withItems(1, 5)).toBe('<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title><entry><title>B</title></entry>\n</feed>');
  });

  it('leaves whole what it cannot cut the way both parsers read it', () => {
    expect(splitXmlFeed('<urlset><url><loc>https://x.dev/</loc></url></urlset>')).toBeUndefined();
    expect(splitXmlFeed('<!DOCTYPE rss [<!ENTITY a "b">]><rss><channel><item/></channel></rss>')).toBeUndefined();
    expect(splitXmlFeed('<rss><channel><item/></channel><channel/></rss>')).toBeUndefined();
    expect(splitXmlFeed('<rss xmlns:r="x"><channel><r:item/></channel></rss>')).toBeUndefined();
    expect(splitXmlFeed('<rss><channel/><item/></rss>')).toBeUndefined();
  });
});

describe('contentBatches', () => {
  const digest = (first: number) => Buffer.from([0, 0, 0, first, 9]);
  it('cuts after each item whose digest says so, and after `max` items at most', () => {
    expect(contentBatches([1, 4, 2, 8, 3].map(digest), 4, 10)).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(contentBatches([1, 1, 1, 1, 1].map(digest), 4, 2)).toEqual([[0, 2], [2, 4], [4, 5]]);
    expect(contentBatches([], 4, 2)).toEqual([]);
  });

  it('keeps every other cut where it was when an item is added', () => {
    const digests = Array.from({ length: 500 }, (_, n) => createHash('sha1').update(`item ${n}`).digest());
    const before = contentBatches(digests, 16, 64).map(([from, to]) => digests.slice(from, to).map((d) => d.toString('hex')).join());
    const added = [createHash('sha1').update('new').digest(), ...digests];
    const after = contentBatches(added, 16, 64).map(([from, to]) => added.slice(from, to).map((d) => d.toString('hex')).join());
    expect(before.length).toBeGreaterThan(10);
    expect(after.slice(1)).toEqual(before.slice(1));
  });
});

describe('splitJsonItems', () => {
  it('cuts out the elements of the top-level items array, strings and nesting respected', () => {
    const json = '{"version": "v", "items" : [ {"a": "],[\\"{"}, [1, {"items": []}] ,"s", 2 ], "z": {"items": 1}}';
    const split = splitJsonItems(json)!;
    expect(split.envelope).toBe('{"version": "v", "items" : [], "z": {"items": 1}}');
    expect(split.count).toBe(4);
    expect(JSON.parse(split.itemsJson(0, 4))).toEqual(JSON.parse(json).items);
    expect(JSON.parse(split.itemsJson(1, 3))).toEqual([[1, { items: [] }], 's']);
    expect(splitJsonItems('{"items": []}')?.count).toBe(0);
  });

  it('finds no items where there is no one top-level array of them', () => {
    expect(splitJsonItems('{"a": {"items": []}}')).toBeUndefined();
    expect(splitJsonItems('{"items": {}}')).toBeUndefined();
    expect(splitJsonItems('{"items": [], "it\\u0065ms": [1]}')).toBeUndefined();
    expect(splitJsonItems('{"items": [1,]}')).toBeUndefined();
    expect(splitJsonItems('{"items": [,1]}')).toBeUndefined();
    expect(splitJsonItems('{"items": ["open]}')).toBeUndefined();
  });
});

describe('feeds read in batches', () => {
  const context = { rules: [], siteUrl: 'https://x.dev' };
  /** A feed of 300 items (more than one batch), with problems far into it. */
  function bigFeed(kind: 'rss' | 'atom', numbers = Array.from({ length: 300 }, (_, i) => i), edited = -1): string {
    const items = numbers.map((i) => {
      const date = i === 270 ? 'soon' : kind === 'rss' ? 'Mon, 30 Jun 2025 00:00:00 GMT' : '2025-06-30T00:00:00Z';
      const link = i === 280 ? '' : `https://x.dev/p${i}/`;
      const html = `<![CDATA[<a href="/rel${i}/">r</a> <img src="https://x.dev/img${i % 7}.png">]]>`;
      const title = `P${i}${i === edited ? ' (edited)' : ''}`;
      if (kind === 'rss') return i === 5 ? '<item></item>' : `<item><title>${title}</title><link>${link}</link><pubDate>${date}</pubDate><description>${html}</description></item>`;
      return `<entry><title>${title}</title><id>${link || 'x'}</id><link href="${link}"/><updated>${date}</updated><content type="html">${html}</content></entry>`;
    }).join('\n');
    return kind === 'rss'
      ? `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>X</title><link>https://x.dev/</link><lastBuildDate>yesterday</lastBuildDate>\n${items}\n</channel></rss>`
      : `<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>X</title><link href="https://x.dev/"/><updated>2025-06-30T00:00:00Z</updated>\n${items}\n</feed>`;
  }

  for (const kind of ['rss', 'atom'] as const) {
    it(`give the facts of the whole ${kind} feed`, () => {
      const xml = bigFeed(kind);
      const whole = readFileFacts('rss.xml', xml, context);
      const batched = readFileFacts('rss.xml', xml, { ...context, splitFeedsOver: 0 });
      expect(whole.feed!.problems.length).toBeGreaterThan(2);
      expect(whole.feed!.itemUrls.length).toBe(kind === 'rss' ? 598 : 600);
      expect(batched.feed).toEqual(whole.feed);
      expect(batched.xml).toEqual(whole.xml);
      const sorted = (links: { url: string; where: string }[]) => links.map((l) => `${l.where} ${l.url}`).sort();
      expect(sorted(batched.links)).toEqual(sorted(whole.links));
    });
  }

  it('give the facts of the whole JSON Feed, and its error when a piece does not parse', () => {
    const items = Array.from({ length: 600 }, (_, i) =>
      i === 3
        ? '"not an item"'
        : JSON.stringify({ id: i === 450 ? '' : `https://x.dev/p${i}/`, url: `https://x.dev/p${i}/`, title: `P${i}`, date_published: i === 500 ? 'soon' : '2025-06-30T00:00:00Z', content_html: `<a href="/rel${i}/">r</a><img src="https://x.dev/i.png">` }),
    );
    const json = `{"version": "https://jsonfeed.org/version/1.1", "title": "X", "home_page_url": "https://x.dev/", "items": [\n${items.join(',\n')}\n]}`;
    const whole = readFileFacts('feed.json', json, context);
    const batched = readFileFacts('feed.json', json, { ...context, splitFeedsOver: 0 });
    expect(whole.feed!.problems).toHaveLength(2);
    expect(batched).toEqual({ ...whole, links: expect.arrayContaining(whole.links) });
    expect(batched.links).toHaveLength(whole.links.length);
    const broken = json.replace('"P450"', '"P450",');
    expect(readFileFacts('feed.json', broken, { ...context, splitFeedsOver: 0 })).toEqual(readFileFacts('feed.json', broken, context));
    expect(readFileFacts('feed.json', broken, context).findings).toEqual([expect.objectContaining({ check: 'types', message: expect.stringContaining('is not valid JSON') })]);
  });

  /** A BatchMemo in memory that counts the batches it was asked for and did not have. */
  function countingMemo() {
    const entries = new Map<string, ItemsFacts>();
    const memo = { misses: 0, get: (key: string) => entries.get(key) ?? (memo.misses++, undefined), set: (key: string, facts: ItemsFacts) => void entries.set(key, facts) };
    return memo;
  }

  for (const kind of ['rss', 'atom', 'json'] as const) {
    it(`re-read only the batches an edit or a new ${kind} item changed, and number every item as a whole read does`, () => {
      const file = kind === 'json' ? 'feed.json' : `${kind}.xml`;
      const feed = (items: number[], edited = -1) => {
        if (kind !== 'json') return bigFeed(kind, items, edited);
        const json = items.map((i) => JSON.stringify({ id: `https://x.dev/p${i}/`, url: i === 280 ? '/p280/' : `https://x.dev/p${i}/`, title: `P${i}${i === edited ? ' (edited)' : ''}`, date_published: '2025-06-30T00:00:00Z', content_html: `<a href="/rel${i}/">r</a>` }));
        return `{"version": "https://jsonfeed.org/version/1.1", "title": "X", "items": [\n${json.join(',\n')}\n]}`;
      };
      const memo = countingMemo();
      const batched = { ...context, splitFeedsOver: 0, batches: memo };
      const before = Array.from({ length: 300 }, (_, i) => i);
      readFileFacts(file, feed(before), batched);
      const batches = memo.misses;
      expect(batches).toBeGreaterThan(2);
      for (const [items, edited] of [
        [before, 150],
        [[-1, ...before], -1],
      ] as const) {
        memo.misses = 0;
        const text = feed([...items], edited);
        const facts = readFileFacts(file, text, batched);
        expect(facts).toEqual({ ...readFileFacts(file, text, context), links: expect.any(Array) });
        expect(facts.feed!.problems.length).toBeGreaterThan(0);
        expect(memo.misses).toBe(1);
      }
    });
  }

  it('re-read every batch when what the items inherit changes: the feed link and xml:base', () => {
    const memo = countingMemo();
    const items = Array.from({ length: 300 }, (_, i) => i);
    const xml = bigFeed('rss', items);
    const batched = { ...context, splitFeedsOver: 0, batches: memo };
    readFileFacts('rss.xml', xml, batched);
    const batches = memo.misses;
    for (const changed of [xml.replace('<link>https://x.dev/</link>', '<link>https://y.dev/</link>'), xml.replace('<channel>', '<channel xml:base="https://y.dev/">')]) {
      memo.misses = 0;
      expect(readFileFacts('rss.xml', changed, batched)).toEqual({ ...readFileFacts('rss.xml', changed, context), links: expect.any(Array) });
      expect(memo.misses).toBe(batches);
    }
  });

  it('read a feed whole when it cannot be cut', () => {
    const xml = bigFeed('rss').replace('<rss version="2.0">', '<!DOCTYPE rss>\n<rss version="2.0">');
    expect(readFileFacts('rss.xml', xml, { ...context, splitFeedsOver: 0 })).toEqual(readFileFacts('rss.xml', xml, context));
  });
});

describe('batchJobs', () => {
  it('groups jobs in order by count and bytes, a big job alone', () => {
    const jobs = [50, 10, 10, 10, 10, 10, 3, 3].map((size, i) => ({ file: `f${i}`, size }));
    expect(batchJobs(jobs, 3, 25).map((batch) => batch.map((j) => j.file))).toEqual([['f0'], ['f1', 'f2'], ['f3', 'f4'], ['f5', 'f6', 'f7']]);
    expect(batchJobs(jobs, 8, 1000)).toEqual([jobs]);
    expect(batchJobs([], 8, 1000)).toEqual([]);
  });

  it('give workers a heap for three times the biggest file, 512 MiB at least, and no cap for small files', () => {
    expect(workerHeapMb(20 * 2 ** 20)).toBeUndefined();
    expect(workerHeapMb(40 * 2 ** 20)).toBe(512);
    expect(workerHeapMb(200 * 2 ** 20)).toBe(728);
  });
});

describe('fact cache', () => {
  it('keys facts by bytes, path and what the run depends on', () => {
    const rules = leakRules({ projectDirs: [], unpublished: [] });
    const fingerprint = factsFingerprint(rules, 'https://x.dev');
    const bytes = Buffer.from('<p>x</p>');
    const key = factsKey(fingerprint, 'a.html', bytes);
    expect(factsKey(fingerprint, 'a.html', Buffer.from('<p>y</p>'))).not.toBe(key);
    expect(factsKey(fingerprint, 'b.html', bytes)).not.toBe(key);
    expect(factsKey(factsFingerprint(rules, 'https://y.dev'), 'a.html', bytes)).not.toBe(key);
    const drafts = leakRules({ projectDirs: [], unpublished: [{ slug: 'd', path: '/d/', why: 'draft' }] });
    expect(factsFingerprint(drafts, 'https://x.dev')).not.toBe(fingerprint);
  });

  it('hashes a file read a chunk at a time as it hashes its bytes', async () => {
    const dir = await tempDir();
    const fingerprint = factsFingerprint([], 'https://x.dev');
    for (const bytes of [Buffer.from(''), Buffer.from('<p>x</p>'), Buffer.alloc((3 << 20) + 5, 'ab')]) {
      await writeFile(path.join(dir, 'f'), bytes);
      expect(await fileFactsKey(fingerprint, 'a/f.xml', path.join(dir, 'f'))).toEqual({ key: factsKey(fingerprint, 'a/f.xml', bytes), size: bytes.length });
    }
  });

  it('gives back what it stored, meta map included', async () => {
    const cacheDir = await tempDir();
    const facts = readFileFacts('a/index.html', '<title>A</title><meta name="description" content="d">', { rules: [], siteUrl: 'https://x.dev' });
    await writeCachedFacts(cacheDir, 'ab12', facts);
    const back = await readCachedFacts(cacheDir, 'ab12');
    expect(back).toEqual(facts);
    expect(back?.html?.meta.get('description')).toEqual(['d']);
    expect(await readCachedFacts(cacheDir, 'cd34')).toBeUndefined();
  });
});
