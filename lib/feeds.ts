import { Feed, type Author as FeedAuthor, type Item } from 'feed';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { visit } from 'unist-util-visit';
import type { Author, Content, Post, Tag } from './content/types';
import { newestChange } from './routes';
import { absoluteUrl, type SiteConfig } from './site';
import { stripInvalidXmlChars } from './xml';

// RSS 2.0: https://www.rssboard.org/rss-specification
// Atom 1.0: https://www.rfc-editor.org/rfc/rfc4287
// JSON Feed 1.1: https://www.jsonfeed.org/version/1.1/

type Format = 'rss' | 'atom' | 'json';

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
  const tree: Root = fromHtml(html, { fragment: true });
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

function item(post: Post, site: SiteConfig, format: Format): Item {
  const url = absoluteUrl(site, post.path);
  const clean = stripInvalidXmlChars;
  const xml = format !== 'json';
  const title = clean(post.title);
  const summary = clean(post.description);
  const html = site.feed.content === 'full' ? clean(absolutizeHtml(post.html, url)) : undefined;
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

function feedFor(content: Content, tag: Tag | undefined, format: Format): Feed {
  const { site } = content;
  const scope = scopeOf(content, tag);
  const page = absoluteUrl(site, scope.page);
  const feed = new Feed({
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
  });
  for (const post of scope.posts) feed.addItem(item(post, site, format));
  return feed;
}

/** RSS 2.0 for the site, or for one tag: newest first, `site.feed.limit` items at most. */
export function buildRss(content: Content, tag?: Tag): string {
  return feedFor(content, tag, 'rss').rss2();
}

/** Atom 1.0 for the site, or for one tag: newest first, `site.feed.limit` items at most. */
export function buildAtom(content: Content, tag?: Tag): string {
  return feedFor(content, tag, 'atom').atom1();
}

/** JSON Feed 1.1 for the site, or for one tag: newest first, `site.feed.limit` items at most. */
export function buildJsonFeed(content: Content, tag?: Tag): string {
  const { site } = content;
  // `feed` writes JSON Feed 1.0; 1.1 adds `language` and `authors` (keeping `author` for 1.0 readers).
  const json = JSON.parse(feedFor(content, tag, 'json').json1()) as Record<string, unknown> & { items: Record<string, unknown>[] };
  const authorOf = (a: Author) => ({ name: a.name, ...(a.url ? { url: a.url } : {}) });
  const posts = scopeOf(content, tag).posts;
  const items = json.items.map((entry, i) => {
    const post = posts[i];
    const { content_html: html, ...rest } = entry;
    return {
      ...rest,
      ...(site.feed.content === 'full' ? { content_html: html } : { content_text: post.description }),
      authors: (post.authors.length > 0 ? post.authors : [site.author]).map(authorOf),
    };
  });
  const { items: _items, ...head } = json;
  void _items;
  return `${JSON.stringify({ ...head, version: 'https://jsonfeed.org/version/1.1', language: site.language, authors: [authorOf(site.author)], items }, null, 2)}\n`;
}

/** The files of the three feeds for one tag, at `/tags/<slug>/rss.xml`, `atom.xml`, `feed.json`. */
export function buildTagFeeds(content: Content, tag: Tag): { path: string; contents: string }[] {
  const base = `/tags/${tag.slug}/`;
  return [
    { path: base + FEED_FILES.rss, contents: buildRss(content, tag) },
    { path: base + FEED_FILES.atom, contents: buildAtom(content, tag) },
    { path: base + FEED_FILES.json, contents: buildJsonFeed(content, tag) },
  ];
}
