import type { Content, Entry, Post, Redirect, Tag } from './content/types';
import { SEARCH_PATH } from './outputs';
import { paginate, pagePath } from './paginate';

/** One HTML page of the site. */
export type SitePage =
  | { kind: 'home' | 'tags' | 'search'; path: string; lastModified?: Date }
  | { kind: 'entry'; path: string; entry: Entry; lastModified?: Date }
  | { kind: 'list'; path: string; base: string; tag?: Tag; posts: Post[]; page: number; pageCount: number; lastModified?: Date };

/** Pages the catch-all route (app/[...path]/page.tsx) renders: every entry and list page but the home page. `/`, `/tags/` and `/search/` have routes of their own. */
export function isCatchAllPage(page: SitePage): page is Extract<SitePage, { kind: 'entry' | 'list' }> {
  return page.kind === 'entry' || (page.kind === 'list' && page.path !== '/');
}

/** The latest of some dates (undefined ones skipped), or undefined when there is none. */
export function latestDate(dates: Iterable<Date | undefined>): Date | undefined {
  let best: Date | undefined;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

/** The newest change among posts: the latest `updated`, else `date`. */
export function newestChange(posts: readonly Post[]): Date | undefined {
  return latestDate(posts.map((p) => p.updated ?? p.date));
}

/** The last change to an entry: `updated`, else `date` (a page without dates has none). */
export function lastModifiedOf(entry: Entry): Date | undefined {
  return entry.updated ?? entry.date;
}

const tables = new WeakMap<Content, { list: SitePage[]; byPath: Map<string, SitePage>; postIndex: Map<Post, number>; redirects: Map<string, Redirect> }>();

function table(content: Content) {
  let t = tables.get(content);
  if (!t) {
    const list = buildSitePages(content);
    t = {
      list,
      byPath: new Map(list.map((p) => [p.path, p])),
      postIndex: new Map(content.posts.map((p, i) => [p, i])),
      // By the path the catch-all route asks for: `/old.html` is asked for as `/old.html/`.
      redirects: new Map(content.redirects.map((r) => [r.from.endsWith('/') ? r.from : `${r.from}/`, r])),
    };
    tables.set(content, t);
  }
  return t;
}

/** Every public HTML page (see buildSitePages), computed once per loaded content. */
export function sitePages(content: Content): SitePage[] {
  return table(content).list;
}

/** The HTML page at a site path, if there is one. */
export function sitePageAt(content: Content, path: string): SitePage | undefined {
  return table(content).byPath.get(path);
}

/**
 * The redirect answering an old URL, if the site has one. Not a SitePage: an old URL is no page of the site
 * (it is in no sitemap, feed or llms.txt); the catch-all route writes it all the same.
 */
export function redirectAt(content: Content, path: string): Redirect | undefined {
  return table(content).redirects.get(path);
}

/** The posts either side of `post` in date order, looked up once per build rather than searched per page. */
export function neighbours(content: Content, post: Post): { newer?: Post; older?: Post } {
  const i = table(content).postIndex.get(post);
  return i === undefined ? {} : { newer: content.posts[i - 1], older: content.posts[i + 1] };
}

/**
 * Every public HTML page, in a stable order: home and its pages, posts, pages, the tag index, tag lists, search.
 * The one list that routing, the sitemap and the checker share.
 */
function buildSitePages(content: Content): SitePage[] {
  const { site, posts, pages, tags } = content;
  const lists = (base: string, members: Post[], tag?: Tag): SitePage[] =>
    paginate(members, site.pageSize).map((slice) => ({
      kind: 'list' as const,
      path: pagePath(base, slice.page),
      base,
      tag,
      posts: slice.items,
      page: slice.page,
      pageCount: slice.pageCount,
      lastModified: newestChange(slice.items),
    }));
  return [
    ...lists('/', posts),
    ...posts.map((entry) => ({ kind: 'entry' as const, path: entry.path, entry, lastModified: lastModifiedOf(entry) })),
    ...pages.map((entry) => ({ kind: 'entry' as const, path: entry.path, entry, lastModified: lastModifiedOf(entry) })),
    { kind: 'tags' as const, path: '/tags/', lastModified: newestChange(posts) },
    ...tags.flatMap((tag) => lists(`/tags/${tag.slug}/`, tag.posts, tag)),
    // Crawled like any page: `/search/?q=…` names `/search/` as its canonical URL.
    ...(site.search ? [{ kind: 'search' as const, path: SEARCH_PATH }] : []),
  ];
}
