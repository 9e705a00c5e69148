import type { Metadata } from 'next';
import { CARD_HEIGHT, CARD_WIDTH, cardPath, FEED_FILES } from '@/lib/outputs';
import { absoluteUrl, type SiteConfig } from '@/lib/site';

export interface PageMeta {
  title: string;
  description: string;
  /** Site path of the page, e.g. `/posts/hello/`. */
  path: string;
  type?: 'website' | 'article';
  published?: Date;
  updated?: Date;
  tags?: string[];
  /** Canonical URL when it differs from the page's own (a post first published elsewhere). */
  canonical?: string;
  /** Extra feed links for this page (a tag's own feeds). */
  feedBase?: string;
  /** Site path of the page's Markdown copy. */
  markdown?: string;
  /** The page's Open Graph card (a 1200x630 PNG); the home card when absent. */
  image?: { path: string; alt: string };
}

/** The head of every page: title, description, canonical, Open Graph, Twitter, feed autodiscovery. */
export function pageMetadata(site: SiteConfig, meta: PageMeta): Metadata {
  const url = absoluteUrl(site, meta.path);
  const isHome = meta.path === '/';
  const feeds = (base: string, label: string) => ({
    'application/rss+xml': [{ url: absoluteUrl(site, `${base}${FEED_FILES.rss}`), title: `${label} (RSS)` }],
    'application/atom+xml': [{ url: absoluteUrl(site, `${base}${FEED_FILES.atom}`), title: `${label} (Atom)` }],
    'application/feed+json': [{ url: absoluteUrl(site, `${base}${FEED_FILES.json}`), title: `${label} (JSON Feed)` }],
  });
  const siteFeeds = feeds('/', site.title);
  const types: Record<string, { url: string; title: string }[]> = meta.feedBase
    ? Object.fromEntries(Object.entries(siteFeeds).map(([type, list]) => [type, [...list, ...feeds(meta.feedBase!, `${meta.title}`)[type as keyof typeof siteFeeds]]]))
    : siteFeeds;
  const card = meta.image ?? { path: cardPath('/'), alt: site.description ? `${site.title}: ${site.description}` : site.title };
  // https://ogp.me/#structured
  const image = { url: absoluteUrl(site, card.path), width: CARD_WIDTH, height: CARD_HEIGHT, alt: card.alt, type: 'image/png' };
  if (meta.markdown) types['text/markdown'] = [{ url: absoluteUrl(site, meta.markdown), title: `${meta.title} (Markdown)` }];
  return {
    metadataBase: new URL(`${site.url}/`),
    title: isHome ? { absolute: site.title } : { absolute: `${meta.title} · ${site.title}` },
    description: meta.description,
    authors: [{ name: site.author.name, url: site.author.url }],
    alternates: { canonical: meta.canonical ?? url, types },
    openGraph: {
      type: meta.type ?? 'website',
      url,
      siteName: site.title,
      title: meta.title,
      description: meta.description,
      locale: site.language.replace('-', '_'),
      images: [image],
      ...(meta.type === 'article'
        ? {
            publishedTime: meta.published?.toISOString(),
            modifiedTime: (meta.updated ?? meta.published)?.toISOString(),
            tags: meta.tags,
          }
        : {}),
    },
    twitter: { card: 'summary_large_image', title: meta.title, description: meta.description, images: [{ url: image.url, alt: image.alt }] },
  };
}
