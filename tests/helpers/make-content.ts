import { defaultMenu } from '@/lib/content/menu';
import type { Content, Entry, Page, Post, Tag, TagRef } from '@/lib/content';
import { absolutizeHtml } from '@/lib/markdown';
import type { z } from 'zod';
import { parseSite, type SiteConfig, type siteSchema } from '@/lib/site';
import { stripInvalidXmlChars } from '@/lib/xml';

/** site.yaml settings as an author writes them: every field optional here, validated by the real schema. */
export type SiteInput = Partial<z.input<typeof siteSchema>>;

/** A validated SiteConfig from partial settings (defaults: a title, https://example.com, an author). */
export function makeSite(input: SiteInput = {}): SiteConfig {
  return parseSite({ title: 'Test Site', url: 'https://example.com', author: { name: 'Test Author', email: 'author@example.com' }, ...input });
}

function slugOf(path: string): string {
  return path.split('/').filter(Boolean).at(-1) ?? 'index';
}

/** A tag reference from a display name; the slug is the lower-cased name with runs of other characters as `-`. */
export function tagRef(name: string): TagRef {
  return { name, slug: name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') };
}

type EntryInput<T extends Entry> = Partial<Omit<T, 'tags'>> & { tags?: (string | TagRef)[] };

function entryBase(input: EntryInput<Entry>, kind: 'post' | 'page') {
  const path = input.path ?? (kind === 'post' ? `/posts/${input.slug ?? 'a-post'}/` : `/${input.slug ?? 'a-page'}/`);
  const markdown = input.markdown ?? 'Some text.';
  return {
    file: input.file ?? `${kind}s${path.replace(/\/$/, '')}.md`,
    slug: input.slug ?? slugOf(path),
    path,
    title: input.title ?? 'A title',
    description: input.description ?? 'A description.',
    descriptionDerived: input.descriptionDerived ?? false,
    updated: input.updated,
    unpublished: input.unpublished,
    image: input.image,
    authors: input.authors ?? [],
    canonical: input.canonical,
    html: input.html ?? '<p>Some text.</p>',
    css: input.css ?? '',
    // Unless given, made from `html` by makeContent, which knows the site.
    feedHtml: input.feedHtml as string,
    markdown,
    links: input.links ?? {},
    wordCount: input.wordCount ?? markdown.split(/\s+/).filter(Boolean).length,
    readingMinutes: input.readingMinutes ?? 1,
    headings: input.headings ?? [],
    math: input.math ?? false,
    data: input.data ?? {},
    tags: (input.tags ?? []).map((t) => (typeof t === 'string' ? tagRef(t) : t)),
  };
}

/** An in-memory post; anything not given gets a plain default (path `/posts/<slug>/`, date 2025-01-01). */
export function makePost(input: EntryInput<Post> = {}): Post {
  return { ...entryBase(input, 'post'), kind: 'post', date: input.date ?? new Date('2025-01-01T00:00:00Z'), section: input.section ?? '', series: input.series ?? [] };
}

/** An in-memory page (path `/<slug>/`, no date unless given). */
export function makePage(input: EntryInput<Page> = {}): Page {
  const base = entryBase(input, 'page');
  return { ...base, kind: 'page', date: input.date, menu: 'menu' in input ? input.menu : { label: base.title } };
}

/**
 * In-memory Content as the loader would derive it: posts sorted newest first (ties by path), pages by path,
 * tags collected from the posts and sorted by slug, `byPath` filled in.
 */
export function makeContent(input: { site?: SiteInput | SiteConfig; posts?: Post[]; pages?: Page[] } = {}): Content {
  const site = input.site && 'origin' in input.site ? (input.site as SiteConfig) : makeSite(input.site as SiteInput | undefined);
  const posts = [...(input.posts ?? [])].sort((a, b) => b.date.getTime() - a.date.getTime() || a.path.localeCompare(b.path));
  const pages = [...(input.pages ?? [])].sort((a, b) => a.path.localeCompare(b.path));
  const tags = new Map<string, Tag>();
  for (const post of posts) {
    for (const ref of post.tags) {
      const tag = tags.get(ref.slug) ?? { ...ref, posts: [] };
      tag.posts.push(post);
      tags.set(ref.slug, tag);
    }
  }
  const entries: Entry[] = [...posts, ...pages];
  // The feeds' copy of the HTML, as the compile makes it (lib/markdown.ts), read when asked for.
  for (const entry of entries) {
    if (entry.feedHtml === undefined) Object.defineProperty(entry, 'feedHtml', { get: () => stripInvalidXmlChars(absolutizeHtml(entry.html, site, entry.path)) });
  }
  return {
    site,
    contentDir: '/content',
    posts,
    pages,
    tags: [...tags.values()].sort((a, b) => a.slug.localeCompare(b.slug)),
    menu: defaultMenu(site, pages),
    byPath: new Map(entries.map((e) => [e.path, e])),
    assets: [],
    staticFiles: [],
    warnings: [],
    unpublished: [],
    problems: [],
    redirects: [],
  };
}
