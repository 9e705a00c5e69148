import { formatDate, jsonForScript } from '@/lib/format';
import { cardPath, KATEX_STYLESHEET, markdownCopyPath } from '@/lib/outputs';
import type { EntryShown, EntryView, PostLink } from '@/lib/pages';
import { absoluteUrl, href, type SiteConfig } from '@/lib/site';
import type { PageMeta } from './metadata';
import { TagLinks, UnpublishedLabel } from './post-list';

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
  return (
    <nav className="neighbours" aria-label="More posts" data-pagefind-ignore>
      {older ? (
        <a rel="prev" href={href(site, older.path)}>
          <span>← Older</span> {older.title}
        </a>
      ) : (
        <span />
      )}
      {newer ? (
        <a rel="next" href={href(site, newer.path)}>
          <span>Newer →</span> {newer.title}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A post or a page: heading, dates, reading time, tags, contents, body, previous/next. */
export function EntryPage({ site, view }: { site: SiteConfig; view: EntryView }) {
  const { entry } = view;
  const toc = entry.headings.filter((h) => h.depth === 2 || h.depth === 3);
  return (
    // What search indexes (Pagefind, scripts/search-index.ts): the article of each post and page, nothing else
    // of the site; its title is the h1, its date the first <time>, and the lines around the text are left out.
    <article className="entry" data-pagefind-body>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd(site, entry)) }} />
      <header>
        <h1 data-pagefind-meta="title" data-pagefind-ignore>
          {entry.title}
          <UnpublishedLabel status={entry.unpublished} />
        </h1>
        {entry.kind === 'post' && entry.date ? (
          <p className="meta" data-pagefind-ignore>
            <time dateTime={entry.date.toISOString()} data-pagefind-meta="date">
              {formatDate(entry.date, site.language)}
            </time>
            {entry.updated ? (
              <>
                {' · Updated '}
                <time dateTime={entry.updated.toISOString()}>{formatDate(entry.updated, site.language)}</time>
              </>
            ) : null}
            {` · ${entry.readingMinutes} min read · `}
            {entry.authors.map((a) => a.name).join(', ')}
          </p>
        ) : null}
        <TagLinks tags={entry.tags} site={site} />
      </header>
      {toc.length >= 3 || (toc.length >= 2 && entry.wordCount > 1000) ? (
        <nav className="toc" aria-label="Contents" data-pagefind-ignore>
          <h2>Contents</h2>
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
      {entry.math ? <link rel="stylesheet" href={href(site, KATEX_STYLESHEET)} precedence="default" /> : null}
      <div className="prose" dangerouslySetInnerHTML={{ __html: entry.html }} />
      {entry.kind === 'post' ? <Neighbours site={site} newer={view.newer} older={view.older} /> : null}
    </article>
  );
}
