import { cacheKey, hasCached } from './cache';
import type { Content, Entry, Post, TagRef } from './content/types';
import type { Problem } from './problems';
import { isCatchAllPage, neighbours, sitePages, type SitePage } from './routes';
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
  nav: { title: string; path: string }[];
  dev: boolean;
  problems: Problem[];
}

/** A post as lists show it. */
export type PostSummary = Pick<Post, 'path' | 'title' | 'date' | 'readingMinutes' | 'description' | 'tags' | 'unpublished'>;

/** A post or page as its own page shows it. */
export type EntryShown = Pick<Entry, 'kind' | 'path' | 'title' | 'description' | 'updated' | 'authors' | 'canonical' | 'headings' | 'html' | 'wordCount' | 'readingMinutes' | 'unpublished' | 'math'> & {
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

/** A post or a page, with the posts before and after a post. */
export interface EntryView {
  kind: 'entry';
  entry: EntryShown;
  newer?: PostLink;
  older?: PostLink;
}

export type PageView = EntryView | ListView;

export function layoutView(content: Content): LayoutView {
  return { site: content.site, nav: content.pages.map((p) => ({ title: p.title, path: p.path })), dev: runtimeOptions().watch, problems: content.problems };
}

export function postSummary(post: Post): PostSummary {
  return { path: post.path, title: post.title, date: post.date, readingMinutes: post.readingMinutes, description: post.description, tags: post.tags, unpublished: post.unpublished };
}

function entryShown(entry: Entry): EntryShown {
  const { kind, path, title, description, date, updated, authors, canonical, headings, html, wordCount, readingMinutes, unpublished, math } = entry;
  return { kind, path, title, description, date, updated, authors, canonical, headings, html, wordCount, readingMinutes, unpublished, math, tags: entry.kind === 'post' ? entry.tags : [] };
}

const link = (post: Post | undefined): PostLink | undefined => post && { path: post.path, title: post.title };

/** The view of a page of the catch-all route, or of the home page. */
export function pageView(content: Content, page: Extract<SitePage, { kind: 'entry' | 'list' }>): PageView {
  if (page.kind === 'list') {
    const tag = page.tag && { slug: page.tag.slug, name: page.tag.name, count: page.tag.posts.length };
    return { kind: 'list', path: page.path, base: page.base, page: page.page, pageCount: page.pageCount, tag, posts: page.posts.map(postSummary) };
  }
  const around = page.entry.kind === 'post' ? neighbours(content, page.entry) : {};
  return { kind: 'entry', entry: entryShown(page.entry), newer: link(around.newer), older: link(around.older) };
}

/** The cache key of a page's HTML: its view, the layout's, and the code that renders them (app/, lib/, the Next config). */
export function pageKey(content: Content, page: Extract<SitePage, { kind: 'entry' | 'list' }>): string {
  return cacheKey(['app', 'lib', 'next.config.mjs'], 'page', layoutView(content), pageView(content, page));
}

/**
 * The pages of the catch-all route, and for each whether this build renders it. A site that keeps the client
 * runtime renders every page (its pages name the build's own script files), and so does `next dev`.
 */
export function catchAllPages(content: Content): { page: Extract<SitePage, { kind: 'entry' | 'list' }>; key: string; render: boolean }[] {
  return sitePages(content)
    .filter(isCatchAllPage)
    .map((page) => {
      const key = pageKey(content, page);
      return { page, key, render: content.site.clientRuntime || runtimeOptions().watch || !hasCached(key) };
    });
}
