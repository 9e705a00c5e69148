import { entryCardPath } from '@/lib/cards';
import type { Content, Entry, Post } from '@/lib/content';
import { formatDate, jsonForScript } from '@/lib/format';
import { markdownCopyPath } from '@/lib/llms';
import { neighbours } from '@/lib/routes';
import { absoluteUrl, href } from '@/lib/site';
import type { PageMeta } from './metadata';
import { TagLinks } from './post-list';


/** Head metadata for a post or page. */
export function entryMeta(entry: Entry): PageMeta {
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
    image: { path: entryCardPath(entry), alt: entry.title },
  };
}

function jsonLd(content: Content, entry: Entry) {
  const { site } = content;
  const url = absoluteUrl(site, entry.path);
  if (entry.kind === 'page') {
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

function Neighbours({ content, post }: { content: Content; post: Post }) {
  const { newer, older } = neighbours(content, post);
  if (!newer && !older) return null;
  return (
    <nav className="neighbours" aria-label="More posts">
      {older ? (
        <a rel="prev" href={href(content.site, older.path)}>
          <span>← Older</span> {older.title}
        </a>
      ) : (
        <span />
      )}
      {newer ? (
        <a rel="next" href={href(content.site, newer.path)}>
          <span>Newer →</span> {newer.title}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** A post or a page: heading, dates, reading time, tags, contents, body, previous/next. */
export function EntryView({ content, entry }: { content: Content; entry: Entry }) {
  const { site } = content;
  const toc = entry.headings.filter((h) => h.depth === 2 || h.depth === 3);
  return (
    <article className="entry">
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(jsonLd(content, entry)) }} />
      <header>
        <h1>{entry.title}</h1>
        {entry.kind === 'post' ? (
          <p className="meta">
            <time dateTime={entry.date.toISOString()}>{formatDate(entry.date, site.language)}</time>
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
        <TagLinks tags={entry.kind === 'post' ? entry.tags : []} site={site} />
      </header>
      {toc.length >= 3 || (toc.length >= 2 && entry.wordCount > 1000) ? (
        <nav className="toc" aria-label="Contents">
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
      <div className="prose" dangerouslySetInnerHTML={{ __html: entry.html }} />
      {entry.kind === 'post' ? <Neighbours content={content} post={entry} /> : null}
    </article>
  );
}
