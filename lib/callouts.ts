/**
 * GitHub's alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) as labelled callouts:
 * rehype-github-alerts finds them as GitHub does, and this module says what they become on a page and in a feed.
 */
import type { Element, ElementContent } from 'hast';
import { defaultBuild, type IAlert, type IOptions } from 'rehype-github-alerts';

/**
 * A callout on the page: a `role="note"` box whose first line is its label (with GitHub's icon, hidden from
 * screen readers: the label says it).
 */
function buildCallout(alert: IAlert, children: ElementContent[]): ElementContent | null {
  const built = defaultBuild(alert, children);
  if (!built || built.type !== 'element') return built;
  const [title, ...body] = built.children as Element[];
  title.properties = { className: ['callout-title'] };
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: ['callout', `callout-${alert.keyword.toLowerCase()}`], role: 'note' },
    children: [title, ...body],
  };
}

export const calloutOptions: IOptions = { build: buildCallout };

const isCallout = (node: Element) => node.tagName === 'div' && ([] as unknown[]).concat(node.properties.className ?? []).includes('callout');

/**
 * A callout as feeds carry it (readers load no stylesheet and drop icons): a plain quote whose first line is
 * its label in bold. Returns undefined for any other element.
 */
export function calloutAsQuote(node: Element): Element | undefined {
  if (!isCallout(node)) return undefined;
  const [title, ...body] = node.children;
  const label = title.type === 'element' ? title.children.filter((c) => c.type === 'text') : [];
  return {
    type: 'element',
    tagName: 'blockquote',
    properties: {},
    children: [{ type: 'element', tagName: 'p', properties: {}, children: [{ type: 'element', tagName: 'strong', properties: {}, children: label }] }, ...body],
  };
}
