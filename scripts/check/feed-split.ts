/**
 * A big feed cut into small ones: the same feed without its items (the envelope), and the envelope holding
 * a few of them at a time. Parsing a 130 MB feed whole built two trees of it and took a minute (feed-parser
 * walks every item's siblings); a batch at a time, the trees stay small and the work linear.
 */
import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';

/** A SHA-1 digest of each of `count` pieces of text. */
function digestsOf(text: string, starts: number[], ends: number[]): Buffer[] {
  return starts.map((start, n) => createHash('sha1').update(text.slice(start, ends[n])).digest());
}

/**
 * Cuts `digests.length` items into batches [from, to): after each item whose digest says so (one in `average`),
 * and after `max` items at most. A cut depends on the item before it alone (but after a run of `max`), so an
 * edited, added or removed item changes its own batch and leaves the others, and their cached facts, as they were.
 */
export function contentBatches(digests: Buffer[], average = 64, max = 256): [number, number][] {
  const batches: [number, number][] = [];
  let from = 0;
  digests.forEach((digest, n) => {
    if (digest.readUInt32BE(0) % average === 0 || n + 1 - from >= max) {
      batches.push([from, n + 1]);
      from = n + 1;
    }
  });
  if (from < digests.length) batches.push([from, digests.length]);
  return batches;
}

/** A JSON document cut around the elements of its top-level `items` array. */
export interface SplitJson {
  /** The document with `"items": []`. */
  envelope: string;
  /** Number of elements of `items`. */
  count: number;
  /** The text of elements `from` to `to` (excluded) as one JSON array. */
  itemsJson(from: number, to: number): string;
  /** A digest of each element's text. */
  digests(): Buffer[];
}

const JSON_STRING = /"(?:[^"\\]|\\.)*"/y;
const JSON_SPACE = /[ \t\n\r]*/y;

/**
 * Finds the elements of the top-level `items` array of a JSON document, by its brackets and strings alone.
 * Undefined when there is no such array or there are two `items` keys; the pieces are not validated here:
 * parsing the envelope and each batch of elements (JSON.parse) does that, and together they cover the text.
 */
export function splitJsonItems(text: string): SplitJson | undefined {
  const starts: number[] = [];
  const ends: number[] = [];
  let array: { open: number; close: number } | undefined;
  let keys = 0;
  let depth = 0;
  let inItems = false;
  let elementAt = -1;
  // A comma with no element after it yet: `[1,]` is not JSON, though each piece would parse.
  let dangling = false;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      JSON_STRING.lastIndex = i;
      if (!JSON_STRING.test(text)) return undefined;
      const end = JSON_STRING.lastIndex;
      if (depth === 1 && !inItems) {
        JSON_SPACE.lastIndex = end;
        JSON_SPACE.test(text);
        const colon = JSON_SPACE.lastIndex;
        if (text[colon] === ':' && text[end - 1] === '"' && isItemsKey(text.slice(i, end))) {
          keys++;
          JSON_SPACE.lastIndex = colon + 1;
          JSON_SPACE.test(text);
          if (text[JSON_SPACE.lastIndex] !== '[') return undefined;
          array = { open: JSON_SPACE.lastIndex, close: -1 };
          inItems = true;
          depth++;
          i = JSON_SPACE.lastIndex + 1;
          continue;
        }
      }
      if (inItems && depth === 2 && elementAt < 0) {
        elementAt = i;
        dangling = false;
      }
      i = end;
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (inItems && depth === 2 && elementAt < 0) {
        elementAt = i;
        dangling = false;
      }
      depth++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (inItems && depth === 1) {
        if (dangling && elementAt < 0) return undefined;
        if (elementAt >= 0) {
          starts.push(elementAt);
          ends.push(i);
        }
        array!.close = i;
        inItems = false;
        elementAt = -1;
      }
    } else if (c === 44 /* , */ && inItems && depth === 2) {
      if (elementAt < 0) return undefined;
      starts.push(elementAt);
      ends.push(i);
      elementAt = -1;
      dangling = true;
    } else if (inItems && depth === 2 && elementAt < 0 && c !== 32 && c !== 9 && c !== 10 && c !== 13) {
      elementAt = i;
      dangling = false;
    }
    i++;
  }
  if (keys !== 1 || !array || array.close < 0) return undefined;
  const { open, close } = array;
  return {
    envelope: `${text.slice(0, open + 1)}${text.slice(close)}`,
    count: starts.length,
    itemsJson(from, to) {
      const parts: string[] = [];
      for (let n = from; n < Math.min(to, starts.length); n++) parts.push(text.slice(starts[n], ends[n]));
      return `[${parts.join(',')}]`;
    },
    digests: () => digestsOf(text, starts, ends),
  };
}

/** True for a JSON string token that reads `items` (escapes included). */
function isItemsKey(token: string): boolean {
  if (token === '"items"') return true;
  if (!token.includes('\\')) return false;
  try {
    return JSON.parse(token) === 'items';
  } catch {
    return false;
  }
}

/** A well-formed RSS 2.0 or Atom feed and where its items are. */
export interface SplitFeed {
  /** The root element: `rss` (items in its one `<channel>`) or `feed` (Atom entries). */
  root: 'rss' | 'feed';
  /** Number of items. */
  count: number;
  /** The feed with no items. */
  envelope: string;
  /** The start tags of the elements around the items (`<rss ...><channel ...>`, `<feed ...>`): what items inherit. */
  ancestors: string;
  /** A digest of each item's text. */
  digests(): Buffer[];
  /** The feed holding items `from` to `to` (excluded) and nothing else of the others. */
  withItems(from: number, to: number): string;
}

/** The item element of each root, and where it sits: `<rss><channel><item>`, `<feed><entry>`. */
const ITEM = { rss: { name: 'item', depth: 3, open: /^<item[\s/>]/ }, feed: { name: 'entry', depth: 2, open: /^<entry[\s/>]/ } } as const;

/** An element name as feed-parser compares it: lower case, namespace prefix dropped. */
function localName(name: string): string {
  const parts = name.toLowerCase().split(':');
  return parts.length > 1 ? parts.slice(1).join(':') : parts[0];
}

/**
 * Finds the items of a feed, `text` being well-formed XML (validated before). Undefined when the document is
 * anything but the plain shape (a DOCTYPE, which may declare entities, several channels, an element
 * feed-parser would take for an item that is not one of the cut items ...): those are read whole.
 */
export function splitXmlFeed(text: string): SplitFeed | undefined {
  if (text.includes('<!DOCTYPE')) return undefined;
  let root: 'rss' | 'feed' | undefined;
  let plain = true;
  let channels = 0;
  let depth = 0;
  let openAt = -1;
  let ancestors = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        depth++;
        if (depth === 1) {
          if (name === 'rss' || name === 'feed') root = name;
          else plain = false;
          ancestors += text.slice(parser.startIndex, parser.endIndex + 1);
          return;
        }
        if (!root) return;
        const item = ITEM[root];
        if (root === 'rss' && depth === 2 && localName(name) === 'channel') {
          if (name !== 'channel' || ++channels > 1) plain = false;
          ancestors += text.slice(parser.startIndex, parser.endIndex + 1);
        } else if (depth === item.depth && localName(name) === item.name) {
          // The index is checked: htmlparser2 places it one character early after a processing instruction.
          if (name !== item.name || !item.open.test(text.slice(parser.startIndex, parser.startIndex + item.name.length + 2))) plain = false;
          openAt = parser.startIndex;
        } else if (root === 'rss' && depth === 2 && localName(name) === 'item') {
          // feed-parser also reads items beside the channel (RSS 1.0).
          plain = false;
        }
      },
      onclosetag(name, implied) {
        if (root && depth === ITEM[root].depth && name === ITEM[root].name && openAt >= 0) {
          const end = parser.endIndex + 1;
          const closes = implied ? text.slice(openAt, end).endsWith('/>') : text.startsWith(`</${name}`, parser.startIndex);
          if (!closes || text[end - 1] !== '>') plain = false;
          starts.push(openAt);
          ends.push(end);
          openAt = -1;
        }
        depth--;
      },
    },
    { xmlMode: true, decodeEntities: false },
  );
  parser.end(text);
  if (!plain || !root || (root === 'rss' && channels !== 1)) return undefined;
  const count = starts.length;
  // Items go where the first one was; whatever stood between them (whitespace, other elements) stays once.
  const head = text.slice(0, count ? starts[0] : text.length);
  const rest: string[] = [];
  for (let i = 1; i < count; i++) rest.push(text.slice(ends[i - 1], starts[i]));
  if (count) rest.push(text.slice(ends[count - 1]));
  const tail = rest.join('');
  return {
    root,
    count,
    envelope: `${head}${tail}`,
    ancestors,
    digests: () => digestsOf(text, starts, ends),
    withItems(from, to) {
      if (from <= 0 && to >= count) return text;
      // Joined, not concatenated: a string of a thousand `+` pieces reads slowly, character by character.
      const parts = [head];
      for (let i = from; i < Math.min(to, count); i++) parts.push(text.slice(starts[i], ends[i]));
      parts.push(tail);
      return parts.join('');
    },
  };
}
