import { siteTranslator } from './i18n';
import { Feed, type Author as FeedAuthor, type FeedOptions, type Item } from 'feed';
import type { Author, Content, Post, Tag } from './content/types';
import { FEED_FILES, type FeedFormat } from './outputs';
import { newestChange } from './routes';
import { absoluteUrl, type SiteConfig } from './site';
import { escapeXml, stripInvalidXmlChars } from './xml';

// RSS 2.0: https://www.rssboard.org/rss-specification
// Atom 1.0: https://www.rfc-editor.org/rfc/rfc4287
// JSON Feed 1.1: https://www.jsonfeed.org/version/1.1/

export type { FeedFormat } from './outputs';

/** The Content-Type of each format, for the Route Handlers (the file's extension decides it on a static host). */
export const FEED_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

/** Text as HTML source: for feed fields whose type is HTML (Atom `type="html"`, RSS `description`). */
function htmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// `feed` writes titles and content as CDATA through xml-js, which splits only the FIRST `]]>`
// (`]]]]><![CDATA[>`); split every later one here so any text survives.
function cdata(value: string): string {
  const [first, ...rest] = value.split(']]>');
  return rest.length === 0 ? value : `${first}]]>${rest.join(']]]]><![CDATA[>')}`;
}

const IMAGE_TYPES: Record<string, string> = {
  avif: 'image/avif', gif: 'image/gif', jpeg: 'image/jpeg', jpg: 'image/jpeg', png: 'image/png', svg: 'image/svg+xml', webp: 'image/webp',
};

function imageType(url: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return ext ? IMAGE_TYPES[ext] : undefined;
}

function feedAuthor(author: Author): FeedAuthor {
  return { name: stripInvalidXmlChars(author.name), email: author.email, link: author.url };
}

function jsonAuthor(author: Author) {
  return { name: author.name, ...(author.url ? { url: author.url } : {}) };
}

/** What one feed covers: the whole site, or one tag. */
interface Scope {
  title: string;
  description: string;
  /** Site path of the HTML page the feed mirrors, and below which its files are. */
  page: string;
  posts: Post[];
}

function scopeOf(content: Content, tag?: Tag): Scope {
  const { site } = content;
  const posts = tag ? tag.posts : content.posts;
  const limited = site.feed.limit === undefined ? posts : posts.slice(0, site.feed.limit);
  if (!tag) return { title: site.title, description: site.description, page: '/', posts: limited };
  return { title: `${site.title}: ${tag.name}`, description: siteTranslator(site)('taggedDescription', { tag: tag.name, site: site.title }), page: `/tags/${tag.slug}/`, posts: limited };
}

function item(post: Post, site: SiteConfig, format: FeedFormat): Item {
  const url = absoluteUrl(site, post.path);
  const clean = stripInvalidXmlChars;
  const xml = format !== 'json';
  const title = clean(post.title);
  const summary = clean(post.description);
  const html = site.feed.content === 'full' ? post.feedHtml : undefined;
  const image = post.image ? absoluteUrl(site, post.image.href) : undefined;
  const authors = (post.authors.length > 0 ? post.authors : [site.author]).map(feedAuthor);
  return {
    // Atom's title is `type="html"`: escape it so `<` in a title is text, not markup.
    title: format === 'atom' ? cdata(htmlText(title)) : xml ? cdata(title) : title,
    // RSS: no `id`/`guid`, so `feed` writes the link as the guid with isPermaLink="true".
    ...(format === 'rss' ? {} : { id: url }),
    link: url,
    date: post.updated ?? post.date,
    published: post.date,
    description: xml ? cdata(htmlText(summary)) : summary,
    content: html === undefined ? undefined : xml ? cdata(html) : html,
    author: authors,
    category: post.tags.map((tag) => ({
      // Atom puts `name` in an attribute that `feed` does not escape `<` in; the slug (`term`) still names the tag.
      name: format === 'atom' && tag.name.includes('<') ? undefined : clean(tag.name),
      term: tag.slug,
      domain: absoluteUrl(site, `/tags/${tag.slug}/`),
      scheme: absoluteUrl(site, '/tags/'),
    })),
    image: image ? { url: image, type: imageType(image) } : undefined,
  };
}

function feedOptions(site: SiteConfig, scope: Scope): FeedOptions {
  const page = absoluteUrl(site, scope.page);
  return {
    id: page,
    title: stripInvalidXmlChars(scope.title),
    description: stripInvalidXmlChars(scope.description) || undefined,
    link: page,
    language: site.language,
    // The newest item's date, never the build clock (`feed` defaults to `new Date()`); an empty
    // feed gets the epoch so the output stays byte-identical between builds.
    updated: newestChange(scope.posts) ?? new Date(0),
    generator: 'Masthead',
    feedLinks: {
      rss: absoluteUrl(site, `${scope.page}${FEED_FILES.rss}`),
      atom: absoluteUrl(site, `${scope.page}${FEED_FILES.atom}`),
      json: absoluteUrl(site, `${scope.page}${FEED_FILES.json}`),
    },
    author: feedAuthor(site.author),
    hub: site.feed.hub.length ? HUB : undefined,
  };
}

/** Stands for the hubs in what `feed` writes, which holds one; `withHubs` writes each of the site's in its place. */
const HUB = 'https://hub.invalid/';

/** An RSS or Atom feed's text with the line of its stand-in hub link written once per WebSub hub (none: no line). */
function withHubs(text: string, hubs: string[]): string {
  const at = text.indexOf(HUB);
  if (at < 0) return text;
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at) + 1;
  const line = text.slice(start, end);
  return text.slice(0, start) + hubs.map((hub) => line.replace(HUB, escapeXml(hub))).join('') + text.slice(end);
}

/** The header of the one-item feeds items are rendered in: fixed, and free of any item markup. */
const BARE: FeedOptions = { id: 'https://feed.invalid/', title: 'x', link: 'https://feed.invalid/', updated: new Date(0), generator: 'x' };

/**
 * One RSS or Atom item as `feed` writes it inside a feed, from the line break before its start tag to its
 * end tag. It is rendered in a feed of its own whose header is fixed, so the first start tag and the last end
 * tag are the item's, whatever its content holds; items sit at the same depth in every feed.
 */
function itemXml(format: 'rss' | 'atom', entry: Item): string {
  const feed = new Feed(BARE);
  feed.addItem(entry);
  const text = format === 'rss' ? feed.rss2() : feed.atom1();
  const tag = format === 'rss' ? 'item' : 'entry';
  const start = text.lastIndexOf('\n', text.indexOf(`<${tag}>`));
  return text.slice(start, text.lastIndexOf(`</${tag}>`) + tag.length + 3);
}

/** One JSON Feed 1.1 item as it is written inside the `items` array (indented two levels). */
function itemJson(post: Post, site: SiteConfig, entry: Item): string {
  // `feed` writes JSON Feed 1.0; 1.1 adds `authors` (keeping `author` for 1.0 readers).
  const feed = new Feed(BARE);
  feed.addItem(entry);
  const { content_html: html, ...rest } = (JSON.parse(feed.json1()) as { items: Record<string, unknown>[] }).items[0];
  const json = {
    ...rest,
    ...(site.feed.content === 'full' ? { content_html: html } : { content_text: post.description }),
    authors: (post.authors.length > 0 ? post.authors : [site.author]).map(jsonAuthor),
  };
  return JSON.stringify(json, null, 2).replace(/\n/g, '\n    ');
}

/**
 * The feed of `format` for the site, or for one tag, piece by piece: newest first, `feed.limit` items at
 * most. Each item is rendered when its turn comes and not kept, so a caller that writes each piece before
 * asking for the next holds one item, not the feed (the site feeds of 10,000 full posts are 130 MB each).
 * The pieces join to what `feed` writes for the whole feed.
 */
export function* generateFeed(content: Content, format: FeedFormat, tag?: Tag): Generator<string> {
  const { site } = content;
  const scope = scopeOf(content, tag);
  const feed = new Feed(feedOptions(site, scope));
  if (format === 'json') {
    const { items: _items, ...head } = JSON.parse(feed.json1()) as Record<string, unknown>;
    void _items;
    // `feed` writes JSON Feed 1.0; 1.1 adds `language` and `authors`.
    const hubs = site.feed.hub.length ? { hubs: site.feed.hub.map((url) => ({ type: 'WebSub', url })) } : {};
    const text = JSON.stringify({ ...head, version: 'https://jsonfeed.org/version/1.1', language: site.language, authors: [jsonAuthor(site.author)], ...hubs, items: [] }, null, 2);
    // `items` is the last key: its `[]` is the last one in the text.
    const at = text.lastIndexOf('[]');
    yield text.slice(0, at);
    if (scope.posts.length === 0) yield '[]';
    else {
      yield '[\n    ';
      for (const [i, post] of scope.posts.entries()) yield (i === 0 ? '' : ',\n    ') + itemJson(post, site, item(post, site, 'json'));
      yield '\n  ]';
    }
    yield `${text.slice(at + 2)}\n`;
    return;
  }
  if (scope.posts.length === 0) {
    yield withHubs(format === 'rss' ? feed.rss2() : feed.atom1(), site.feed.hub);
    return;
  }
  // The feed's frame as `feed` writes it around one stand-in item (with content when any item has some, as
  // RSS declares the content namespace then), and the items in the stand-in's place.
  const withContent = site.feed.content === 'full' && scope.posts.some((post) => post.feedHtml !== '');
  const standIn: Item = { title: 'x', link: 'https://feed.invalid/', date: new Date(0), content: withContent ? 'x' : undefined };
  feed.addItem(standIn);
  const frame = withHubs(format === 'rss' ? feed.rss2() : feed.atom1(), site.feed.hub);
  const placeholder = itemXml(format, standIn);
  const at = frame.lastIndexOf(placeholder);
  yield frame.slice(0, at);
  for (const post of scope.posts) yield itemXml(format, item(post, site, format));
  yield frame.slice(at + placeholder.length);
}

/** The whole feed of `format` for the site, or for one tag (generateFeed, joined). */
export function buildFeed(content: Content, format: FeedFormat, tag?: Tag): string {
  return [...generateFeed(content, format, tag)].join('');
}
