import { cacheKey, hasCached } from './cache';
import type { Content, Entry, MenuItem, Post, TagRef } from './content/types';
import type { Problem } from './problems';
import { entryTexts } from './content/load';
import { devWatchRefreshes } from './dev-watch';
import { isResponsive } from './images';
import { isCatchAllPage, neighbours, postsByYear, relatedPosts, seriesOf, sitePages, type CatchAllPage, type SitePage } from './routes';
import { runtimeOptions, type SiteConfig } from './site';

/**
 * What each HTML page shows, as plain data: the components in app/ render these views and nothing else, so
 * a page's view (with the layout's and the code's) is all its HTML depends on. That makes it the key of the
 * page in the cache: `npm run build` renders only the pages whose key changed (the catch-all route leaves
 * the others out of its params) and copies the others from the cache after the export
 * (scripts/post-export.ts). A field a component needs must be in its view, so no page is ever reused
 * while it would show something else.
 */

/** What every page's layout shows: the site and its menu; in `npm run dev`, the reload script and the content's problems. */
export interface LayoutView {
  site: SiteConfig;
  menu: MenuItem[];
  /** The content folder's custom.css, when it has one: its link changes with it. */
  customCss?: { version: string; integrity: string };
  /** In `npm run dev`: the refreshes of public/ done when the page was made (lib/dev-watch.ts); one done later reloads it. */
  dev?: { refreshes: number };
  problems: Problem[];
}

/** A cover image as a list shows it: a file of the site with its size (a URL elsewhere, whose size is unknown, is not shown). */
export interface Cover {
  href: string;
  width: number;
  height: number;
  /** Encoded at several sizes and formats (lib/images.ts): shown as a <picture>. */
  responsive: boolean;
}

/** A post as lists show it. */
export type PostSummary = Pick<Post, 'path' | 'title' | 'date' | 'readingMinutes' | 'description' | 'tags' | 'unpublished'> & { cover?: Cover };

/** A post or page as its own page shows it. */
export type EntryShown = Pick<Entry, 'kind' | 'path' | 'title' | 'description' | 'updated' | 'authors' | 'canonical' | 'headings' | 'html' | 'css' | 'wordCount' | 'readingMinutes' | 'unpublished' | 'math'> & {
  date?: Date;
  /** A page shows no tags. */
  tags: TagRef[];
};

/** A link to another post, with its title. */
export interface PostLink {
  path: string;
  title: string;
}

/** One page of a list of posts: the home list or a tag's. */
export interface ListView {
  kind: 'list';
  path: string;
  /** Where the list starts: `/` or `/tags/<slug>/`. */
  base: string;
  page: number;
  pageCount: number;
  tag?: { slug: string; name: string; count: number };
  posts: PostSummary[];
}

/** A post or a page, with the posts before and after a post, its related posts and its series. */
export interface EntryView {
  kind: 'entry';
  entry: EntryShown;
  newer?: PostLink;
  older?: PostLink;
  related: PostLink[];
  series: { name: string; posts: PostLink[]; index: number }[];
}

/** Every post by year, newest first. */
export interface ArchiveView {
  kind: 'archive';
  path: string;
  years: { year: number; posts: (PostLink & Pick<Post, 'date' | 'unpublished'>)[] }[];
  count: number;
}

export type PageView = EntryView | ListView | ArchiveView;

export function layoutView(content: Content): LayoutView {
  // Read, not started: Next's short-lived workers (generateStaticParams) call this too, and hold no watch.
  const dev = runtimeOptions().watch ? { refreshes: devWatchRefreshes() ?? 0 } : undefined;
  return { site: content.site, menu: content.menu, customCss: content.customCss, dev, problems: content.problems };
}

function coverOf(post: Post): Cover | undefined {
  const { image } = post;
  if (!image?.source || !image.width || !image.height) return undefined;
  return { href: image.href, width: image.width, height: image.height, responsive: isResponsive(image.href) };
}

export function postSummary(post: Post): PostSummary {
  const { path, title, date, readingMinutes, description, tags, unpublished } = post;
  return { path, title, date, readingMinutes, description, tags, unpublished, cover: coverOf(post) };
}

function entryShown(entry: Entry): EntryShown {
  const { kind, path, title, description, date, updated, authors, canonical, headings, wordCount, readingMinutes, unpublished, math } = entry;
  // The HTML and its styles in one read of the cache.
  const { html, css } = entryTexts(entry);
  return { kind, path, title, description, date, updated, authors, canonical, headings, html, css, wordCount, readingMinutes, unpublished, math, tags: entry.kind === 'post' ? entry.tags : [] };
}

const linkTo = (post: Post): PostLink => ({ path: post.path, title: post.title });
const link = (post: Post | undefined): PostLink | undefined => post && linkTo(post);

/** The view of a page of the catch-all route, or of the home page. */
export function pageView(content: Content, page: CatchAllPage | Extract<SitePage, { kind: 'list' }>): PageView {
  if (page.kind === 'archive') {
    const years = postsByYear(content.posts).map(({ year, posts }) => ({ year, posts: posts.map((p) => ({ ...linkTo(p), date: p.date, unpublished: p.unpublished })) }));
    return { kind: 'archive', path: page.path, years, count: content.posts.length };
  }
  if (page.kind === 'list') {
    const tag = page.tag && { slug: page.tag.slug, name: page.tag.name, count: page.tag.posts.length };
    return { kind: 'list', path: page.path, base: page.base, page: page.page, pageCount: page.pageCount, tag, posts: page.posts.map(postSummary) };
  }
  const post = page.entry.kind === 'post' ? page.entry : undefined;
  const around = post ? neighbours(content, post) : {};
  const series = post ? seriesOf(content, post) : [];
  return {
    kind: 'entry',
    entry: entryShown(page.entry),
    newer: link(around.newer),
    older: link(around.older),
    related: post ? relatedPosts(content, post).map(linkTo) : [],
    series: series.map((s) => ({ name: s.name, index: s.index, posts: s.posts.map(linkTo) })),
  };
}

/** The cache key of a page's HTML: its view, the layout's, and the code that renders them (app/, lib/, the Next config). */
export function pageKey(content: Content, page: CatchAllPage): string {
  return cacheKey(['app', 'lib', 'next.config.mjs'], 'page', layoutView(content), pageView(content, page));
}

/**
 * The pages of the catch-all route, and for each whether this build renders it. A site that keeps the client
 * runtime renders every page (its pages name the build's own script files), and so does `next dev`.
 */
export function catchAllPages(content: Content): { page: CatchAllPage; key: string; render: boolean }[] {
  return sitePages(content)
    .filter(isCatchAllPage)
    .map((page) => {
      const key = pageKey(content, page);
      return { page, key, render: content.site.clientRuntime || runtimeOptions().watch || !hasCached(key) };
    });
}
