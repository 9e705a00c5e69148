import type { Entry, Tag } from './content/types';

/**
 * Where every file Masthead generates lives. Each comes from the Route Handler of the same path in app/
 * (`/rss.xml` is app/rss.xml/route.ts, `/tags/go/rss.xml` app/tags/[tag]/rss.xml/route.ts, a card
 * app/og/[...path]/route.ts), but the Markdown copies: the App Router cannot nest a route below the
 * catch-all page, so scripts/post-export.ts writes them.
 */

/** The files every site publishes at its root. */
export const SITE_FILES = [
  '/rss.xml', '/atom.xml', '/feed.json', '/sitemap.xml', '/robots.txt', '/llms.txt', '/llms-full.txt',
  '/og.png', '/favicon.ico', '/icon.svg', '/apple-touch-icon.png', '/icon-192.png', '/icon-512.png', '/manifest.webmanifest',
] as const;

export type FeedFormat = 'rss' | 'atom' | 'json';

/** The file name of each feed format, below `/` for the site's feeds and `/tags/<slug>/` for a tag's. */
export const FEED_FILES: Record<FeedFormat, string> = { rss: 'rss.xml', atom: 'atom.xml', json: 'feed.json' };

/** The site path of a tag's feed of `format`. */
export function tagFeedPath(tag: Pick<Tag, 'slug'>, format: FeedFormat): string {
  return `/tags/${tag.slug}/${FEED_FILES[format]}`;
}

/** The content folder's folder of files published as they are, at the same path (`static/CNAME` is `/CNAME`). */
export const STATIC_DIR = 'static';

/** The redirect rules of Netlify and Cloudflare Pages (app/%5Fredirects/route.ts), for a site with redirects. */
export const REDIRECTS_FILE = '/_redirects';

/** The search page: the only page with a script (app/search/page.tsx). */
export const SEARCH_PATH = '/search/';

/** Every post by year (lib/routes.ts); a page of the author's own at this path takes its place. */
export const ARCHIVE_PATH = '/archive/';

/** The author's stylesheet, content/custom.css, published here and linked after the theme's (app/custom.css/route.ts). */
export const CUSTOM_CSS_PATH = '/custom.css';

/** Where Pagefind writes the search index (scripts/search-index.ts). */
export const SEARCH_INDEX_DIR = '/pagefind/';

/** KaTeX's stylesheet and fonts (lib/beside-pages.ts), published when a page has math and linked by those pages only. */
export const KATEX_DIR = '/katex/';
export const KATEX_STYLESHEET = `${KATEX_DIR}katex.min.css`;

/** `npm run dev` only: the event stream that tells open pages to reload (app/masthead-reload/route.dev.ts). */
export const DEV_RELOAD_PATH = '/masthead-reload/';

/** The site path of an entry's Markdown copy: `<path>index.html.md`, as llmstxt.org names copies of `/` URLs. */
export function markdownCopyPath(entry: Pick<Entry, 'path'>): string {
  return `${entry.path}index.html.md`;
}

/** Open Graph card size: https://developers.facebook.com/docs/sharing/webmasters/images */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** The Open Graph card of the page at `sitePath`: `/og.png` for the home page, `/og/posts/a.png` for `/posts/a/`. */
export function cardPath(sitePath: string): string {
  return sitePath === '/' ? '/og.png' : `/og${sitePath.replace(/\/$/, '')}.png`;
}

/**
 * A route param that stands for nothing. `output: 'export'` refuses a dynamic route whose
 * generateStaticParams is empty (a site without tags, without posts): such a route renders this one, and
 * scripts/post-export.ts deletes what it wrote (PLACEHOLDER_FILES). No slug can be `~`.
 */
export const PLACEHOLDER = '~';

/** What the placeholders write in out/, deleted after the export. */
export const PLACEHOLDER_FILES = [`/${PLACEHOLDER}/`, `/tags/${PLACEHOLDER}/`, `/og/${PLACEHOLDER}.png`, `/sitemap/${PLACEHOLDER}.xml`, `/.well-known/${PLACEHOLDER}`];

/** Files an operating system leaves in folders, which no author means to publish. */
export const SYSTEM_FILES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);
