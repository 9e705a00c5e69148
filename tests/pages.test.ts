import { describe, expect, it } from 'vitest';
import type { Post } from '@/lib/content';
import { pageKey } from '@/lib/pages';
import { sitePageAt } from '@/lib/routes';
import { makeContent, makePage, makePost, type SiteInput } from './helpers/make-content';

/** Three posts a day apart (c newest), tagged, and an About page. */
function site(change: { post?: Partial<Post>; slug?: string; site?: SiteInput; about?: string } = {}) {
  const posts = ['a', 'b', 'c'].map((slug, i) => {
    const post = makePost({ slug, title: `Post ${slug}`, date: new Date(Date.UTC(2025, 0, 1 + i)), tags: ['News'], html: `<p>${slug}</p>`, markdown: slug });
    return slug === (change.slug ?? 'b') ? { ...post, ...change.post } : post;
  });
  return makeContent({ site: change.site, posts, pages: [makePage({ slug: 'about', title: change.about ?? 'About' })] });
}

function key(content: ReturnType<typeof site>, path: string): string {
  const page = sitePageAt(content, path);
  if (page?.kind !== 'entry' && page?.kind !== 'list') throw new Error(`no page at ${path}`);
  return pageKey(content, page);
}

describe('pageKey', () => {
  const base = site();

  it('changes with what a post page shows: its own fields and body, its neighbours, the site and the menu', () => {
    const post = key(base, '/posts/b/');
    expect(key(site(), '/posts/b/')).toBe(post);
    expect(key(site({ post: { title: 'Renamed' } }), '/posts/b/')).not.toBe(post);
    expect(key(site({ post: { html: '<p>b, edited</p>' } }), '/posts/b/')).not.toBe(post);
    expect(key(site({ slug: 'a', post: { title: 'Renamed' } }), '/posts/b/')).not.toBe(post);
    expect(key(site({ site: { title: 'Another site' } }), '/posts/b/')).not.toBe(post);
    expect(key(site({ about: 'Who we are' }), '/posts/b/')).not.toBe(post);
  });

  it('changes with the related posts and the series a post shows', () => {
    const apart = site({ slug: 'c', post: { tags: [] } });
    // c shares a tag with a again: a lists it among its related posts.
    expect(key(site(), '/posts/a/')).not.toBe(key(apart, '/posts/a/'));
    // b joins a series: a post of that series shows it.
    const series = makeContent({
      posts: ['a', 'b'].map((slug, i) => makePost({ slug, title: `Post ${slug}`, date: new Date(Date.UTC(2025, 0, 1 + i)), series: ['Guide'] })),
    });
    const alone = makeContent({
      posts: ['a', 'b'].map((slug, i) => makePost({ slug, title: `Post ${slug}`, date: new Date(Date.UTC(2025, 0, 1 + i)), series: slug === 'a' ? ['Guide'] : [] })),
    });
    expect(key(series, '/posts/a/')).not.toBe(key(alone, '/posts/a/'));
  });

  it('does not change with what the page does not show', () => {
    const post = key(base, '/posts/b/');
    // The Markdown source is shown by the Markdown copy, not the page; a post two away, sharing no tag, is not linked.
    expect(key(site({ post: { markdown: 'b, as written' } }), '/posts/b/')).toBe(post);
    const apart = site({ slug: 'c', post: { tags: [] } });
    const far = site({ slug: 'c', post: { tags: [], html: '<p>c, edited</p>', title: 'C renamed' } });
    expect(key(far, '/posts/a/')).toBe(key(apart, '/posts/a/'));
  });

  it('changes a list page with what it shows of a post, and not with its body', () => {
    const list = key(base, '/tags/news/');
    expect(key(site({ post: { description: 'Another description' } }), '/tags/news/')).not.toBe(list);
    expect(key(site({ post: { readingMinutes: 9 } }), '/tags/news/')).not.toBe(list);
    expect(key(site({ post: { html: '<p>b, edited</p>' } }), '/tags/news/')).toBe(list);
  });
});
