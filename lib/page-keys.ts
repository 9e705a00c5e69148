import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { awaitPreparedContent } from './content/ready';
import type { Content, Entry, Post } from './content/types';
import { neighbours, type SitePage } from './routes';

/**
 * What a rendered HTML page can depend on, as plain data: the site, the layout's navigation, and the
 * page's own inputs. Two builds whose page inputs hash alike (with the same code) write the same page,
 * so `npm run build` renders only the pages whose key changed and reuses the rest (scripts/page-cache.ts).
 * The projections leave out only what no page shows (the Markdown source, link tables); anything else a
 * component might read is in, so a key errs on the side of rendering again.
 */
export function pageInputs(content: Content, page: SitePage): unknown {
  const layout = { site: content.site, nav: content.pages.map((p) => ({ title: p.title, path: p.path })) };
  if (page.kind === 'entry') {
    const { entry } = page;
    const around = entry.kind === 'post' ? neighbours(content, entry) : {};
    return { layout, page: { ...page, entry: entryInputs(entry) }, newer: summary(around.newer), older: summary(around.older) };
  }
  if (page.kind === 'list') {
    const tag = page.tag && { slug: page.tag.slug, name: page.tag.name, count: page.tag.posts.length };
    return { layout, page: { ...page, tag, posts: page.posts.map(summary) } };
  }
  return { layout, page, tags: content.tags.map((t) => ({ slug: t.slug, name: t.name, count: t.posts.length })) };
}

/**
 * An entry as its own page uses it: everything but the Markdown source, the link tables built from it
 * and where the cover image lies on disk (so a moved content folder keeps its keys).
 */
function entryInputs(entry: Entry) {
  const { markdown: _markdown, urlSpans: _spans, links: _links, image, ...rest } = entry;
  return { ...rest, image: image && { href: image.href, width: image.width, height: image.height } };
}

/** A post as a list or a neighbour link shows it: everything but its body. */
function summary(post: Post | undefined) {
  if (!post) return null;
  const { html: _html, headings: _headings, ...rest } = entryInputs(post);
  return rest;
}

/** The cache key of one page: its inputs and a fingerprint of the code that renders them. */
export function pageKey(codeFingerprint: string, content: Content, page: SitePage): string {
  return createHash('sha256').update(codeFingerprint).update('\0').update(JSON.stringify(pageInputs(content, page))).digest('hex');
}

/** The paths a build renders (written by scripts/page-cache.ts), or undefined to render every page. */
export function loadRenderList(file: string | undefined): Set<string> | undefined {
  if (!file) return undefined;
  awaitPreparedContent();
  const list: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(list) || !list.every((p) => typeof p === 'string')) throw new Error(`${file}: expected a JSON list of site paths`);
  return new Set(list);
}
