import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { oneLine } from '../format';

/** Where a post's summary ends when its front matter says nothing: Hugo's marker, which Jekyll sites use too. */
export const MORE = '<!--more-->';

const parser = unified().use(remarkParse).use(remarkGfm);

/**
 * The summary an author marked: the plain text of the body before its separator (Jekyll's `excerpt_separator`,
 * else Hugo's `<!--more-->`), made one line as every description is (oneLine); undefined when the body has no separator.
 */
export function markedSummary(body: string, separator: unknown = MORE): string | undefined {
  const marker = typeof separator === 'string' && separator.trim() ? separator : MORE;
  const at = body.indexOf(marker);
  if (at === -1) return undefined;
  const blocks = (parser.parse(body.slice(0, at)) as Root).children.map((node) => toString(node, { includeHtml: false }));
  const text = oneLine(blocks.join(' '));
  return text || undefined;
}
