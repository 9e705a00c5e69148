import type { Definition, Image, Link, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { htmlSpansOf, sanitizeSchema, type HtmlSpan } from './sanitize';

/** Where a link, image or definition destination is written in a Markdown source, and the URL it holds. */
export interface UrlSpan {
  start: number;
  end: number;
  url: string;
}

/** Index of the `]` closing the bracket opened at `open`, honouring escapes and nesting; -1 if none. */
function closingBracket(source: string, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

/** The span of a destination starting at (or after whitespace from) `from`: `<...>` or a run without spaces, parentheses balanced. */
function destination(source: string, from: number, limit: number): [number, number] | undefined {
  let i = from;
  while (i < limit && (source[i] === ' ' || source[i] === '\t' || source[i] === '\n')) i++;
  if (source[i] === '<') {
    const close = source.indexOf('>', i);
    return close === -1 || close >= limit ? undefined : [i, close + 1];
  }
  let depth = 0;
  let j = i;
  for (; j < limit; j++) {
    const c = source[j];
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && depth-- === 0) break;
    else if (/\s/.test(c)) break;
  }
  return j > i ? [i, j] : undefined;
}

/**
 * The written destinations of every relative URL (not `https:`, `mailto:`, `//`) in a parsed Markdown tree:
 * inline links and images, and reference definitions; and, as an empty destination, those whose scheme the page
 * drops (`javascript:`). Autolinks always carry a safe scheme (or an address), so they never appear.
 */
function urlSpansOf(tree: Root, source: string): CopySpan[] {
  const spans: CopySpan[] = [];
  visit(tree, (node) => {
    if (node.type !== 'link' && node.type !== 'image' && node.type !== 'definition') return;
    const target = node as Link | Image | Definition;
    if (!target.position || target.url.startsWith('//')) return;
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(target.url)?.[1].toLowerCase();
    // The schemes the page keeps (lib/sanitize.ts): a URL with one is left as written, one with another dropped.
    const unsafe = scheme !== undefined && !sanitizeSchema.protocols?.[node.type === 'image' ? 'src' : 'href']?.includes(scheme);
    if (scheme !== undefined && !unsafe) return;
    const start = target.position.start.offset ?? 0;
    const end = target.position.end.offset ?? 0;
    const open = source.indexOf('[', start);
    const close = open === -1 ? -1 : closingBracket(source, open, end);
    if (close === -1) return;
    const after = node.type === 'definition' ? ':' : '(';
    if (source[close + 1] !== after) return; // a reference link: its definition carries the URL
    const span = destination(source, close + 2, end);
    if (span) spans.push(unsafe ? { start: span[0], end: span[1], html: '<>' } : { start: span[0], end: span[1], url: target.url });
  });
  return spans;
}

/** Where the Markdown copy differs from the source: a relative URL to make absolute, or raw HTML sanitised. */
export type CopySpan = UrlSpan | HtmlSpan;

/** The copy spans of a parsed Markdown source, in source order. */
export function copySpansOf(tree: Root, source: string, embedHosts?: readonly string[]): CopySpan[] {
  return [...urlSpansOf(tree, source), ...htmlSpansOf(tree, source, embedHosts)].sort((a, b) => a.start - b.start);
}

const parser = unified().use(remarkParse).use(remarkGfm);

/** Parses `source` and returns its copy spans (for content that was not compiled with them). */
export function findCopySpans(source: string): CopySpan[] {
  return copySpansOf(parser.parse(source) as Root, source);
}

/** Writes each span's sanitised HTML, or its destination rewritten by `rewrite(url)`; everything else stays as the author wrote it. */
export function spliceCopy(source: string, spans: CopySpan[], rewrite: (url: string) => string): string {
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    out += source.slice(at, span.start) + ('html' in span ? span.html : rewrite(span.url));
    at = span.end;
  }
  return out + source.slice(at);
}
