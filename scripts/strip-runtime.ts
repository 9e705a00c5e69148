import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapLimit } from '../lib/map-limit';
import { listFiles } from './walk';
import { Parser } from 'htmlparser2';

/** What the pass removed and kept, for the build log and tests. */
export interface StripReport {
  pages: number;
  scriptsRemoved: number;
  filesRemoved: number;
}

/** `rel` tokens as a browser splits them: https://infra.spec.whatwg.org/#ascii-whitespace */
function relTokens(value: string | undefined): string[] {
  const trimmed = (value ?? '').trim();
  return trimmed ? trimmed.split(/[ \t\n\r\f]+/) : [];
}

function isScriptPreload(attributes: Record<string, string>): boolean {
  const rel = relTokens(attributes.rel);
  return (rel.includes('preload') || rel.includes('modulepreload')) && attributes.as === 'script';
}

/** Attributes of an inlined `<style>` that point to its CSS file; without the runtime nothing reads them. */
const STYLE_RUNTIME_ATTRIBUTES = new Set(['data-href', 'data-precedence']);

/** Attributes HTML reads by presence alone: written without a value (`hidden`, not React's `hidden=""`). */
const BOOLEAN_ATTRIBUTES = new Set([
  'allowfullscreen', 'async', 'autofocus', 'autoplay', 'checked', 'controls', 'default', 'defer', 'disabled', 'formnovalidate', 'hidden', 'inert',
  'ismap', 'itemscope', 'loop', 'multiple', 'muted', 'nomodule', 'novalidate', 'open', 'playsinline', 'readonly', 'required', 'reversed', 'selected',
]);

/** HTML's void elements: written `<img …>`, never closed. */
const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

/** Foreign elements, whose attributes keep their case. */
const FOREIGN = new Set(['svg', 'math']);

/** Elements whose text is not HTML: a `>` in them stays as written. */
const RAW_TEXT = new Set(['script', 'style']);

/**
 * Removes the Next.js client runtime from one HTML document: every script but JSON-LD, and script preloads.
 * It also writes React's markup as HTML writes it (html-validate's recommended rules): attribute names in lower
 * case (`srcset`, not `srcSet`), boolean attributes without a value, void elements without `/>`, and a `>` in
 * text as `&gt;`. The page is parsed (htmlparser2, which reports where each tag starts and ends) and only
 * those spans are edited; everything else keeps its bytes as Next wrote them.
 */
export function stripHtml(html: string): { html: string; removed: number; refs: string[] } {
  /** [start, end, replacement) edits, in document order. */
  const edits: [number, number, string][] = [];
  let removed = 0;
  let scriptStart: number | undefined;
  let rawText = false;
  let attributeEdits: [number, number, string][] = [];
  let runtimeAttributes: [number, number, string][] = [];
  let lastAttributeEnd = 0;
  let foreign = 0;
  let cdata = false;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (FOREIGN.has(name)) foreign++;
        lastAttributeEnd = parser.endIndex;
        attributeEdits = [];
        runtimeAttributes = [];
      },
      onattribute(name, value) {
        const start = parser.startIndex;
        // From the end of the previous attribute (or the tag name), so the space before it goes too.
        if (STYLE_RUNTIME_ATTRIBUTES.has(name.toLowerCase())) runtimeAttributes.push([lastAttributeEnd, parser.endIndex, '']);
        else if (BOOLEAN_ATTRIBUTES.has(name.toLowerCase()) && value === '' && html.startsWith(`${name}=""`, start)) attributeEdits.push([start, start + name.length + 3, name.toLowerCase()]);
        // SVG and MathML keep their own case (viewBox), which the HTML parser restores anyway.
        else if (name !== name.toLowerCase() && !foreign) attributeEdits.push([start, start + name.length, name.toLowerCase()]);
        lastAttributeEnd = parser.endIndex;
      },
      onopentag(name, attributes) {
        const end = parser.endIndex;
        // Masthead's own scripts (the search page's) are marked; the author's raw HTML never has a script left.
        if (name === 'script' && attributes.type !== 'application/ld+json' && !('data-masthead' in attributes)) {
          scriptStart = parser.startIndex;
          return;
        }
        if (name === 'link' && isScriptPreload(attributes)) {
          edits.push([parser.startIndex, end + 1, '']);
          removed++;
          return;
        }
        edits.push(...attributeEdits);
        if (name === 'style') edits.push(...runtimeAttributes);
        if (RAW_TEXT.has(name)) rawText = true;
        if (VOID_ELEMENTS.has(name) && html[end - 1] === '/') edits.push([end - 1, end, '']);
      },
      oncdatastart() {
        cdata = true;
      },
      oncdataend() {
        cdata = false;
      },
      ontext() {
        if (rawText || cdata || scriptStart !== undefined) return;
        const start = parser.startIndex;
        const text = html.slice(start, parser.endIndex + 1);
        for (let i = text.indexOf('>'); i !== -1; i = text.indexOf('>', i + 1)) edits.push([start + i, start + i + 1, '&gt;']);
      },
      onclosetag(name, isImplied) {
        if (RAW_TEXT.has(name)) rawText = false;
        if (FOREIGN.has(name)) foreign--;
        if (name === 'script' && scriptStart !== undefined) {
          // An unclosed script runs to the end of the document, as a browser reads it.
          edits.push([scriptStart, isImplied ? html.length : parser.endIndex + 1, '']);
          scriptStart = undefined;
          removed++;
        }
      },
    },
    // CDATA (in SVG or MathML) is text as written: a `>` there stays.
    { decodeEntities: true, lowerCaseAttributeNames: false, recognizeCDATA: true },
  );
  parser.end(html);
  edits.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end, replacement] of edits) {
    if (start < at) continue;
    out += html.slice(at, start) + replacement;
    at = end;
  }
  out += html.slice(at);
  return { html: out, removed, refs: buildFileRefs(out) };
}

/** Every build file (`/_next/...`) a page mentions: attributes, srcset, and url() inside inlined CSS all count as uses. */
function buildFileRefs(html: string): string[] {
  return [...new Set(html.match(/\/_next\/[^"'\s)]+/g) ?? [])];
}

/**
 * Post-export pass: pages keep their HTML and CSS, lose the client runtime; RSC payload files
 * (`index.txt`, `__next.*.txt`) and every `_next/` file no page references are deleted. `stripped` lists
 * HTML files (full paths) stripped before, which are only read for the files they reference.
 */
export async function stripRuntime(outDir: string, stripped: ReadonlySet<string> = new Set()): Promise<StripReport> {
  const files = await listFiles(outDir);
  const referenced = new Set<string>();
  let scriptsRemoved = 0;
  let pages = 0;
  // A few files in flight at a time: enough to overlap reads and writes with parsing, without holding every page.
  await mapLimit(files.filter((f) => f.endsWith('.html')), 8, async (file) => {
    const html = await readFile(file, 'utf8');
    if (stripped.has(file)) {
      for (const ref of buildFileRefs(html)) referenced.add(ref);
      return;
    }
    const result = stripHtml(html);
    for (const ref of result.refs) referenced.add(ref);
    scriptsRemoved += result.removed;
    pages++;
    await writeFile(file, result.html);
  });
  const doomed = files.filter((file) => {
    const rel = `/${path.relative(outDir, file).split(path.sep).join('/')}`;
    const name = path.basename(file);
    if (name.startsWith('__next.') && name.endsWith('.txt')) return true;
    if (name === 'index.txt') return true;
    if (rel.startsWith('/_next/')) return !referenced.has(rel);
    return false;
  });
  await Promise.all(doomed.map((f) => rm(f)));
  await removeEmptyDirs(outDir);
  return { pages, scriptsRemoved, filesRemoved: doomed.length };
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory()) {
      if (await removeEmptyDirs(path.join(dir, e.name))) await rm(path.join(dir, e.name), { recursive: true });
      else empty = false;
    } else empty = false;
  }
  return empty;
}
