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
  /** Each post's related posts, worked out on first use (lib/pages.ts asks for every post's, more than once). */
  related: Map<Post, Post[]>;
  /** Each tag's posts by their number in `content.posts`, for counting shared tags. */
  tagMembers: Map<string, Int32Array>;
  shared?: Uint16Array;
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
      related: new Map(),
      tagMembers: new Map(),
    };
    for (const post of content.posts) {
      for (const name of post.series) {
        const members = t.series.get(name) ?? [];
        members.push(post);
        t.series.set(name, members);
      }
    }
    // Oldest first; posts of the same instant by path, as everywhere.
    for (const members of t.series.values()) members.sort((a, b) => a.date.getTime() - b.date.getTime() || (a.path < b.path ? -1 : 1));
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
 * Up to three other posts sharing the most tags with `post`; among as many shared tags, the newest first (then
 * by path, as every list of posts). Counted in an array by post, and the best three kept as they come: a site
 * of 10,000 posts whose tags hold thousands each asks this of every post, more than once.
 */
export function relatedPosts(content: Content, post: Post): Post[] {
  const t = table(content);
  let related = t.related.get(post);
  if (related) return related;
  // One count array for every post's turn, cleared after it.
  const shared = (t.shared ??= new Uint16Array(content.posts.length));
  const seen: number[] = [];
  const self = t.postIndex.get(post);
  for (const ref of post.tags) {
    let members = t.tagMembers.get(ref.slug);
    if (!members) t.tagMembers.set(ref.slug, (members = Int32Array.from(t.tagBySlug.get(ref.slug)?.posts ?? [], (p) => t.postIndex.get(p)!)));
    for (const i of members) {
      if (i === self) continue;
      if (shared[i]++ === 0) seen.push(i);
    }
  }
  // Posts are numbered newest first: a lower number wins a tie.
  const best: number[] = [];
  for (const i of seen) {
    let at = best.length;
    while (at > 0 && (shared[i] > shared[best[at - 1]] || (shared[i] === shared[best[at - 1]] && i < best[at - 1]))) at--;
    if (at < 3) best.splice(at, 0, i);
    if (best.length > 3) best.pop();
  }
  for (const i of seen) shared[i] = 0;
  related = best.map((i) => content.posts[i]);
  t.related.set(post, related);
  return related;
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
