/**
 * Issue 16, the pure parts of the reader's page: interface strings and their languages, the theme's settings
 * (colours, code themes, menu, strings) and their mistakes, page numbers, related posts, series, the archive's
 * years, the contents rule, code labels, and inline styles as classes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableOfContents } from '@/app/_components/entry';
import { loadContent } from '@/lib/content/load';
import { ENGLISH, LANGUAGES, builtInStrings, placeholders, pluralCategories, siteStrings, translate, type Strings } from '@/lib/i18n';
import { absolutizeHtml, compileMarkdown } from '@/lib/markdown';
import { pageNumbers } from '@/lib/paginate';
import { ContentError, formatProblem, type Problem } from '@/lib/problems';
import { postsByYear, relatedPosts, seriesOf, sitePageAt } from '@/lib/routes';
import { contrastRatio, parseSite } from '@/lib/site';
import { stylesheet } from '@/lib/styles';
import { themeCss } from '@/lib/theme-css';
import { makeContent, makePage, makePost } from './helpers/make-content';

const SITE = 'title: T\nurl: https://t.example.com\nauthor: A\n';
const NOW = new Date('2026-01-01T00:00:00Z');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'masthead-theme-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function writeSite(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

const POST = { 'posts/2025-01-01-a.md': '---\ntitle: A\n---\n\nBody.\n', 'pages/about.md': '---\ntitle: About us\n---\n\nWho.\n' };

/** The problems a load of site.yaml `yaml` (and one post, one page) fails with, as `file:line: field: message`. */
async function problemsOf(name: string, yaml: string, files: Record<string, string> = POST): Promise<string[]> {
  const dir = await writeSite(name, { 'site.yaml': yaml, ...files });
  const error = await loadContent(dir, { now: NOW }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  return (error as ContentError).problems.map((p: Problem) => formatProblem({ ...p, file: 'site.yaml' }));
}

describe('interface strings', () => {
  it('has every message in the ten languages, with the placeholders and plural forms each needs', () => {
    expect([...LANGUAGES].sort()).toEqual(['de', 'en', 'es', 'fr', 'it', 'ja', 'ko', 'nl', 'pt', 'zh']);
    for (const language of LANGUAGES) {
      const strings = builtInStrings(language)!;
      expect(Object.keys(strings), language).toEqual(Object.keys(ENGLISH));
      for (const [key, message] of Object.entries(strings) as [keyof Strings, Strings[keyof Strings]][]) {
        expect(placeholders(message), `${language} ${key}`).toEqual(placeholders(ENGLISH[key]));
        expect(typeof message, `${language} ${key}`).toBe(typeof ENGLISH[key]);
        if (typeof message !== 'string') expect(Object.keys(message).sort(), `${language} ${key}`).toEqual([...pluralCategories(language)].sort());
        // A translation, not the English left in place (a few words are the same in some languages).
        if (language !== 'en' && typeof message === 'string' && message.length > 12) expect(message, `${language} ${key}`).not.toBe(ENGLISH[key]);
      }
    }
  });

  it('picks the plural form of the language and writes numbers as it does', () => {
    const en = siteStrings('en');
    expect(translate(en, 'en', 'postCount', { n: 1 })).toBe('1 post');
    expect(translate(en, 'en', 'postCount', { n: 1042 })).toBe('1,042 posts');
    const de = siteStrings('de');
    expect(translate(de, 'de', 'postCount', { n: 1042 })).toMatch(/^1\.042 \p{L}+/u);
    expect(translate(de, 'de', 'postCount', { n: 1 })).not.toBe(translate(de, 'de', 'postCount', { n: 2 }).replace('2', '1'));
    // French counts 0 and 1 as "one".
    const fr = siteStrings('fr');
    expect(translate(fr, 'fr', 'postCount', { n: 0 })).toBe(translate(fr, 'fr', 'postCount', { n: 1 }).replace('1', '0'));
    const ja = siteStrings('ja');
    expect(translate(ja, 'ja', 'readingTime', { n: 5 })).toContain('5');
    expect(translate(ja, 'ja', 'readingTime', { n: 5 })).not.toMatch(/[a-z]/);
  });

  it('reads a region subtag as its language, and falls back to English for a language it has no strings for', () => {
    expect(builtInStrings('pt-BR')).toBe(builtInStrings('pt'));
    expect(builtInStrings('zh-Hans-CN')).toBe(builtInStrings('zh'));
    expect(builtInStrings('sv')).toBeUndefined();
    // The built-in Chinese is Simplified: Traditional Chinese gets English and the warning, not the wrong script.
    expect(builtInStrings('zh-TW')).toBeUndefined();
    expect(builtInStrings('zh-Hant')).toBeUndefined();
    expect(builtInStrings('zh-Hans-TW')).toBe(builtInStrings('zh'));
    expect(siteStrings('sv')).toEqual(ENGLISH);
    expect(siteStrings('de', { related: 'Mehr zum Thema' }).related).toBe('Mehr zum Thema');
  });
});

describe('theme settings in site.yaml', () => {
  it('takes colours for light and dark and any Shiki theme, with defaults for what is left out', () => {
    const site = parseSite({ title: 'T', url: 'https://t.example.com', author: 'A', theme: { accent: '#0F766E', dark: { background: '#000000' }, code: { light: 'nord' } } });
    expect(site.theme).toEqual({
      accent: '#0f766e',
      background: '#ffffff',
      foreground: '#16181d',
      dark: { accent: '#8db0ff', background: '#000000', foreground: '#e8eaef' },
      code: { light: 'nord', dark: 'github-dark' },
    });
    expect(site.warnings).toEqual([]);
  });

  it('writes them as the stylesheet custom properties, light and then the dark scheme', () => {
    const css = themeCss(parseSite({ title: 'T', url: 'https://t.example.com', author: 'A', theme: { accent: '#0f766e', dark: { accent: '#5eead4' } } }).theme);
    const [light, dark] = css.split('@media (prefers-color-scheme:dark)');
    expect(light).toContain('--accent:#0f766e');
    expect(light).toContain('--bg:#ffffff');
    expect(dark).toContain('--accent:#5eead4');
    expect(dark).toContain('--bg:#111318');
  });

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('warns, with its line, of text and links below 4.5:1 on their background, and of a language without strings', async () => {
    const dir = await writeSite('low-contrast', { 'site.yaml': `${SITE}language: sv\ntheme:\n  accent: "#9ca3af"\n  dark:\n    foreground: "#333333"\n`, ...POST });
    const { warnings } = await loadContent(dir, { now: NOW });
    const shown = path.relative(process.cwd(), path.join(dir, 'site.yaml'));
    expect(warnings).toEqual([
      `${shown}:4 "language": Masthead has no interface strings in "sv", so pages show them in English; translate them under strings: (${Object.keys(ENGLISH).length} of ${Object.keys(ENGLISH).length} missing, see the README)`,
      expect.stringMatching(new RegExp(`^${shown.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6 "theme.accent": #9ca3af on the background #ffffff has a contrast of 2\\.54:1`)),
      expect.stringMatching(/:8 "theme\.dark\.foreground": #333333 on the background #111318 has a contrast of 1\.\d\d:1/),
    ]);
  });

  it('rejects a code theme Shiki does not have, with a "did you mean"', async () => {
    expect(await problemsOf('shiki-typo', `${SITE}theme:\n  code:\n    dark: github-drak\n`)).toEqual([
      'site.yaml:6 "theme.code.dark": expected a Shiki theme name; did you mean "github-dark"?, got "github-drak"',
    ]);
  });

  it('rejects strings: an unknown message, text for plural forms, a plural form the language lacks, a value the message has not', async () => {
    const yaml = `${SITE}language: de\nstrings:\n  relatd: Mehr\n  postCount: "{n} Beiträge"\n  readingTime: { one: "{n} Minute", few: "{n} Minuten", other: "{n} Minuten" }\n  related: "Mehr zu {tag}"\n`;
    const problems = await problemsOf('bad-strings', yaml);
    expect(problems).toEqual([
      'site.yaml:6 "strings.relatd": unknown setting; did you mean "related"?',
    ]);
    const fixed = yaml.replace('  relatd: Mehr\n', '');
    expect(await problemsOf('bad-strings-2', fixed)).toEqual([
      'site.yaml:6 "strings.postCount": expected plural forms (one, other), such as { one: "{n} post", other: "{n} posts" }',
      'site.yaml:7 "strings.readingTime": de has no plural form few; its forms are one, other',
      'site.yaml:8 "strings.related": {tag} is not a value of this message; it has none',
    ]);
  });
});

describe('strings: that would break a page', () => {
  it('rejects an empty message and one that drops a value it must show', async () => {
    expect(await problemsOf('strings-empty', `${SITE}strings:\n  posts: ""\n  movedTo: It has moved.\n  updated: "Bijgewerkt {date}"\n`)).toEqual([
      'site.yaml:5 "strings.posts": must not be empty',
      'site.yaml:6 "strings.movedTo": must show {link}, as the English "It is now at {link}." does',
    ]);
  });
});

describe('the menu', () => {
  it('by default: posts, archive, tags, then the pages by weight and path under their linkTitle, without those marked menu: false', () => {
    const content = makeContent({
      pages: [
        makePage({ slug: 'zebra', title: 'Zebra' }),
        makePage({ slug: 'about', title: 'About the people who write here', menu: { label: 'About', weight: 2 } }),
        makePage({ slug: 'contact', title: 'Contact', menu: { label: 'Contact', weight: 1 } }),
        makePage({ slug: 'imprint', title: 'Imprint', menu: undefined }),
      ],
    });
    expect(content.menu.map((m) => [m.label, m.href])).toEqual([
      ['Posts', '/'],
      ['Archive', '/archive/'],
      ['Tags', '/tags/'],
      ['Contact', '/contact/'],
      ['About', '/about/'],
      ['Zebra', '/zebra/'],
    ]);
    const german = makeContent({ site: { language: 'de' } });
    expect(german.menu.map((m) => m.label)).toEqual(builtInStrings('de') && [builtInStrings('de')!.posts, builtInStrings('de')!.archive, builtInStrings('de')!.tags]);
  });

  it('reads menu: false, linkTitle and weight from front matter', async () => {
    const dir = await writeSite('menu-front-matter', {
      'site.yaml': SITE,
      'pages/about.md': '---\ntitle: About the people who write here\nlinkTitle: About\nweight: 2\n---\n\nWho.\n',
      'pages/contact.md': '---\ntitle: Contact\nweight: 1\n---\n\nHow.\n',
      'pages/imprint.md': '---\ntitle: Imprint\nmenu: false\n---\n\nLegal.\n',
      'pages/colophon.md': '---\ntitle: Colophon\nmenu: main\n---\n\nHow it is made.\n',
    });
    const { menu } = await loadContent(dir, { now: NOW });
    expect(menu.map((m) => m.label)).toEqual(['Posts', 'Archive', 'Tags', 'Contact', 'About', 'Colophon']);
  });

  it('follows site.yaml menu: in the order written, a page by its file, a path, a URL', async () => {
    const dir = await writeSite('menu-site', {
      'site.yaml': `${SITE}menu:\n  - label: Who\n    page: pages/about.md\n  - label: Old posts\n    path: /archive/\n  - label: Code\n    url: https://github.com/ada\n`,
      ...POST,
    });
    const { menu } = await loadContent(dir, { now: NOW });
    expect(menu).toEqual([
      { label: 'Who', href: '/about/', external: false },
      { label: 'Old posts', href: '/archive/', external: false },
      { label: 'Code', href: 'https://github.com/ada', external: true },
    ]);
  });

  it('names the line of a menu path that leads nowhere, and refuses a path that leaves the site', async () => {
    expect(await problemsOf('menu-path', `${SITE}menu:\n  - label: Posts\n    path: /\n  - label: Old\n    path: /old-stuff/\n`)).toEqual([
      'site.yaml:8 "menu.1.path": no page or file at /old-stuff/',
    ]);
    expect(await problemsOf('menu-backslash', `${SITE}menu:\n  - label: Away\n    path: /\\evil.example/\n`)).toEqual([
      expect.stringMatching(/^site\.yaml:6 "menu\.0\.path": expected a path on this site such as \/archive\//),
    ]);
    // A missing field of the first item is named on that item, not on the next one's.
    expect(await problemsOf('menu-no-label', `${SITE}menu:\n  - page: pages/about.md\n  - label: B\n    path: /\n`)).toEqual([
      'site.yaml:5 "menu.0.label": required, missing',
    ]);
  });

  it('knows the archive and the search page as pages: a link to them is not broken, an old URL there is refused', async () => {
    const dir = await writeSite('archive-link', { 'site.yaml': SITE, 'posts/2025-01-01-a.md': '---\ntitle: A\n---\n\nSee [the archive](/archive/) and [search](/search/).\n' });
    const content = await loadContent(dir, { now: NOW });
    expect(content.posts[0].links).toEqual({ '/archive/': '/archive/', '/search/': '/search/' });
    const problems = await problemsOf('archive-alias', SITE, { 'posts/2025-01-01-a.md': '---\ntitle: A\naliases: [/archive/]\n---\n\nBody.\n' });
    expect(problems).toEqual([expect.stringMatching(/"aliases": .*\/archive\//)]);
  });

  it('names the line of a menu page that is not there, and of an entry with two targets', async () => {
    expect(await problemsOf('menu-missing', `${SITE}menu:\n  - label: Posts\n    path: /\n  - label: Who\n    page: pages/abuot.md\n`)).toEqual([
      'site.yaml:8 "menu.1.page": no published post or page is the file pages/abuot.md; did you mean "pages/about.md"?',
    ]);
    expect(await problemsOf('menu-both', `${SITE}menu:\n  - label: Who\n    page: pages/about.md\n    path: /about/\n`)).toEqual([
      'site.yaml:5 "menu.0": expected exactly one of page, path or url, got {"label":"Who","page":"pages/about.md","path":"/about/"}',
    ]);
  });
});

describe('lists, series and related posts', () => {
  it('numbers pages: the first, the last, two either side, and a gap for what is left out', () => {
    expect(pageNumbers(1, 1)).toEqual([1]);
    expect(pageNumbers(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(pageNumbers(1, 6)).toEqual([1, 2, 3, 'gap', 6]);
    expect(pageNumbers(5, 6)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pageNumbers(50, 105)).toEqual([1, 'gap', 48, 49, 50, 51, 52, 'gap', 105]);
    // A gap of one page shows the page instead.
    expect(pageNumbers(4, 9)).toEqual([1, 2, 3, 4, 5, 6, 'gap', 9]);
  });

  const day = (d: number) => new Date(Date.UTC(2025, 0, d));
  const posts = [
    makePost({ slug: 'p1', date: day(1), tags: ['A', 'B'], series: ['Guide'] }),
    makePost({ slug: 'p2', date: day(2), tags: ['A'] }),
    makePost({ slug: 'p3', date: day(3), tags: ['A', 'B', 'C'], series: ['Guide'] }),
    makePost({ slug: 'p4', date: day(4), tags: ['B'] }),
    makePost({ slug: 'p5', date: day(5), tags: ['C'], series: ['Guide', 'Other'] }),
    makePost({ slug: 'p6', date: day(6), tags: ['D'] }),
  ];
  const content = makeContent({ posts });
  const bySlug = (slug: string) => content.posts.find((p) => p.slug === slug)!;

  it('relates up to three posts by the number of tags shared, then the newest first', () => {
    expect(relatedPosts(content, bySlug('p1')).map((p) => p.slug)).toEqual(['p3', 'p4', 'p2']);
    expect(relatedPosts(content, bySlug('p3')).map((p) => p.slug)).toEqual(['p1', 'p5', 'p4']);
    expect(relatedPosts(content, bySlug('p6'))).toEqual([]);
  });

  it('lists a series oldest first, with where the post stands, for each series it is in', () => {
    expect(seriesOf(content, bySlug('p3')).map((s) => [s.name, s.posts.map((p) => p.slug), s.index])).toEqual([['Guide', ['p1', 'p3', 'p5'], 1]]);
    expect(seriesOf(content, bySlug('p5')).map((s) => [s.name, s.index])).toEqual([
      ['Guide', 2],
      ['Other', 0],
    ]);
    expect(seriesOf(content, bySlug('p2'))).toEqual([]);
  });

  it('keeps a post once in a series named twice, and orders posts of the same day by path', async () => {
    const dir = await writeSite('series-ties', {
      'site.yaml': SITE,
      'posts/2025-01-01-part-2.md': '---\ntitle: Part 2\nseries: [S, S]\n---\n\nTwo.\n',
      'posts/2025-01-01-part-1.md': '---\ntitle: Part 1\nseries: S\n---\n\nOne.\n',
    });
    const loaded = await loadContent(dir, { now: NOW });
    const two = loaded.posts.find((p) => p.slug === 'part-2')!;
    expect(two.series).toEqual(['S']);
    expect(seriesOf(loaded, two).map((s) => [s.posts.map((p) => p.slug), s.index])).toEqual([[['part-1', 'part-2'], 1]]);
  });

  it('groups the archive by year, newest first', () => {
    const years = postsByYear(makeContent({ posts: [makePost({ slug: 'x', date: new Date('2024-12-31T23:00:00Z') }), ...posts] }).posts);
    expect(years.map((y) => [y.year, y.posts.length])).toEqual([
      [2025, 6],
      [2024, 1],
    ]);
  });

  it('has an archive page, unless a page of the author is at /archive/', () => {
    expect(sitePageAt(content, '/archive/')?.kind).toBe('archive');
    const own = makeContent({ posts, pages: [makePage({ slug: 'archive', title: 'Everything' })] });
    expect(sitePageAt(own, '/archive/')?.kind).toBe('entry');
    expect(own.menu.filter((m) => m.href === '/archive/')).toHaveLength(1);
  });
});

describe('post bodies', () => {
  const page = { site: { url: 'https://t.example.com' }, path: '/posts/a/' };
  const resolver = { resolve: async (url: string) => ({ kind: 'external' as const, url }) };
  const compile = (markdown: string, options: Partial<Parameters<typeof compileMarkdown>[2]> = {}) => compileMarkdown(markdown, resolver as never, { ...page, ...options });

  it('gives a table of contents only for three headings of its own: the footnotes heading does not count', async () => {
    const two = await compile('## One\n\nText.[^1]\n\n## Two\n\nMore.\n\n[^1]: A note.\n');
    expect(two.headings.map((h) => h.text)).toEqual(['One', 'Two']);
    expect(tableOfContents(two)).toEqual([]);
    const three = await compile('## One\n\n### One and a half\n\n## Two\n\nText.[^1]\n\n[^1]: A note.\n');
    expect(tableOfContents(three).map((h) => h.text)).toEqual(['One', 'One and a half', 'Two']);
  });

  it('names the language of a code block, and colours it with the themes asked for', async () => {
    const { html, css } = await compile('```ts\nconst a = 1;\n```\n\n```\nplain\n```\n', { codeThemes: { light: 'nord', dark: 'github-dark' } });
    const pres = fromHtml(html, { fragment: true }).children.filter((n) => n.type === 'element' && n.tagName === 'pre');
    expect(pres.map((p) => (p.type === 'element' ? p.properties.dataLanguage : undefined))).toEqual(['TypeScript', undefined]);
    // Nord paints code on #2e3440.
    expect(css.toLowerCase()).toContain('background-color:#2e3440');
  });

  it('moves every inline style into a class, and gives feeds the styles back', async () => {
    const compiled = await compile('```js\nlet x;\n```\n\nInline $x^2$ math.\n');
    expect(compiled.html).not.toMatch(/\sstyle=/);
    const classes = [...compiled.html.matchAll(/\bs-[0-9a-f]{8}\b/g)].map((m) => m[0]);
    expect(classes.length).toBeGreaterThan(2);
    for (const name of new Set(classes)) expect(compiled.css).toContain(`.${name}{`);
    expect(compiled.feedHtml).toMatch(/<pre[^>]*style="[^"]*background-color/);
    expect(compiled.feedHtml).not.toMatch(/\bs-[0-9a-f]{8}\b/);
    expect(absolutizeHtml(compiled.html, page.site, page.path)).not.toMatch(/\sstyle=/);
  });

  it('writes each declaration as !important, and no value can close the style element', () => {
    const css = stylesheet([
      ['s-00000001', 'color:#fff;--shiki-dark:#000'],
      ['s-00000002', "background:url('a;b.png') ; top: -1em !important"],
      ['s-00000003', 'content:"</style><script>"'],
      ['s-00000004', 'color:red}body{display:none;top:0'],
      ['s-00000005', 'color:red/*'],
    ]);
    expect(css).toBe(".s-00000001{color:#fff!important;--shiki-dark:#000!important}.s-00000002{background:url('a;b.png')!important;top: -1em !important}.s-00000003{content:\"\\3c /style>\\3c script>\"!important}.s-00000004{top:0!important}");
  });
});
