/** Sitemap: every indexable HTML page is listed, and every listed URL is a page. https://www.sitemaps.org/protocol.html */
import type { Finding } from './report';
import type { Resolve } from './site-files';

/** W3C Datetime, as sitemaps require: https://www.w3.org/TR/NOTE-datetime */
const W3C_DATETIME = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/;

function list(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function text(value: unknown): string {
  if (value && typeof value === 'object' && '#text' in value) return String((value as { '#text': unknown })['#text']).trim();
  return value === undefined || value === null ? '' : String(value).trim();
}

/** The `<loc>`/`<lastmod>` pairs of a `<urlset>`, and the child sitemaps of a `<sitemapindex>`. */
export function readSitemap(doc: unknown): { urls: { loc: string; lastmod?: string }[]; children: string[] } | undefined {
  const root = doc as { urlset?: { url?: unknown }; sitemapindex?: { sitemap?: unknown } } | undefined;
  if (root?.urlset !== undefined) {
    const urls = list(root.urlset.url).map((u) => {
      const entry = u as { loc?: unknown; lastmod?: unknown };
      return { loc: text(entry.loc), lastmod: entry.lastmod === undefined ? undefined : text(entry.lastmod) };
    });
    return { urls, children: [] };
  }
  if (root?.sitemapindex !== undefined) {
    return { urls: [], children: list(root.sitemapindex.sitemap).map((s) => text((s as { loc?: unknown }).loc)) };
  }
  return undefined;
}

export interface SitemapInput {
  /** Parsed XML of every `.xml` file, by site path. */
  docs: ReadonlyMap<string, unknown>;
  /** Every HTML page: its site path, its file, whether it asks not to be indexed. */
  pages: { page: string; file: string; noindex: boolean }[];
  resolve: Resolve;
  /** The site's URL (origin + base path), for messages. */
  siteUrl: string;
}

/** Checks `/sitemap.xml` (following a sitemap index) against the HTML pages of the site. */
export function checkSitemap({ docs, pages, resolve, siteUrl }: SitemapInput): Finding[] {
  const findings: Finding[] = [];
  const root = '/sitemap.xml';
  if (!docs.has(root)) return [{ severity: 'error', check: 'sitemap', page: root, message: 'missing: every site needs /sitemap.xml' }];
  const listed = new Map<string, string>();
  const visited = new Set<string>();
  const read = (page: string) => {
    if (visited.has(page)) return;
    visited.add(page);
    const sitemap = readSitemap(docs.get(page));
    const problem = (message: string, severity: Finding['severity'] = 'error') => findings.push({ severity, check: 'sitemap', page, message });
    if (!sitemap) return problem('is neither a <urlset> nor a <sitemapindex>');
    for (const loc of sitemap.children) {
      const resolved = resolve(loc, page);
      if (resolved.kind === 'internal' && docs.has(`/${resolved.file}`)) read(`/${resolved.file}`);
      else problem(`child sitemap "${loc}" is not a sitemap of this site`);
    }
    for (const { loc, lastmod } of sitemap.urls) {
      if (!/^https?:\/\//.test(loc)) {
        problem(`<loc> "${loc}" is not an absolute URL`);
        continue;
      }
      const resolved = resolve(loc, page);
      if (resolved.kind === 'external') problem(`<loc> "${loc}" is not under ${siteUrl}/`);
      else if (resolved.kind === 'broken') problem(`<loc> "${loc}" → ${resolved.target}: ${resolved.reason}`);
      else {
        if (listed.has(resolved.file)) problem(`<loc> "${loc}" is listed twice`, 'warning');
        listed.set(resolved.file, loc);
        if (!resolved.file.endsWith('.html')) problem(`<loc> "${loc}" is not an HTML page (${resolved.file})`);
        else if (!loc.split(/[?#]/)[0].endsWith('/') && resolved.file.endsWith('index.html') && !loc.endsWith('.html')) {
          problem(`<loc> "${loc}" redirects; list the URL with its trailing slash`);
        }
      }
      if (lastmod !== undefined && (!W3C_DATETIME.test(lastmod) || Number.isNaN(Date.parse(lastmod)))) {
        problem(`<lastmod> "${lastmod}" of "${loc}" is not a W3C datetime (2025-01-31 or 2025-01-31T08:00:00Z)`);
      }
    }
  };
  read(root);
  for (const { page, file, noindex } of pages) {
    if (file === '404.html') continue;
    if (noindex && listed.has(file)) findings.push({ severity: 'error', check: 'sitemap', page, message: `is noindex but listed in ${root}` });
    if (!noindex && !listed.has(file)) findings.push({ severity: 'error', check: 'sitemap', page, message: `not listed in ${root}` });
  }
  return findings;
}
