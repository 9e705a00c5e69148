import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { Element, Root } from 'hast';
import { BUILDS, builtOut, SITE_BUILDS } from './helpers/builds';

/** Pages the sample content must produce, as site paths (no base path). */
const POSTS = ['/posts/hello-world/', '/posts/writing-front-matter/', '/posts/why-static/', '/posts/syntax-highlighting-without-javascript/', '/posts/measuring-page-weight/', '/posts/rich-markdown/'];
const TAGS = ['cdn', 'markdown', 'meta', 'mobile', 'performance', 'static-sites', 'writing'];
const PAGES = ['/', '/page/2/', ...POSTS, '/about/', '/archive/', '/tags/', ...TAGS.map((t) => `/tags/${t}/`), '/search/'];

/** What must never be published: the draft and the post dated 2099, by slug and by title. */
const UNPUBLISHED = ['unfinished-thoughts-on-caching', 'Unfinished thoughts on caching', 'a-post-from-the-future', 'A post from the future'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
    .sort();
}

/** The file a static host serves for a site path: `/a/` → `a/index.html`. */
function fileFor(sitePath: string): string {
  const decoded = decodeURIComponent(sitePath).replace(/^\//, '');
  return decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
}

function elements(tree: Root, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}

for (const name of SITE_BUILDS) {
  const { siteUrl, basePath } = BUILDS[name];

  describe(`built site: ${name}`, () => {
    const out = builtOut(name);
    const files = filesUnder(out);
    const htmlFiles = files.filter((f) => f.endsWith('.html'));
    const trees = new Map<string, Root>(htmlFiles.map((f) => [f, fromHtml(readFileSync(path.join(out, f), 'utf8'))]));
    const tree = (sitePath: string) => {
      const t = trees.get(fileFor(sitePath));
      if (!t) throw new Error(`no page at ${sitePath}`);
      return t;
    };
    const ldJson = (t: Root) =>
      elements(t, (n) => n.tagName === 'script' && n.properties.type === 'application/ld+json').map((s) => JSON.parse(toString(s)) as Record<string, unknown>);

    it('has every expected page and a 404.html', () => {
      const missing = [...PAGES.map(fileFor), '404.html'].filter((f) => !files.includes(f));
      expect(missing).toEqual([]);
      // No page beyond those: a stray page is as wrong as a missing one.
      expect(htmlFiles.filter((f) => f !== '404.html' && !PAGES.map(fileFor).includes(f))).toEqual([]);
    });

    // Link resolution, leaks (localhost, build paths, unpublished slugs), head tags and the sitemap are
    // checked by one mechanism, `npm run check`: see 'passes both built sample sites' in check.test.ts.

    it('gives every page an absolute canonical URL under the site URL', () => {
      for (const [file, t] of trees) {
        if (file === '404.html') continue;
        const canonicals = elements(t, (n) => n.tagName === 'link' && Array.isArray(n.properties.rel) && n.properties.rel.includes('canonical'));
        expect(canonicals, file).toHaveLength(1);
        const pagePath = `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
        expect(canonicals[0].properties.href, file).toBe(`${siteUrl}${pagePath}`);
      }
    });

    it('links llms.txt from every page with rel="describedby"', () => {
      for (const [file, t] of trees) {
        const links = elements(t, (n) => n.tagName === 'link' && Array.isArray(n.properties.rel) && n.properties.rel.includes('describedby'));
        expect(links.map((l) => [l.properties.href, l.properties.type]), file).toEqual([[`${basePath}/llms.txt`, 'text/plain']]);
      }
    });

    it('has exactly one h1 and a lang attribute on every page', () => {
      for (const [file, t] of trees) {
        expect(elements(t, (n) => n.tagName === 'h1'), file).toHaveLength(1);
        const [html] = elements(t, (n) => n.tagName === 'html');
        expect(html.properties.lang, file).toBe('en');
      }
    });

    it('has JSON-LD that parses: WebSite on the home page, BlogPosting on posts', () => {
      const [home] = ldJson(tree('/'));
      expect(home).toMatchObject({ '@context': 'https://schema.org', '@type': 'WebSite', url: `${siteUrl}/` });
      for (const p of POSTS) {
        const [ld, ...more] = ldJson(tree(p));
        expect(more, p).toEqual([]);
        expect(ld, p).toMatchObject({ '@type': 'BlogPosting', url: `${siteUrl}${p}`, headline: expect.any(String) });
        expect(Number.isNaN(Date.parse(String(ld.datePublished))), p).toBe(false);
      }
      for (const [file, t] of trees) for (const ld of ldJson(t)) expect(ld['@context'], file).toBe('https://schema.org');
    });

    it('publishes no draft and no future post, in any file', () => {
      const leaks = files.flatMap((f) => {
        const text = readFileSync(path.join(out, f), 'utf8');
        return UNPUBLISHED.filter((s) => text.includes(s)).map((s) => `${f}: ${s}`);
      });
      expect(leaks).toEqual([]);
    });

    it('copies the image beside its post and sizes its img, loaded first as the first image of its page', () => {
      const image = path.join(out, 'posts/measuring-page-weight/weight-chart.png');
      expect(readFileSync(image)).toEqual(readFileSync('content/posts/measuring-page-weight/weight-chart.png'));
      const imgs = elements(tree('/posts/measuring-page-weight/'), (n) => n.tagName === 'img' && String(n.properties.src).endsWith('weight-chart.png'));
      expect(imgs).toHaveLength(1);
      expect(imgs[0].properties).toMatchObject({
        src: `${basePath}/posts/measuring-page-weight/weight-chart.png`,
        width: 800,
        height: 400,
        loading: 'eager',
        fetchPriority: 'high',
        alt: 'Bar chart of page weight by resource type',
      });
    });

    it('ships the sanitised, highlighted post body', () => {
      const t = tree('/posts/writing-front-matter/');
      // The sample post ends with a <script>; only the JSON-LD script may remain.
      expect(elements(t, (n) => n.tagName === 'script').map((s) => s.properties.type)).toEqual(['application/ld+json']);
      expect(elements(t, (n) => n.tagName === 'details')).toHaveLength(1);
      const highlighted = tree('/posts/syntax-highlighting-without-javascript/');
      // The contents list shows each heading's text, not the "#" of its anchor link.
      const [toc] = elements(highlighted, (n) => n.tagName === 'nav' && n.properties.className?.toString() === 'toc');
      expect(elements(toc as unknown as Root, (n) => n.tagName === 'a').map((a) => toString(a))).toEqual(['TypeScript', 'Python', 'Rust', 'A language we do not know']);
      const code = elements(highlighted, (n) => n.tagName === 'pre');
      expect(code.filter((pre) => (pre.properties.className as string[] | undefined)?.includes('shiki'))).toHaveLength(4);
    });
  });
}
