/**
 * Feeds: each parses as a feed reader would parse it, every item has a link and a valid date, and item HTML
 * holds only absolute URLs (a reader shows it away from the site). URLs in the feed are checked by links.
 * RSS 2.0: https://www.rssboard.org/rss-specification · Atom: RFC 4287 · JSON Feed: https://www.jsonfeed.org/version/1.1/
 */
import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { detach } from './detach';
import type { SplitFeed } from './feed-split';
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
  if (!pattern.test(value) || Number.isNaN(Date.parse(value))) return detach(`"${value}" is not an ${spec} date`);
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

function itemHtmlUrls(html: string, label: string, out: FeedFacts['itemUrls'], memo?: ItemHtmlMemo): void {
  const key = memo && createHash('sha1').update(html).digest('base64');
  let urls = key === undefined ? undefined : memo?.get(key);
  if (!urls) {
    urls = detach(htmlFragmentUrls(html));
    if (key !== undefined) memo?.set(key, urls);
  }
  for (const { url, where } of urls) out.push({ label, url, where });
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
  return detach(`item ${index + 1}${title ? ` ("${title}")` : ''}`);
}

type ParsedFeed = ReturnType<typeof parseFeed>;

/** Where the items of one document sit in the whole feed: how many feed-parser and the XML tree found before. */
interface ItemOffset {
  parsed: number;
  listed: number;
}

/**
 * What an RSS or Atom feed says, kept by kind so a feed read a batch of items at a time gives the same facts,
 * in the same order, as one read whole.
 */
class XmlFeedReader {
  private readonly feedProblems: string[] = [];
  private readonly itemProblems: string[] = [];
  private readonly dateProblems: string[] = [];
  private readonly itemDateProblems: string[] = [];
  private readonly itemUrls: FeedFacts['itemUrls'] = [];
  constructor(private readonly memo?: ItemHtmlMemo) {}

  /** The feed's own title, link and dates; `doc` is its fast-xml-parser tree (for the dates as written). */
  readFeed(feed: ParsedFeed, doc: Record<string, unknown>): void {
    if (!feed.title) this.feedProblems.push('the feed has no title');
    if (!feed.url) this.feedProblems.push('the feed has no link to the site');
    // The dates as written: feed-parser accepts anything `new Date()` reads; the formats are stricter.
    const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
    const atom = doc.feed as Record<string, unknown> | undefined;
    if (rss?.channel) {
      for (const key of ['pubDate', 'lastBuildDate']) {
        const bad = dateProblem(text(rss.channel[key]), RFC_822, 'RFC 822');
        if (bad) this.dateProblems.push(`<${key}> ${bad}`);
      }
    } else if (atom) {
      const bad = dateProblem(text(atom.updated), RFC_3339, 'RFC 3339');
      if (bad) this.dateProblems.push(`<updated> ${bad}`);
    }
  }

  /** The items of `feed` and `doc` (one document of the feed), numbered from `offset`; returns how many each held. */
  readItems(feed: ParsedFeed, doc: Record<string, unknown>, offset: ItemOffset = { parsed: 0, listed: 0 }): ItemOffset {
    feed.items.forEach((item, n) => {
      const label = itemLabel(offset.parsed + n, item.title);
      if (!item.url) this.itemProblems.push(`${label} has no link`);
      if (!item.published && !item.updated) this.itemProblems.push(`${label} has no valid date`);
      for (const html of [item.content, item.description]) if (html) itemHtmlUrls(html, label, this.itemUrls, this.memo);
    });
    const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
    const atom = doc.feed as Record<string, unknown> | undefined;
    let listed: Record<string, unknown>[] = [];
    if (rss?.channel) {
      listed = list(rss.channel.item);
      listed.forEach((item, n) => {
        const bad = dateProblem(text(item.pubDate), RFC_822, 'RFC 822');
        if (bad) this.itemDateProblems.push(`${itemLabel(offset.listed + n, text(item.title))} <pubDate> ${bad}`);
      });
    } else if (atom) {
      listed = list(atom.entry);
      listed.forEach((entry, n) => {
        const label = itemLabel(offset.listed + n, text(entry.title));
        if (text(entry.updated) === undefined) this.itemDateProblems.push(`${label} has no <updated>`);
        for (const key of ['updated', 'published']) {
          const wrong = dateProblem(text(entry[key]), RFC_3339, 'RFC 3339');
          if (wrong) this.itemDateProblems.push(`${label} <${key}> ${wrong}`);
        }
      });
    }
    return { parsed: feed.items.length, listed: listed.length };
  }

  facts(): FeedFacts {
    return { problems: [...this.feedProblems, ...this.itemProblems, ...this.dateProblems, ...this.itemDateProblems], itemUrls: this.itemUrls };
  }
}

function parseProblem(error: unknown): FeedFacts {
  return { problems: [`does not parse as a feed: ${(error as Error).message}`], itemUrls: [] };
}

/** Reads an RSS or Atom feed: `doc` is its fast-xml-parser tree (for the dates as written), `xml` its text. */
export function readXmlFeed(xml: string, doc: Record<string, unknown>, memo?: ItemHtmlMemo): FeedFacts {
  let feed: ParsedFeed;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    return parseProblem(error);
  }
  const reader = new XmlFeedReader(memo);
  reader.readFeed(feed, doc);
  reader.readItems(feed, doc);
  return reader.facts();
}

/** Items per document when a feed is read in batches: feed-parser's time grows with the square of a document's items. */
const ITEMS_PER_BATCH = 256;

/**
 * Reads a feed cut by splitXmlFeed a batch of items at a time, with `parse` giving the fast-xml-parser tree of
 * each document: the same facts as readXmlFeed of the whole, plus `items`, the tree of each batch's items (for
 * their URLs). Undefined when a batch does not read as its part of the whole would (then read it whole).
 */
export function readSplitXmlFeed(
  split: SplitFeed,
  parse: (xml: string) => Record<string, unknown>,
  onItems: (items: unknown) => void,
  memo?: ItemHtmlMemo,
): FeedFacts | undefined {
  const reader = new XmlFeedReader(memo);
  try {
    const envelope = parseFeed(split.envelope);
    if (envelope.items.length) return undefined;
    reader.readFeed(envelope, parse(split.envelope));
    const offset: ItemOffset = { parsed: 0, listed: 0 };
    for (let from = 0; from < split.count; from += ITEMS_PER_BATCH) {
      const xml = split.withItems(from, from + ITEMS_PER_BATCH);
      const doc = parse(xml);
      const read = reader.readItems(parseFeed(xml), doc, offset);
      const expected = Math.min(ITEMS_PER_BATCH, split.count - from);
      if (read.parsed !== expected) return undefined;
      offset.parsed += read.parsed;
      offset.listed += read.listed;
      onItems(split.root === 'rss' ? (doc.rss as { channel: Record<string, unknown> }).channel.item : (doc.feed as Record<string, unknown>).entry);
    }
  } catch {
    // The whole document tells which error a reader would see.
    return undefined;
  }
  return reader.facts();
}

/** True for a parsed JSON document that declares itself a JSON Feed. */
export function isJsonFeed(data: unknown): data is Record<string, unknown> {
  return !!data && typeof data === 'object' && typeof (data as { version?: unknown }).version === 'string' && String((data as { version: string }).version).startsWith('https://jsonfeed.org/version/');
}

/** The problems of JSON Feed items and the URLs in their `content_html`, numbered from `first`. */
function readJsonItems(items: Record<string, unknown>[], facts: FeedFacts, first: number, memo?: ItemHtmlMemo): void {
  const problem = (message: string) => facts.problems.push(message);
  items.forEach((item, n) => {
    const label = itemLabel(first + n, typeof item.title === 'string' ? item.title : undefined);
    if (item.id === undefined || item.id === '') problem(`${label} "id": required, missing`);
    if (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url)) problem(`${label} "url": expected an absolute URL, got ${JSON.stringify(item.url)}`);
    if (item.date_published === undefined && item.date_modified === undefined) problem(`${label} has no date_published`);
    for (const key of ['date_published', 'date_modified']) {
      const bad = dateProblem(item[key] === undefined ? undefined : String(item[key]), RFC_3339, 'RFC 3339');
      if (bad) problem(`${label} "${key}": ${bad}`);
    }
    if (typeof item.content_html === 'string') itemHtmlUrls(item.content_html, label, facts.itemUrls, memo);
  });
}

/** Reads a JSON Feed: title, items with id, url, RFC 3339 dates, and the URLs in `content_html`. */
export function readJsonFeed(data: Record<string, unknown>, memo?: ItemHtmlMemo): FeedFacts {
  const facts: FeedFacts = { problems: [], itemUrls: [] };
  if (typeof data.title !== 'string' || !data.title) facts.problems.push('"title": required, missing');
  if (!Array.isArray(data.items)) facts.problems.push('"items": expected an array');
  readJsonItems(list(data.items), facts, 0, memo);
  return facts;
}

/**
 * Reads a JSON Feed cut by splitJsonItems a batch of items at a time: `envelope` is the parsed feed with no
 * items, `batches` gives each batch of elements parsed. The same facts as readJsonFeed of the whole.
 */
export function readSplitJsonFeed(envelope: Record<string, unknown>, batches: Iterable<unknown[]>, memo?: ItemHtmlMemo): FeedFacts {
  const facts = readJsonFeed(envelope, memo);
  let first = 0;
  for (const batch of batches) {
    const items = list(batch);
    readJsonItems(items, facts, first, memo);
    first += items.length;
  }
  return facts;
}
