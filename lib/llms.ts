import type { ListItem, PhrasingContent, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { Content, Entry } from './content/types';
import { oneLine } from './format';
import { findCopySpans, spliceCopy } from './markdown-urls';
import { FEED_FILES, markdownCopyPath } from './outputs';
import { absoluteUrl } from './site';

// llms.txt proposal: https://llmstxt.org

/**
 * Link text for `- [title](url)`. The llmstxt.org reference parser reads a title as `[^\]]+`, so no escape of `]`
 * survives it, and it would keep a backslash that CommonMark drops: square brackets become their full-width forms
 * (`Array［T］`), which read the same to a person or a model and parse the same in both.
 */
export function escapeLinkText(value: string): string {
  return oneLine(value).replace(/\[/g, '\uFF3B').replace(/\]/g, '\uFF3D');
}

/** A URL safe inside `(...)`: percent-encoded, parentheses and spaces included. */
export function escapeLinkUrl(url: string): string {
  let encoded = url;
  try {
    encoded = new URL(url).href;
  } catch {
    encoded = encodeURI(url);
  }
  return encoded.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, (c) => encodeURIComponent(c));
}

function listItem(title: string, url: string, description: string): string {
  const note = oneLine(description);
  return `- [${escapeLinkText(title)}](${escapeLinkUrl(url)})${note ? `: ${note}` : ''}`;
}

function section(heading: string, items: string[]): string[] {
  return items.length === 0 ? [] : [`## ${heading}\n\n${items.join('\n')}`];
}

function header(content: Content, paragraph?: string): string[] {
  const { site } = content;
  const summary = oneLine(site.description);
  return [`# ${oneLine(site.title)}`, ...(summary ? [`> ${summary}`] : []), ...(paragraph ? [paragraph] : [])];
}

/** Every post (newest first) then every page (by path): the order of llms.txt and llms-full.txt. */
function entries(content: Content): Entry[] {
  return [...content.posts, ...content.pages];
}

/** `/llms.txt`: title, summary, a short paragraph, then `## Posts`, `## Pages` and `## Optional` link lists. */
export function buildLlmsTxt(content: Content): string {
  const { site } = content;
  const copy = (entry: Entry) => listItem(entry.title, absoluteUrl(site, markdownCopyPath(entry)), entry.description);
  const count = (n: number) => `${n} post${n === 1 ? '' : 's'}`;
  const paragraph =
    `${oneLine(site.title)} is written by ${oneLine(site.author.name)}. Each link below points to a Markdown copy of a post or page; ` +
    `the whole site in one file is at ${escapeLinkUrl(absoluteUrl(site, '/llms-full.txt'))}.`;
  const optional = [
    ...content.tags.map((tag) => listItem(`Tag: ${tag.name}`, absoluteUrl(site, `/tags/${tag.slug}/`), `${count(tag.posts.length)} tagged ${tag.name}`)),
    listItem('Every post and page in one file', absoluteUrl(site, '/llms-full.txt'), 'the Markdown copies below, concatenated'),
    listItem('RSS feed', absoluteUrl(site, `/${FEED_FILES.rss}`), 'RSS 2.0, newest posts first'),
    listItem('Atom feed', absoluteUrl(site, `/${FEED_FILES.atom}`), 'Atom 1.0, newest posts first'),
    listItem('JSON Feed', absoluteUrl(site, `/${FEED_FILES.json}`), 'JSON Feed 1.1, newest posts first'),
    listItem('Sitemap', absoluteUrl(site, '/sitemap.xml'), 'every HTML page of the site'),
  ];
  const blocks = [
    ...header(content, paragraph),
    ...section('Posts', content.posts.map(copy)),
    ...section('Pages', content.pages.map(copy)),
    ...section('Optional', optional),
  ];
  return `${blocks.join('\n\n')}\n`;
}

const serializer = unified().use(remarkStringify, { bullet: '-', emphasis: '_', fences: true, rule: '-' }).use(remarkGfm);

/**
 * An absolute URL for a URL written in an entry's body: what the loader resolved it to, else as the loader
 * reads what it could not resolve (a root-relative URL is a site path, others are relative to the page).
 */
function absoluteBodyUrl(url: string, entry: Entry, content: Content): string {
  const resolved = entry.links[url] ?? entry.links[encodeURI(url)];
  if (resolved !== undefined) return absoluteUrl(content.site, resolved);
  return absoluteUrl(content.site, url, url.startsWith('/') && !url.startsWith('//') ? undefined : entry.path);
}

function field(label: string, value: string | { url: string }): RootContent {
  const shown: PhrasingContent =
    typeof value === 'string' ? { type: 'text', value } : { type: 'link', url: value.url, children: [{ type: 'text', value: value.url }] };
  return { type: 'listItem', spread: false, children: [{ type: 'paragraph', children: [{ type: 'text', value: `${label}: ` }, shown] }] };
}

/** The Markdown copy of a post or page: `# title`, a small front block (URL, dates, tags), then the body with absolute URLs. */
export function buildMarkdownCopy(entry: Entry, content: Content): string {
  const { site } = content;
  // The body as the author wrote it, its relative URLs made absolute and its raw HTML sanitised as on the page:
  // spliced at the places the compile recorded, so no second parse, and nothing reformatted.
  const spans = entry.copySpans ?? findCopySpans(entry.markdown);
  const body = spliceCopy(entry.markdown, spans, (written) => escapeLinkUrl(absoluteBodyUrl(written, entry, content)));
  const url = absoluteUrl(site, entry.path);
  const front: RootContent[] = [field('URL', { url })];
  if (entry.canonical && entry.canonical !== url) front.push(field('Canonical', { url: entry.canonical }));
  if (entry.date) front.push(field('Published', entry.date.toISOString()));
  if (entry.updated) front.push(field('Updated', entry.updated.toISOString()));
  if (entry.tags.length > 0) front.push(field('Tags', entry.tags.map((t) => oneLine(t.name)).join(', ')));
  const head: Root = {
    type: 'root',
    children: [
      { type: 'heading', depth: 1, children: [{ type: 'text', value: oneLine(entry.title) }] },
      { type: 'list', ordered: false, spread: false, children: front as ListItem[] },
    ],
  };
  const top = serializer.stringify(head);
  return body.trim() === '' ? top : `${top}\n${body.trim()}\n`;
}

/** `/llms-full.txt`: the site header, then every post and page's Markdown copy in llms.txt order. */
export function buildLlmsFullTxt(content: Content): string {
  return [...generateLlmsFullTxt(content)].join('');
}

/** `/llms-full.txt` piece by piece: one Markdown copy at a time, so a caller that writes as it goes never holds the file. */
export function* generateLlmsFullTxt(content: Content): Generator<string> {
  yield header(content).join('\n\n');
  for (const entry of entries(content)) yield `\n\n---\n\n${buildMarkdownCopy(entry, content).trimEnd()}`;
  yield '\n';
}
