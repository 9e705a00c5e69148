/**
 * Feeds: each parses as a feed reader would parse it, every item has a link and a valid date, and item HTML
 * holds only absolute URLs (a reader shows it away from the site). URLs in the feed are checked by links.
 * RSS 2.0: https://www.rssboard.org/rss-specification · Atom: RFC 4287 · JSON Feed: https://www.jsonfeed.org/version/1.1/
 */
import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import { detach } from './detach';
import { contentBatches, type SplitFeed, type SplitJson } from './feed-split';
import { htmlFragmentUrls, jsonUrls, type LinkRef } from './html';
import { xmlUrls } from './links';
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

/** One item, numbered within its batch (`n`): its label is made when the batch joins its feed. */
interface ItemRef {
  n: number;
  title?: string;
}

/** Something said of one item: the label goes before `text`. */
export interface ItemNote extends ItemRef {
  text: string;
}

/**
 * What a batch of items says, numbered from 0: pure data, so a batch unchanged since the last run is read from
 * the cache (BatchMemo) instead of parsed. `parsed` items as the feed reader sees them, `listed` as the XML tree
 * lists them (RSS and Atom number their problems by one or the other; JSON Feed has one list).
 */
export interface ItemsFacts {
  parsed: number;
  listed: number;
  /** Problems numbered by `parsed` (and every JSON Feed item problem, in item order). */
  problems: ItemNote[];
  /** Problems of the dates as written, numbered by `listed`. */
  dateProblems: ItemNote[];
  /** URLs in item HTML, numbered by `parsed`. */
  urls: (ItemRef & { url: string; where: string })[];
  /** Every absolute URL in the items, for the link check. */
  links: LinkRef[];
}

/** Batch key → its facts, kept on disk between runs (fact-cache.ts). */
export interface BatchMemo {
  get(key: string): ItemsFacts | undefined;
  set(key: string, facts: ItemsFacts): void;
}

function itemHtmlUrls(html: string, n: number, title: string | undefined, out: ItemsFacts['urls'], memo?: ItemHtmlMemo): void {
  const key = memo && createHash('sha1').update(html).digest('base64');
  let urls = key === undefined ? undefined : memo?.get(key);
  if (!urls) {
    urls = detach(htmlFragmentUrls(html));
    if (key !== undefined) memo?.set(key, urls);
  }
  for (const { url, where } of urls) out.push({ n, title, url, where });
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

type ParsedFeed = ReturnType<typeof parseFeed>;

/**
 * What a feed says, kept by kind so a feed read a batch of items at a time gives the same facts, in the same
 * order, as one read whole: the feed's own problems, its items' (`add`, batch after batch), then the dates.
 */
class FeedReader {
  readonly feedProblems: string[] = [];
  readonly dateProblems: string[] = [];
  private readonly itemProblems: string[] = [];
  private readonly itemDateProblems: string[] = [];
  private readonly itemUrls: FeedFacts['itemUrls'] = [];
  readonly links: LinkRef[] = [];
  /** How many items the batches added so far held. */
  private parsed = 0;
  private listed = 0;

  /** Adds the next batch of items, numbering them after the ones before. */
  add(items: ItemsFacts): void {
    const label = (from: number, item: ItemRef) => itemLabel(from + item.n, item.title);
    for (const note of items.problems) this.itemProblems.push(`${label(this.parsed, note)}${note.text}`);
    for (const note of items.dateProblems) this.itemDateProblems.push(`${label(this.listed, note)}${note.text}`);
    for (const item of items.urls) this.itemUrls.push({ label: label(this.parsed, item), url: item.url, where: item.where });
    this.links.push(...items.links);
    this.parsed += items.parsed;
    this.listed += items.listed;
  }

  facts(): FeedFacts {
    return { problems: [...this.feedProblems, ...this.itemProblems, ...this.dateProblems, ...this.itemDateProblems], itemUrls: this.itemUrls };
  }
}

/** The RSS or Atom feed's own title, link and dates; `doc` is its fast-xml-parser tree (for the dates as written). */
function readXmlFeedHead(reader: FeedReader, feed: ParsedFeed, doc: Record<string, unknown>): void {
  if (!feed.title) reader.feedProblems.push('the feed has no title');
  if (!feed.url) reader.feedProblems.push('the feed has no link to the site');
  // The dates as written: feed-parser accepts anything `new Date()` reads; the formats are stricter.
  const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
  const atom = doc.feed as Record<string, unknown> | undefined;
  if (rss?.channel) {
    for (const key of ['pubDate', 'lastBuildDate']) {
      const bad = dateProblem(text(rss.channel[key]), RFC_822, 'RFC 822');
      if (bad) reader.dateProblems.push(`<${key}> ${bad}`);
    }
  } else if (atom) {
    const bad = dateProblem(text(atom.updated), RFC_3339, 'RFC 3339');
    if (bad) reader.dateProblems.push(`<updated> ${bad}`);
  }
}

/** The items of one RSS or Atom document: `feed` as feed-parser reads it, `doc` its fast-xml-parser tree. */
function readXmlItems(feed: ParsedFeed, doc: Record<string, unknown>, memo?: ItemHtmlMemo): ItemsFacts {
  const facts: ItemsFacts = { parsed: feed.items.length, listed: 0, problems: [], dateProblems: [], urls: [], links: [] };
  feed.items.forEach((item, n) => {
    const title = item.title ?? undefined;
    if (!item.url) facts.problems.push({ n, title, text: ' has no link' });
    if (!item.published && !item.updated) facts.problems.push({ n, title, text: ' has no valid date' });
    for (const html of [item.content, item.description]) if (html) itemHtmlUrls(html, n, title, facts.urls, memo);
  });
  const rss = doc.rss as { channel?: Record<string, unknown> } | undefined;
  const atom = doc.feed as Record<string, unknown> | undefined;
  let listed: Record<string, unknown>[] = [];
  if (rss?.channel) {
    listed = list(rss.channel.item);
    listed.forEach((item, n) => {
      const bad = dateProblem(text(item.pubDate), RFC_822, 'RFC 822');
      if (bad) facts.dateProblems.push({ n, title: text(item.title), text: ` <pubDate> ${bad}` });
    });
  } else if (atom) {
    listed = list(atom.entry);
    listed.forEach((entry, n) => {
      const title = text(entry.title);
      if (text(entry.updated) === undefined) facts.dateProblems.push({ n, title, text: ' has no <updated>' });
      for (const key of ['updated', 'published']) {
        const wrong = dateProblem(text(entry[key]), RFC_3339, 'RFC 3339');
        if (wrong) facts.dateProblems.push({ n, title, text: ` <${key}> ${wrong}` });
      }
    });
  }
  facts.listed = listed.length;
  // Titles and dates are slices of the document; a memo or cache must not keep it alive.
  return detach(facts);
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
  const reader = new FeedReader();
  readXmlFeedHead(reader, feed, doc);
  reader.add(readXmlItems(feed, doc, memo));
  return reader.facts();
}

/** A feed's items cut into batches: the key of each (its items and what they inherit) and how to read it. */
interface Batch {
  key: string;
  /** How many items it holds. */
  count: number;
  read(): ItemsFacts;
}

/**
 * Adds each batch to `reader`, from `cache` when its key is there. False when a batch does not hold the items
 * it was cut around (then the feed is read whole).
 */
function readBatches(reader: FeedReader, batches: Batch[], cache?: BatchMemo): boolean {
  for (const batch of batches) {
    let items = cache?.get(batch.key);
    if (!items) {
      items = batch.read();
      if (items.parsed !== batch.count) return false;
      cache?.set(batch.key, items);
    }
    reader.add(items);
  }
  return true;
}

/** Bump when what readXmlItems or readJsonItems returns changes: cached batches of an older version are not read. */
export const BATCH_FACTS_VERSION = 2;

/** The key of items `from` to `to` of a split feed: their digests, and `context`, what else their facts depend on. */
function batchKey(context: string, digests: Buffer[], from: number, to: number): string {
  const hash = createHash('sha256').update(`feed batch\0${BATCH_FACTS_VERSION}\0${context}\0`);
  for (let n = from; n < to; n++) hash.update(digests[n]);
  return hash.digest('hex');
}

/**
 * Reads a feed cut by splitXmlFeed a batch of items at a time, with `parse` giving the fast-xml-parser tree of
 * each document: the same facts as readXmlFeed of the whole, plus every URL of the feed for the link check.
 * A batch whose items and context are unchanged since the last run comes from `cache`. Undefined when a batch
 * does not read as its part of the whole would (then read it whole).
 */
export function readSplitXmlFeed(
  split: SplitFeed,
  parse: (xml: string) => Record<string, unknown>,
  memo?: ItemHtmlMemo,
  cache?: BatchMemo,
): { feed: FeedFacts; links: LinkRef[] } | undefined {
  const reader = new FeedReader();
  try {
    const envelope = parseFeed(split.envelope);
    if (envelope.items.length) return undefined;
    const envelopeDoc = parse(split.envelope);
    readXmlFeedHead(reader, envelope, envelopeDoc);
    reader.links.push(...xmlUrls(envelopeDoc));
    // An item's facts depend on its text and on what it inherits: the namespaces and xml:base of the elements
    // around it, and the feed's link, which feed-parser resolves item links against. The rest of the envelope
    // (dates, title) is read above, not by the batches, so a new lastBuildDate keeps every batch's key.
    const context = `${split.root}\0${split.ancestors}\0${envelope.url ?? ''}`;
    const digests = split.digests();
    const path = split.root === 'rss' ? ['rss', 'channel', 'item'] : ['feed', 'entry'];
    const batches = contentBatches(digests).map(([from, to]) => ({
      key: batchKey(context, digests, from, to),
      count: to - from,
      read(): ItemsFacts {
        const xml = split.withItems(from, to);
        const doc = parse(xml);
        const facts = readXmlItems(parseFeed(xml), doc, memo);
        const items = split.root === 'rss' ? (doc.rss as { channel: Record<string, unknown> }).channel.item : (doc.feed as Record<string, unknown>).entry;
        facts.links = detach(xmlUrls(items, path));
        return facts;
      },
    }));
    if (!readBatches(reader, batches, cache)) return undefined;
  } catch {
    // The whole document tells which error a reader would see.
    return undefined;
  }
  return { feed: reader.facts(), links: reader.links };
}

/** True for a parsed JSON document that declares itself a JSON Feed. */
export function isJsonFeed(data: unknown): data is Record<string, unknown> {
  return !!data && typeof data === 'object' && typeof (data as { version?: unknown }).version === 'string' && String((data as { version: string }).version).startsWith('https://jsonfeed.org/version/');
}

/** The problems of JSON Feed items and the URLs in their `content_html` and elsewhere, numbered from 0. */
function readJsonItems(items: Record<string, unknown>[], memo?: ItemHtmlMemo): ItemsFacts {
  const facts: ItemsFacts = { parsed: items.length, listed: items.length, problems: [], dateProblems: [], urls: [], links: [] };
  items.forEach((item, n) => {
    const title = typeof item.title === 'string' ? item.title : undefined;
    const problem = (text: string) => facts.problems.push({ n, title, text });
    if (item.id === undefined || item.id === '') problem(' "id": required, missing');
    if (typeof item.url !== 'string' || !/^https?:\/\//.test(item.url)) problem(` "url": expected an absolute URL, got ${JSON.stringify(item.url)}`);
    if (item.date_published === undefined && item.date_modified === undefined) problem(' has no date_published');
    for (const key of ['date_published', 'date_modified']) {
      const bad = dateProblem(item[key] === undefined ? undefined : String(item[key]), RFC_3339, 'RFC 3339');
      if (bad) problem(` "${key}": ${bad}`);
    }
    if (typeof item.content_html === 'string') itemHtmlUrls(item.content_html, n, title, facts.urls, memo);
  });
  facts.links = jsonLinks(items);
  // Titles outlive the document in a memo or cache.
  return detach(facts);
}

/** Every absolute URL of a JSON value, for the link check. */
export function jsonLinks(value: unknown): LinkRef[] {
  return jsonUrls(value).map((url) => ({ url, where: 'JSON', authored: false }));
}

/** The JSON Feed's own title and items array. */
function readJsonFeedHead(reader: FeedReader, data: Record<string, unknown>): void {
  if (typeof data.title !== 'string' || !data.title) reader.feedProblems.push('"title": required, missing');
  if (!Array.isArray(data.items)) reader.feedProblems.push('"items": expected an array');
}

/** Reads a JSON Feed: title, items with id, url, RFC 3339 dates, and the URLs in `content_html`. */
export function readJsonFeed(data: Record<string, unknown>, memo?: ItemHtmlMemo): FeedFacts {
  const reader = new FeedReader();
  readJsonFeedHead(reader, data);
  reader.add(readJsonItems(list(data.items), memo));
  return reader.facts();
}

/**
 * Reads a JSON Feed cut by splitJsonItems a batch of items at a time: `envelope` is the parsed feed with no
 * items. The same facts as readJsonFeed of the whole, plus every URL of the feed; a batch unchanged since the
 * last run comes from `cache`. Throws when a batch does not parse (then parse the whole, for JSON.parse's error).
 */
export function readSplitJsonFeed(split: SplitJson, envelope: Record<string, unknown>, memo?: ItemHtmlMemo, cache?: BatchMemo): { feed: FeedFacts; links: LinkRef[] } {
  const reader = new FeedReader();
  readJsonFeedHead(reader, envelope);
  reader.links.push(...jsonLinks(envelope));
  const digests = split.digests();
  const batches = contentBatches(digests).map(([from, to]) => ({
    key: batchKey('json', digests, from, to),
    count: to - from,
    read: () => readJsonItems(list(JSON.parse(split.itemsJson(from, to)) as unknown[]), memo),
  }));
  if (!readBatches(reader, batches, cache)) throw new Error('a batch of items holds other than its items');
  return { feed: reader.facts(), links: reader.links };
}
