/**
 * Feeds: each parses as a feed reader would parse it, every item has a link and a valid date, and item HTML
 * holds only absolute URLs (a reader shows it away from the site). URLs in the feed are checked by links.
 * RSS 2.0: https://www.rssboard.org/rss-specification · Atom: RFC 4287 · JSON Feed: https://www.jsonfeed.org/version/1.1/
 */
import { createHash } from 'node:crypto';
import { htmlFragmentUrls, jsonUrls, type LinkRef } from './html';
import type { Finding } from './report';
import type { Resolve } from './site-files';

/** RFC 822 date-time as RSS 2.0 requires (four-digit years allowed): `Mon, 30 Jun 2025 00:00:00 GMT`. */
const RFC_822 = /^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d{1,2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2,4} \d{2}:\d{2}(?::\d{2})? (?:UT|GMT|[ECMP][SD]T|[A-IK-Z]|[+-]\d{4})$/;
/** RFC 3339 date-time as Atom and JSON Feed require: `2025-06-30T00:00:00Z`. */
const RFC_3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i;

function list(value: unknown): Record<string, unknown>[] {
  const items = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return items.filter((i): i is Record<string, unknown> => !!i && typeof i === 'object');
}

function text(value: unknown): string | undefined {
  if (value && typeof value === 'object' && '#text' in value) return String((value as { '#text': unknown })['#text']).trim();
  return value === undefined || value === null || typeof value === 'object' ? undefined : String(value).trim();
}

function dateProblem(value: string | undefined, pattern: RegExp, spec: string): string | undefined {
  if (value === undefined) return undefined;
  if (!pattern.test(value) || Number.isNaN(Date.parse(value))) return `"${value}" is not an ${spec} date`;
  return undefined;
}

/**
 * Digest of item HTML → its URLs, for one run: a post's HTML recurs in the site feeds and in each of its tags'
 * feeds. Keyed by digest so the memo does not keep every post's HTML alive.
 */
export type ItemHtmlMemo = Map<string, { url: string; where: string }[]>;

/**
 * What one feed says, read from its text alone: the problems that need nothing else, and each URL of item
 * HTML (judged against the site's files by `feedFindings`).
 */
export interface FeedFacts {
  problems: string[];
  itemUrls: { label: string; url: string; where: string }[];
}

function itemLabel(index: number, title: string | null | undefined): string {
  return `item ${index + 1}${title ? ` ("${title}")` : ''}`;
}

function addItemHtml(facts: FeedFacts, html: string, label: string, memo?: ItemHtmlMemo): void {
  const key = memo && createHash('sha1').update(html).digest('base64');
  let urls = key === undefined ? undefined : memo?.get(key);
  if (!urls) {
    // A copy: the parser's strings are slices that would keep the whole feed alive in the memo.
    urls = structuredClone(htmlFragmentUrls(html));
    if (key !== undefined) memo?.set(key, urls);
  }
  for (const { url, where } of urls) facts.itemUrls.push({ label, url, where });
}

/** The findings of a feed: its own problems, then item HTML, where relative URLs break in a reader and absolute ones on the site must resolve (they are the author's links). */
export function feedFindings(page: string, facts: FeedFacts, resolve: Resolve, brokenLinks: 'error' | 'warn'): Finding[] {
  const findings: Finding[] = facts.problems.map((message) => ({ severity: 'error', check: 'feeds', page, message }));
  for (const { label, url, where } of facts.itemUrls) {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url.trim())) {
      findings.push({ severity: 'error', check: 'feeds', page, message: `${label}: relative URL ${where} "${url}" in item HTML; feed readers need absolute URLs` });
      continue;
    }
    const resolved = resolve(url, page);
    if (resolved.kind === 'broken') {
      findings.push({ severity: brokenLinks === 'warn' ? 'warning' : 'error', check: 'feeds', page, message: `${label}: broken author's link ${where} "${url}" → ${resolved.target}: ${resolved.reason}` });
    }
  }
  return findings;
}

/** The href of an Atom element's `alternate` link (a link without `rel` is one). */
function alternate(links: unknown): string | undefined {
  const found = list(links).find((l) => l['@_rel'] === undefined || l['@_rel'] === 'alternate');
  return found ? text(found['@_href']) : undefined;
}

/** One item as a feed reader takes it: title, link, whether it has a date it can read, and its HTML. */
interface FeedItem {
  title?: string;
  url?: string;
  dated: boolean;
  html: (string | undefined)[];
}

const readable = (value: string | undefined) => value !== undefined && !Number.isNaN(Date.parse(value));

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An Atom `type="html"` title as a reader shows it: its character references decoded (for the item's label). */
function htmlTitle(value: string | undefined): string | undefined {
  return value?.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (match, dec, hex, name) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(Number.parseInt(hex, 16)) : (ENTITIES[name.toLowerCase()] ?? match),
  );
}

/**
 * Reads an RSS 2.0 or Atom feed from its XML tree (fast-xml-parser's, read in one linear pass: a feed reader's
 * own parser took minutes on the 130 MB feeds of 10,000 posts): its title and link, each item's link, date and
 * HTML, and the dates as written, which the formats require in one syntax each.
 */
export function readXmlFeed(doc: Record<string, unknown>, memo?: ItemHtmlMemo): FeedFacts {
  const facts: FeedFacts = { problems: [], itemUrls: [] };
  const dateProblems: string[] = [];
  const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
  const atom = doc.feed as Record<string, unknown> | undefined;
  let title: string | undefined;
  let link: string | undefined;
  let items: FeedItem[] = [];
  if (rss?.channel) {
    const { channel } = rss;
    title = text(channel.title);
    link = text(channel.link);
    for (const key of ['pubDate', 'lastBuildDate']) {
      const bad = dateProblem(text(channel[key]), RFC_822, 'RFC 822');
      if (bad) dateProblems.push(`<${key}> ${bad}`);
    }
    items = list(channel.item).map((item, n) => {
      const guid = list(item.guid)[0];
      const permalink = guid && guid['@_isPermaLink'] !== 'false' ? text(guid) : undefined;
      const bad = dateProblem(text(item.pubDate), RFC_822, 'RFC 822');
      if (bad) dateProblems.push(`${itemLabel(n, text(item.title))} <pubDate> ${bad}`);
      return { title: text(item.title), url: text(item.link) ?? permalink, dated: readable(text(item.pubDate)) || readable(text(item['dc:date'])), html: [text(item['content:encoded']), text(item.description)] };
    });
  } else if (atom) {
    title = text(atom.title);
    link = alternate(atom.link);
    const bad = dateProblem(text(atom.updated), RFC_3339, 'RFC 3339');
    if (bad) dateProblems.push(`<updated> ${bad}`);
    items = list(atom.entry).map((entry, n) => {
      const title = htmlTitle(text(entry.title));
      const label = itemLabel(n, title);
      if (text(entry.updated) === undefined) dateProblems.push(`${label} has no <updated>`);
      for (const key of ['updated', 'published']) {
        const wrong = dateProblem(text(entry[key]), RFC_3339, 'RFC 3339');
        if (wrong) dateProblems.push(`${label} <${key}> ${wrong}`);
      }
      return { title, url: alternate(entry.link), dated: readable(text(entry.updated)) || readable(text(entry.published)), html: [text(entry.content), text(entry.summary)] };
    });
  } else return { problems: ['is neither an RSS 2.0 <channel> nor an Atom <feed>'], itemUrls: [] };
  if (!title) facts.problems.push('the feed has no title');
  if (!link) facts.problems.push('the feed has no link to the site');
  items.forEach((item, n) => {
    const label = itemLabel(n, item.title);
    if (!item.url) facts.problems.push(`${label} has no link`);
    if (!item.dated) facts.problems.push(`${label} has no valid date`);
    for (const html of item.html) if (html) addItemHtml(facts, html, label, memo);
  });
  facts.problems.push(...dateProblems);
  return facts;
}

/** True for a parsed JSON document that declares itself a JSON Feed. */
export function isJsonFeed(data: unknown): data is Record<string, unknown> {
  return !!data && typeof data === 'object' && typeof (data as { version?: unknown }).version === 'string' && String((data as { version: string }).version).startsWith('https://jsonfeed.org/version/');
}

/** Every absolute URL of a JSON value, for the link check. */
export function jsonLinks(value: unknown): LinkRef[] {
  return jsonUrls(value).map((url) => ({ url, where: 'JSON', authored: false }));
}

/** Reads a JSON Feed: title, items with id, url, RFC 3339 dates, and the URLs in `content_html`. */
export function readJsonFeed(data: Record<string, unknown>, memo?: ItemHtmlMemo): FeedFacts {
  const facts: FeedFacts = { problems: [], itemUrls: [] };
  if (typeof data.title !== 'string' || !data.title) facts.problems.push('"title": required, missing');
  if (!Array.isArray(data.items)) facts.problems.push('"items": expected an array');
  list(data.items).forEach((item, n) => {
    const label = itemLabel(n, typeof item.title === 'string' ? item.title : undefined);
    const problem = (text: string) => facts.problems.push(`${label}${text}`);
    if (item.id === undefined || item.id === '') problem(' "id": required, missing');
    if (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url)) problem(` "url": expected an absolute URL, got ${JSON.stringify(item.url)}`);
    if (item.date_published === undefined && item.date_modified === undefined) problem(' has no date_published');
    for (const key of ['date_published', 'date_modified']) {
      const bad = dateProblem(item[key] === undefined ? undefined : String(item[key]), RFC_3339, 'RFC 3339');
      if (bad) problem(` "${key}": ${bad}`);
    }
    if (typeof item.content_html === 'string') addItemHtml(facts, item.content_html, label, memo);
  });
  return facts;
}
