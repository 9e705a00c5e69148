import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Content, Tag } from '@/lib/content';
import { buildFeed, generateFeed } from '@/lib/feeds';
import { absolutizeHtml } from '@/lib/markdown';
import { makeContent, makePost } from './helpers/make-content';

const buildRss = (content: Content, tag?: Tag) => buildFeed(content, 'rss', tag);
const buildAtom = (content: Content) => buildFeed(content, 'atom');
const buildJsonFeed = (content: Content) => buildFeed(content, 'json');

const parser = (lists: string[]) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (name) => lists.includes(name) });
const rssXml = parser(['item', 'category', 'atom:link', 'author']);
const atomXml = parser(['entry', 'category', 'link', 'author']);
const TRICKY = `Tom & "Jerry" 'quoted' <b>not bold</b> ]]> twice ]]> 🎉 שלום עולם`;
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function twoPosts(site = {}) {
  return makeContent({
    site,
    posts: [
      makePost({ slug: 'old', title: 'Old post', date: new Date('2025-01-10T09:00:00Z'), updated: new Date('2025-06-01T12:00:00Z'), tags: ['News'] }),
      makePost({ slug: 'new', title: 'New post', date: new Date('2025-03-05T00:00:00Z'), tags: ['News', 'Static sites'], html: '<p>New <a href="/posts/old/">old</a></p>' }),
    ],
  });
}

afterEach(() => vi.useRealTimers());

describe('absolutizeHtml', () => {
  it('resolves root-relative URLs against the origin and relative ones against the page', () => {
    const html = absolutizeHtml(
      '<p><a href="/field-notes/posts/b/">b</a> <a href="c/">c</a> <a href="#top">top</a> <a href="https://other.example/x">x</a> <a href="mailto:a@b.c">m</a></p>' +
        '<img src="/field-notes/posts/a/i.png" srcset="/field-notes/posts/a/i.png 1x, i@2x.png 2x"><video poster="p.jpg" src="/field-notes/v.mp4"></video>',
      { url: 'https://user.github.io/field-notes' },
      '/posts/a/',
    );
    expect(html).toContain('href="https://user.github.io/field-notes/posts/b/"');
    expect(html).toContain('href="https://user.github.io/field-notes/posts/a/c/"');
    expect(html).toContain('href="https://user.github.io/field-notes/posts/a/#top"');
    expect(html).toContain('href="https://other.example/x"');
    expect(html).toContain('href="mailto:a@b.c"');
    expect(html).toContain('src="https://user.github.io/field-notes/posts/a/i.png"');
    expect(html).toContain('srcset="https://user.github.io/field-notes/posts/a/i.png 1x, https://user.github.io/field-notes/posts/a/i@2x.png 2x"');
    expect(html).toContain('poster="https://user.github.io/field-notes/posts/a/p.jpg"');
    expect(html).toContain('src="https://user.github.io/field-notes/v.mp4"');
    expect(html).not.toMatch(/(href|src|poster)="(?!https:|mailto:)/);
  });
});

describe('RSS 2.0', () => {
  it('round-trips titles and content with markup characters, ]]>, emoji and RTL text; drops XML-forbidden characters', () => {
    const content = makeContent({ posts: [makePost({ title: `${TRICKY}\u0001\uFFFE`, description: TRICKY, html: `<p>${TRICKY.replace(/&/g, '&amp;').replace(/</g, '&lt;')}\u000B</p>` })] });
    const text = buildRss(content);
    expect(XMLValidator.validate(text)).toBe(true);
    const feed = parseFeed(text);
    expect(feed.items[0].title).toBe(TRICKY);
    // The HTML as an XML parser reads it, then as a browser reads that HTML: the same text.
    const encoded = rssXml.parse(text).rss.channel.item[0]['content:encoded'];
    expect(toString(fromHtml(encoded, { fragment: true }))).toBe(TRICKY);
    expect(text).not.toMatch(/[\u0001\u000B\uFFFE]/);
  });

  it('uses the canonical URL as a permalink guid, RFC 822 dates and categories from tags', () => {
    const rss = rssXml.parse(buildRss(twoPosts())).rss;
    const items = rss.channel.item;
    expect(items.map((i: { title: string }) => i.title)).toEqual(['New post', 'Old post']);
    expect(items[0].guid['#text']).toBe('https://example.com/posts/new/');
    expect(items[0].guid['@isPermaLink']).toBe('true');
    expect(items[0].link).toBe('https://example.com/posts/new/');
    expect(items[1].pubDate).toBe('Fri, 10 Jan 2025 09:00:00 GMT');
    for (const item of items) expect(item.pubDate).toMatch(RFC822);
    expect(items[0].category.map((c: { '#text': string }) => c['#text'])).toEqual(['News', 'Static sites']);
    expect(items[0]['content:encoded']).toContain('href="https://example.com/posts/old/"');
  });

  it('dates the channel by its newest item (updated before date), never by the clock', () => {
    vi.useFakeTimers({ now: new Date('2031-02-03T04:05:06Z') });
    const rss = rssXml.parse(buildRss(twoPosts())).rss;
    expect(rss.channel.lastBuildDate).toBe('Sun, 01 Jun 2025 12:00:00 GMT');
    expect(rss.channel.lastBuildDate).toMatch(RFC822);
    const empty = rssXml.parse(buildRss(makeContent())).rss;
    expect(empty.channel.lastBuildDate).not.toContain('2031');
  });

  it('has a self link, the home page as link, language and description', () => {
    const content = twoPosts({ url: 'https://user.github.io/field-notes', language: 'pt-BR', description: 'Notas' });
    const channel = rssXml.parse(buildRss(content)).rss.channel;
    expect(channel['atom:link'][0]['@href']).toBe('https://user.github.io/field-notes/rss.xml');
    expect(channel['atom:link'][0]['@rel']).toBe('self');
    expect(channel.link).toBe('https://user.github.io/field-notes/');
    expect(channel.language).toBe('pt-BR');
    expect(channel.description).toBe('Notas');
  });

  it('uses the description in summary mode and honours feed.limit', () => {
    const rss = rssXml.parse(buildRss(twoPosts({ feed: { content: 'summary', limit: 1 } }))).rss;
    expect(rss.channel.item).toHaveLength(1);
    expect(rss.channel.item[0].title).toBe('New post');
    expect(rss.channel.item[0]['content:encoded']).toBeUndefined();
    expect(rss.channel.item[0].description).toBe('A description.');
  });

  it('takes the author from the post, else the site, and the cover image as an absolute enclosure', () => {
    const content = makeContent({
      site: { url: 'https://user.github.io/field-notes' },
      posts: [
        makePost({ slug: 'a', authors: [{ name: 'Grace', email: 'grace@example.com' }], image: { href: '/posts/a/cover.jpg' } }),
        makePost({ slug: 'b', date: new Date('2024-01-01T00:00:00Z') }),
      ],
    });
    const items = rssXml.parse(buildRss(content)).rss.channel.item;
    expect(items[0].author).toEqual(['grace@example.com (Grace)']);
    expect(items[1].author).toEqual(['author@example.com (Test Author)']);
    expect(items[0].enclosure['@url']).toBe('https://user.github.io/field-notes/posts/a/cover.jpg');
    expect(items[0].enclosure['@type']).toBe('image/jpeg');
  });
});

describe('Atom 1.0', () => {
  it('round-trips tricky titles (type="html" escaped) and content', () => {
    const content = makeContent({ posts: [makePost({ title: TRICKY, html: '<p>a ]]> b ]]> c</p>' })] });
    const text = buildAtom(content);
    expect(XMLValidator.validate(text)).toBe(true);
    const feed = parseFeed(text);
    expect(feed.items[0].title).toBe(TRICKY);
    expect(feed.items[0].content).toBe('<p>a ]]> b ]]> c</p>');
  });

  it('uses the canonical URL as id, RFC 3339 dates, self and alternate links, and the newest date as updated', () => {
    vi.useFakeTimers({ now: new Date('2031-02-03T04:05:06Z') });
    const feed = atomXml.parse(buildAtom(twoPosts({ url: 'https://user.github.io/field-notes' }))).feed;
    expect(feed.updated).toBe('2025-06-01T12:00:00.000Z');
    expect(feed.link.find((l: Record<string, string>) => l['@rel'] === 'self')['@href']).toBe('https://user.github.io/field-notes/atom.xml');
    expect(feed.link.find((l: Record<string, string>) => l['@rel'] === 'alternate')['@href']).toBe('https://user.github.io/field-notes/');
    const old = feed.entry[1];
    expect(old.id).toBe('https://user.github.io/field-notes/posts/old/');
    expect(old.updated).toBe('2025-06-01T12:00:00.000Z');
    expect(old.published).toBe('2025-01-10T09:00:00.000Z');
    for (const entry of feed.entry) {
      expect(entry.updated).toMatch(RFC3339);
      expect(entry.published).toMatch(RFC3339);
    }
    expect(feed.entry[0].category.map((c: Record<string, string>) => c['@label'])).toEqual(['News', 'Static sites']);
  });
});

describe('JSON Feed 1.1', () => {
  it('has the required fields, ids from canonical URLs and absolute content', () => {
    const json = JSON.parse(buildJsonFeed(twoPosts({ url: 'https://user.github.io/field-notes' })));
    expect(json.version).toBe('https://jsonfeed.org/version/1.1');
    expect(json.title).toBe('Test Site');
    expect(json.feed_url).toBe('https://user.github.io/field-notes/feed.json');
    expect(json.home_page_url).toBe('https://user.github.io/field-notes/');
    expect(json.language).toBe('en');
    expect(json.authors).toEqual([{ name: 'Test Author' }]);
    expect(json.items.map((i: { id: string }) => i.id)).toEqual(['https://user.github.io/field-notes/posts/new/', 'https://user.github.io/field-notes/posts/old/']);
    expect(json.items[0].content_html).toContain('href="https://user.github.io/posts/old/"');
    expect(json.items[1].date_published).toBe('2025-01-10T09:00:00.000Z');
    expect(json.items[1].date_modified).toBe('2025-06-01T12:00:00.000Z');
    expect(json.items[0].tags).toEqual(['News', 'Static sites']);
  });

  it('keeps tricky text as it is and uses content_text in summary mode', () => {
    const json = JSON.parse(buildJsonFeed(makeContent({ site: { feed: { content: 'summary' } }, posts: [makePost({ title: TRICKY, description: TRICKY })] })));
    expect(json.items[0].title).toBe(TRICKY);
    expect(json.items[0].content_text).toBe(TRICKY);
    expect(json.items[0].content_html).toBeUndefined();
  });
});

describe('tag feeds', () => {
  it('hold only that tag’s posts, with the tag’s own self links', () => {
    const content = twoPosts();
    const tag = content.tags.find((t) => t.slug === 'static-sites')!;
    const rss = rssXml.parse(buildFeed(content, 'rss', tag)).rss.channel;
    expect(rss.item.map((i: { title: string }) => i.title)).toEqual(['New post']);
    expect(rss['atom:link'][0]['@href']).toBe('https://example.com/tags/static-sites/rss.xml');
    expect(rss.link).toBe('https://example.com/tags/static-sites/');
    expect(rss.lastBuildDate).toBe('Wed, 05 Mar 2025 00:00:00 GMT');
    expect(JSON.parse(buildFeed(content, 'json', tag)).feed_url).toBe('https://example.com/tags/static-sites/feed.json');
  });

  it('write items whose text holds item markup as they are', () => {
    const content = makeContent({
      posts: [
        makePost({ slug: 'a', title: 'Has <item> and <entry> in it', date: new Date('2025-03-01T00:00:00Z'), tags: ['One', 'Two'], html: '<p title="</item></entry>">ends ]]> early</p>' }),
        makePost({ slug: 'b', title: 'Second', date: new Date('2025-02-01T00:00:00Z'), tags: ['Two', 'Three'], html: '<p><a href="../a/">a</a></p>' }),
        makePost({ slug: 'c', title: 'Third', date: new Date('2025-01-01T00:00:00Z'), tags: ['One'] }),
      ],
    });
    const tag = (slug: string) => content.tags.find((t) => t.slug === slug)!;
    const one = buildFeed(content, 'rss', tag('one'));
    expect(XMLValidator.validate(one)).toBe(true);
    const items = rssXml.parse(one).rss.channel.item;
    expect(items.map((i: { title: string }) => i.title)).toEqual(['Has <item> and <entry> in it', 'Third']);
    // An attribute keeps `</item>` as written: the item's end is found by position, not by searching its text.
    expect(items[0]['content:encoded']).toBe('<p title="</item></entry>">ends ]]> early</p>');
    expect(atomXml.parse(buildFeed(content, 'atom', tag('one'))).feed.entry).toHaveLength(2);
    const json = JSON.parse(buildFeed(content, 'json', tag('two')));
    expect(json.items.map((i: { url: string }) => i.url)).toEqual(['https://example.com/posts/a/', 'https://example.com/posts/b/']);
    expect(json.items[1].content_html).toBe('<p><a href="https://example.com/posts/a/">a</a></p>');
  });

  it('declares the RSS content namespace only when some item has content', () => {
    const empty = makeContent({ posts: [makePost({ slug: 'e', html: '', tags: ['T'] })] });
    const rss = buildFeed(empty, 'rss', empty.tags[0]);
    expect(XMLValidator.validate(rss)).toBe(true);
    expect(rss).not.toContain('xmlns:content');
    const mixed = makeContent({ posts: [makePost({ slug: 'e', html: '', tags: ['T'] }), makePost({ slug: 'f', html: '<p>x</p>', tags: ['T'] })] });
    const text = buildFeed(mixed, 'rss', mixed.tags[0]);
    expect(text).toContain('xmlns:content="http://purl.org/rss/1.0/modules/content/"');
    expect(rssXml.parse(text).rss.channel.item).toHaveLength(2);
  });
});

describe('generateFeed', () => {
  /** Three posts whose HTML counts its reads, as a post whose texts are read from the cache does. */
  function counted(htmls: string[]) {
    const reads = { count: 0 };
    const posts = htmls.map((html, i) => {
      const post = makePost({ slug: `p${i}`, title: `Post ${i}`, date: new Date(Date.UTC(2025, 0, 10 - i)), tags: ['T'] });
      Object.defineProperty(post, 'html', { get: () => (reads.count++, html) });
      return post;
    });
    return { content: makeContent({ posts }), reads };
  }

  it('reads each post when its item is asked for, and keeps none', () => {
    const { content, reads } = counted(['<p>a</p>', '<p>b</p>', '<p>c</p>']);
    const parts = generateFeed(content, 'rss');
    parts.next(); // The frame: RSS declares the content namespace when an item has content.
    expect(reads.count).toBe(1);
    parts.next();
    expect(reads.count).toBe(2);
    parts.next();
    expect(reads.count).toBe(3);
    [...parts];
    expect(reads.count).toBe(4);
    [...generateFeed(content, 'rss')];
    expect(reads.count).toBe(8);
  });

  it('joins to a valid feed of every format, whichever post has content first', () => {
    for (const htmls of [['<p>a</p>', '', '<p>c</p>'], ['', '', '<p>c</p>'], ['', '', ''], []]) {
      const { content } = counted(htmls);
      for (const tag of [undefined, content.tags[0]]) {
        for (const format of ['rss', 'atom'] as const) {
          const text = [...generateFeed(content, format, tag)].join('');
          expect(XMLValidator.validate(text), `${format} ${JSON.stringify(htmls)}`).toBe(true);
          expect(parseFeed(text).items.map((i) => i.content ?? '')).toEqual(htmls);
        }
        expect(JSON.parse([...generateFeed(content, 'json', tag)].join('')).items).toHaveLength(htmls.length);
      }
    }
  });
});
