/** Reads what the checks need from one HTML document, in one pass over its tree. */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';

/** A URL found in a file, where it was found, and whether the author wrote it. */
export interface LinkRef {
  url: string;
  /** `<a href>`, `item link`, `sitemap <loc>` ... for messages. */
  where: string;
  /** Written by the author (post body, Markdown copy body): follows `brokenLinks`. Generated links always fail. */
  authored: boolean;
}

export interface HtmlFacts {
  links: LinkRef[];
  /** Text of each `<title>`. */
  titles: string[];
  /** `<meta name|property>` → contents, in document order. */
  meta: Map<string, string[]>;
  /** `href` of each `<link rel=canonical>`. */
  canonicals: string[];
  h1: number;
  noindex: boolean;
  /** Parse errors of `<script type="application/ld+json">` blocks. */
  jsonLdErrors: string[];
}

/** Attributes holding one URL, by the elements that carry them. */
const URL_ATTRIBUTES: Record<string, readonly string[]> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src'],
  script: ['src'],
  iframe: ['src'],
  embed: ['src'],
  source: ['src'],
  track: ['src'],
  audio: ['src'],
  video: ['src', 'poster'],
  object: ['data'],
};

function classes(node: Element): string[] {
  return tokens(node.properties.className);
}

function tokens(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/\s+/) : [];
}

/** The URLs of a `srcset`: each candidate is `url [descriptor]`. */
export function srcsetUrls(value: unknown): string[] {
  const candidates = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
  return candidates.map((c) => c.trim().split(/\s+/)[0]).filter(Boolean);
}

/** Every URL in string values of a JSON value that looks like an absolute http(s) URL. */
export function jsonUrls(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    if (/^https?:\/\/\S+$/.test(value)) out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) jsonUrls(item, out);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) jsonUrls(item, out);
  }
  return out;
}

/** The URLs in an HTML fragment's URL attributes (feed item content). */
export function htmlFragmentUrls(html: string): { url: string; where: string }[] {
  const found: { url: string; where: string }[] = [];
  const walk = (nodes: (RootContent | ElementContent)[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      for (const attribute of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = node.properties[attribute];
        if (typeof value === 'string') found.push({ url: value, where: `<${node.tagName} ${attribute}>` });
      }
      for (const url of srcsetUrls(node.properties.srcSet)) found.push({ url, where: `<${node.tagName} srcset>` });
      walk(node.children);
      if (node.content) walk(node.content.children);
    }
  };
  walk(fromHtml(html, { fragment: true }).children);
  return found;
}

/** Parses a document once and collects links (marking those inside `.prose` as the author's), head facts and h1s. */
export function readHtml(html: string): HtmlFacts {
  const tree: Root = fromHtml(html);
  const facts: HtmlFacts = { links: [], titles: [], meta: new Map(), canonicals: [], h1: 0, noindex: false, jsonLdErrors: [] };
  const walk = (nodes: (RootContent | ElementContent)[], inProse: boolean) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const { tagName, properties } = node;
      const prose = inProse || classes(node).includes('prose');
      for (const attribute of URL_ATTRIBUTES[tagName] ?? []) {
        const value = properties[attribute];
        if (typeof value === 'string') facts.links.push({ url: value, where: `<${tagName} ${attribute}>`, authored: prose });
      }
      for (const url of srcsetUrls(properties.srcSet)) facts.links.push({ url, where: `<${tagName} srcset>`, authored: prose });
      if (tagName === 'h1') facts.h1++;
      else if (tagName === 'title') facts.titles.push(toString(node).trim());
      else if (tagName === 'meta') {
        const key = String(properties.property ?? properties.name ?? '');
        if (key) facts.meta.set(key, [...(facts.meta.get(key) ?? []), String(properties.content ?? '').trim()]);
        if (String(properties.name).toLowerCase() === 'robots' && /\bnoindex\b/i.test(String(properties.content))) facts.noindex = true;
      } else if (tagName === 'link' && tokens(properties.rel).includes('canonical')) {
        facts.canonicals.push(String(properties.href ?? ''));
      } else if (tagName === 'script' && properties.type === 'application/ld+json') {
        try {
          for (const url of jsonUrls(JSON.parse(toString(node)))) facts.links.push({ url, where: 'JSON-LD', authored: false });
        } catch (error) {
          facts.jsonLdErrors.push((error as Error).message);
        }
      }
      walk(node.children, prose);
      if (node.content) walk(node.content.children, prose);
    }
  };
  walk(tree.children, false);
  return facts;
}
