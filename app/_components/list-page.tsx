import { jsonForScript } from '@/lib/format';
import { cardPath } from '@/lib/outputs';
import type { ListView } from '@/lib/pages';
import { absoluteUrl, type SiteConfig } from '@/lib/site';
import type { PageMeta } from './metadata';
import { Pagination, PostList } from './post-list';

/** Title and description of a list page (the home list or a tag's list). */
export function listMeta(site: SiteConfig, list: ListView): PageMeta {
  const suffix = list.page > 1 ? ` (page ${list.page})` : '';
  if (!list.tag) return { title: site.title + suffix, description: site.description || `Posts on ${site.title}.`, path: list.path };
  const n = list.tag.count;
  return {
    title: `Posts tagged “${list.tag.name}”${suffix}`,
    description: `${n} post${n === 1 ? '' : 's'} tagged “${list.tag.name}” on ${site.title}.`,
    path: list.path,
    feedBase: list.base,
    image: { path: cardPath(list.base), alt: `Posts tagged “${list.tag.name}” on ${site.title}` },
  };
}

/** One page of the home list or a tag's list. */
export function ListPage({ site, view }: { site: SiteConfig; view: ListView }) {
  const meta = listMeta(site, view);
  const isHome = !view.tag && view.page === 1;
  const jsonLd = isHome
    ? { '@context': 'https://schema.org', '@type': 'WebSite', name: site.title, description: site.description, url: absoluteUrl(site, '/'), inLanguage: site.language }
    : { '@context': 'https://schema.org', '@type': 'CollectionPage', name: meta.title, url: absoluteUrl(site, view.path), inLanguage: site.language };
  return (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd) }} />
      <h1 className={view.tag ? undefined : 'visually-hidden'}>{meta.title}</h1>
      {isHome && site.description ? <p className="lede">{site.description}</p> : null}
      <PostList posts={view.posts} site={site} />
      <Pagination base={view.base} page={view.page} pageCount={view.pageCount} site={site} />
    </>
  );
}
