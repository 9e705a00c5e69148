/** Links: every internal URL in a file must resolve to a file of the site. */
import matter from 'gray-matter';
import MarkdownIt from 'markdown-it';
import { cachedJson, cacheKey } from '../../lib/cache';
import { mapLimit } from '../../lib/map-limit';
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

// CommonMark with bare URLs as links, as a reader of the Markdown copies sees them. markdown-it rather than the
// remark parser that builds the pages: 14 times faster on the bodies of 1,000 posts (0.4 s, not 5.6 s). A
// bare URL without a scheme (`www.example.com`) is another site's, never checked: it is not looked for.
const markdownIt = new MarkdownIt({ html: true, linkify: true });

/** Every link, image and link definition of a Markdown text, each with its line. */
export function markdownLinks(text: string, authored: boolean): LinkRef[] {
  const env: { references?: Record<string, { href: string; title: string }> } = {};
  const links: LinkRef[] = [];
  for (const block of markdownIt.parse(text, env)) {
    if (!block.children || !block.map) continue;
    let line = block.map[0] + 1;
    for (const token of block.children) {
      if (token.type === 'softbreak' || token.type === 'hardbreak') line++;
      else if (token.type === 'link_open') links.push({ url: String(token.attrGet('href') ?? ''), where: `Markdown link (line ${line})`, authored });
      else if (token.type === 'image') links.push({ url: String(token.attrGet('src') ?? ''), where: `Markdown image (line ${line})`, authored });
    }
  }
  for (const { href } of Object.values(env.references ?? {})) links.push({ url: href, where: 'Markdown definition', authored });
  return links;
}

/** The code that decides what the check reads from a file: part of the key of every fact it caches. */
export const CHECK_CODE = ['scripts/check', 'scripts/content-types.ts'];

/**
 * The author's links of a Markdown body, from the cache when the same text was read before: a page's Markdown
 * copy and its section of llms-full.txt are the same text, and most bodies are unchanged between builds. Final
 * line endings are dropped first: they hold no link and move none.
 */
export function markdownBodyLinks(body: string): Promise<LinkRef[]> {
  const text = body.replace(/[\r\n]+$/, '');
  return cachedJson(cacheKey(CHECK_CODE, 'markdown links', text), async () => markdownLinks(text, true));
}

/** The links of llms-full.txt: the pages' Markdown copies joined by `---`, each the author's. */
export async function llmsFullLinks(text: string): Promise<LinkRef[]> {
  // A section at a time: most are unchanged since the last build, and cached.
  return (await mapLimit(text.split(/\n\n---\n\n/), 8, markdownBodyLinks)).flat();
}

/**
 * The links of a page's Markdown copy: URL values of its front matter are generated; links in the body are the
 * author's.
 */
export async function markdownFileLinks(text: string): Promise<{ links: LinkRef[]; error?: string }> {
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
  links.push(...(await markdownBodyLinks(body)));
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
