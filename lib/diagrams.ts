/**
 * Mermaid diagrams drawn at build time: a fenced `mermaid` block becomes an inline SVG (beautiful-mermaid, which
 * lays out without a DOM or a browser), coloured by the page's own CSS variables so it follows light and dark.
 */
import type { Element, ElementContent, Root as HastRoot } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString as hastToString } from 'hast-util-to-string';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportIssue } from './markdown-issues';

// What a diagram may contain: beautiful-mermaid escapes the author's labels, and this list makes sure of it.
const SVG_ELEMENTS = new Set(['svg', 'g', 'defs', 'marker', 'style', 'path', 'polyline', 'polygon', 'line', 'rect', 'circle', 'ellipse', 'text', 'tspan', 'title', 'desc', 'clipPath', 'use']);

/** The diagram's CSS, made to draw with the page's font and to fetch nothing (the renderer imports Google Fonts). */
function localStyle(css: string): string {
  return css
    .replace(/@import\s+url\([^)]*\)\s*;?/g, '')
    .replace(/font-family:\s*'Inter',[^;]*;/g, 'font-family: inherit;')
    .replace(/\n\s*\n/g, '\n');
}

/**
 * One diagram's SVG as a page can hold it beside others: ids prefixed (node names like `A` would clash with
 * headings and other diagrams), no colours of its own (the page's `--bg`, `--fg` and `--accent` show through),
 * nothing but drawing elements, and an accessible name from its labels.
 */
function pageSvg(svg: string, prefix: string): Element {
  const root = fromHtml(svg, { fragment: true, space: 'svg' }).children.find((c): c is Element => c.type === 'element' && c.tagName === 'svg');
  if (!root) throw new Error('the renderer returned no SVG');
  const ids = new Set<string>();
  visit(root, 'element', (node: Element, index, parent) => {
    if (!SVG_ELEMENTS.has(node.tagName) && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return [SKIP, index];
    }
    // No handlers; and no data attributes, which repeat the labels for scripts a static page does not run.
    for (const name of Object.keys(node.properties)) if (/^on/i.test(name) || /^data[A-Z]/.test(name)) delete node.properties[name];
    if (typeof node.properties.id === 'string') ids.add(node.properties.id);
    if (node.tagName === 'style') node.children = [{ type: 'text', value: localStyle(hastToString(node)) }];
    return undefined;
  });
  const rename = (value: string) => value.replace(/url\(#([^)]+)\)/g, (m, id: string) => (ids.has(id) ? `url(#${prefix}${id})` : m));
  visit(root, 'element', (node: Element) => {
    for (const [name, value] of Object.entries(node.properties)) {
      if (name === 'id' && typeof value === 'string') node.properties.id = prefix + value;
      else if ((name === 'href' || name === 'xLinkHref') && typeof value === 'string') {
        if (value.startsWith('#') && ids.has(value.slice(1))) node.properties[name] = `#${prefix}${value.slice(1)}`;
        else delete node.properties[name];
      } else if (typeof value === 'string' && value.includes('url(#')) node.properties[name] = rename(value);
    }
  });
  const labels: string[] = [];
  visit(root, 'element', (node: Element) => {
    if (node.tagName !== 'text') return undefined;
    const text = hastToString(node).replace(/\s+/g, ' ').trim();
    if (text && !labels.includes(text)) labels.push(text);
    return SKIP;
  });
  delete root.properties.style;
  root.properties.role = 'img';
  root.properties.ariaLabel = labels.length ? `Diagram: ${labels.join(', ')}` : 'Diagram';
  return root;
}

const OPEN: Record<string, string> = { '[': ']', '(': ')', '{': '}', '"': '"', '|': '|' };

/**
 * A flowchart as beautiful-mermaid reads it, written as Mermaid allows: statements split at `;`, and a space
 * before each link (`A-->B` is `A --> B`: the renderer would read `A--` as one node). Labels, in brackets,
 * quotes or pipes, are left as written.
 */
export function normaliseFlowchart(source: string): string {
  if (!/^\s*(graph|flowchart)\b/i.test(source)) return source;
  let out = '';
  const closers: string[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (closers.length) {
      if (c === closers[closers.length - 1]) closers.pop();
      else if (c in OPEN && c !== '"' && c !== '|' && closers[closers.length - 1] !== '"') closers.push(OPEN[c]);
      out += c;
      continue;
    }
    if (c in OPEN) closers.push(OPEN[c]);
    if (c === ';') {
      out += '\n';
      continue;
    }
    if (/[\w\])}]/.test(out.at(-1) ?? '') && /^(--|-\.|==|~~|<-|<=)/.test(source.slice(i, i + 2))) out += ' ';
    out += c;
  }
  return out;
}

const isMermaid = (node: Element) =>
  node.tagName === 'code' && ([] as unknown[]).concat(node.properties.className ?? []).includes('language-mermaid');

/**
 * Replaces each `pre > code.language-mermaid` with a figure: the diagram, and its source in a closed
 * `<details>` (a text alternative, and what feeds carry instead of the SVG). A diagram that does not parse
 * is an error at the line of its fence.
 */
export function rehypeDiagrams() {
  return async (tree: HastRoot, file: VFile) => {
    const blocks: [Element, Element, ElementContent[]][] = [];
    visit(tree, 'element', (node: Element, _index, parent) => {
      const code = node.tagName === 'pre' && parent ? node.children.find((c): c is Element => c.type === 'element' && isMermaid(c)) : undefined;
      if (code && parent) blocks.push([node, code, parent.children as ElementContent[]]);
    });
    if (!blocks.length) return;
    // Loaded only for a page with a diagram: its layout engine takes a third of a second to load.
    const { renderMermaidSVG } = await import('beautiful-mermaid');
    let count = 0;
    for (const [node, code, siblings] of blocks) {
      const index = siblings.indexOf(node);
      const source = hastToString(code);
      let svg: Element;
      try {
        svg = pageSvg(renderMermaidSVG(normaliseFlowchart(source), {}), `diagram-${++count}-`);
      } catch (error) {
        reportIssue(file, node, `Mermaid diagram does not parse: ${(error as Error).message}`);
        continue;
      }
      const details: Element = {
        type: 'element',
        tagName: 'details',
        properties: {},
        children: [
          { type: 'element', tagName: 'summary', properties: {}, children: [{ type: 'text', value: 'Diagram source' }] },
          { type: 'element', tagName: 'pre', properties: {}, children: [{ type: 'element', tagName: 'code', properties: { className: ['language-mermaid'] }, children: [{ type: 'text', value: source }] }] },
        ],
      };
      siblings[index] = { type: 'element', tagName: 'figure', properties: { className: ['diagram'] }, children: [svg, details] };
    }
  };
}

/** A diagram as feeds carry it: its Mermaid source in a code block (feed readers drop inline SVG and its CSS). */
export function diagramAsCode(node: Element): ElementContent | undefined {
  if (node.tagName !== 'figure' || !([] as unknown[]).concat(node.properties.className ?? []).includes('diagram')) return undefined;
  let pre: Element | undefined;
  visit(node, 'element', (child: Element) => {
    if (child.tagName === 'pre') pre ??= child;
  });
  return pre;
}
