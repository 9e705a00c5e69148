import type { Element, Root as HastRoot } from 'hast';
import type { Html, Root } from 'mdast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import rehypeSanitize, { defaultSchema, type Options as SanitizeSchema } from 'rehype-sanitize';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { DEFAULT_EMBED_HOSTS, embedMarkdownLink, embedSource } from './embeds';

// Sanitising is a visible step, not a plugin default: GitHub's schema, minus id clobbering (no script runs
// on our pages, and clobbering breaks footnote links), plus image sizes and lazy loading, and iframes with a
// source, a title and a size only: lib/embeds.ts then keeps those from allowed hosts and removes the rest.
export const sanitizeSchema: SanitizeSchema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'iframe'],
  clobberPrefix: '',
  // Drop these elements with their contents: a removed <style> must not leave its CSS behind as text.
  strip: ['script', 'style'],
  attributes: {
    ...defaultSchema.attributes,
    img: [...(defaultSchema.attributes?.img ?? []), 'width', 'height', 'loading', 'decoding'],
    iframe: ['src', 'title', 'width', 'height'],
  },
  protocols: { ...defaultSchema.protocols, href: ['http', 'https', 'mailto', 'tel'] },
};

/** Raw HTML in a Markdown source and what the Markdown copy writes instead: the same HTML under the page's rules. */
export interface HtmlSpan {
  start: number;
  end: number;
  html: string;
}

const sanitizer = unified().use(rehypeSanitize, sanitizeSchema);
const STRIP = new Set(sanitizeSchema.strip);
const TOKEN = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][\w-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

/**
 * One tag as the page's sanitiser leaves it: its allowed attributes and safe URLs, or nothing. Built as an
 * element, not parsed in place, because a `<td>` on its own is dropped by an HTML parser outside a table.
 */
function sanitizeTag(name: string, attributes: string, closing: boolean): string {
  const parsed = fromHtml(`<div${attributes}></div>`, { fragment: true }).children[0] as Element | undefined;
  const element: Element = { type: 'element', tagName: name.toLowerCase(), properties: closing ? {} : (parsed?.properties ?? {}), children: [] };
  const clean = toHtml(sanitizer.runSync({ type: 'root', children: [element] }) as HastRoot);
  if (closing) return clean.endsWith(`</${element.tagName}>`) ? `</${element.tagName}>` : '';
  return /^<[^>]*>/.exec(clean)?.[0] ?? '';
}

/**
 * The raw HTML of a Markdown source, tag by tag, as the page publishes it: a tag the page would drop is dropped
 * (its text kept), attributes and URLs it would drop are dropped, comments go, and `<script>` or `<style>` goes
 * with everything up to its closing tag. The Markdown around it stays as written.
 */
/** An iframe as a Markdown copy writes it: a link to the embedded page when the site keeps it, else nothing. */
function iframeAsLink(attributes: string, hosts: readonly string[]): string {
  const parsed = fromHtml(`<div${attributes}></div>`, { fragment: true }).children[0] as Element | undefined;
  const kept = embedSource(String(parsed?.properties.src ?? ''), hosts);
  if ('removed' in kept) return '';
  return embedMarkdownLink(String(parsed?.properties.title ?? '').trim() || kept.url, kept.url);
}

export function htmlSpansOf(tree: Root, source: string, embedHosts: readonly string[] = DEFAULT_EMBED_HOSTS): HtmlSpan[] {
  const spans: HtmlSpan[] = [];
  // An element dropped whole, up to its closing tag, and what the copy writes in its place.
  let stripping: { name: string; start: number; html: string } | undefined;
  visit(tree, 'html', (node: Html) => {
    const start = node.position?.start.offset;
    const end = node.position?.end.offset;
    if (start === undefined || end === undefined) return;
    for (const token of source.slice(start, end).matchAll(TOKEN)) {
      const at = start + token.index;
      const [written, slash, name, attributes] = token;
      if (stripping) {
        if (slash && name.toLowerCase() === stripping.name) {
          spans.push({ start: stripping.start, end: at + written.length, html: stripping.html });
          stripping = undefined;
        }
        continue;
      }
      if (!name) {
        spans.push({ start: at, end: at + written.length, html: '' });
      } else if (name.toLowerCase() === 'iframe') {
        // The page keeps no content of an iframe: the copy writes the link alone, up to </iframe>.
        if (!slash) stripping = { name: 'iframe', start: at, html: iframeAsLink(attributes, embedHosts) };
      } else if (!slash && STRIP.has(name.toLowerCase())) {
        stripping = { name: name.toLowerCase(), start: at, html: '' };
      } else {
        const clean = sanitizeTag(name, attributes, Boolean(slash));
        if (clean !== written) spans.push({ start: at, end: at + written.length, html: clean });
      }
    }
  });
  // Never closed: the rest of the file goes with it, as on the page (a browser reads it all as script).
  if (stripping) spans.push({ start: stripping.start, end: source.length, html: stripping.html });
  return spans;
}
