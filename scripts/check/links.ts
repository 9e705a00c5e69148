/** Links: every internal URL in a file must resolve to a file of the site. */
import matter from 'gray-matter';
import type { Root as MdastRoot } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { detach } from './detach';
import type { LinkRef } from './html';
import type { Finding } from './report';
import type { Resolve } from './site-files';

/** Reports each broken internal link once per page; the author's follow `brokenLinks`, generated ones are errors. */
export function checkLinks(page: string, links: LinkRef[], resolve: Resolve, brokenLinks: 'error' | 'warn'): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const link of links) {
    const key = `${link.where}\0${link.url}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const resolved = resolve(link.url, page);
    if (resolved.kind !== 'broken') continue;
    findings.push({
      severity: link.authored && brokenLinks === 'warn' ? 'warning' : 'error',
      check: 'links',
      page,
      message: `broken ${link.authored ? "author's " : ''}link ${link.where} "${link.url}" → ${resolved.target}: ${resolved.reason}`,
    });
  }
  return findings;
}

const markdownParser = unified().use(remarkParse).use(remarkGfm);

/** Parses Markdown into its syntax tree (GitHub-flavoured, so bare URLs are links too). */
export function parseMarkdown(text: string): MdastRoot {
  return markdownParser.parse(text);
}

/** The URLs of every link, image and link definition in a Markdown tree. */
export function markdownTreeLinks(tree: MdastRoot, authored: boolean): LinkRef[] {
  const links: LinkRef[] = [];
  visit(tree, (node) => {
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
      links.push({ url: node.url, where: `Markdown ${node.type}${node.position ? ` (line ${node.position.start.line})` : ''}`, authored });
    }
  });
  return links;
}

/** Markdown body → its links: a Map for one run, or one kept on disk between runs (fact-cache.ts). */
export interface BodyLinksMemo {
  get(body: string): LinkRef[] | undefined;
  set(body: string, links: LinkRef[]): void;
}

/**
 * The author's links of a Markdown body. Final line endings are dropped first: they hold no link and move none,
 * and without them a page's Markdown copy and its section of llms-full.txt are the same text, so `memo` (body →
 * links, for one run) parses it once.
 */
export function markdownBodyLinks(body: string, memo?: BodyLinksMemo): LinkRef[] {
  const text = body.replace(/[\r\n]+$/, '');
  let links = memo?.get(text);
  if (!links) {
    // Detached: the memo outlives the text (llms-full.txt is 80 MB on a big site).
    links = detach(markdownTreeLinks(parseMarkdown(text), true));
    memo?.set(text, links);
  }
  return links;
}

/** The links of llms-full.txt: the pages' Markdown copies joined by `---`, each the author's. */
export function llmsFullLinks(text: string, memo?: BodyLinksMemo): LinkRef[] {
  // Parsed a section at a time, since Markdown parsing grows faster than the text on one multi-megabyte
  // document (8 s for 1 MB, 75 s for 4 MB).
  return text.split(/\n\n---\n\n/).flatMap((section) => markdownBodyLinks(section, memo));
}

/**
 * The links of a page's Markdown copy: URL values of its front matter are generated; links in the body are the
 * author's.
 */
export function markdownFileLinks(text: string, memo?: BodyLinksMemo): { links: LinkRef[]; error?: string } {
  let body = text;
  const links: LinkRef[] = [];
  if (text.startsWith('---')) {
    try {
      const file = matter(text, {});
      body = file.content;
      const walk = (value: unknown, key: string) => {
        if (typeof value === 'string' && /^https?:\/\/\S+$/.test(value)) links.push({ url: value, where: `front matter "${key}"`, authored: false });
        else if (Array.isArray(value)) value.forEach((v) => walk(v, key));
        else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
      };
      walk(file.data, '');
    } catch (error) {
      return { links, error: `invalid YAML front matter: ${(error as Error).message.split('\n')[0]}` };
    }
  }
  links.push(...markdownBodyLinks(body, memo));
  return { links };
}

/** Every absolute http(s) URL among the attribute and text values of a parsed XML document, named by element path. */
export function xmlUrls(value: unknown, where: string[] = [], out: LinkRef[] = []): LinkRef[] {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (/^https?:\/\/\S+$/.test(trimmed)) out.push({ url: trimmed, where: `<${where.slice(-3).join(' > ')}>`, authored: false });
  } else if (Array.isArray(value)) {
    for (const item of value) xmlUrls(item, where, out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      // Namespace declarations name specs, not pages.
      if (key.startsWith('@_xmlns') || key.startsWith('?')) continue;
      const next = key === '#text' ? where : key.startsWith('@_') ? [...where.slice(0, -1), `${where.at(-1) ?? ''} ${key.slice(2)}`] : [...where, key];
      xmlUrls(item, next, out);
    }
  }
  return out;
}
