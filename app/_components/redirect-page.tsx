import type { Metadata } from 'next';
import type { Content, Redirect } from '@/lib/content/types';
import { cardPath } from '@/lib/outputs';
import { siteTranslator } from '@/lib/i18n';
import { absoluteUrl, type SiteConfig } from '@/lib/site';
import { interpolate } from './interpolate';
import { pageMetadata } from './metadata';

/** Where an old URL leads, absolute: a page of this site, or a URL elsewhere. */
export function redirectTarget(site: SiteConfig, redirect: Redirect): string {
  return /^https?:\/\//.test(redirect.to) ? redirect.to : absoluteUrl(site, redirect.to);
}

/** The head of an old URL's page: the new URL as its canonical, kept out of search indexes. */
export function redirectMeta(content: Content, redirect: Redirect): Metadata {
  const entry = content.byPath.get(redirect.to);
  const title = entry ? entry.title : redirectTarget(content.site, redirect);
  const meta = pageMetadata(content.site, {
    title: `Moved: ${title}`,
    description: `This page has moved to ${redirectTarget(content.site, redirect)}.`,
    path: redirect.from,
    canonical: redirectTarget(content.site, redirect),
    image: entry ? { path: cardPath(entry.path), alt: entry.title } : undefined,
  });
  return { ...meta, robots: { index: false, follow: true } };
}

/**
 * An old URL's page, for hosts that cannot answer with a real redirect: a refresh to the new URL at once (which
 * search engines read as a permanent redirect), and a link for a reader whose browser does not follow it.
 */
export function RedirectPage({ content, redirect }: { content: Content; redirect: Redirect }) {
  const to = redirectTarget(content.site, redirect);
  const entry = content.byPath.get(redirect.to);
  const t = siteTranslator(content.site);
  return (
    <article className="entry">
      {/* React moves this into the head. */}
      <meta httpEquiv="refresh" content={`0; url=${to}`} />
      <h1>{t('moved')}</h1>
      <p>{interpolate(t('movedTo'), { link: <a href={to}>{entry ? entry.title : to}</a> })}</p>
    </article>
  );
}
