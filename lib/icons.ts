import type { SiteConfig } from './site';
import { escapeXml } from './xml';

/** Up to two initials of the site title, for a generated icon. */
export function initials(title: string): string {
  const words = title.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '')
    .join('')
    .toUpperCase();
}

/** A square SVG monogram of the site's initials in its accent colour. */
export function buildMonogramSvg(site: Pick<SiteConfig, 'title' | 'theme'>): string {
  const text = escapeXml(initials(site.title) || '•');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="${site.theme.accent}"/><text x="32" y="42" text-anchor="middle" font-family="system-ui, sans-serif" font-size="28" font-weight="700" fill="#ffffff">${text}</text></svg>\n`;
}
