import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildSiteSitemaps, buildSitemaps, type SitemapPage } from '@/lib/sitemap';
import { makeContent, makePage, makePost, makeSite } from './helpers/make-content';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => name === 'url' || name === 'sitemap' });
const NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const site = makeSite({ url: 'https://user.github.io/field-notes' });

describe('buildSitemaps', () => {
  it('lists each page once as an absolute, entity-escaped URL with a W3C lastmod only when known', () => {
    const [file, ...rest] = buildSitemaps(
      [
        { path: '/', lastModified: new Date('2025-03-01T10:00:00Z') },
        { path: '/about/' },
        { path: '/posts/a&b/', lastModified: new Date('2025-01-02T00:00:00.250Z') },
      ],
      site,
    );
    expect(rest).toEqual([]);
    expect(file.path).toBe('/sitemap.xml');
    expect(file.contents).toContain('a&amp;b');
    const doc = xml.parse(file.contents).urlset;
    expect(doc['@xmlns']).toBe(NS);
    expect(doc.url.map((u: { loc: string }) => u.loc)).toEqual([
      'https://user.github.io/field-notes/',
      'https://user.github.io/field-notes/about/',
      'https://user.github.io/field-notes/posts/a&b/',
    ]);
    expect(doc.url[0].lastmod).toBe('2025-03-01T10:00:00Z');
    expect(doc.url[1].lastmod).toBeUndefined();
    expect(doc.url[2].lastmod).toMatch(W3C);
    expect(new Date(doc.url[2].lastmod).getTime()).toBe(Date.parse('2025-01-02T00:00:00.250Z'));
  });

  it('percent-encodes non-ASCII paths', () => {
    const [file] = buildSitemaps([{ path: '/posts/café/' }], site);
    expect(xml.parse(file.contents).urlset.url[0].loc).toBe('https://user.github.io/field-notes/posts/caf%C3%A9/');
  });

  it('rejects a URL of 2,048 characters or more, naming the page', () => {
    const long = `/${'a'.repeat(2048)}/`;
    expect(() => buildSitemaps([{ path: long }], site)).toThrow(/sitemap: the URL of \/a+\/ is \d+ characters/);
    const fits = `/${'a'.repeat(2047 - 'https://user.github.io/field-notes/'.length - 1)}/`;
    expect(() => buildSitemaps([{ path: fits }], site)).not.toThrow();
  });

  it('splits 120,000 URLs into an index and three files of at most 50,000', () => {
    const pages: SitemapPage[] = Array.from({ length: 120_000 }, (_, i) => ({
      path: `/posts/p${i}/`,
      lastModified: new Date(Date.UTC(2020, 0, 1) + i * 60_000),
    }));
    const files = buildSitemaps(pages, site);
    expect(files.map((f) => f.path)).toEqual(['/sitemap.xml', '/sitemap/1.xml', '/sitemap/2.xml', '/sitemap/3.xml']);
    const index = xml.parse(files[0].contents).sitemapindex;
    expect(index['@xmlns']).toBe(NS);
    expect(index.sitemap.map((s: { loc: string }) => s.loc)).toEqual([1, 2, 3].map((n) => `https://user.github.io/field-notes/sitemap/${n}.xml`));
    const parts = files.slice(1).map((f) => xml.parse(f.contents).urlset.url as { loc: string; lastmod: string }[]);
    expect(parts.map((p) => p.length)).toEqual([50_000, 50_000, 20_000]);
    const locs = parts.flat().map((u) => u.loc);
    expect(new Set(locs).size).toBe(120_000);
    expect(locs[0]).toBe('https://user.github.io/field-notes/posts/p0/');
    expect(locs.at(-1)).toBe('https://user.github.io/field-notes/posts/p119999/');
    // Each index entry's lastmod is the newest lastmod in its file.
    expect(new Date(index.sitemap[0].lastmod).getTime()).toBe(pages[49_999].lastModified!.getTime());
    expect(new Date(index.sitemap[2].lastmod).getTime()).toBe(pages[119_999].lastModified!.getTime());
    for (const f of files) expect(Buffer.byteLength(f.contents)).toBeLessThanOrEqual(50 * 1024 * 1024);
  });

  it('splits by size when fewer than 50,000 URLs pass 50 MB', () => {
    // ~1,950-character URLs: 30,000 of them are about 58 MB.
    const pad = 'x'.repeat(1900);
    const pages = Array.from({ length: 30_000 }, (_, i) => ({ path: `/${pad}/${i}/` }));
    const files = buildSitemaps(pages, site);
    expect(files.length).toBe(3);
    expect(files[0].contents).toContain('<sitemapindex');
    for (const f of files) expect(Buffer.byteLength(f.contents)).toBeLessThanOrEqual(50 * 1024 * 1024);
    const counts = files.slice(1).map((f) => (f.contents.match(/<url>/g) ?? []).length);
    expect(counts.reduce((a, b) => a + b)).toBe(30_000);
  });
});

describe('buildSiteSitemaps', () => {
  it('lists every HTML page of the site and nothing else', () => {
    const content = makeContent({
      site: { url: 'https://example.com', pageSize: 1 },
      posts: [makePost({ slug: 'a', tags: ['T'], date: new Date('2025-02-01T00:00:00Z') }), makePost({ slug: 'b', date: new Date('2025-01-01T00:00:00Z') })],
      pages: [makePage({ slug: 'about' })],
    });
    const locs = xml.parse(buildSiteSitemaps(content)[0].contents).urlset.url.map((u: { loc: string }) => u.loc);
    expect(locs).toEqual([
      'https://example.com/',
      'https://example.com/page/2/',
      'https://example.com/posts/a/',
      'https://example.com/posts/b/',
      'https://example.com/about/',
      'https://example.com/archive/',
      'https://example.com/tags/',
      'https://example.com/tags/t/',
      'https://example.com/search/',
    ]);
  });
});
