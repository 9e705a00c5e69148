import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Element, Root } from 'hast';
import { readingMinutes, truncateAtWord } from '@/lib/format';
import { compileMarkdown, countWords, type LinkResolver } from '@/lib/markdown';
import { fileSlug, parseDate, slugify, unsafeSlugReason } from '@/lib/content/schema';

/** The page the Markdown is compiled for: where its feed copy's URLs resolve. */
const PAGE = { site: { url: 'https://example.com' }, path: '/posts/a/' };

/** Resolves like a site where every local path exists: schemes are external, the rest internal. */
const resolver: LinkResolver = {
  basePath: '',
  async resolve(url) {
    return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//') ? { kind: 'external', url } : { kind: 'internal', href: url };
  },
};

async function render(markdown: string) {
  const compiled = await compileMarkdown(markdown, resolver, PAGE);
  return { ...compiled, tree: fromHtml(compiled.html, { fragment: true }) };
}

function all(tree: Root, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}

const byTag = (tree: Root, tagName: string) => all(tree, (n) => n.tagName === tagName);

/** Every attribute value and text in the tree, for "this string survives nowhere" checks. */
function everything(tree: Root): string {
  const parts: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'text' || node.type === 'comment') parts.push(node.value);
    if (node.type === 'element') parts.push(node.tagName, ...Object.entries(node.properties).map(([k, v]) => `${k}=${String(v)}`));
  });
  return parts.join('\n');
}

describe('GFM', () => {
  it('renders table alignment as classes on the page (align is obsolete in HTML5; the browser test sees it applied) and as a style in feeds', async () => {
    const { tree, feedHtml } = await render('| a | b | c |\n| :- | :-: | -: |\n| 1 | 2 | 3 |\n');
    const [table] = byTag(tree, 'table');
    expect(byTag(table as unknown as Root, 'th').map((th) => toString(th))).toEqual(['a', 'b', 'c']);
    expect(byTag(table as unknown as Root, 'td').map((td) => [toString(td), td.properties.align, td.properties.className])).toEqual([
      ['1', undefined, ['align-left']],
      ['2', undefined, ['align-center']],
      ['3', undefined, ['align-right']],
    ]);
    const feedCells = byTag(fromHtml(feedHtml, { fragment: true }), 'td');
    expect(feedCells.map((td) => [td.properties.align, td.properties.style])).toEqual([
      [undefined, 'text-align: left'],
      [undefined, 'text-align: center'],
      [undefined, 'text-align: right'],
    ]);
  });

  it('renders task lists as disabled checkboxes, each in a label with its item text', async () => {
    const { tree } = await render('- [x] done *well*\n- [ ] todo\n  - [ ] nested\n\n* [ ] spread\n\n* [x] out\n');
    const boxes = byTag(tree, 'input');
    expect(boxes.map((b) => [b.properties.type, Boolean(b.properties.checked), b.properties.disabled])).toEqual([
      ['checkbox', true, true],
      ['checkbox', false, true],
      ['checkbox', false, true],
      ['checkbox', false, true],
      ['checkbox', true, true],
    ]);
    const labels = byTag(tree, 'label');
    expect(labels.map((l) => [toString(l).trim(), byTag(l as unknown as Root, 'input').length])).toEqual([
      ['done well', 1],
      ['todo', 1],
      ['nested', 1],
      ['spread', 1],
      ['out', 1],
    ]);
  });

  it('renders strikethrough and autolinks', async () => {
    const { tree } = await render('~~gone~~ www.example.com and https://example.org/x.\n');
    expect(byTag(tree, 'del').map((d) => toString(d))).toEqual(['gone']);
    expect(byTag(tree, 'a').map((a) => a.properties.href)).toEqual(['http://www.example.com', 'https://example.org/x']);
  });

  it('renders footnotes whose links match their ids, both ways', async () => {
    const { tree } = await render('One[^1] and two[^note].\n\n[^1]: First.\n[^note]: Second.\n');
    const ids = new Set(all(tree, (n) => typeof n.properties.id === 'string').map((n) => n.properties.id));
    const refs = all(tree, (n) => n.tagName === 'a' && n.properties.dataFootnoteRef !== undefined);
    const backs = all(tree, (n) => n.tagName === 'a' && n.properties.dataFootnoteBackref !== undefined);
    expect(refs).toHaveLength(2);
    expect(backs).toHaveLength(2);
    for (const a of [...refs, ...backs]) {
      const href = String(a.properties.href);
      expect(href.startsWith('#')).toBe(true);
      expect(ids.has(href.slice(1))).toBe(true);
    }
    // Each reference points at the item whose back link points at the reference.
    for (const ref of refs) {
      const [item] = all(tree, (n) => n.properties.id === String(ref.properties.href).slice(1));
      const [back] = all(item as unknown as Root, (n) => n.properties.dataFootnoteBackref !== undefined);
      expect(back.properties.href).toBe(`#${ref.properties.id}`);
    }
  });
});

describe('headings', () => {
  it('gives duplicate headings unique ids and an anchor link each', async () => {
    const { tree, headings } = await render('## Intro\n\n## Intro\n\n### Intro\n');
    const ids = byTag(tree, 'h2').concat(byTag(tree, 'h3')).map((h) => h.properties.id);
    expect(new Set(ids).size).toBe(3);
    expect(headings).toEqual([
      { depth: 2, id: 'intro', text: 'Intro' },
      { depth: 2, id: 'intro-1', text: 'Intro' },
      { depth: 3, id: 'intro-2', text: 'Intro' },
    ]);
    for (const h of byTag(tree, 'h2')) {
      const [a] = byTag(h as unknown as Root, 'a');
      expect(a.properties.href).toBe(`#${h.properties.id}`);
    }
  });

  it('demotes body headings when the body has an h1, so the page keeps one h1', async () => {
    const { tree } = await render('# Title again\n\n## Part\n\n<h1>Raw</h1>\n');
    expect(byTag(tree, 'h1')).toEqual([]);
    expect(byTag(tree, 'h2').map((h) => toString(h))).toEqual(['Title again#', 'Raw#']);
    expect(byTag(tree, 'h3').map((h) => toString(h))).toEqual(['Part#']);
  });
});

describe('highlighting', () => {
  it('highlights known languages at build time with both themes', async () => {
    // The feed copy carries the colours inline; the page has them as classes (tests/theme.test.ts).
    const { feedHtml } = await render('```ts\nconst answer: number = 42;\n```\n');
    const tree = fromHtml(feedHtml, { fragment: true });
    const [pre] = byTag(tree, 'pre');
    expect(pre.properties.className).toEqual(expect.arrayContaining(['shiki', 'github-light', 'github-dark']));
    expect(String(pre.properties.style)).toContain('--shiki-dark-bg:');
    const spans = all(pre as unknown as Root, (n) => n.tagName === 'span' && typeof n.properties.style === 'string');
    expect(spans.length).toBeGreaterThan(3);
    for (const span of spans) expect(String(span.properties.style)).toMatch(/^color:#[0-9A-Fa-f]{6};--shiki-dark:#[0-9A-Fa-f]{6}$/);
    expect(toString(pre)).toBe('const answer: number = 42;');
  });

  it('renders unknown languages as plain text instead of throwing', async () => {
    const { tree } = await render("```klingon\nQapla'\n```\n\n```\nno language\n```\n");
    const pres = byTag(tree, 'pre');
    expect(pres.map((p) => toString(p).trim())).toEqual(["Qapla'", 'no language']);
  });
});

describe('sanitising', () => {
  const payloads: [string, string][] = [
    ['script', '<script>alert("xss-script")</script>'],
    ['onerror', '<img src="x.png" onerror="alert(1)">'],
    ['javascript: link', '[a](javascript:alert(1))'],
    ['mixed-case javascript:', '[a](JaVaScRiPt:alert(1))'],
    ['entity-encoded javascript:', '<a href="&#106;avascript:alert(1)">a</a>'],
    ['hex entities and a tab', '<a href="jav&#x09;ascript&#x3A;alert(1)">a</a>'],
    ['leading space', '<a href=" javascript:alert(1)">a</a>'],
    ['Markdown link with entities', '[a](&#x6A;avascript&colon;alert(1))'],
    ['data: URL', '<a href="data:text/html,<script>alert(1)</script>">a</a>'],
    ['svg script', '<svg><script>alert("xss-svg")</script></svg>'],
    ['iframe', '<iframe src="https://evil.example/"></iframe>'],
    ['object', '<object data="https://evil.example/x.swf"></object>'],
    ['embed', '<embed src="https://evil.example/x.swf">'],
    ['style attribute', '<p style="position:fixed;top:0">styled</p>'],
    ['style element', '<style>body{display:none}</style>'],
    ['form', '<form action="https://evil.example/"><button>Go</button></form>'],
  ];

  it.each(payloads)('removes %s', async (_, payload) => {
    const { tree, html } = await render(`Before.\n\n${payload}\n\nAfter.\n`);
    const text = everything(tree);
    expect(text).not.toMatch(/javascript|alert|evil\.example|display:none|position:fixed/i);
    expect(all(tree, (n) => ['script', 'iframe', 'object', 'embed', 'style', 'form', 'svg'].includes(n.tagName))).toEqual([]);
    expect(all(tree, (n) => Object.keys(n.properties).some((k) => /^on/i.test(k)) || (n.tagName !== 'pre' && n.tagName !== 'span' && n.properties.style !== undefined))).toEqual([]);
    expect(html).toContain('Before.');
    expect(html).toContain('After.');
  });

  it('keeps safe raw HTML such as <details>', async () => {
    const { tree } = await render('<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n\n<kbd>Ctrl</kbd> H<sub>2</sub>O\n');
    const [details] = byTag(tree, 'details');
    expect(toString(byTag(details as unknown as Root, 'summary')[0])).toBe('More');
    expect(byTag(details as unknown as Root, 'em').map((e) => toString(e))).toEqual(['text']);
    expect(byTag(tree, 'kbd')).toHaveLength(1);
    expect(byTag(tree, 'sub')).toHaveLength(1);
  });

  it('marks external links, loads the first image at once and lazy-loads the others', async () => {
    const { tree } = await render('[out](https://example.org/) [in](/about/) ![pic](/a.png) ![later](/b.png)\n');
    const [out, inside] = byTag(tree, 'a');
    expect(out.properties.rel).toEqual(['external', 'noopener']);
    expect(inside.properties.rel).toBeUndefined();
    expect(byTag(tree, 'img')[0].properties).toMatchObject({ src: '/a.png', loading: 'eager', fetchPriority: 'high', alt: 'pic' });
    expect(byTag(tree, 'img')[1].properties).toMatchObject({ src: '/b.png', loading: 'lazy', alt: 'later' });
  });

  it('gives feeds a copy of the HTML with every URL absolute and no character XML forbids', async () => {
    const { html, feedHtml } = await render('[in](/about/) [rel](../b/) [top](#top) ![pic](/a.png) [out](https://example.org/)\u000B\n');
    expect(html).toContain('href="/about/"');
    const urls = all(fromHtml(feedHtml, { fragment: true }), (n) => n.tagName === 'a' || n.tagName === 'img').map((n) => n.properties.href ?? n.properties.src);
    expect(urls).toEqual(['https://example.com/about/', 'https://example.com/posts/b/', 'https://example.com/posts/a/#top', 'https://example.com/a.png', 'https://example.org/']);
    expect(feedHtml).not.toContain('\u000B');
  });

  it('derives the first paragraph as plain text, without raw HTML tags', async () => {
    const { firstParagraph } = await render('Hello <em>brave</em> new\n<span class="x">world</span> &amp; more.\n\nSecond.\n');
    expect(firstParagraph).toBe('Hello brave new world & more.');
  });
});

describe('countWords, readingMinutes, truncateAtWord', () => {
  it('counts words, with CJK characters one each', () => {
    expect(countWords('')).toBe(0);
    expect(countWords('Hello, world! It’s a well-known test.')).toBe(6);
    expect(countWords('  spaced\n\tout  ')).toBe(2);
    expect(countWords('日本語のテキスト')).toBe(8);
    expect(countWords('Node.js 20 は速い')).toBe(6);
  });

  it('reads at 230 words a minute, at least one minute', () => {
    expect(readingMinutes(0)).toBe(1);
    expect(readingMinutes(100)).toBe(1);
    expect(readingMinutes(460)).toBe(2);
    expect(readingMinutes(2300)).toBe(10);
  });

  it('cuts at a word boundary with an ellipsis, within the limit', () => {
    expect(truncateAtWord('short text')).toBe('short text');
    expect(truncateAtWord('  collapses   spaces  ')).toBe('collapses spaces');
    expect(truncateAtWord('one two three four', 12)).toBe('one two…');
    expect(truncateAtWord('one two, three four', 13)).toBe('one two…');
    const long = 'word '.repeat(100);
    const cut = truncateAtWord(long);
    expect(cut.length).toBeLessThanOrEqual(160);
    expect(cut).toMatch(/^(word )*word…$/);
    // A single long word still gets cut, never exceeding the limit.
    expect(truncateAtWord('x'.repeat(300), 50)).toHaveLength(50);
  });
});

describe('parseDate', () => {
  it('reads ISO strings with or without time and zone as one UTC instant', () => {
    const iso = (v: unknown) => parseDate(v)?.toISOString();
    expect(iso('2025-01-31')).toBe('2025-01-31T00:00:00.000Z');
    expect(iso('2025-01-31T09:30')).toBe('2025-01-31T09:30:00.000Z');
    expect(iso('2025-01-31T09:30:00')).toBe('2025-01-31T09:30:00.000Z');
    expect(iso('2025-01-31 09:30:00Z')).toBe('2025-01-31T09:30:00.000Z');
    expect(iso('2025-01-31T10:30:00+01:00')).toBe('2025-01-31T09:30:00.000Z');
    expect(iso('2025-01-31T04:30:00-0500')).toBe('2025-01-31T09:30:00.000Z');
    expect(iso('2020-04-03T20:26:28.000Z')).toBe('2020-04-03T20:26:28.000Z');
    expect(iso(new Date('2025-01-31T00:00:00Z'))).toBe('2025-01-31T00:00:00.000Z');
    expect(iso(' 2025-01-31 ')).toBe('2025-01-31T00:00:00.000Z');
  });

  it('rejects what is not a real date', () => {
    for (const bad of ['soon', '2025-02-30', '2025-13-01', '2025-00-10', '2025-1-5', '31/01/2025', '', 20250131, null, undefined, new Date('nope')]) {
      expect(parseDate(bad), String(bad)).toBeUndefined();
    }
    expect(parseDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });
});

describe('slugs', () => {
  it('slugify makes lower-case, hyphenated, URL-safe slugs in any script', () => {
    expect(slugify('Hello, World!')).toBe('hello-world');
    expect(slugify('  Static   Sites ')).toBe('static-sites');
    expect(slugify('Front matter: the fields & what they do')).toBe('front-matter-the-fields-what-they-do');
    expect(slugify('Café crème')).toBe('café-crème');
    expect(slugify('日本語')).toBe('日本語');
    expect(slugify('C++ / C#')).toBe('c-c');
    expect(slugify('---')).toBe('');
  });

  it('fileSlug keeps the dots of a file name', () => {
    expect(fileSlug('v4.2.0')).toBe('v4.2.0');
    expect(fileSlug('Hello World')).toBe('hello-world');
    expect(fileSlug('node-v0.10.0-stable')).toBe('node-v0.10.0-stable');
  });

  it('unsafeSlugReason rejects slugs that escape or hide a folder, or break a URL', () => {
    expect(unsafeSlugReason('fine-slug')).toBeUndefined();
    expect(unsafeSlugReason('v4.2.0')).toBeUndefined();
    expect(unsafeSlugReason('')).toMatch(/empty/);
    expect(unsafeSlugReason('../x')).toMatch(/slash/);
    expect(unsafeSlugReason('a\\b')).toMatch(/slash/);
    expect(unsafeSlugReason('.hidden')).toMatch(/dot/);
    expect(unsafeSlugReason('..')).toMatch(/dot/);
    for (const bad of ['a b', 'a?b', 'a#b', '100%', 'a"b', "a'b", 'a\u0000b']) expect(unsafeSlugReason(bad), bad).toMatch(/URL-safe/);
  });
});
