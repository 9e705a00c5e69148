import { formatDate, jsonForScript } from '@/lib/format';
import { siteTranslator } from '@/lib/i18n';
import type { ArchiveView } from '@/lib/pages';
import { absoluteUrl, href, type SiteConfig } from '@/lib/site';
import type { PageMeta } from './metadata';
import { UnpublishedLabel } from './post-list';

/** Title and description of the archive. */
export function archiveMeta(site: SiteConfig, view: ArchiveView): PageMeta {
  const t = siteTranslator(site);
  return { title: t('archive'), description: `${t('archiveDescription', { site: site.title })} ${t('postCount', { n: view.count })}.`, path: view.path };
}

/** Every post, by year (newest first), each year with its count. */
export function ArchivePage({ site, view }: { site: SiteConfig; view: ArchiveView }) {
  const t = siteTranslator(site);
  const meta = archiveMeta(site, view);
  const jsonLd = { '@context': 'https://schema.org', '@type': 'CollectionPage', name: meta.title, url: absoluteUrl(site, view.path), inLanguage: site.language };
  return (
    <>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd) }} />
      <h1>{meta.title}</h1>
      <p className="lede">{t('postCount', { n: view.count })}</p>
      {view.years.map(({ year, posts }) => (
        <section key={year} className="archive-year" aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>
            {year} <span className="count">{t('postCount', { n: posts.length })}</span>
          </h2>
          <ol className="archive-list">
            {posts.map((post) => (
              <li key={post.path}>
                <time dateTime={post.date.toISOString()}>{formatDate(post.date, site.language, 'monthDay')}</time>
                <a href={href(site, post.path)}>{post.title}</a>
                <UnpublishedLabel status={post.unpublished} site={site} />
              </li>
            ))}
          </ol>
        </section>
      ))}
    </>
  );
}
