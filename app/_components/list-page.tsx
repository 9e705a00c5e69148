import { tagCardPath } from '@/lib/cards';
import type { Content } from '@/lib/content';
import { jsonForScript } from '@/lib/format';
import type { SitePage } from '@/lib/routes';
import { absoluteUrl } from '@/lib/site';
import { Pagination, PostList } from './post-list';
import type { PageMeta } from './metadata';

type ListPage = Extract<SitePage, { kind: 'list' }>;

/** Title and description of a list page (the home list or a tag's list). */
export function listMeta(content: Content, list: ListPage): PageMeta {
  const { site } = content;
  const suffix = list.page > 1 ? ` (page ${list.page})` : '';
  if (!list.tag) return { title: site.title + suffix, description: site.description || `Posts on ${site.title}.`, path: list.path };
  const n = list.tag.posts.length;
  return {
    title: `Posts tagged “${list.tag.name}”${suffix}`,
    description: `${n} post${n === 1 ? '' : 's'} tagged “${list.tag.name}” on ${site.title}.`,
    path: list.path,
    feedBase: list.base,
    image: { path: tagCardPath(list.tag), alt: `Posts tagged “${list.tag.name}” on ${site.title}` },
  };
}

/** One page of the home list or a tag's list. */
export function ListView({ content, list }: { content: Content; list: ListPage }) {
  const { site } = content;
  const meta = listMeta(content, list);
  const isHome = !list.tag && list.page === 1;
  const jsonLd = isHome
    ? { '@context': 'https://schema.org', '@type': 'WebSite', name: site.title, description: site.description, url: absoluteUrl(site, '/'), inLanguage: site.language }
    : { '@context': 'https://schema.org', '@type': 'CollectionPage', name: meta.title, url: absoluteUrl(site, list.path), inLanguage: site.language };
  return (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd) }} />
      <h1 className={list.tag ? undefined : 'visually-hidden'}>{meta.title}</h1>
      {isHome && site.description ? <p className="lede">{site.description}</p> : null}
      <PostList posts={list.posts} site={site} />
      <Pagination base={list.base} page={list.page} pageCount={list.pageCount} site={site} />
    </>
  );
}
