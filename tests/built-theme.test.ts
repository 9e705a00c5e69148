/**
 * Issue 16, the reader's page as built: the archive, the tags index, lists with covers, page numbers, series,
 * related posts, code labels, and a site made the author's own (the `themed` build: German, its colours, code
 * themes, menu, strings and custom.css). Every page of both builds is valid HTML by html-validate's
 * recommended and document rules.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { HtmlValidate } from 'html-validate';
import sharp from 'sharp';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { builtOut, THEMED } from './helpers/builds';

/** The sample's published posts, newest first, with their dates (their front matter and file names). */
const POSTS = [
  { path: '/posts/rich-markdown/', date: '2026-05-12', tags: ['markdown'] },
  { path: '/posts/measuring-page-weight/', date: '2026-03-02', tags: ['performance', 'mobile'] },
  { path: '/posts/syntax-highlighting-without-javascript/', date: '2026-01-14', tags: ['markdown', 'performance'] },
  { path: '/posts/why-static/', date: '2025-11-20', tags: ['static-sites', 'performance', 'cdn'] },
  { path: '/posts/writing-front-matter/', date: '2025-09-03', tags: ['markdown', 'writing'] },
  { path: '/posts/hello-world/', date: '2025-06-30', tags: ['meta'] },
];
/** The sample's series, oldest first. */
const SERIES = ['/posts/writing-front-matter/', '/posts/syntax-highlighting-without-javascript/', '/posts/rich-markdown/'];

const read = (build: 'sample' | 'themed', file: string) => readFileSync(path.join(builtOut(build), file), 'utf8');
const page = (build: 'sample' | 'themed', sitePath: string) => fromHtml(read(build, `${sitePath.slice(1)}index.html`));

function all(tree: Root | Element, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}
const hasClass = (name: string) => (node: Element) => ([] as unknown[]).concat(node.properties.className ?? []).includes(name);
const one = (tree: Root | Element, test: (node: Element) => boolean) => {
  const found = all(tree, test);
  expect(found).toHaveLength(1);
  return found[0];
};
const links = (tree: Root | Element) => all(tree, (n) => n.tagName === 'a').map((a) => String(a.properties.href));
const text = (node: Root | Element) => toString(node).replace(/\s+/g, ' ').trim();

describe('the archive', () => {
  const tree = page('sample', '/archive/');

  it('lists every published post once, by year newest first, each year with its count', () => {
    const years = all(tree, hasClass('archive-year'));
    const byYear = years.map((section) => {
      const heading = one(section, (n) => n.tagName === 'h2');
      return { heading: text(heading), posts: links(one(section, hasClass('archive-list'))) };
    });
    const expected = [...new Set(POSTS.map((p) => p.date.slice(0, 4)))].map((year) => ({ year, posts: POSTS.filter((p) => p.date.startsWith(year)).map((p) => p.path) }));
    expect(byYear.map((y) => y.posts)).toEqual(expected.map((y) => y.posts));
    expect(byYear.map((y) => y.heading)).toEqual(expected.map((y) => `${y.year} ${y.posts.length} post${y.posts.length === 1 ? '' : 's'}`));
  });

  it('dates each post by its day, and is linked from the menu and listed in the sitemap', () => {
    const times = all(all(tree, hasClass('archive-year'))[0], (n) => n.tagName === 'time').map((t) => String(t.properties.dateTime).slice(0, 10));
    expect(times).toEqual(POSTS.filter((p) => p.date.startsWith('2026')).map((p) => p.date));
    expect(links(one(page('sample', '/'), hasClass('site-menu')))).toContain('/archive/');
    const sitemap = new XMLParser().parse(read('sample', 'sitemap.xml'));
    expect(sitemap.urlset.url.map((u: { loc: string }) => u.loc)).toContain('https://fieldnotes.example.com/archive/');
  });
});

describe('the menu', () => {
  it('marks the page the reader is on, and the section of a tag list or a later page of posts', () => {
    const current = (sitePath: string) =>
      all(one(page('sample', sitePath), hasClass('site-menu')), (n) => n.tagName === 'a' && n.properties.ariaCurrent !== undefined).map((a) => [a.properties.href, a.properties.ariaCurrent]);
    expect(current('/')).toEqual([['/', 'page']]);
    expect(current('/page/2/')).toEqual([['/', 'true']]);
    expect(current('/archive/')).toEqual([['/archive/', 'page']]);
    expect(current('/tags/')).toEqual([['/tags/', 'page']]);
    expect(current('/tags/performance/')).toEqual([['/tags/', 'true']]);
    expect(current('/about/')).toEqual([['/about/', 'page']]);
    expect(current('/posts/why-static/')).toEqual([]);
  });
});

describe('the tags index', () => {
  it('gives each tag the number of posts its own page lists', () => {
    const entries = all(one(page('sample', '/tags/'), hasClass('tag-index')), (n) => n.tagName === 'a');
    expect(entries.length).toBe(7);
    for (const entry of entries) {
      const href = String(entry.properties.href);
      const listed = all(page('sample', href), (n) => n.tagName === 'article' && hasClass('post-card')(n)).length;
      const count = text(one(entry, hasClass('count')));
      expect(count, href).toBe(`${listed} post${listed === 1 ? '' : 's'}`);
    }
  });
});

describe('lists of posts', () => {
  it('give each post its title, date, reading time, description and tags', () => {
    const cards = all(page('sample', '/'), hasClass('post-card'));
    expect(cards.map((c) => links(one(c, (n) => n.tagName === 'h2'))[0])).toEqual(POSTS.slice(0, 4).map((p) => p.path));
    for (const [i, card] of cards.entries()) {
      expect(String(one(card, (n) => n.tagName === 'time').properties.dateTime).slice(0, 10)).toBe(POSTS[i].date);
      expect(text(one(card, hasClass('meta')))).toMatch(/· \d+ min read$/);
      expect(text(one(card, hasClass('post-card-description'))).length).toBeGreaterThan(20);
      expect(links(one(card, hasClass('tags')))).toEqual(POSTS[i].tags.map((t) => `/tags/${t}/`));
    }
  });

  it('show a cover as a picture sized as the file is, every candidate there at the width it claims, the first one loaded at once', async () => {
    const cards = all(page('sample', '/'), hasClass('post-card'));
    const covers = cards.filter(hasClass('has-cover'));
    expect(covers.map((c) => links(c)[0])).toEqual(['/posts/rich-markdown/', '/posts/measuring-page-weight/']);
    for (const [i, card] of covers.entries()) {
      const img = one(card, (n) => n.tagName === 'img');
      const original = await sharp(path.join(builtOut('sample'), String(img.properties.src))).metadata();
      expect([img.properties.width, img.properties.height]).toEqual([original.width, original.height]);
      expect(img.properties.alt).toBe('');
      expect(img.properties.loading).toBe(i === 0 ? 'eager' : 'lazy');
      const candidates = [img, ...all(card, (n) => n.tagName === 'source')].flatMap((n) => String(n.properties.srcSet).split(', '));
      expect(candidates.length).toBeGreaterThanOrEqual(3);
      for (const candidate of candidates) {
        const [url, width] = candidate.split(' ');
        const meta = await sharp(path.join(builtOut('sample'), url)).metadata();
        expect(`${meta.width}w`, url).toBe(width);
      }
    }
  });

  it('number their pages, mark this one, and link the pages either side with rel', () => {
    const pagination = (sitePath: string) => one(page('themed', sitePath), hasClass('pagination'));
    const third = pagination('/page/3/');
    expect(all(third, (n) => n.tagName === 'li').map(text)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(all(third, (n) => n.properties.ariaCurrent === 'page').map((a) => a.properties.href)).toEqual(['/page/3/']);
    expect(all(third, (n) => n.tagName === 'a' && String(n.properties.rel) === 'prev').map((a) => a.properties.href)).toEqual(['/page/2/']);
    expect(all(third, (n) => n.tagName === 'a' && String(n.properties.rel) === 'next').map((a) => a.properties.href)).toEqual(['/page/4/']);
    const first = pagination('/');
    expect(all(first, (n) => n.tagName === 'li').map(text)).toEqual(['1', '2', '3', '…', '6']);
    expect(all(first, (n) => String(n.properties.rel) === 'prev')).toEqual([]);
    const last = pagination('/page/6/');
    expect(all(last, (n) => String(n.properties.rel) === 'next')).toEqual([]);
  });
});

describe('a post', () => {
  it('shows its series in order, this post marked, on each post of the series', () => {
    for (const [i, sitePath] of SERIES.entries()) {
      const box = one(page('sample', sitePath), hasClass('series'));
      expect(links(one(box, (n) => n.tagName === 'ol'))).toEqual(SERIES);
      expect(all(box, (n) => n.properties.ariaCurrent === 'page').map((a) => a.properties.href)).toEqual([sitePath]);
      expect(text(one(box, hasClass('series-part')))).toBe(`Part ${i + 1} of ${SERIES.length}`);
    }
    expect(all(page('sample', '/posts/why-static/'), hasClass('series'))).toEqual([]);
  });

  it('relates up to three posts that share its tags, most tags first', () => {
    for (const post of POSTS) {
      const related = all(page('sample', post.path), hasClass('related')).flatMap((r) => links(r));
      const shared = (other: (typeof POSTS)[number]) => other.tags.filter((t) => post.tags.includes(t)).length;
      const expected = POSTS.filter((o) => o !== post && shared(o) > 0).sort((a, b) => shared(b) - shared(a)).slice(0, 3);
      expect(related, post.path).toEqual(expected.map((o) => o.path));
    }
  });

  it('has contents only with three headings of its own, and labels each highlighted block with its language', () => {
    const withFootnotes = read('sample', 'posts/measuring-page-weight/index.html');
    const headings = all(one(fromHtml(withFootnotes), hasClass('prose')), (n) => /^h[23]$/.test(n.tagName) && !String(n.properties.id).endsWith('footnote-label'));
    expect(all(fromHtml(withFootnotes), hasClass('toc')).length).toBe(headings.length >= 3 ? 1 : 0);
    expect(all(page('sample', '/posts/hello-world/'), hasClass('toc'))).toEqual([]);
    const code = page('sample', '/posts/syntax-highlighting-without-javascript/');
    expect(all(code, (n) => n.tagName === 'pre').map((p) => p.properties.dataLanguage)).toEqual(['TypeScript', 'Python', 'Rust', undefined]);
  });

  it('has no style attribute: its styles are rules in its head, one per class it uses', () => {
    const html = read('sample', 'posts/syntax-highlighting-without-javascript/index.html');
    expect(html).not.toMatch(/<[^>]+\sstyle="/);
    const tree = fromHtml(html);
    const css = all(tree, (n) => n.tagName === 'style').map(text).join('');
    const used = new Set(all(one(tree, hasClass('prose')), () => true).flatMap((n) => ([] as unknown[]).concat(n.properties.className ?? []).map(String)).filter((c) => /^s-[0-9a-f]{8}$/.test(c)));
    expect(used.size).toBeGreaterThan(5);
    for (const name of used) expect(css, name).toContain(`.${name}{`);
  });
});

describe('a site made its own (the themed build)', () => {
  it('is in its language: lang, dates, and strings from site.yaml over the built-in ones', () => {
    const post = read('themed', 'posts/rich-markdown/index.html');
    const tree = fromHtml(post);
    expect(one(tree, (n) => n.tagName === 'html').properties.lang).toBe('de');
    expect(text(one(one(tree, hasClass('entry-header')), hasClass('meta')))).toMatch(/^12\. Mai 2026 · 1 Minute · /);
    expect(text(one(one(tree, hasClass('related')), (n) => n.tagName === 'h2'))).toBe('Mehr zum Thema');
    const english = fromHtml(read('sample', 'posts/rich-markdown/index.html'));
    for (const name of ['skip-link', 'neighbour-label', 'series-part']) {
      expect(text(all(tree, hasClass(name))[0]), name).not.toBe(text(all(english, hasClass(name))[0]));
    }
  });

  it('colours the browser bar with its accent, light and dark', () => {
    const metas = all(page('themed', '/'), (n) => n.tagName === 'meta' && n.properties.name === 'theme-color').map((m) => [m.properties.media, m.properties.content]);
    expect(metas).toEqual([
      ['(prefers-color-scheme: light)', THEMED.colours.light.accent],
      ['(prefers-color-scheme: dark)', THEMED.colours.dark.accent],
    ]);
  });

  it('names its two search forms apart on the search page', () => {
    const forms = all(page('themed', '/search/'), (n) => n.tagName === 'form' && n.properties.role === 'search').map((f) => f.properties.ariaLabel);
    expect(forms).toHaveLength(2);
    expect(new Set(forms).size).toBe(2);
  });

  it('has the menu of site.yaml, in its order', () => {
    const menu = one(page('themed', '/'), hasClass('site-menu'));
    expect(all(menu, (n) => n.tagName === 'a').map((a) => [text(a), a.properties.href])).toEqual(THEMED.menu.map((m) => [m.label, m.href]));
  });

  it('has its colours and code themes, and links its custom.css after the theme', () => {
    const tree = page('themed', '/posts/syntax-highlighting-without-javascript/');
    const head = one(tree, (n) => n.tagName === 'head');
    const sheets = all(head, (n) => n.tagName === 'style' || (n.tagName === 'link' && String(n.properties.rel) === 'stylesheet'));
    const theme = sheets.findIndex((s) => text(s).includes(`--accent:${THEMED.colours.light.accent}`));
    expect(theme).toBeGreaterThan(0);
    expect(text(sheets[theme])).toContain(`--bg:${THEMED.colours.dark.background}`);
    const custom = sheets.findIndex((s) => String(s.properties.href ?? '').startsWith('/custom.css?v='));
    expect(custom).toBeGreaterThan(theme);
    expect(read('themed', 'custom.css')).toBe(THEMED.customCss);
    const css = sheets.map(text).join('').toLowerCase();
    expect(css).toContain(THEMED.codeBackgrounds.light);
    expect(css).toContain(THEMED.codeBackgrounds.dark);
    // The sample has no custom.css: nothing published, nothing linked.
    expect(() => read('sample', 'custom.css')).toThrow();
    expect(read('sample', 'index.html')).not.toContain('custom.css');
  });
});

describe('valid HTML', () => {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended', 'html-validate:document'] });
  for (const build of ['sample', 'themed'] as const) {
    it(`every page of the ${build} build passes html-validate's recommended and document rules`, async () => {
      const out = builtOut(build);
      const pages = readdirSync(out, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.html'))
        .map((e) => path.join(e.parentPath, e.name));
      expect(pages.length).toBeGreaterThan(15);
      const messages: string[] = [];
      for (const file of pages) {
        const report = await validator.validateFile(file);
        for (const result of report.results) for (const m of result.messages) messages.push(`${path.relative(out, file)}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
      expect(messages).toEqual([]);
    });
  }
});
