import { jsonForScript } from '@/lib/format';
import { siteTranslator } from '@/lib/i18n';
import { cardPath } from '@/lib/outputs';
import type { ListView } from '@/lib/pages';
import { absoluteUrl, type SiteConfig } from '@/lib/site';
import type { PageMeta } from './metadata';
import { Pagination, PostList } from './post-list';

/** Title and description of a list page (the home list or a tag's list). */
export function listMeta(site: SiteConfig, list: ListView): PageMeta {
  const t = siteTranslator(site);
  const suffix = list.page > 1 ? ` (${t('page', { n: list.page })})` : '';
  if (!list.tag) return { title: site.title + suffix, description: site.description || t('homeDescription', { site: site.title }), path: list.path };
  const title = t('taggedTitle', { tag: list.tag.name });
  return {
    title: title + suffix,
    description: `${t('taggedDescription', { tag: list.tag.name, site: site.title })} ${t('postCount', { n: list.tag.count })}.`,
    path: list.path,
    feedBase: list.base,
    image: { path: cardPath(list.base), alt: `${title} · ${site.title}` },
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
      {view.tag ? <p className="lede">{siteTranslator(site)('postCount', { n: view.tag.count })}</p> : null}
      <PostList posts={view.posts} site={site} eager />
      <Pagination base={view.base} page={view.page} pageCount={view.pageCount} site={site} />
    </>
  );
}
