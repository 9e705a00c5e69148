import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { visit } from 'unist-util-visit';
import { afterAll, describe, expect, it } from 'vitest';
import { embedPageUrl, embedSource } from '@/lib/embeds';
import { encodeVariants, IMAGE_WIDTHS, responsiveWidths, variantPath, variantsOf } from '@/lib/images';
import { compileMarkdown, type LinkResolver, type Resolved } from '@/lib/markdown';
import { spliceCopy } from '@/lib/markdown-urls';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { toString as toMarkdownText } from 'mdast-util-to-string';

const PAGE = { site: { url: 'https://example.com/blog' }, path: '/posts/a/' };

/** The images beside the post: their pixel sizes, and whether they move. */
const IMAGES: Record<string, { width: number; height: number; animated?: true }> = {
  'chart.png': { width: 1000, height: 500 },
  'dusk.jpg': { width: 1600, height: 1000 },
  'icon.png': { width: 20, height: 20 },
  'plain.png': { width: 300, height: 200 },
  'one.jpg': { width: 900, height: 600 },
  'three.jpg': { width: 900, height: 600 },
  'moving.gif': { width: 400, height: 300, animated: true },
};

/** A site with the post at /blog/posts/a/ and the images above beside it; a URL with a scheme is external. */
const resolver: LinkResolver = {
  basePath: '/blog',
  async resolve(url): Promise<Resolved> {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) return { kind: 'external', url };
    const name = url.replace(/^\.\//, '');
    return { kind: 'internal', href: `/posts/a/${name}`, ...IMAGES[name] };
  },
};

async function render(markdown: string, embedHosts?: string[]) {
  const compiled = await compileMarkdown(markdown, resolver, { ...PAGE, ...(embedHosts ? { embedHosts } : {}) });
  return { ...compiled, tree: fromHtml(compiled.html, { fragment: true }), feed: fromHtml(compiled.feedHtml, { fragment: true }) };
}

function all(tree: Root | Element, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}
const byTag = (tree: Root | Element, tagName: string) => all(tree, (n) => n.tagName === tagName);
const hasClass = (n: Element, name: string) => ([] as unknown[]).concat(n.properties.className ?? []).includes(name);

describe('callouts', () => {
  const kinds = [
    ['NOTE', 'Note'],
    ['TIP', 'Tip'],
    ['IMPORTANT', 'Important'],
    ['WARNING', 'Warning'],
    ['CAUTION', 'Caution'],
  ] as const;

  it.each(kinds)('[!%s] is a labelled note on the page and a labelled quote in feeds', async (keyword, label) => {
    const { tree, feed } = await render(`> [!${keyword}]\n> Mind the *gap*.\n`);
    const [callout] = all(tree, (n) => hasClass(n, 'callout'));
    expect(callout.properties.role).toBe('note');
    expect(hasClass(callout, `callout-${keyword.toLowerCase()}`)).toBe(true);
    const [title, body] = callout.children.filter((c): c is Element => c.type === 'element');
    expect(toString(title)).toBe(label);
    // The icon is decoration: the label says it.
    expect(byTag(title, 'svg').map((s) => s.properties.ariaHidden)).toEqual(['true']);
    expect(toString(body)).toBe('Mind the gap.');
    expect(byTag(tree, 'blockquote')).toEqual([]);
    expect(toString(callout)).not.toContain('[!');

    const [quote] = byTag(feed, 'blockquote');
    expect(toString(byTag(quote, 'strong')[0])).toBe(label);
    expect(toString(quote)).toContain('Mind the gap.');
    expect(byTag(feed, 'svg')).toEqual([]);
  });

  it('leaves a plain quote, and an unknown label, a quote', async () => {
    const { tree } = await render('> Just a quote.\n\n> [!AWESOME]\n> Not a kind GitHub knows.\n');
    expect(byTag(tree, 'blockquote')).toHaveLength(2);
    expect(all(tree, (n) => hasClass(n, 'callout'))).toEqual([]);
  });
});

describe('figures', () => {
  it('makes an image alone in its paragraph with a title a figure captioned by the title', async () => {
    const { tree } = await render('![A ridge at dusk](./dusk.jpg "The view from the hut")\n');
    const [figure] = byTag(tree, 'figure');
    const [img] = byTag(figure, 'img');
    expect(img.properties.alt).toBe('A ridge at dusk');
    expect(img.properties.title).toBeUndefined();
    expect(toString(byTag(figure, 'figcaption')[0])).toBe('The view from the hut');
    expect(byTag(tree, 'p')).toEqual([]);
  });

  it('keeps an image in a sentence, or without a title, out of a figure', async () => {
    const { tree } = await render('Look ![icon](./icon.png "tooltip") here.\n\n![No title](./plain.png)\n');
    expect(byTag(tree, 'figure')).toEqual([]);
    expect(byTag(tree, 'img').map((i) => i.properties.title)).toEqual(['tooltip', undefined]);
  });
});

describe('math', () => {
  it('typesets inline and display math into HTML and MathML, with no script', async () => {
    const { tree, math, issues } = await render('Energy $E = mc^2$ here.\n\n$$\n\\sum_{i=1}^{n} i\n$$\n');
    expect(issues).toEqual([]);
    expect(math).toBe(true);
    const formulas = byTag(tree, 'math');
    expect(formulas).toHaveLength(2);
    expect(formulas[1].properties.display).toBe('block');
    expect(all(tree, (n) => hasClass(n, 'katex-html'))).toHaveLength(2);
    // The TeX source is kept as MathML's annotation, so the formula can be copied.
    expect(byTag(tree, 'annotation').map((a) => toString(a))).toEqual(['E = mc^2', '\\sum_{i=1}^{n} i']);
    expect(byTag(tree, 'script')).toEqual([]);
  });

  it('gives feeds the MathML alone (they load no stylesheet)', async () => {
    const { feed } = await render('Energy $E = mc^2$ here.\n');
    expect(byTag(feed, 'math')).toHaveLength(1);
    expect(all(feed, (n) => hasClass(n, 'katex-html') || hasClass(n, 'katex'))).toEqual([]);
    expect(toString(feed)).toContain('Energy');
  });

  it('reads prices as text, as Pandoc does', async () => {
    const { tree, math } = await render('It costs $5 to $10, or $ 20 $ with tax.\n');
    expect(math).toBe(false);
    expect(toString(tree)).toBe('It costs $5 to $10, or $ 20 $ with tax.');
  });

  it('reports TeX that does not parse at its line, in KaTeX words', async () => {
    const { issues } = await render('Fine $x$.\n\nBroken $\\frac{1}{$ here.\n\n$$\n\\undefinedmacro\n$$\n');
    expect(issues).toEqual([
      { line: 3, severity: 'error', message: expect.stringMatching(/^math does not typeset: KaTeX parse error: .*\\frac\{1\}\{/) },
      { line: 5, severity: 'error', message: expect.stringMatching(/^math does not typeset: KaTeX parse error: Undefined control sequence: \\undefinedmacro/) },
    ]);
  });

  it('caps every size written in TeX, so a formula cannot cover the page', async () => {
    const { html } = await render('$\\rule{1000em}{1000em}$ and $\\kern{-500em}x$\n');
    const styles = [...html.matchAll(/style="([^"]*)"/g)].map((m) => m[1]).join(';');
    const sizes = [...styles.matchAll(/(-?[\d.]+)em/g)].map((m) => Math.abs(Number(m[1])));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(10);
  });

  it('has no math, and links no stylesheet, on a page without formulas', async () => {
    expect((await render('Plain text with `$code$`.\n')).math).toBe(false);
  });
});

describe('diagrams', () => {
  const flowchart = '```mermaid\nflowchart LR\n  A[Write] --> B[Build]\n  B --> C[Publish]\n```\n';

  it('draws a Mermaid block as an inline SVG with its labels, coloured by the page', async () => {
    const { html, tree } = await render(flowchart);
    const [figure] = all(tree, (n) => n.tagName === 'figure' && hasClass(n, 'diagram'));
    const [svg] = byTag(figure, 'svg');
    const markup = /<svg[\s\S]*<\/svg>/.exec(html)![0];
    expect(XMLValidator.validate(markup)).toBe(true);
    const texts = byTag(svg, 'text').map((t) => toString(t));
    expect(texts).toEqual(expect.arrayContaining(['Write', 'Build', 'Publish']));
    expect(svg.properties.role).toBe('img');
    expect(svg.properties.ariaLabel).toBe('Diagram: Write, Build, Publish');
    // The page's colours show through: the SVG sets none of its own, and fetches nothing.
    expect(svg.properties.style).toBeUndefined();
    expect(markup).toContain('var(--fg)');
    expect(markup).not.toMatch(/@import|https?:\/\/(?!www\.w3\.org)/);
    // The source stays with it, for a reader who wants the text.
    expect(toString(byTag(figure, 'details')[0])).toContain('A[Write] --> B[Build]');
  });

  it('gives each diagram on a page ids of its own', async () => {
    const { tree } = await render(`${flowchart}\n${flowchart}`);
    const ids = all(tree, (n) => typeof n.properties.id === 'string').map((n) => String(n.properties.id));
    expect(ids.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    for (const marker of all(tree, (n) => typeof n.properties.markerEnd === 'string')) {
      expect(ids).toContain(/url\(#(.+)\)/.exec(String(marker.properties.markerEnd))![1]);
    }
  });

  it('gives feeds the Mermaid source in a code block', async () => {
    const { feed } = await render(flowchart);
    expect(byTag(feed, 'svg')).toEqual([]);
    const [code] = byTag(feed, 'code');
    expect(toString(code)).toContain('A[Write] --> B[Build]');
  });

  it('escapes labels: a label cannot add markup', async () => {
    const { tree } = await render('```mermaid\nflowchart LR\n  A["<img src=x onerror=alert(1)>"] --> B["</text><script>alert(2)</script>"]\n```\n');
    expect(all(tree, (n) => ['img', 'script'].includes(n.tagName))).toEqual([]);
    expect(all(tree, (n) => Object.keys(n.properties).some((k) => /^on/i.test(k)))).toEqual([]);
  });

  it('reads links written without spaces, and statements split at semicolons, as Mermaid does', async () => {
    const { tree } = await render('```mermaid\ngraph LR;A-->B-->C[not--an arrow]\n```\n');
    const [svg] = byTag(tree, 'svg');
    expect(byTag(svg, 'text').map((t) => toString(t)).sort()).toEqual(['A', 'B', 'not--an arrow']);
    expect(all(svg, (n) => hasClass(n, 'edge'))).toHaveLength(2);
  });

  it('reports a diagram that does not parse at the line of its fence', async () => {
    const { issues } = await render('Intro.\n\n```mermaid\nnot a diagram\n```\n');
    expect(issues).toEqual([{ line: 3, severity: 'error', message: expect.stringMatching(/^Mermaid diagram does not parse: .*not a diagram/) }]);
  });
});

describe('embeds', () => {
  const player = (tree: Root) => byTag(tree, 'iframe');

  it('keeps a YouTube player as youtube-nocookie.com, lazy, sandboxed and titled', async () => {
    const { tree, issues } = await render('<iframe src="https://www.youtube.com/embed/aqz-KE-bpKQ?start=30" title="A talk" width="640" height="360"></iframe>\n');
    expect(issues).toEqual([]);
    const [frame] = player(tree);
    expect(frame.properties).toEqual({
      src: 'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?start=30',
      title: 'A talk',
      width: 640,
      height: 360,
      loading: 'lazy',
      referrerPolicy: 'strict-origin-when-cross-origin',
      sandbox: ['allow-scripts', 'allow-same-origin', 'allow-presentation', 'allow-popups', 'allow-popups-to-escape-sandbox'],
      allow: 'encrypted-media; fullscreen; picture-in-picture',
      allowFullScreen: true,
    });
  });

  it('keeps a Vimeo player and gives feeds and the Markdown copy a link to the video', async () => {
    const { tree, feed, copySpans } = await render('Watch:\n\n<iframe src="https://player.vimeo.com/video/76979871" title="The New Vimeo Player [2013]"></iframe>\n');
    expect(player(tree).map((f) => f.properties.src)).toEqual(['https://player.vimeo.com/video/76979871']);
    expect(player(feed)).toEqual([]);
    expect(byTag(feed, 'a').map((a) => [a.properties.href, toString(a)])).toEqual([['https://vimeo.com/76979871', 'The New Vimeo Player [2013]']]);
    expect(copySpans.filter((s) => 'html' in s).map((s) => ('html' in s ? s.html : ''))).toEqual(['[The New Vimeo Player \\[2013\\]](https://vimeo.com/76979871)']);
  });

  it('writes a player title into the Markdown copy as text, never as markup, and drops what the iframe held', async () => {
    const source = 'Watch:\n\n<iframe src="https://player.vimeo.com/video/1?a=(b)" title="&lt;img src=x onerror=alert(1)&gt; *not* [bold]\n# heading">fallback <b>text</b></iframe>\n\nAfter.\n';
    const { copySpans } = await render(source);
    const copy = spliceCopy(source, copySpans, (url) => url);
    const tree = unified().use(remarkParse).parse(copy);
    const nodes: string[] = [];
    visit(tree, (node) => void nodes.push(node.type));
    expect(nodes).not.toContain('html');
    expect(nodes).not.toContain('heading');
    expect(nodes.filter((t) => t === 'link')).toHaveLength(1);
    const link = (tree.children[1] as { children: { url: string; children: unknown[] }[] }).children[0];
    expect(link.url).toBe('https://vimeo.com/1');
    expect(toMarkdownText(link)).toBe('<img src=x onerror=alert(1)> *not* [bold] # heading');
    expect(copy).not.toContain('fallback');
  });

  it('removes an iframe from a host not allowed, with a warning naming the host', async () => {
    const { tree, issues, copySpans } = await render('Text.\n\n<iframe src="https://maps.example.net/embed?q=x" title="Map"></iframe>\n');
    expect(player(tree)).toEqual([]);
    expect(issues).toEqual([{ line: 3, severity: 'warning', message: expect.stringContaining('maps.example.net is not in site.yaml embeds') }]);
    expect(copySpans.filter((s) => 'html' in s).map((s) => ('html' in s ? s.html : ''))).toEqual(['']);
  });

  it('follows site.yaml embeds: a listed host is kept, YouTube is not unless listed', async () => {
    const hosts = ['maps.example.net'];
    const { tree } = await render('<iframe src="https://maps.example.net/embed?q=x" title="Map"></iframe>\n\n<iframe src="https://www.youtube.com/embed/abc" title="Talk"></iframe>\n', hosts);
    expect(player(tree).map((f) => f.properties.src)).toEqual(['https://maps.example.net/embed?q=x']);
  });

  it('requires a title, at the line of the iframe', async () => {
    const { issues } = await render('# Talk\n\n<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>\n');
    expect(issues).toEqual([{ line: 3, severity: 'error', message: expect.stringContaining('needs a title') }]);
  });

  const hostile = [
    ['srcdoc and event handlers', '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="t" srcdoc="<script>alert(1)</script>" onload="alert(2)" allow="camera; microphone" sandbox="allow-top-navigation allow-forms"></iframe>'],
    ['a javascript: source', '<iframe src="javascript:alert(1)" title="t"></iframe>'],
    ['an allowed host in the query', '<iframe src="https://evil.example/?u=https://www.youtube-nocookie.com/embed/abc" title="t"></iframe>'],
    ['an allowed host as a prefix', '<iframe src="https://youtube-nocookie.com.evil.example/embed/abc" title="t"></iframe>'],
    ['plain http', '<iframe src="http://www.youtube-nocookie.com/embed/abc" title="t"></iframe>'],
    ['a protocol-relative URL', '<iframe src="//evil.example/x" title="t"></iframe>'],
    ['a relative URL', '<iframe src="/admin/" title="t"></iframe>'],
  ] as const;

  it.each(hostile)('refuses %s', async (_, payload) => {
    const { tree, html } = await render(`Before.\n\n${payload}\n\nAfter.\n`);
    for (const frame of player(tree)) {
      expect(new URL(String(frame.properties.src)).hostname).toBe('www.youtube-nocookie.com');
      expect(Object.keys(frame.properties).sort()).toEqual(['allow', 'allowFullScreen', 'height', 'loading', 'referrerPolicy', 'sandbox', 'src', 'title', 'width']);
      expect(frame.properties.allow).toBe('encrypted-media; fullscreen; picture-in-picture');
      expect(frame.properties.sandbox).not.toContain('allow-top-navigation');
    }
    expect(html).not.toMatch(/alert|evil\.example|javascript:|\/admin\//);
  });

  it('reads a player URL as what it embeds', () => {
    expect(embedSource('https://youtube.com/watch?v=abc&t=5', ['youtube-nocookie.com'])).toEqual({ url: 'https://www.youtube-nocookie.com/embed/abc?t=5' });
    expect(embedSource('https://sub.player.vimeo.com/video/1', ['player.vimeo.com'])).toEqual({ url: 'https://sub.player.vimeo.com/video/1' });
    expect(embedPageUrl('https://www.youtube-nocookie.com/embed/abc')).toBe('https://www.youtube.com/watch?v=abc');
    expect(embedPageUrl('https://example.org/player/1')).toBe('https://example.org/player/1');
  });
});

describe('responsive images', () => {
  it('encodes at the widths below the original and its own, never larger', () => {
    expect(responsiveWidths(4000)).toEqual([...IMAGE_WIDTHS]);
    expect(responsiveWidths(1000)).toEqual([480, 800, 1000]);
    expect(responsiveWidths(800)).toEqual([480, 800]);
    expect(responsiveWidths(300)).toEqual([300]);
    expect(variantPath('/posts/a/chart.png', 800, 'webp')).toBe('/posts/a/chart-800w.webp');
    // A WebP original: its own format is one of the two, written once.
    expect(variantsOf('/a/x.webp', 500).map((v) => v.path)).toEqual(['/a/x-480w.avif', '/a/x-500w.avif', '/a/x-480w.webp', '/a/x-500w.webp']);
  });

  it('writes a picture: AVIF and WebP sources, the original as src, width and height set', async () => {
    const { tree, pictures } = await render('![Chart](./chart.png)\n');
    const [picture] = byTag(tree, 'picture');
    const sources = byTag(picture, 'source');
    expect(sources.map((s) => s.properties.type)).toEqual(['image/avif', 'image/webp']);
    expect(sources[0].properties.srcSet).toBe('/blog/posts/a/chart-480w.avif 480w, /blog/posts/a/chart-800w.avif 800w, /blog/posts/a/chart-1000w.avif 1000w');
    const [img] = byTag(picture, 'img');
    expect(img.properties).toMatchObject({ src: '/blog/posts/a/chart.png', width: 1000, height: 500, alt: 'Chart' });
    expect(img.properties.srcSet).toBe('/blog/posts/a/chart-480w.png 480w, /blog/posts/a/chart-800w.png 800w, /blog/posts/a/chart-1000w.png 1000w');
    expect(new Set([img, ...sources].map((n) => n.properties.sizes)).size).toBe(1);
    expect(pictures).toEqual([{ href: '/posts/a/chart.png', width: 1000 }]);
  });

  it('loads the first image at once with high priority and the others lazily', async () => {
    const { tree } = await render('![One](./one.jpg)\n\n![Two](https://images.example.org/b.jpg)\n\n![Three](./three.jpg)\n');
    expect(byTag(tree, 'img').map((i) => [i.properties.loading, i.properties.fetchPriority])).toEqual([
      ['eager', 'high'],
      ['lazy', undefined],
      ['lazy', undefined],
    ]);
  });

  it('leaves SVG, animated images and remote images as they are', async () => {
    const { tree, pictures } = await render('![Logo](./logo.svg)\n\n![Moving](./moving.gif)\n\n![Remote](https://images.example.org/b.jpg)\n');
    expect(byTag(tree, 'picture')).toEqual([]);
    expect(pictures).toEqual([]);
  });

  it('gives feeds the original image, absolute, without the picture', async () => {
    const { feed } = await render('![Chart](./chart.png)\n');
    expect(byTag(feed, 'picture')).toEqual([]);
    const [img] = byTag(feed, 'img');
    expect(img.properties.src).toBe('https://example.com/blog/posts/a/chart.png');
    expect(img.properties.srcSet).toBeUndefined();
    // How the page loads it means nothing to a feed reader, for a remote image too.
    const remote = byTag((await render('![r](https://cdn.example.org/x.png)\n')).feed, 'img')[0];
    for (const node of [img, remote]) expect(Object.keys(node.properties).filter((k) => ['loading', 'decoding', 'fetchPriority'].includes(k))).toEqual([]);
  });

  describe('encoding', () => {
    let dir = '';
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('writes every variant at its width and format, from the cache the second time, and again for a changed image', async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-images-'));
      const source = path.join(dir, 'photo.jpg');
      await writeFile(source, await sharp({ create: { width: 1300, height: 650, channels: 3, background: '#3a6ea5' } }).jpeg().toBuffer());
      // A cache of its own, so what the encodes store can be counted.
      const cache = path.join(dir, 'cache');
      const previous = process.env.MASTHEAD_CACHE_DIR;
      process.env.MASTHEAD_CACHE_DIR = cache;
      const entries = () => (existsSync(cache) ? readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length : 0);
      const variants = await encodeVariants(source, '/posts/a/photo.jpg', 1300);
      expect(entries()).toBe(variants.length);
      expect(variants.map((v) => v.path)).toEqual(variantsOf('/posts/a/photo.jpg', 1300).map((v) => v.path));
      for (const v of variants) {
        const meta = await sharp(v.data).metadata();
        const [, width, ext] = /-(\d+)w\.(\w+)$/.exec(v.path)!;
        expect([meta.width, meta.height, meta.format]).toEqual([Number(width), Math.round((Number(width) * 650) / 1300), { avif: 'heif', webp: 'webp', jpg: 'jpeg' }[ext]]);
      }
      const again = await encodeVariants(source, '/posts/a/photo.jpg', 1300);
      expect(again.map((v) => v.data)).toEqual(variants.map((v) => v.data));
      expect(entries()).toBe(variants.length);
      // A changed image is encoded again: new entries beside the old.
      await writeFile(source, await sharp({ create: { width: 1300, height: 650, channels: 3, background: '#a53a6e' } }).jpeg().toBuffer());
      await encodeVariants(source, '/posts/a/photo.jpg', 1300);
      expect(entries()).toBe(2 * variants.length);
      if (previous === undefined) delete process.env.MASTHEAD_CACHE_DIR;
      else process.env.MASTHEAD_CACHE_DIR = previous;
    });
  });
});

describe('a diagram in XML terms', () => {
  it('is an SVG an XML parser reads, with a text element per label', async () => {
    const { html } = await render('```mermaid\nsequenceDiagram\n  Alice->>Bob: Hello & welcome\n```\n');
    const markup = /<svg[\s\S]*<\/svg>/.exec(html)![0];
    const texts: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) (key === 'text' ? [value].flat().forEach((t) => texts.push(String(typeof t === 'object' ? (t as Record<string, unknown>)['#text'] : t))) : walk(value));
    };
    walk(new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(markup).svg);
    expect(texts).toEqual(expect.arrayContaining(['Hello & welcome', 'Alice', 'Bob']));
  });
});
