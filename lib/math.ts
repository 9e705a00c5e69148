/**
 * Math: `$...$` and `$$...$$` (remark-math) typeset by KaTeX at build time into HTML, for the page's eyes and its
 * stylesheet, plus MathML, which feeds keep (they load no stylesheet). The stylesheet and fonts are KaTeX's
 * own, published under /katex/ (lib/beside-pages.ts) and linked only by pages with math.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Root as MdastRoot, Text } from 'mdast';
import type { InlineMath } from 'mdast-util-math';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportIssue } from './markdown-issues';

/**
 * Pandoc's rule for single dollars, so prices stay prices: `$...$` is math only when the opening `$` is not
 * followed by a space, the closing one not preceded by a space nor followed by a digit. "From $5 to $10"
 * is text.
 */
export function remarkDollarsAsText() {
  return (tree: MdastRoot, file: VFile) => {
    const source = String(file.value);
    visit(tree, 'inlineMath', (node: InlineMath, index, parent) => {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined || !parent || index === undefined) return undefined;
      const written = source.slice(start, end);
      if (written.startsWith('$$')) return undefined;
      if (!/^\$\s|\s\$$/.test(written) && !/^\d/.test(source.slice(end))) return undefined;
      parent.children[index] = { type: 'text', value: written, position: node.position } satisfies Text;
      return SKIP;
    });
  };
}

/**
 * KaTeX at build time: no macros that load URLs or set classes and styles (`trust`), every size written in TeX
 * (`\rule{1000em}{1000em}`, `\kern`) capped at 10em so a formula cannot cover the page, and no warnings
 * printed for input LaTeX would refuse but KaTeX draws.
 */
export const katexOptions = { strict: false, trust: false, maxSize: 10, output: 'htmlAndMathml' } as const;

/** rehype-katex, with each formula KaTeX refuses reported as an error at its line, in KaTeX's words. */
export function rehypeMath() {
  return async (tree: HastRoot, file: VFile) => {
    let formulas = false;
    visit(tree, 'element', (node: Element) => {
      if (classes(node).includes('language-math')) formulas = true;
      return formulas ? false : undefined;
    });
    if (!formulas) {
      file.data.math = false;
      return;
    }
    // Loaded only for a page with math: KaTeX and its plugin take 0.15 s to load.
    const typeset = (await import('rehype-katex')).default(katexOptions) as (tree: HastRoot, file: VFile) => void;
    // A display formula's <code> has no position of its own: its <pre> has, and rehype-katex reports the code's.
    visit(tree, 'element', (node: Element) => {
      for (const child of node.children) if (child.type === 'element' && !child.position && node.tagName === 'pre') child.position = node.position;
    });
    const before = file.messages.length;
    typeset(tree, file);
    for (const message of file.messages.splice(before)) {
      // KaTeX underlines the bad input with combining characters, which a terminal draws poorly.
      const reason = ((message.cause as Error | undefined)?.message ?? message.reason).replace(/\u0332/g, '');
      const place = message.place && 'start' in message.place ? message.place : message.place ? { start: message.place, end: message.place } : undefined;
      reportIssue(file, place && { type: 'math', position: place }, `math does not typeset: ${reason}`);
    }
    capSizes(tree);
    file.data.math = hasMath(tree);
  };
}

/**
 * Every length in a formula's styles within ±10em: KaTeX's maxSize caps what TeX sizes (`\rule`) but not a
 * negative `\kern`, which could move text over the rest of the page.
 */
function capSizes(tree: HastRoot): void {
  visit(tree, 'element', (node: Element) => {
    if (typeof node.properties.style !== 'string' || !node.properties.style.includes('em')) return;
    node.properties.style = node.properties.style.replace(/(-?\d*\.?\d+)em/g, (_, n: string) => `${Math.max(-10, Math.min(10, Number(n)))}em`);
  });
}

const classes = (node: Element) => ([] as unknown[]).concat(node.properties.className ?? []).map(String);

function hasMath(tree: HastRoot): boolean {
  let found = false;
  visit(tree, 'element', (node: Element) => {
    if (classes(node).includes('katex')) found = true;
    return found ? false : undefined;
  });
  return found;
}

/** A formula as feeds carry it: KaTeX's MathML alone (its HTML needs the stylesheet feeds do not load). */
export function mathAsMathml(node: Element): ElementContent[] | undefined {
  const names = classes(node);
  if (!names.includes('katex') && !names.includes('katex-display')) return undefined;
  let math: Element | undefined;
  visit(node, 'element', (child: Element) => {
    if (child.tagName === 'math') math ??= child;
  });
  return math ? [math] : [];
}
