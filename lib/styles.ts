/**
 * A page's body has no `style` attribute (html-validate's recommended rules, and a stricter Content Security
 * Policy): each inline style that Shiki, KaTeX or a diagram writes becomes a class named by a hash of the style,
 * and the page's head gets one rule per class (app/_components/entry.tsx). The rules are `!important`, as an
 * inline style outranks every rule that is not. Feeds, read without the page's stylesheet, get the styles back
 * inline (lib/markdown.ts absolutizeHtml).
 */
import { createHash } from 'node:crypto';
import type { Element, Root as HastRoot } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const PREFIX = 's-';

/** The class of an inline style: the same style always gets the same name. */
export function styleClass(style: string): string {
  return PREFIX + createHash('sha1').update(style).digest('hex').slice(0, 8);
}

/** An element's classes, whichever property holds them: Shiki writes `class` as a string, hast `className` as a list. */
function classList(node: Element): string[] {
  const { class: written, className } = node.properties;
  return [...String(written ?? '').split(/\s+/), ...([] as unknown[]).concat(className ?? []).map(String)].filter(Boolean);
}

function setClasses(node: Element, classes: string[]): void {
  delete node.properties.class;
  if (classes.length) node.properties.className = classes;
  else delete node.properties.className;
}

/** Moves every `style` attribute into a class; the styles by class go to `file.data.styles`. */
export function rehypeStylesToClasses() {
  return (tree: HastRoot, file: VFile) => {
    const styles = new Map<string, string>();
    visit(tree, 'element', (node: Element) => {
      const style = node.properties.style;
      if (typeof style !== 'string') return;
      delete node.properties.style;
      if (!style.trim()) return;
      const name = styleClass(style);
      styles.set(name, style);
      setClasses(node, [...classList(node), name]);
    });
    file.data.styles = styles;
  };
}

/** Splits declarations at the semicolons outside brackets and quotes. */
function declarations(style: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < style.length; i++) {
    const c = style[i];
    if (quote) {
      if (c === quote && style[i - 1] !== '\\') quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      out.push(style.slice(start, i));
      start = i + 1;
    }
  }
  out.push(style.slice(start));
  return out.map((d) => d.trim()).filter((d) => d.includes(':'));
}

/**
 * The stylesheet of a page's classes, in the order given. A declaration that could leave its rule (a brace, a
 * comment) is dropped, and `<` is escaped (`\3c `), so no value can close the `<style>` element it is written into.
 */
export function stylesheet(styles: Iterable<[string, string]>): string {
  let css = '';
  for (const [name, style] of styles) {
    const body = declarations(style)
      .filter((d) => !/[{}]|\/\*/.test(d))
      .map((d) => (/!\s*important$/i.test(d) ? d : `${d}!important`))
      .join(';');
    if (body) css += `.${name}{${body}}`;
  }
  return css.replace(/</g, '\\3c ');
}

/** Puts an element's hoisted style back inline (for a feed), given the page's styles by class. */
export function restoreStyle(node: Element, styles: ReadonlyMap<string, string>): void {
  const classes = classList(node);
  const hoisted = classes.filter((c) => c.startsWith(PREFIX) && styles.has(c));
  if (!hoisted.length) return;
  node.properties.style = hoisted.map((c) => styles.get(c)).join(';');
  setClasses(node, classes.filter((c) => !hoisted.includes(c)));
}
