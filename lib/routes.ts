import type { Content, Entry, Post, Redirect, Tag } from './content/types';
import { ARCHIVE_PATH, SEARCH_PATH } from './outputs';
import { paginate, pagePath } from './paginate';

/** One HTML page of the site. */
export type SitePage =
  | { kind: 'home' | 'tags' | 'search'; path: string; lastModified?: Date }
  | { kind: 'archive'; path: string; lastModified?: Date }
  | { kind: 'entry'; path: string; entry: Entry; lastModified?: Date }
  | { kind: 'list'; path: string; base: string; tag?: Tag; posts: Post[]; page: number; pageCount: number; lastModified?: Date };

/** A page the catch-all route renders. */
export type CatchAllPage = Extract<SitePage, { kind: 'entry' | 'list' | 'archive' }>;

/**
 * Pages the catch-all route (app/[...path]/page.tsx) renders: every entry and list page but the home page,
 * and the archive (so that an author's own page at /archive/ can take its place). `/`, `/tags/` and
 * `/search/` have routes of their own.
 */
export function isCatchAllPage(page: SitePage): page is CatchAllPage {
  return page.kind === 'entry' || page.kind === 'archive' || (page.kind === 'list' && page.path !== '/');
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

interface Table {
  list: SitePage[];
  byPath: Map<string, SitePage>;
  postIndex: Map<Post, number>;
  redirects: Map<string, Redirect>;
  /** Each series' posts, oldest first. */
  series: Map<string, Post[]>;
  tagBySlug: Map<string, Tag>;
}

const tables = new WeakMap<Content, Table>();

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
      series: new Map(),
      tagBySlug: new Map(content.tags.map((tag) => [tag.slug, tag])),
    };
    for (const post of [...content.posts].reverse()) {
      for (const name of post.series) {
        const members = t.series.get(name) ?? [];
        members.push(post);
        t.series.set(name, members);
      }
    }
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

/** Each series of `post`: its posts, oldest first, and where this one stands among them. */
export function seriesOf(content: Content, post: Post): { name: string; posts: Post[]; index: number }[] {
  return post.series.map((name) => {
    const posts = table(content).series.get(name) ?? [];
    return { name, posts, index: posts.indexOf(post) };
  });
}

/**
 * Up to `limit` other posts sharing the most tags with `post`; among as many shared tags, the newest first
 * (then by path, as every list of posts).
 */
export function relatedPosts(content: Content, post: Post, limit = 3): Post[] {
  const shared = new Map<Post, number>();
  const { postIndex: index, tagBySlug } = table(content);
  for (const ref of post.tags) {
    const tag = tagBySlug.get(ref.slug);
    for (const other of tag?.posts ?? []) if (other !== post) shared.set(other, (shared.get(other) ?? 0) + 1);
  }
  return [...shared.entries()]
    .sort(([a, n], [b, m]) => m - n || index.get(a)! - index.get(b)!)
    .slice(0, limit)
    .map(([p]) => p);
}

/** Posts by year, newest first, as the archive lists them. */
export function postsByYear(posts: readonly Post[]): { year: number; posts: Post[] }[] {
  const years: { year: number; posts: Post[] }[] = [];
  for (const post of posts) {
    const year = post.date.getUTCFullYear();
    if (years.at(-1)?.year !== year) years.push({ year, posts: [] });
    years.at(-1)!.posts.push(post);
  }
  return years;
}

/**
 * Every public HTML page, in a stable order: home and its pages, posts, pages, the archive, the tag index, tag lists, search.
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
    // An author's own page at /archive/ takes the place of the built-in one.
    ...(content.byPath.has(ARCHIVE_PATH) ? [] : [{ kind: 'archive' as const, path: ARCHIVE_PATH, lastModified: newestChange(posts) }]),
    { kind: 'tags' as const, path: '/tags/', lastModified: newestChange(posts) },
    ...tags.flatMap((tag) => lists(`/tags/${tag.slug}/`, tag.posts, tag)),
    // Crawled like any page: `/search/?q=…` names `/search/` as its canonical URL.
    ...(site.search ? [{ kind: 'search' as const, path: SEARCH_PATH }] : []),
  ];
}
