import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** Where a post's summary ends when its front matter says nothing: Hugo's marker, which Jekyll sites use too. */
export const MORE = '<!--more-->';

const parser = unified().use(remarkParse).use(remarkGfm);

/**
 * The summary an author marked: the plain text of the body before its separator (Jekyll's `excerpt_separator`,
 * else Hugo's `<!--more-->`), white space collapsed; undefined when the body has no separator.
 */
export function markedSummary(body: string, separator: unknown = MORE): string | undefined {
  const marker = typeof separator === 'string' && separator.trim() ? separator : MORE;
  const at = body.indexOf(marker);
  if (at === -1) return undefined;
  const blocks = (parser.parse(body.slice(0, at)) as Root).children.map((node) => toString(node, { includeHtml: false }));
  const text = blocks.join(' ').replace(/\s+/g, ' ').trim();
  return text || undefined;
}
