import type { SiteConfig } from './site';

/**
 * The site's colours as the stylesheet's custom properties (app/globals.css mixes muted text, borders and code
 * backgrounds from them), light and, while the reader's system is dark, dark. Colours are `#rrggbb` (lib/site.ts).
 */
export function themeCss(theme: SiteConfig['theme']): string {
  const scheme = (c: { accent: string; background: string; foreground: string }) => `--bg:${c.background};--fg:${c.foreground};--accent:${c.accent}`;
  return `:root{${scheme(theme)}}@media (prefers-color-scheme:dark){:root{${scheme(theme.dark)}}}`;
}
