/** Reads what the checks need from one HTML document, in one streaming pass (htmlparser2: no tree is built). */
import { Parser } from 'htmlparser2';

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
  meta: Record<string, string[]>;
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


/** HTML whitespace, as hast splits `class` and `rel`: https://infra.spec.whatwg.org/#ascii-whitespace */
function tokens(value: string | undefined): string[] {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed.split(/[ \t\n\r\f]+/) : [];
}

interface ElementVisitor {
  /** An element opens; `inProse` tells whether it or an ancestor has the class `prose`. */
  open(name: string, attributes: Record<string, string>, inProse: boolean): void;
  /** Text inside the innermost open element, entities decoded (raw in `<script>` and `<style>`). */
  text?(data: string): void;
  close?(name: string): void;
}

/**
 * Streams the elements of an HTML document or fragment, tracking `.prose` ancestors. What `<noscript>` holds is
 * read as elements, as a crawler without scripts reads it.
 */
function scanHtml(html: string, visitor: ElementVisitor): void {
  const prose: boolean[] = [];
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const inProse = (prose.at(-1) ?? false) || tokens(attributes.class).includes('prose');
        prose.push(inProse);
        visitor.open(name, attributes, inProse);
      },
      ontext(data) {
        visitor.text?.(data);
      },
      onclosetag(name) {
        prose.pop();
        visitor.close?.(name);
      },
    },
    { decodeEntities: true },
  );
  parser.end(html);
}

/** The URLs an element's URL attributes and `srcset` hold, in attribute order of URL_ATTRIBUTES. */
function elementUrls(name: string, attributes: Record<string, string>, found: (url: string, where: string) => void): void {
  for (const attribute of URL_ATTRIBUTES[name] ?? []) {
    const value = attributes[attribute];
    if (value !== undefined) found(value, `<${name} ${attribute}>`);
  }
  if (attributes.srcset !== undefined) for (const url of srcsetUrls(attributes.srcset)) found(url, `<${name} srcset>`);
}

/** The URLs in an HTML fragment's URL attributes (feed item content). */
export function htmlFragmentUrls(html: string): { url: string; where: string }[] {
  const found: { url: string; where: string }[] = [];
  scanHtml(html, { open: (name, attributes) => elementUrls(name, attributes, (url, where) => found.push({ url, where })) });
  return found;
}

/** Parses a document once and collects links (marking those inside `.prose` as the author's), head facts and h1s. */
export function readHtml(html: string): HtmlFacts {
  const facts: HtmlFacts = { links: [], titles: [], meta: {}, canonicals: [], h1: 0, noindex: false, jsonLdErrors: [] };
  // The text of the open <title> or JSON-LD <script>; neither holds elements.
  let collecting: { kind: 'title' | 'json-ld'; text: string } | undefined;
  scanHtml(html, {
    open(name, attributes, inProse) {
      elementUrls(name, attributes, (url, where) => facts.links.push({ url, where, authored: inProse }));
      if (name === 'h1') facts.h1++;
      else if (name === 'title') collecting = { kind: 'title', text: '' };
      else if (name === 'meta') {
        const key = attributes.property ?? attributes.name ?? '';
        if (key) facts.meta[key] = [...(Object.hasOwn(facts.meta, key) ? facts.meta[key] : []), (attributes.content ?? '').trim()];
        if (String(attributes.name).toLowerCase() === 'robots' && /\bnoindex\b/i.test(String(attributes.content))) facts.noindex = true;
      } else if (name === 'link' && tokens(attributes.rel).includes('canonical')) {
        facts.canonicals.push(attributes.href ?? '');
      } else if (name === 'script' && attributes.type === 'application/ld+json') collecting = { kind: 'json-ld', text: '' };
    },
    text(data) {
      if (collecting) collecting.text += data;
    },
    close(name) {
      if (!collecting || name !== (collecting.kind === 'title' ? 'title' : 'script')) return;
      const { kind, text } = collecting;
      collecting = undefined;
      if (kind === 'title') facts.titles.push(text.trim());
      else {
        try {
          for (const url of jsonUrls(JSON.parse(text))) facts.links.push({ url, where: 'JSON-LD', authored: false });
        } catch (error) {
          facts.jsonLdErrors.push((error as Error).message);
        }
      }
    },
  });
  return facts;
}
