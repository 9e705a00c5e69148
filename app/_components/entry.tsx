import { formatDate, jsonForScript } from '@/lib/format';
import { siteTranslator } from '@/lib/i18n';
import { cardPath, KATEX_STYLESHEET, markdownCopyPath } from '@/lib/outputs';
import type { EntryShown, EntryView, PostLink } from '@/lib/pages';
import { absoluteUrl, href, type SiteConfig } from '@/lib/site';
import { katexStylesheet } from '@/lib/stylesheets';
import { interpolate } from './interpolate';
import type { PageMeta } from './metadata';
import { Dot, TagLinks, UnpublishedLabel } from './post-list';

/** Head metadata for a post or page. */
export function entryMeta(entry: EntryShown): PageMeta {
  return {
    title: entry.title,
    description: entry.description,
    path: entry.path,
    type: entry.kind === 'post' ? 'article' : 'website',
    published: entry.date,
    updated: entry.updated,
    tags: entry.tags.map((t) => t.name),
    canonical: entry.canonical,
    markdown: markdownCopyPath(entry),
    image: { path: cardPath(entry.path), alt: entry.title },
  };
}

function jsonLd(site: SiteConfig, entry: EntryShown) {
  const url = absoluteUrl(site, entry.path);
  if (entry.kind === 'page' || !entry.date) {
    return { '@context': 'https://schema.org', '@type': 'WebPage', name: entry.title, description: entry.description, url, inLanguage: site.language };
  }
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: entry.title,
    description: entry.description,
    url,
    mainEntityOfPage: url,
    datePublished: entry.date.toISOString(),
    dateModified: (entry.updated ?? entry.date).toISOString(),
    author: entry.authors.map((a) => ({ '@type': 'Person', name: a.name, ...(a.url ? { url: a.url } : {}) })),
    publisher: { '@type': 'Organization', name: site.title, url: absoluteUrl(site, '/') },
    keywords: entry.tags.map((t) => t.name),
    wordCount: entry.wordCount,
    inLanguage: site.language,
  };
}

function Neighbours({ site, newer, older }: { site: SiteConfig; newer?: PostLink; older?: PostLink }) {
  if (!newer && !older) return null;
  const t = siteTranslator(site);
  return (
    <nav className="neighbours" aria-label={t('morePosts')} data-pagefind-ignore>
      {older ? (
        <a className="neighbour-older" rel="prev" href={href(site, older.path)}>
          <span className="neighbour-label">
            <span aria-hidden="true">← </span>
            {t('olderPost')}
          </span>
          <span className="neighbour-title">{older.title}</span>
        </a>
      ) : null}
      {newer ? (
        <a className="neighbour-newer" rel="next" href={href(site, newer.path)}>
          <span className="neighbour-label">
            {t('newerPost')}
            <span aria-hidden="true"> →</span>
          </span>
          <span className="neighbour-title">{newer.title}</span>
        </a>
      ) : null}
    </nav>
  );
}

/** The posts of this post's series, oldest first, this one marked. */
function Series({ site, series, id }: { site: SiteConfig; series: EntryView['series'][number]; id: string }) {
  const t = siteTranslator(site);
  return (
    <nav className="series" aria-labelledby={id} data-pagefind-ignore>
      <p className="series-title" id={id}>
        <strong>{t('series', { series: series.name })}</strong>
        <span className="series-part">{t('seriesPart', { n: series.index + 1, count: series.posts.length })}</span>
      </p>
      <ol>
        {series.posts.map((post, i) => (
          <li key={post.path}>
            <a aria-current={i === series.index ? 'page' : undefined} href={href(site, post.path)}>
              {post.title}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Up to three posts sharing the most tags with this one. */
function Related({ site, posts }: { site: SiteConfig; posts: PostLink[] }) {
  if (!posts.length) return null;
  const t = siteTranslator(site);
  return (
    <section className="related" aria-labelledby="masthead-related" data-pagefind-ignore>
      <h2 id="masthead-related">{t('related')}</h2>
      <ul>
        {posts.map((post) => (
          <li key={post.path}>
            <a href={href(site, post.path)}>{post.title}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The contents of a post with at least three headings of its own (h2 and h3). */
export function tableOfContents(entry: Pick<EntryShown, 'headings'>) {
  const toc = entry.headings.filter((h) => h.depth === 2 || h.depth === 3);
  return toc.length >= 3 ? toc : [];
}

/** A post or a page: heading, dates, reading time, tags, series, contents, body, related posts, previous/next. */
export function EntryPage({ site, view }: { site: SiteConfig; view: EntryView }) {
  const { entry } = view;
  const t = siteTranslator(site);
  const toc = tableOfContents(entry);
  return (
    // What search indexes (Pagefind, scripts/search-index.ts): the article of each post and page, nothing else
    // of the site; its title is the h1, its date the first <time>, and the lines around the text are left out.
    <article className="entry" data-pagefind-body>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd(site, entry)) }} />
      <header className="entry-header">
        <h1 data-pagefind-meta="title" data-pagefind-ignore>
          {entry.title}
          <UnpublishedLabel status={entry.unpublished} site={site} />
        </h1>
        {entry.kind === 'post' && entry.date ? (
          <p className="meta" data-pagefind-ignore>
            <time dateTime={entry.date.toISOString()} data-pagefind-meta="date">
              {formatDate(entry.date, site.language)}
            </time>
            {entry.updated ? (
              <>
                <Dot />
                {interpolate(t('updated'), { date: <time dateTime={entry.updated.toISOString()}>{formatDate(entry.updated, site.language)}</time> })}
              </>
            ) : null}
            <Dot />
            {t('readingTime', { n: entry.readingMinutes })}
            <Dot />
            {entry.authors.map((a) => a.name).join(', ')}
          </p>
        ) : null}
        <TagLinks tags={entry.tags} site={site} />
      </header>
      {view.series.map((series, i) => (
        <Series key={series.name} site={site} series={series} id={`masthead-series-${i + 1}`} />
      ))}
      {toc.length ? (
        <nav className="toc" aria-labelledby="masthead-toc" data-pagefind-ignore>
          <h2 id="masthead-toc">{t('contents')}</h2>
          <ol>
            {toc.map((h) => (
              <li key={h.id} className={`toc-${h.depth}`}>
                <a href={`#${h.id}`}>{h.text}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {/* React moves a stylesheet with a precedence into the head: KaTeX's, on the pages that have math only. */}
      {entry.math ? <link rel="stylesheet" href={href(site, KATEX_STYLESHEET)} integrity={katexStylesheet().integrity} precedence="default" /> : null}
      {/* The body's styles as classes (lib/styles.ts), moved into the head as well. */}
      {entry.css ? (
        <style href={`body-styles-${entry.path}`} precedence="masthead">
          {entry.css}
        </style>
      ) : null}
      <div className="prose" dangerouslySetInnerHTML={{ __html: entry.html }} />
      {entry.kind === 'post' ? (
        <footer className="entry-footer">
          <Related site={site} posts={view.related} />
          <Neighbours site={site} newer={view.newer} older={view.older} />
        </footer>
      ) : null}
    </article>
  );
}
