/**
 * The stylesheets a page links besides the theme's own (which Next inlines): KaTeX's, on pages with math, and
 * the author's custom.css. Each link carries the file's Subresource Integrity hash, so a browser uses the file
 * only as it was built (html-validate's require-sri), and the file's own text is made here once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** `sha384-…` of some bytes, as an `integrity` attribute takes it. */
export function integrityOf(bytes: string | Buffer): string {
  return `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
}

/** The fonts KaTeX's stylesheet names, in node_modules. */
export const KATEX_DIST = path.join(process.cwd(), 'node_modules', 'katex', 'dist');

let katex: { css: string; integrity: string } | undefined;

/** KaTeX's stylesheet as published: its fonts in WOFF2 only (every browser that runs KaTeX reads it; the older formats go). */
export function katexStylesheet(): { css: string; integrity: string } {
  if (!katex) {
    const css = readFileSync(path.join(KATEX_DIST, 'katex.min.css'), 'utf8').replace(/,url\(fonts\/[\w-]+\.(woff|ttf)\) format\("(woff|truetype)"\)/g, '');
    katex = { css, integrity: integrityOf(css) };
  }
  return katex;
}
