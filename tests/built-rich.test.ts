/**
 * The sample's rich post (content/posts/guides/rich-markdown/), built, read back as its readers read it: the
 * images a browser picks from, the math and its stylesheet, the diagram, the callouts, the figure, the player,
 * and what feeds and Markdown copies carry instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import sharp from 'sharp';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { BUILDS, builtOut, EXTRAS, SITE_BUILDS } from './helpers/builds';

const RICH = '/posts/rich-markdown/';
const SOURCE = 'content/posts/guides/rich-markdown';

function elements(tree: Root | Element, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}
const byTag = (tree: Root | Element, tagName: string) => elements(tree, (n) => n.tagName === tagName);
const classes = (n: Element) => ([] as unknown[]).concat(n.properties.className ?? []).map(String);

/** The srcset candidates of an element: URL and width descriptor. */
function candidates(node: Element): { url: string; width: number }[] {
  return String(node.properties.srcSet)
    .split(',')
    .map((c) => c.trim().split(/\s+/))
    .map(([url, w]) => ({ url, width: Number(w.replace(/w$/, '')) }));
}

const SHARP_FORMAT: Record<string, string> = { 'image/avif': 'heif', 'image/webp': 'webp', 'image/png': 'png', 'image/jpeg': 'jpeg' };

for (const name of SITE_BUILDS) {
  const { siteUrl, basePath } = BUILDS[name];

  describe(`rich Markdown, built: ${name}`, () => {
    const out = builtOut(name);
    const file = (url: string) => path.join(out, decodeURIComponent(url.slice(basePath.length)));
    const page = (sitePath: string) => fromHtml(readFileSync(path.join(out, sitePath, 'index.html'), 'utf8'));
    const rich = page(RICH);
    const body = elements(rich, (n) => classes(n).includes('prose'))[0];

    it('gives every picture sources a browser can fetch, each at the width it declares', async () => {
      const pictures = [...byTag(rich, 'picture'), ...byTag(page('/posts/measuring-page-weight/'), 'picture')];
      expect(pictures).toHaveLength(2);
      for (const picture of pictures) {
        const [img] = byTag(picture, 'img');
        const original = await sharp(readFileSync(file(String(img.properties.src)))).metadata();
        expect([img.properties.width, img.properties.height]).toEqual([original.width, original.height]);
        const sources = byTag(picture, 'source');
        expect(sources.map((s) => s.properties.type)).toEqual(['image/avif', 'image/webp']);
        const own = original.format === 'jpeg' ? 'image/jpeg' : 'image/png';
        for (const [node, type] of [...sources.map((s) => [s, String(s.properties.type)] as const), [img, own] as const]) {
          const listed = candidates(node);
          expect(Math.max(...listed.map((c) => c.width))).toBeLessThanOrEqual(original.width!);
          for (const { url, width } of listed) {
            expect(url.startsWith(`${basePath}/`), url).toBe(true);
            const meta = await sharp(readFileSync(file(url))).metadata();
            expect([meta.width, meta.format], url).toEqual([width, SHARP_FORMAT[type]]);
            expect(Math.abs(meta.height! - (width * original.height!) / original.width!), url).toBeLessThanOrEqual(1);
          }
        }
      }
    });

    it('sends a phone far fewer bytes than the original photo', () => {
      const [picture] = byTag(rich, 'picture');
      const [avif] = candidates(byTag(picture, 'source')[0]);
      const [img] = byTag(picture, 'img');
      expect(readFileSync(file(avif.url)).length * 4).toBeLessThan(readFileSync(file(String(img.properties.src))).length);
      expect(readFileSync(file(String(img.properties.src)))).toEqual(readFileSync(path.join(SOURCE, 'dusk.jpg')));
    });

    it('captions the photo with its title, and keeps its alt text', () => {
      const [figure] = byTag(body, 'figure');
      expect(byTag(figure, 'img')[0].properties.alt).toBe('Hills at dusk, a low sun behind the second ridge');
      expect(toString(byTag(figure, 'figcaption')[0])).toMatch(/^Each reader's browser picks/);
    });

    it('typesets the math with MathML and links the KaTeX stylesheet, whose fonts are all there', () => {
      expect(byTag(body, 'math').length).toBeGreaterThanOrEqual(3);
      expect(byTag(rich, 'script').map((s) => s.properties.type)).toEqual(['application/ld+json']);
      const [head] = byTag(rich, 'head');
      const sheets = byTag(head, 'link').filter((l) => String(l.properties.rel) === 'stylesheet').map((l) => String(l.properties.href));
      const katex = `${basePath}/katex/katex.min.css`;
      expect(sheets).toContain(katex);
      const css = readFileSync(file(katex), 'utf8');
      const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) => m[1]);
      expect(fonts.length).toBeGreaterThan(10);
      expect(fonts.filter((f) => !existsSync(path.join(path.dirname(file(katex)), f)))).toEqual([]);
      // Only a page with math pays for it.
      const plain = byTag(byTag(page('/posts/why-static/'), 'head')[0], 'link').map((l) => String(l.properties.href));
      expect(plain).not.toContain(katex);
    });

    it('draws the diagram as an SVG an XML parser reads, with its labels, in the page colours', () => {
      const [figure] = elements(body, (n) => n.tagName === 'figure' && classes(n).includes('diagram'));
      const html = readFileSync(path.join(out, RICH, 'index.html'), 'utf8');
      const svg = /<figure class="diagram"><svg[\s\S]*?<\/svg>/.exec(html)![0].replace('<figure class="diagram">', '');
      expect(XMLValidator.validate(svg)).toBe(true);
      const labels: string[] = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach(walk);
        else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) (key === 'text' ? [value].flat().forEach((t) => labels.push(String(typeof t === 'object' ? (t as Record<string, unknown>)['#text'] : t))) : walk(value));
      };
      walk(new XMLParser({ ignoreAttributes: false, htmlEntities: true }).parse(svg));
      expect(labels.sort()).toEqual(['Build', 'Feeds', 'HTML and CSS', 'Markdown', 'Sitemap']);
      expect(svg).not.toMatch(/@import|fonts\.googleapis/);
      expect(byTag(figure, 'summary').map((s) => toString(s))).toEqual(['Diagram source']);
    });

    it('shows each callout as a labelled note', () => {
      const callouts = elements(body, (n) => classes(n).includes('callout'));
      expect(callouts.map((c) => [c.properties.role, toString(elements(c, (n) => classes(n).includes('callout-title'))[0])])).toEqual([
        ['note', 'Note'],
        ['note', 'Tip'],
        ['note', 'Warning'],
        ['note', 'Caution'],
      ]);
      // No quote is left starting with its marker.
      expect(byTag(body, 'blockquote').filter((q) => toString(q).trim().startsWith('[!'))).toEqual([]);
    });

    it('keeps the YouTube player, from youtube-nocookie.com, lazy and sandboxed', () => {
      const [frame] = byTag(body, 'iframe');
      expect(frame.properties).toMatchObject({
        src: 'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ',
        title: 'Big Buck Bunny, an open movie by the Blender Foundation',
        loading: 'lazy',
        referrerPolicy: 'strict-origin-when-cross-origin',
      });
      expect(frame.properties.sandbox).toEqual(expect.arrayContaining(['allow-scripts', 'allow-same-origin']));
      expect(frame.properties.sandbox).not.toContain('allow-top-navigation');
    });

    it('gives feeds MathML, the diagram source, labelled quotes, the original image and a link to the video', () => {
      const item = parseFeed(readFileSync(path.join(out, 'rss.xml'), 'utf8')).items.find((i) => i.url === `${siteUrl}${RICH}`)!;
      const content = fromHtml(item.content!, { fragment: true });
      expect(byTag(content, 'math').length).toBeGreaterThanOrEqual(3);
      expect(elements(content, (n) => classes(n).some((c) => c.startsWith('katex')))).toEqual([]);
      expect(byTag(content, 'svg')).toEqual([]);
      expect(byTag(content, 'code').map((c) => toString(c)).join('\n')).toContain('A[Markdown] --> B[Build]');
      expect(byTag(content, 'blockquote').map((q) => toString(byTag(q, 'strong')[0]))).toEqual(['Note', 'Tip', 'Warning', 'Caution']);
      expect(byTag(content, 'picture')).toEqual([]);
      expect(byTag(content, 'img').map((i) => i.properties.src)).toEqual([`${siteUrl}${RICH}dusk.jpg`]);
      expect(byTag(content, 'iframe')).toEqual([]);
      expect(byTag(content, 'a').map((a) => a.properties.href)).toContain('https://www.youtube.com/watch?v=aqz-KE-bpKQ');
    });

    it('gives the Markdown copy and llms-full.txt the source as written, the player as a link', () => {
      const copy = readFileSync(path.join(out, RICH, 'index.html.md'), 'utf8');
      const full = readFileSync(path.join(out, 'llms-full.txt'), 'utf8');
      for (const text of [copy, full]) {
        expect(text).toContain('[Big Buck Bunny, an open movie by the Blender Foundation](https://www.youtube.com/watch?v=aqz-KE-bpKQ)');
        expect(text).not.toContain('<iframe');
        expect(text).toContain(`](${siteUrl}${RICH}dusk.jpg "Each reader's browser`);
        expect(text).toContain('```mermaid\nflowchart LR');
        expect(text).toContain('$$\n\\text{weight}');
      }
    });
  });
}

describe('players under site.yaml embeds, built (the extras build: embeds: [player.vimeo.com])', () => {
  const out = builtOut('extras');
  const frames = (sitePath: string) => byTag(fromHtml(readFileSync(path.join(out, sitePath, 'index.html'), 'utf8')), 'iframe');

  it('keeps the players of the listed host, with the attributes a player needs and no more', () => {
    const kept = frames(EXTRAS.players.path);
    expect(kept.map((f) => [f.properties.src, f.properties.title])).toEqual([
      ['https://player.vimeo.com/video/76979871', 'The new Vimeo player'],
      ['https://player.vimeo.com/video/1', 'Smuggler'],
    ]);
    for (const frame of kept) {
      expect(Object.keys(frame.properties).sort()).toEqual(['allow', 'allowFullScreen', 'height', 'loading', 'referrerPolicy', 'sandbox', 'src', 'title', 'width']);
      expect(frame.properties.sandbox).not.toContain('allow-top-navigation');
    }
    expect(readFileSync(path.join(out, EXTRAS.players.path, 'index.html'), 'utf8')).not.toMatch(/alert|maps\.example\.net/);
  });

  it('removes the player of a host not listed: the map, and the sample post\'s YouTube video', () => {
    expect(frames(RICH)).toEqual([]);
    // The Markdown copy leaves it out as the page does (the build warned of it, naming file, line and host).
    expect(readFileSync(path.join(out, RICH, 'index.html.md'), 'utf8')).not.toContain('youtube');
  });
});

describe('old URLs, built (the extras build: aliases, redirect_from and site.yaml redirects)', () => {
  const out = builtOut('extras');

  it.each(EXTRAS.redirects)('$from is a page that sends readers and crawlers to $to', ({ file, to }) => {
    const tree = fromHtml(readFileSync(path.join(out, file), 'utf8'));
    const [head] = byTag(tree, 'head');
    const metas = byTag(head, 'meta');
    expect(metas.filter((m) => String(m.properties.httpEquiv).toLowerCase() === 'refresh').map((m) => m.properties.content)).toEqual([`0; url=${to}`]);
    expect(metas.find((m) => m.properties.name === 'robots')?.properties.content).toMatch(/noindex/);
    expect(byTag(head, 'link').filter((l) => String(l.properties.rel) === 'canonical').map((l) => l.properties.href)).toEqual([to]);
    const [main] = byTag(tree, 'main');
    expect(byTag(main, 'a').map((a) => a.properties.href)).toEqual([to]);
  });

  it('writes _redirects, a 301 for each old URL, and leaves old URLs out of the sitemap, the feeds and llms.txt', () => {
    const rules = readFileSync(path.join(out, '_redirects'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.split(/\s+/));
    for (const { from, to } of EXTRAS.redirects) {
      expect(rules, from).toContainEqual([from, to.startsWith('https://fieldnotes.example.com/') && !to.endsWith('.xml') ? to.slice('https://fieldnotes.example.com'.length) : to, '301']);
    }
    expect(rules.every(([, , status]) => status === '301')).toBe(true);
    for (const name of ['sitemap.xml', 'rss.xml', 'atom.xml', 'feed.json', 'llms.txt', 'llms-full.txt']) {
      const text = readFileSync(path.join(out, name), 'utf8');
      for (const { from } of EXTRAS.redirects) expect(text, `${name} ${from}`).not.toContain(`fieldnotes.example.com${from}`);
    }
    // A site without redirects has no such file.
    expect(existsSync(path.join(builtOut('sample'), '_redirects'))).toBe(false);
  });
});
