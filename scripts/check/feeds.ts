/**
 * Feeds: each parses as a feed reader would parse it, every item has a link and a valid date, and item HTML
 * holds only absolute URLs (a reader shows it away from the site). URLs in the feed are checked by links.
 * RSS 2.0: https://www.rssboard.org/rss-specification · Atom: RFC 4287 · JSON Feed: https://www.jsonfeed.org/version/1.1/
 */
import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { htmlFragmentUrls } from './html';
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
 * Digest of item HTML → its URLs, for one run: a post's HTML recurs in the main feeds and in each of its tags'
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

function itemHtmlUrls(html: string, label: string, facts: FeedFacts, memo?: ItemHtmlMemo): void {
  const key = memo && createHash('sha1').update(html).digest('base64');
  let urls = key === undefined ? undefined : memo?.get(key);
  if (!urls) {
    urls = htmlFragmentUrls(html);
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

function itemLabel(index: number, title: string | null | undefined): string {
  return `item ${index + 1}${title ? ` ("${title}")` : ''}`;
}

/** Reads an RSS or Atom feed: `doc` is its fast-xml-parser tree (for the dates as written), `xml` its text. */
export function readXmlFeed(xml: string, doc: Record<string, unknown>, memo?: ItemHtmlMemo): FeedFacts {
  const facts: FeedFacts = { problems: [], itemUrls: [] };
  const problem = (message: string) => facts.problems.push(message);
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    return { problems: [`does not parse as a feed: ${(error as Error).message}`], itemUrls: [] };
  }
  if (!feed.title) problem('the feed has no title');
  if (!feed.url) problem('the feed has no link to the site');
  feed.items.forEach((item, i) => {
    const label = itemLabel(i, item.title);
    if (!item.url) problem(`${label} has no link`);
    if (!item.published && !item.updated) problem(`${label} has no valid date`);
    for (const html of [item.content, item.description]) if (html) itemHtmlUrls(html, label, facts, memo);
  });
  // The dates as written: feed-parser accepts anything `new Date()` reads; the formats are stricter.
  const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
  const atom = doc.feed as Record<string, unknown> | undefined;
  if (rss?.channel) {
    for (const key of ['pubDate', 'lastBuildDate']) {
      const bad = dateProblem(text(rss.channel[key]), RFC_822, 'RFC 822');
      if (bad) problem(`<${key}> ${bad}`);
    }
    list(rss.channel.item).forEach((item, i) => {
      const bad = dateProblem(text(item.pubDate), RFC_822, 'RFC 822');
      if (bad) problem(`${itemLabel(i, text(item.title))} <pubDate> ${bad}`);
    });
  } else if (atom) {
    const bad = dateProblem(text(atom.updated), RFC_3339, 'RFC 3339');
    if (bad) problem(`<updated> ${bad}`);
    list(atom.entry).forEach((entry, i) => {
      if (text(entry.updated) === undefined) problem(`${itemLabel(i, text(entry.title))} has no <updated>`);
      for (const key of ['updated', 'published']) {
        const wrong = dateProblem(text(entry[key]), RFC_3339, 'RFC 3339');
        if (wrong) problem(`${itemLabel(i, text(entry.title))} <${key}> ${wrong}`);
      }
    });
  }
  return facts;
}

/** True for a parsed JSON document that declares itself a JSON Feed. */
export function isJsonFeed(data: unknown): data is Record<string, unknown> {
  return !!data && typeof data === 'object' && typeof (data as { version?: unknown }).version === 'string' && String((data as { version: string }).version).startsWith('https://jsonfeed.org/version/');
}

/** Reads a JSON Feed: title, items with id, url, RFC 3339 dates, and the URLs in `content_html`. */
export function readJsonFeed(data: Record<string, unknown>, memo?: ItemHtmlMemo): FeedFacts {
  const facts: FeedFacts = { problems: [], itemUrls: [] };
  const problem = (message: string) => facts.problems.push(message);
  if (typeof data.title !== 'string' || !data.title) problem('"title": required, missing');
  if (!Array.isArray(data.items)) problem('"items": expected an array');
  list(data.items).forEach((item, i) => {
    const label = itemLabel(i, typeof item.title === 'string' ? item.title : undefined);
    if (item.id === undefined || item.id === '') problem(`${label} "id": required, missing`);
    if (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url)) problem(`${label} "url": expected an absolute URL, got ${JSON.stringify(item.url)}`);
    if (item.date_published === undefined && item.date_modified === undefined) problem(`${label} has no date_published`);
    for (const key of ['date_published', 'date_modified']) {
      const bad = dateProblem(item[key] === undefined ? undefined : String(item[key]), RFC_3339, 'RFC 3339');
      if (bad) problem(`${label} "${key}": ${bad}`);
    }
    if (typeof item.content_html === 'string') itemHtmlUrls(item.content_html, label, facts, memo);
  });
  return facts;
}
