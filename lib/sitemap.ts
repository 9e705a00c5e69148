import type { Content } from './content/types';
import { latestDate, sitePages } from './routes';
import { absoluteUrl, type SiteConfig } from './site';
import { escapeXml } from './xml';

// Sitemaps protocol 0.9: https://www.sitemaps.org/protocol.html
const NAMESPACE = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Per-file limits of the protocol; a site over either becomes a sitemap index. */
export const SITEMAP_LIMITS = { urls: 50_000, bytes: 50 * 1024 * 1024, urlLength: 2048 } as const;

/** One URL of the sitemap: a site path (no base path) and its last change, when known. */
export interface SitemapPage {
  path: string;
  lastModified?: Date;
}

/** W3C Datetime (https://www.w3.org/TR/NOTE-datetime), in UTC, whole seconds when the date has no milliseconds. */
export function w3cDatetime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function location(site: Pick<SiteConfig, 'url'>, sitePath: string): string {
  // URL-escaped (percent-encoded) first, entity-escaped when written.
  const url = new URL(absoluteUrl(site, sitePath)).href;
  if (url.length >= SITEMAP_LIMITS.urlLength) {
    throw new Error(`sitemap: the URL of ${sitePath} is ${url.length} characters; the protocol allows less than ${SITEMAP_LIMITS.urlLength}`);
  }
  return url;
}

function entry(tag: 'url' | 'sitemap', loc: string, lastModified: Date | undefined): string {
  const lastmod = lastModified ? `<lastmod>${w3cDatetime(lastModified)}</lastmod>` : '';
  return `<${tag}><loc>${escapeXml(loc)}</loc>${lastmod}</${tag}>\n`;
}

function document(root: 'urlset' | 'sitemapindex', entries: string[]): string {
  return `${XML_DECLARATION}<${root} xmlns="${NAMESPACE}">\n${entries.join('')}</${root}>\n`;
}

/** One file of the sitemap: its site path and text. */
export interface SitemapFile {
  path: string;
  contents: string;
}

/** The site path of the `n`th file of a split sitemap (1-based). */
export function sitemapPartPath(n: number): string {
  return `/sitemap/${n}.xml`;
}

/**
 * Every sitemap file for `pages`, in their order: `/sitemap.xml` alone while it fits in one file
 * (50,000 URLs, 50 MB); otherwise `/sitemap.xml` is an index of `/sitemap/1.xml`, `/sitemap/2.xml` ...
 * Throws when a URL is 2,048 characters or longer.
 */
export function buildSitemaps(pages: readonly SitemapPage[], site: Pick<SiteConfig, 'url'>): SitemapFile[] {
  const overhead = Buffer.byteLength(document('urlset', []));
  const chunks: { entries: string[]; dates: (Date | undefined)[]; bytes: number }[] = [];
  let current = { entries: [] as string[], dates: [] as (Date | undefined)[], bytes: overhead };
  for (const page of pages) {
    const text = entry('url', location(site, page.path), page.lastModified);
    const size = Buffer.byteLength(text);
    if (current.entries.length > 0 && (current.entries.length >= SITEMAP_LIMITS.urls || current.bytes + size > SITEMAP_LIMITS.bytes)) {
      chunks.push(current);
      current = { entries: [], dates: [], bytes: overhead };
    }
    current.entries.push(text);
    current.dates.push(page.lastModified);
    current.bytes += size;
  }
  chunks.push(current);
  if (chunks.length === 1) return [{ path: '/sitemap.xml', contents: document('urlset', chunks[0].entries) }];
  if (chunks.length > SITEMAP_LIMITS.urls) throw new Error(`sitemap: ${chunks.length} sitemap files exceed the ${SITEMAP_LIMITS.urls} an index may list`);
  const files = chunks.map((chunk, i) => ({ path: sitemapPartPath(i + 1), contents: document('urlset', chunk.entries), lastModified: latestDate(chunk.dates) }));
  const index = document(
    'sitemapindex',
    files.map((file) => entry('sitemap', location(site, file.path), file.lastModified)),
  );
  return [{ path: '/sitemap.xml', contents: index }, ...files.map(({ path, contents }) => ({ path, contents }))];
}

/** Every file of the site's sitemap: `/sitemap.xml`, then the parts of a split one. */
export function buildSiteSitemaps(content: Content): SitemapFile[] {
  return buildSitemaps(sitePages(content), content.site);
}
