import type { Element, ElementContent, Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { fromHtml } from 'hast-util-from-html';
import { fromParse5 } from 'hast-util-from-parse5';
import { toHtml } from 'hast-util-to-html';
import { toString as hastToString } from 'hast-util-to-string';
import { toString as mdastToString } from 'mdast-util-to-string';
import rehypeShikiFromHighlighter from '@shikijs/rehype/core';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import rehypeRaw from 'rehype-raw';
import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import { rehypeGithubAlerts } from 'rehype-github-alerts';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { rehypeStylesToClasses, restoreStyle, stylesheet } from './styles';
import { bundledLanguages, bundledLanguagesInfo, createHighlighter, type BundledLanguage, type HighlighterGeneric, type ShikiTransformer } from 'shiki';
import { unified, type Transformer } from 'unified';
import { visit } from 'unist-util-visit';
import { parseFragment } from 'parse5';
import { VFile } from 'vfile';
import { calloutAsQuote, calloutOptions } from './callouts';
import { diagramAsCode, rehypeDiagrams } from './diagrams';
import { embedAsLink, rehypeEmbeds } from './embeds';
import { isResponsive, pictureAsImg, rehypePictures, type Picture } from './images';
import type { MarkdownIssue } from './markdown-issues';
import { copySpansOf, type CopySpan } from './markdown-urls';
import { mathAsMathml, rehypeMath, remarkDollarsAsText } from './math';
import { sanitizeSchema } from './sanitize';
import { absoluteUrl, type SiteConfig } from './site';
import { stripInvalidXmlChars } from './xml';

/** What a link or image in content points to, once resolved against the site. */
export type Resolved =
  | { kind: 'external'; url: string }
  /** `href` is a site path (no base path), possibly with `#hash` or `?query`. */
  | { kind: 'internal'; href: string; width?: number; height?: number; animated?: true }
  | { kind: 'broken'; reason: string };

export interface LinkResolver {
  /** Resolves a URL as the author wrote it; `image` for `<img src>`. */
  resolve(url: string, as: 'link' | 'image'): Promise<Resolved>;
  /** Prefixed to internal hrefs in the HTML: the site's base path. */
  basePath: string;
}

export interface Heading {
  depth: number;
  id: string;
  text: string;
}

export interface CompiledMarkdown {
  html: string;
  /** The rules of the classes that stand for the body's inline styles (lib/styles.ts): the page's head holds them. */
  css: string;
  /** The same HTML for feeds, read away from the site: every URL absolute, no character XML forbids. */
  feedHtml: string;
  wordCount: number;
  headings: Heading[];
  /** The first paragraph as plain text, whitespace collapsed (for derived descriptions). */
  firstParagraph: string;
  /** Where the Markdown copy (lib/llms.ts) differs from the source: relative URLs, raw HTML. */
  copySpans: CopySpan[];
  /** Every URL the author wrote, in order, with what it resolved to. */
  links: { url: string; as: 'link' | 'image'; resolved: Resolved }[];
  /** The local images the page shows as a `<picture>`: their variants must be published (lib/images.ts). */
  pictures: Picture[];
  /** True when the body has math: its page links KaTeX's stylesheet. */
  math: boolean;
  /** What the author must fix (errors) or should know (warnings): bad math, a diagram that does not parse, an iframe. */
  issues: MarkdownIssue[];
}

/** How the site wants a body compiled, besides its links: what site.yaml says. */
export interface MarkdownOptions {
  /** Hosts whose iframes are kept (site.yaml `embeds`). */
  embedHosts: readonly string[];
  /** What a kept iframe without a title is (site.yaml `untitledEmbeds`). */
  untitledEmbeds: 'error' | 'warn';
  /** The Shiki themes that colour code, light and dark (site.yaml `theme.code`). */
  codeThemes: { light: string; dark: string };
}

const URL_ATTRIBUTES: Record<string, { attr: string; as: 'link' | 'image' }[]> = {
  a: [{ attr: 'href', as: 'link' }],
  img: [{ attr: 'src', as: 'image' }],
  source: [{ attr: 'src', as: 'image' }],
  video: [{ attr: 'src', as: 'link' }, { attr: 'poster', as: 'image' }],
  audio: [{ attr: 'src', as: 'link' }],
};

/** Rewrites every URL in the document through the resolver; marks external links; sizes local images. */
function rehypeResolveLinks() {
  return async (tree: HastRoot, file: VFile) => {
    const resolver = file.data.resolver as LinkResolver;
    const links = file.data.links as CompiledMarkdown['links'];
    const sized = new Map<Element, Picture & { basePath: string }>();
    file.data.sizedImages = sized;
    const jobs: Promise<void>[] = [];
    visit(tree, 'element', (node: Element) => {
      for (const { attr, as } of URL_ATTRIBUTES[node.tagName] ?? []) {
        const value = node.properties[attr];
        if (typeof value !== 'string' || value === '' || value.startsWith('#')) continue;
        const slot = links.length;
        links.push({ url: value, as, resolved: { kind: 'broken', reason: 'unresolved' } });
        jobs.push(
          resolver.resolve(value, as).then((resolved) => {
            links[slot].resolved = resolved;
            if (resolved.kind === 'internal') {
              node.properties[attr] = resolver.basePath + resolved.href;
              if (node.tagName === 'img' && resolved.width && resolved.height) {
                if (node.properties.width === undefined) {
                  node.properties.width = resolved.width;
                  node.properties.height = resolved.height;
                }
                const href = resolved.href.replace(/[?#].*$/, '');
                if (isResponsive(href) && !resolved.animated) sized.set(node, { href, width: resolved.width, basePath: resolver.basePath });
              }
            } else if (resolved.kind === 'external' && node.tagName === 'a') {
              node.properties.rel = ['external', 'noopener'];
            }
          }),
        );
      }
      if (node.tagName === 'img') node.properties.decoding = 'async';
    });
    await Promise.all(jobs);
  };
}

/** Collects headings (after ids are set) and the rendered plain text. */
function rehypeCollect() {
  return (tree: HastRoot, file: VFile) => {
    const headings: Heading[] = [];
    visit(tree, 'element', (node: Element) => {
      const depth = /^h([1-6])$/.exec(node.tagName)?.[1];
      // The footnotes' heading (hidden, added by remark-rehype) is not the author's.
      if (depth && typeof node.properties.id === 'string' && !node.properties.id.endsWith('footnote-label')) {
        headings.push({ depth: Number(depth), id: node.properties.id, text: hastToString(node).trim() });
      }
    });
    file.data.headings = headings;
    file.data.text = hastToString(tree);
  };
}

function remarkCopySpans() {
  return (tree: MdastRoot, file: VFile) => {
    file.data.copySpans = copySpansOf(tree, String(file.value), file.data.embedHosts as string[] | undefined);
  };
}

function remarkFirstParagraph() {
  return (tree: MdastRoot, file: VFile) => {
    let found = '';
    visit(tree, 'paragraph', (node) => {
      if (found) return false;
      // Raw HTML is markup, not words: `Hello <em>you</em>` describes as "Hello you".
      const text = mdastToString(node, { includeHtml: false }).replace(/\s+/g, ' ').trim();
      // A paragraph of bare links (an announcement's "https://…" line) says nothing: describe with the next.
      if (text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '').trim()) found = text;
      return undefined;
    });
    file.data.firstParagraph = found;
  };
}

/** A page has one h1, its title: when the body has h1s too, every body heading moves down a level. */
function rehypeDemoteHeadings() {
  return (tree: HastRoot) => {
    let hasH1 = false;
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'h1') hasH1 = true;
    });
    if (!hasH1) return;
    visit(tree, 'element', (node: Element) => {
      const m = /^h([1-5])$/.exec(node.tagName);
      if (m) node.tagName = `h${Number(m[1]) + 1}`;
    });
  };
}

/**
 * Valid, accessible HTML for two GFM features: a table cell's alignment as a class (`align` is obsolete in
 * HTML5; feeds get it back as a style, lib/markdown.ts absolutizeHtml), and a task-list checkbox wrapped in a
 * `<label>` with its item's text, so a screen reader names it.
 */
function rehypeGfmHtml() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if ((node.tagName === 'td' || node.tagName === 'th') && typeof node.properties.align === 'string') {
        node.properties.className = [`align-${node.properties.align}`];
        delete node.properties.align;
      }
      const box = node.children.findIndex((c) => c.type === 'element' && c.tagName === 'input' && c.properties.type === 'checkbox');
      if (box === -1 || (node.tagName !== 'li' && node.tagName !== 'p')) return;
      // The checkbox and the inline content after it, up to the first block (a nested list).
      let end = box + 1;
      while (end < node.children.length && !(node.children[end].type === 'element' && /^(ul|ol|p|div|pre|blockquote|table)$/.test((node.children[end] as Element).tagName))) end++;
      const label: Element = { type: 'element', tagName: 'label', properties: {}, children: node.children.slice(box, end) };
      node.children.splice(box, end - box, label);
    });
  };
}

/**
 * An image alone in its paragraph, with a title (`![alt](src "Caption")`), becomes a figure whose caption is the
 * title; the alt text stays the image's alt text. An image inside a sentence keeps its title as a tooltip.
 */
function rehypeFigures() {
  return (tree: HastRoot) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName !== 'p') return;
      const content = node.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
      const img = content[0];
      if (content.length !== 1 || img.type !== 'element' || img.tagName !== 'img') return;
      const caption = typeof img.properties.title === 'string' ? img.properties.title.trim() : '';
      if (!caption) return;
      delete img.properties.title;
      node.tagName = 'figure';
      node.children = [img, { type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: caption }] }];
    });
  };
}

const anchor: ElementContent = { type: 'text', value: '#' };

// No time limit a line: Shiki stops colouring a line after 500 ms by default, so a loaded machine (or the
// first use of a grammar) wrote other HTML for the same code block. The output must not depend on speed.
const SHIKI_OPTIONS = { fallbackLanguage: 'text', addLanguageClass: true, tokenizeTimeLimit: 0 } as const;
export const DEFAULT_CODE_THEMES = { light: 'github-light', dark: 'github-dark' } as const;

/** The name of each language as people write it (`TypeScript`, `Shell`), for the label of a code block. */
const LANGUAGE_NAMES = new Map(bundledLanguagesInfo.flatMap((l) => [l.id, ...(l.aliases ?? [])].map((id) => [id, l.name])));

/** Names the language of a highlighted block in `data-language`, which the stylesheet shows above the code. */
const languageLabel: ShikiTransformer = {
  pre(node) {
    const name = LANGUAGE_NAMES.get(this.options.lang);
    if (name) node.properties['data-language'] = name;
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Highlighter = HighlighterGeneric<any, any>;
/** One highlighter for each pair of themes a site asks for (a process compiles for one site, tests for several). */
const highlighters = new Map<string, Promise<{ highlighter: Highlighter; transform: Transformer<HastRoot> }>>();
const loading = new WeakMap<Highlighter, Map<string, Promise<void>>>();

/**
 * Loads a language with every language it may embed. Some grammars (Markdown's fenced code, for one)
 * highlight an embedded language only if it happens to be loaded already, so loading languages as posts
 * ask for them made a block's colours depend on which posts this process compiled before it.
 */
function loadLanguage(highlighter: Highlighter, name: string): Promise<void> {
  let loaded = loading.get(highlighter);
  if (!loaded) loading.set(highlighter, (loaded = new Map()));
  let done = loaded.get(name);
  if (!done) {
    done = (async () => {
      // Embedding can be circular (a grammar embeds Markdown, which embeds it): walk, then load once.
      const names = new Set([name]);
      for (const next of names) {
        for (const r of (await bundledLanguages[next as BundledLanguage]()).default) {
          for (const l of r.embeddedLangsLazy ?? []) if (l in bundledLanguages) names.add(l);
        }
      }
      await highlighter.loadLanguage(...([...names] as BundledLanguage[]));
    })();
    loaded.set(name, done);
  }
  return done;
}

/** Shiki, with the languages of this document's code blocks (and what they embed) loaded first. */
function rehypeHighlight(this: unknown) {
  return async (tree: HastRoot, file: VFile) => {
    const themes = (file.data.codeThemes as MarkdownOptions['codeThemes'] | undefined) ?? DEFAULT_CODE_THEMES;
    const name = `${themes.light} ${themes.dark}`;
    let highlighting = highlighters.get(name);
    if (!highlighting) {
      highlighting = createHighlighter({ themes: [themes.light, themes.dark], langs: [] }).then((highlighter) => ({
        highlighter,
        transform: rehypeShikiFromHighlighter.call(this as never, highlighter, {
          ...SHIKI_OPTIONS,
          themes: { light: themes.light, dark: themes.dark },
          transformers: [languageLabel],
        }) as Transformer<HastRoot>,
      }));
      highlighters.set(name, highlighting);
    }
    const { highlighter, transform } = await highlighting;
    const langs = new Set<string>();
    visit(tree, 'element', (node: Element, _i, parent) => {
      if (node.tagName !== 'code' || parent?.type !== 'element' || parent.tagName !== 'pre') return;
      for (const c of ([] as unknown[]).concat(node.properties.className ?? [])) {
        const lang = String(c).startsWith('language-') ? String(c).slice('language-'.length) : '';
        if (lang && lang in bundledLanguages) langs.add(lang);
      }
    });
    await Promise.all([...langs].map((lang) => loadLanguage(highlighter, lang)));
    await transform(tree, file, () => {});
  };
}

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkMath)
  .use(remarkDollarsAsText)
  .use(remarkFirstParagraph)
  .use(remarkCopySpans)
  .use(remarkRehype, { allowDangerousHtml: true })
  .use(rehypeRaw)
  .use(rehypeSanitize, sanitizeSchema)
  .use(rehypeDemoteHeadings)
  .use(rehypeGfmHtml)
  .use(rehypeGithubAlerts, calloutOptions)
  // Before Shiki, which would colour a formula's or a diagram's source as code.
  .use(rehypeMath)
  .use(rehypeDiagrams)
  .use(rehypeEmbeds)
  .use(rehypeFigures)
  .use(rehypeHighlight)
  .use(rehypeSlug)
  // Before the anchor links are appended, so a heading's text is not "Intro#".
  .use(rehypeCollect)
  .use(rehypeAutolinkHeadings, {
    behavior: 'append',
    properties: { className: ['anchor'], ariaHidden: 'true', tabIndex: -1 },
    content: anchor,
  })
  .use(rehypeResolveLinks)
  .use(rehypePictures)
  // Last: every style attribute written above becomes a class.
  .use(rehypeStylesToClasses)
  .use(rehypeStringify);

const URL_PROPERTIES = ['href', 'src', 'poster'] as const;

/**
 * HTML with every `href`, `src`, `srcset` and `poster` made absolute, as a browser on the page at site path
 * `from` resolves them (root-relative URLs already carry the base path), and a table cell's alignment class
 * written as a style too: the copy of a body for feeds, which are read without the site's stylesheet.
 */
export function absolutizeHtml(html: string, site: Pick<SiteConfig, 'url'>, from: string, styles?: ReadonlyMap<string, string>): string {
  // parse5 without source locations (what `hast-util-from-html` adds): nothing here reads them, and they
  // cost about half of the parse.
  const tree = fromParse5(parseFragment(html, { scriptingEnabled: false })) as HastRoot;
  // What a feed reader shows without the page's stylesheet: a picture's original image, a callout as a
  // labelled quote, a formula's MathML, a diagram's source, an embedded player's page as a link.
  visit(tree, 'element', (node: Element, index, parent) => {
    if (styles) restoreStyle(node, styles);
    if (!parent || index === undefined) return undefined;
    const replaced = pictureAsImg(node) ?? calloutAsQuote(node) ?? mathAsMathml(node) ?? diagramAsCode(node) ?? (node.tagName === 'iframe' ? embedAsLink(node) : undefined);
    if (replaced === undefined) return undefined;
    parent.children.splice(index, 1, ...([] as ElementContent[]).concat(replaced));
    return index;
  });
  visit(tree, 'element', (node: Element) => {
    for (const name of URL_PROPERTIES) {
      const value = node.properties[name];
      if (typeof value === 'string' && value !== '') node.properties[name] = absoluteUrl(site, value, from);
    }
    // How a page loads an image means nothing to a feed reader.
    if (node.tagName === 'img') for (const name of ['loading', 'decoding', 'fetchPriority']) delete node.properties[name];
    const align = ([] as unknown[]).concat(node.properties.className ?? []).find((c) => /^align-(left|center|right)$/.test(String(c)));
    // Feed readers load no stylesheet: a table cell's alignment goes back into the cell.
    if (align) node.properties.style = `text-align: ${String(align).slice('align-'.length)}`;
    const srcSet = node.properties.srcSet;
    // srcset: comma-separated "url [descriptor]" candidates.
    if (typeof srcSet === 'string' || Array.isArray(srcSet)) {
      const candidates = (Array.isArray(srcSet) ? srcSet.map(String) : srcSet.split(','))
        .map((candidate) => candidate.trim())
        .filter((candidate) => candidate !== '')
        .map((candidate) => {
          const [url, ...descriptor] = candidate.split(/\s+/);
          return [absoluteUrl(site, url, from), ...descriptor].join(' ');
        });
      node.properties.srcSet = candidates.join(', ');
    }
  });
  return toHtml(tree);
}

/**
 * Compiles Markdown to sanitised, highlighted HTML with resolved links (and its copy for feeds) for the
 * page at site path `page.path`; the processor is built once.
 */
export async function compileMarkdown(
  markdown: string,
  resolver: LinkResolver,
  page: { site: Pick<SiteConfig, 'url'>; path: string } & Partial<MarkdownOptions>,
): Promise<CompiledMarkdown> {
  const file = new VFile({ value: markdown, data: { resolver, links: [], issues: [], embedHosts: page.embedHosts, untitledEmbeds: page.untitledEmbeds, codeThemes: page.codeThemes } });
  const html = String(await processor.process(file));
  const text = (file.data.text as string).replace(/\s+/g, ' ').trim();
  const styles = file.data.styles as Map<string, string>;
  return {
    html,
    feedHtml: stripInvalidXmlChars(absolutizeHtml(html, page.site, page.path, styles)),
    css: stylesheet(styles),
    wordCount: countWords(text),
    headings: file.data.headings as Heading[],
    firstParagraph: file.data.firstParagraph as string,
    copySpans: file.data.copySpans as CopySpan[],
    links: file.data.links as CompiledMarkdown['links'],
    pictures: file.data.pictures as Picture[],
    math: file.data.math as boolean,
    issues: file.data.issues as MarkdownIssue[],
  };
}

/** A post's plain text, from its compiled HTML (derived on demand rather than kept for every post). */
export function plainText(html: string): string {
  return hastToString(fromHtml(html, { fragment: true })).replace(/\s+/g, ' ').trim();
}

/** Counts words; CJK characters count one each, as readers of those scripts measure. */
export function countWords(text: string): number {
  const cjk = text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  const words = text.replace(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu, ' ').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
  return words + cjk;
}
