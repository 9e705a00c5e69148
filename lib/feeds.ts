import { createHash } from 'node:crypto';
import { Feed, type Author as FeedAuthor, type FeedOptions, type Item } from 'feed';
import type { Element, Root } from 'hast';
import { fromParse5 } from 'hast-util-from-parse5';
import { toHtml } from 'hast-util-to-html';
import { parseFragment } from 'parse5';
import { visit } from 'unist-util-visit';
import type { Author, Content, Post, Tag } from './content/types';
import type { ItemStore } from './item-store';
import type { PathFile } from './outputs';
import { newestChange } from './routes';
import { absoluteUrl, type SiteConfig } from './site';
import { stripInvalidXmlChars } from './xml';

// RSS 2.0: https://www.rssboard.org/rss-specification
// Atom 1.0: https://www.rfc-editor.org/rfc/rfc4287
// JSON Feed 1.1: https://www.jsonfeed.org/version/1.1/

export type Format = 'rss' | 'atom' | 'json';

/** The site path of each feed file below a base (`/` for the site, `/tags/<slug>/` for a tag). */
export const FEED_FILES: Record<Format, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

const URL_PROPERTIES = ['href', 'src', 'poster'] as const;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function absolute(value: string, base: string): string {
  if (SCHEME.test(value)) return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value;
  }
}

/**
 * HTML with every relative or root-relative `href`, `src`, `srcset` and `poster` resolved against
 * `baseUrl` (the page the HTML belongs to). Root-relative URLs already carry the base path, so they
 * resolve against the origin.
 */
export function absolutizeHtml(html: string, baseUrl: string): string {
  // parse5 without source locations (what `hast-util-from-html` adds): nothing here reads them, and they
  // cost about half of the parse.
  const tree = fromParse5(parseFragment(html, { scriptingEnabled: false })) as Root;
  visit(tree, 'element', (node: Element) => {
    for (const name of URL_PROPERTIES) {
      const value = node.properties[name];
      if (typeof value === 'string' && value !== '') node.properties[name] = absolute(value, baseUrl);
    }
    const srcSet = node.properties.srcSet;
    // srcset: comma-separated "url [descriptor]" candidates.
    if (typeof srcSet === 'string' || Array.isArray(srcSet)) {
      const candidates = (Array.isArray(srcSet) ? srcSet.map(String) : srcSet.split(','))
        .map((candidate) => candidate.trim())
        .filter((candidate) => candidate !== '')
        .map((candidate) => {
          const [url, ...descriptor] = candidate.split(/\s+/);
          return [absolute(url, baseUrl), ...descriptor].join(' ');
        });
      node.properties.srcSet = candidates.join(', ');
    }
  });
  return toHtml(tree);
}

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

/** What one feed covers: the whole site, or one tag. */
interface Scope {
  title: string;
  description: string;
  /** Site path of the HTML page the feed mirrors. */
  page: string;
  /** Site path prefix of the feed files. */
  base: string;
  posts: Post[];
}

function scopeOf(content: Content, tag?: Tag): Scope {
  const { site } = content;
  const posts = tag ? tag.posts : content.posts;
  const limited = site.feed.limit === undefined ? posts : posts.slice(0, site.feed.limit);
  if (!tag) return { title: site.title, description: site.description, page: '/', base: '/', posts: limited };
  return {
    title: `${site.title}: ${tag.name}`,
    description: `Posts tagged “${tag.name}” on ${site.title}.`,
    page: `/tags/${tag.slug}/`,
    base: `/tags/${tag.slug}/`,
    posts: limited,
  };
}

function item(post: Post, site: SiteConfig, format: Format, html: string | undefined): Item {
  const url = absoluteUrl(site, post.path);
  const clean = stripInvalidXmlChars;
  const xml = format !== 'json';
  const title = clean(post.title);
  const summary = clean(post.description);
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

function feedOptions(content: Content, scope: Scope): FeedOptions {
  const { site } = content;
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
      rss: absoluteUrl(site, `${scope.base}${FEED_FILES.rss}`),
      atom: absoluteUrl(site, `${scope.base}${FEED_FILES.atom}`),
      json: absoluteUrl(site, `${scope.base}${FEED_FILES.json}`),
    },
    author: feedAuthor(site.author),
  };
}

/** The header of the one-item feeds items are rendered in: fixed, and free of any item markup. */
const BARE: FeedOptions = { id: 'https://feed.invalid/', title: 'x', link: 'https://feed.invalid/', updated: new Date(0), generator: 'x' };

/** Where `feed` writes one item in RSS and Atom: the element, and its indentation inside the feed. */
const ITEM_TAG: Record<'rss' | 'atom', string> = { rss: 'item', atom: 'entry' };

/**
 * One item as `feed` writes it inside a feed, from the line break before its start tag to its end tag. The
 * item is rendered in a feed of its own whose header is fixed, so the first start tag and the last end
 * tag are the item's, whatever its content holds. Items sit at the same depth in every feed, so the text
 * is the same in any feed of that format.
 */
function itemXml(format: 'rss' | 'atom', entry: Item): string {
  const feed = new Feed(BARE);
  feed.addItem(entry);
  const text = format === 'rss' ? feed.rss2() : feed.atom1();
  const tag = ITEM_TAG[format];
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

function jsonAuthor(author: Author) {
  return { name: author.name, ...(author.url ? { url: author.url } : {}) };
}

/** One post's item as written inside a feed of its format, and whether it carries the post's content. */
interface RenderedItem {
  text: string;
  hasContent: boolean;
}

type ItemRenderer = (format: Format, post: Post) => RenderedItem;

/**
 * Everything a post's item in `format` is made of, besides the code: the site fields items show and the
 * post's own. Equal keys, equal items (with the same code: an ItemStore is kept per build of the code).
 */
export function itemKey(format: Format, site: SiteConfig, post: Post, htmlDigest = digestOf(post.html)): string {
  const { path, title, description, date, updated, authors, tags, image } = post;
  return createHash('sha256')
    .update(JSON.stringify([format, site.url, site.feed.content, site.author, path, title, description, date, updated ?? null, authors, tags, image?.href ?? null, htmlDigest]))
    .digest('hex');
}

/** A digest of a post's HTML, for the keys of its items. */
function digestOf(html: string): string {
  return createHash('sha256').update(html).digest('hex');
}

/**
 * Renders a post's item for a format; with `keep`, each item (and its post's feed HTML) is kept and rendered
 * once. With a `store`, an item an earlier build rendered is read from it instead.
 */
function itemRenderer(content: Content, keep: boolean, store?: ItemStore): { itemOf: ItemRenderer; keyOf: (format: Format, post: Post) => string; forget: (format: Format) => void } {
  const { site } = content;
  const full = site.feed.content === 'full';
  const html = new Map<Post, string>();
  // A post's HTML is read and hashed once for all its items' keys: a post from the snapshot reads it from a file.
  const digests = new Map<Post, string>();
  const keyOf = (format: Format, post: Post): string => {
    let digest = digests.get(post);
    if (digest === undefined) {
      digest = digestOf(post.html);
      digests.set(post, digest);
    }
    return itemKey(format, site, post, digest);
  };
  const items: Record<Format, Map<Post, RenderedItem>> = { rss: new Map(), atom: new Map(), json: new Map() };

  /** The post's HTML with absolute URLs, for full-content feeds: worked out once for all three formats. */
  const feedHtml = (post: Post): string | undefined => {
    if (!full) return undefined;
    let value = html.get(post);
    if (value === undefined) {
      value = stripInvalidXmlChars(absolutizeHtml(post.html, absoluteUrl(site, post.path)));
      if (keep) html.set(post, value);
    }
    return value;
  };

  const render = (format: Format, post: Post): RenderedItem => {
    const entry = item(post, site, format, feedHtml(post));
    const text = format === 'json' ? itemJson(post, site, entry) : itemXml(format, entry);
    return { text, hasContent: Boolean(entry.content) };
  };

  /** From the store: the text after a flag character, `1` when the item carries the post's content. */
  const stored = (format: Format, post: Post): RenderedItem => {
    const key = keyOf(format, post);
    const hit = store!.get(key);
    if (hit !== undefined) return { text: hit.slice(1), hasContent: hit[0] === '1' };
    const rendered = render(format, post);
    store!.set(key, `${rendered.hasContent ? '1' : '0'}${rendered.text}`);
    return rendered;
  };

  const itemOf = (format: Format, post: Post): RenderedItem => {
    let rendered = items[format].get(post);
    if (!rendered) {
      rendered = store ? stored(format, post) : render(format, post);
      if (keep) items[format].set(post, rendered);
    }
    return rendered;
  };

  const forget = (format: Format) => {
    items[format].clear();
    if (items.rss.size + items.atom.size + items.json.size === 0) html.clear();
  };
  return { itemOf, keyOf, forget };
}

/** The text of one feed, piece by piece in order: each item is asked of `itemOf` when its turn comes. */
function* feedParts(content: Content, format: Format, tag: Tag | undefined, itemOf: ItemRenderer): Generator<string> {
  const { site } = content;
  const scope = scopeOf(content, tag);
  const feed = new Feed(feedOptions(content, scope));
  if (format === 'json') {
    const { items: _items, ...head } = JSON.parse(feed.json1()) as Record<string, unknown>;
    void _items;
    // `feed` writes JSON Feed 1.0; 1.1 adds `language` and `authors`.
    const text = JSON.stringify({ ...head, version: 'https://jsonfeed.org/version/1.1', language: site.language, authors: [jsonAuthor(site.author)], items: [] }, null, 2);
    // `items` is the last key: its `[]` is the last one in the text.
    const at = text.lastIndexOf('[]');
    yield text.slice(0, at);
    if (scope.posts.length === 0) yield '[]';
    else {
      yield '[\n    ';
      for (const [i, post] of scope.posts.entries()) yield (i === 0 ? '' : ',\n    ') + itemOf(format, post).text;
      yield '\n  ]';
    }
    yield `${text.slice(at + 2)}\n`;
    return;
  }
  if (scope.posts.length === 0) {
    yield format === 'rss' ? feed.rss2() : feed.atom1();
    return;
  }
  // The feed's frame as `feed` writes it around one stand-in item (with content when any item has it, as
  // RSS declares the content namespace then), and the rendered items in the stand-in's place. Items are
  // rendered up to the first with content (the first, in a full-content feed) before the frame is known.
  const first: string[] = [];
  let hasContent = false;
  let next = 0;
  while (!hasContent && next < scope.posts.length) {
    const rendered = itemOf(format, scope.posts[next++]);
    first.push(rendered.text);
    hasContent = rendered.hasContent;
  }
  const standIn: Item = { title: 'x', link: 'https://feed.invalid/', date: new Date(0), content: hasContent ? 'x' : undefined };
  feed.addItem(standIn);
  const frame = format === 'rss' ? feed.rss2() : feed.atom1();
  const placeholder = itemXml(format, standIn);
  const at = frame.lastIndexOf(placeholder);
  yield frame.slice(0, at);
  yield first.join('');
  first.length = 0;
  for (; next < scope.posts.length; next++) yield itemOf(format, scope.posts[next]).text;
  yield frame.slice(at + placeholder.length);
}

/** Builds feeds; renders each post's item once per format, for the site feed and every tag feed that holds it. */
export interface FeedRenderer {
  /** The feed of `format` for the site, or for one tag. */
  render(format: Format, tag?: Tag): string;
  /**
   * A digest of everything the feed of `format` (for the site, or one tag) is made of besides the code: the
   * site, the feed's scope, and each item's key (lib/item-store.ts keeps a store per version of the code).
   */
  key(format: Format, tag?: Tag): string;
  /** Drops the items kept for `format` (after its last feed, to bound memory). */
  forget(format: Format): void;
}

/** A renderer for `content`; keep one for all the feeds of a build, so no item is rendered twice. */
export function createFeedRenderer(content: Content, store?: ItemStore): FeedRenderer {
  const { itemOf, keyOf, forget } = itemRenderer(content, true, store);
  return {
    render: (format, tag) => [...feedParts(content, format, tag, itemOf)].join(''),
    key(format, tag) {
      const scope = scopeOf(content, tag);
      const hash = createHash('sha256').update(JSON.stringify([format, content.site, { ...scope, posts: scope.posts.length }]));
      for (const post of scope.posts) hash.update(keyOf(format, post));
      return hash.digest('hex');
    },
    forget,
  };
}

/**
 * The site's feed of `format` (or one tag's), piece by piece: each item is rendered when asked for and
 * not kept, so a caller that writes each piece before asking for the next holds one item, not the feed
 * (the site feeds of 10,000 full posts are 130 MB each).
 */
export function generateFeed(content: Content, format: Format, tag?: Tag, store?: ItemStore): Generator<string> {
  return feedParts(content, format, tag, itemRenderer(content, false, store).itemOf);
}

/** RSS 2.0 for the site, or for one tag: newest first, `site.feed.limit` items at most. */
export function buildRss(content: Content, tag?: Tag): string {
  return [...generateFeed(content, 'rss', tag)].join('');
}

/** Atom 1.0 for the site, or for one tag: newest first, `site.feed.limit` items at most. */
export function buildAtom(content: Content, tag?: Tag): string {
  return [...generateFeed(content, 'atom', tag)].join('');
}

/** JSON Feed 1.1 for the site, or for one tag: newest first, `site.feed.limit` items at most. */
export function buildJsonFeed(content: Content, tag?: Tag): string {
  return [...generateFeed(content, 'json', tag)].join('');
}

/** The files of the three feeds for one tag, at `/tags/<slug>/rss.xml`, `atom.xml`, `feed.json`. */
export function buildTagFeeds(content: Content, tag: Tag, renderer = createFeedRenderer(content)): { path: string; contents: string }[] {
  const base = `/tags/${tag.slug}/`;
  return [
    { path: base + FEED_FILES.rss, contents: renderer.render('rss', tag) },
    { path: base + FEED_FILES.atom, contents: renderer.render('atom', tag) },
    { path: base + FEED_FILES.json, contents: renderer.render('json', tag) },
  ];
}

/**
 * Every tag's three feeds, one file at a time (format by format, so only one format's items are kept):
 * each post's item is rendered once per format however many tags hold it.
 */
export function* generateTagFeeds(content: Content, store?: ItemStore): Generator<PathFile> {
  const renderer = createFeedRenderer(content, store);
  for (const format of ['rss', 'atom', 'json'] as const) {
    for (const tag of content.tags) {
      yield {
        path: `/tags/${tag.slug}/${FEED_FILES[format]}`,
        key: renderer.key(format, tag),
        // Rendered when read: a writer that has the file of this key already never asks.
        get contents() {
          return renderer.render(format, tag);
        },
      };
    }
    renderer.forget(format);
  }
}
