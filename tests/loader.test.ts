import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { loadContent, type LoadOptions } from '@/lib/content/load';
import type { Content, Post } from '@/lib/content/types';
import { ContentError, type Problem } from '@/lib/problems';
import { writeBesidePages } from '@/lib/beside-pages';
import { encodeVariants } from '@/lib/images';
import { nextSite } from '@/lib/next-site.mjs';
import sharp from 'sharp';

const FIXTURES = path.resolve('tests/fixtures');
/** After every fixture post's date and before the year 2099. */
const NOW = new Date('2026-01-01T00:00:00Z');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'masthead-loader-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** Loads a fixture folder. */
function load(dir: string, options: LoadOptions = {}): Promise<Content> {
  return loadContent(dir, { now: NOW, ...options });
}

/** The ContentError a load throws; fails the test when it loads. */
async function problemsOf(promise: Promise<unknown>): Promise<{ error: ContentError; problems: Problem[] }> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContentError);
  return { error: error as ContentError, problems: (error as ContentError).problems };
}

function post(content: Content, file: string): Post {
  const found = content.posts.find((p) => p.file === file);
  if (!found) throw new Error(`no published post ${file}; have ${content.posts.map((p) => p.file).join(', ')}`);
  return found;
}

function elements(html: string, tagName: string): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html, { fragment: true }), 'element', (node: Element) => {
    if (node.tagName === tagName) found.push(node);
  });
  return found;
}

/** Writes a content folder under the temp dir: `files` maps relative paths to contents. */
async function writeSite(name: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = path.join(tmp, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}

const SITE = 'title: Temp\nurl: https://temp.example.com\nauthor: Someone\n';

describe('valid fixture', () => {
  let content: Content;
  beforeAll(async () => {
    content = await load(path.join(FIXTURES, 'valid'));
  });

  it('publishes every post but the draft and the future one, newest first', () => {
    expect(content.posts.map((p) => p.path)).toEqual([
      '/blog/dates/iso-no-zone/',
      '/blog/dates/iso-offset/',
      '/blog/dates/yaml-timestamp/',
      '/blog/dates/iso-date/',
      '/blog/dates/yaml-date/',
      '/blog/custom-slug/',
      '/blog/guides/sectioned/',
      '/blog/bundle-post/',
      '/blog/from-file-name/',
    ]);
    expect(content.pages.map((p) => p.path)).toEqual(['/about/']);
    expect(content.warnings).toEqual([]);
  });

  it('reads every known front-matter field and keeps unknown keys in data', () => {
    const p = post(content, 'posts/every-field.md');
    expect(p.title).toBe('Every front-matter field');
    expect(p.date.toISOString()).toBe('2025-03-10T08:30:00.000Z');
    expect(p.updated?.toISOString()).toBe('2025-04-01T00:00:00.000Z');
    expect(p.description).toBe('Written by hand, so nothing is derived.');
    expect(p.descriptionDerived).toBe(false);
    expect(p.tags.map((t) => t.slug)).toEqual(['static-sites', 'markdown']);
    expect(p.unpublished).toBeUndefined();
    expect(p.slug).toBe('custom-slug');
    expect(p.image).toEqual({ href: 'https://cdn.example.org/cover.jpg' });
    expect(p.authors).toEqual([{ name: 'Grace Hopper', url: 'https://grace.example.org/', email: 'grace@example.org' }]);
    expect(p.canonical).toBe('https://elsewhere.example.org/every-field/');
    expect(p.data).toMatchObject({ layout: 'post', category: 'reference', series: { name: 'Fixtures', part: 2 } });
  });

  it('derives a description of about 160 characters, cut at a word', async () => {
    const p = post(content, 'posts/2025-01-15-from-file-name.md');
    const source = await readFile(path.join(FIXTURES, 'valid', p.file), 'utf8');
    const firstParagraph = source.split('\n\n')[1].replace(/\s+/g, ' ');
    expect(firstParagraph.length).toBeGreaterThan(160);
    expect(p.descriptionDerived).toBe(true);
    expect(p.description.length).toBeLessThanOrEqual(160);
    expect(p.description.length).toBeGreaterThan(120);
    expect(p.description.endsWith('…')).toBe(true);
    const kept = p.description.slice(0, -1);
    // Cut at a word: the kept text is a prefix of the paragraph, followed there by a space.
    expect(firstParagraph.startsWith(kept)).toBe(true);
    expect(firstParagraph[kept.length]).toMatch(/[\s,]/);
    expect(p.description).not.toContain('second paragraph');
  });

  it('takes date and slug from a YYYY-MM-DD-slug.md file name', () => {
    const p = post(content, 'posts/2025-01-15-from-file-name.md');
    expect(p.date.toISOString()).toBe('2025-01-15T00:00:00.000Z');
    expect(p.slug).toBe('from-file-name');
    expect(p.section).toBe('');
  });

  it('takes date and slug from a YYYY-MM-DD-slug/index.md bundle folder', () => {
    const p = post(content, 'posts/2025-02-01-bundle-post/index.md');
    expect(p.date.toISOString()).toBe('2025-02-01T00:00:00.000Z');
    expect(p.slug).toBe('bundle-post');
    expect(p.path).toBe('/blog/bundle-post/');
  });

  it('accepts tags as a list and as a comma string, merged case-insensitively with the first spelling', () => {
    expect(post(content, 'posts/2025-01-15-from-file-name.md').tags).toEqual([
      { slug: 'static-sites', name: 'Static Sites' },
      { slug: 'cdn', name: 'cdn' },
      { slug: 'performance', name: 'Performance' },
    ]);
    expect(content.tags.map((t) => [t.slug, t.name, t.posts.map((p) => p.slug)])).toEqual([
      ['cdn', 'cdn', ['from-file-name']],
      ['images', 'Images', ['bundle-post']],
      // Spelled `markdown` in the older post, `Markdown` in the newer one.
      ['markdown', 'markdown', ['custom-slug', 'sectioned']],
      ['performance', 'Performance', ['from-file-name']],
      // `Static Sites`, then `static sites`, then `STATIC SITES`: one tag, first spelling.
      ['static-sites', 'Static Sites', ['custom-slug', 'bundle-post', 'from-file-name']],
    ]);
  });

  it('reads YAML dates and ISO strings with or without time and zone as one UTC instant', () => {
    const at = (file: string) => post(content, `posts/dates/${file}.md`).date.toISOString();
    expect(at('yaml-date')).toBe('2025-05-01T00:00:00.000Z');
    expect(at('iso-date')).toBe('2025-05-01T00:00:00.000Z');
    expect(at('yaml-timestamp')).toBe('2025-05-02T10:00:00.000Z');
    expect(at('iso-no-zone')).toBe('2025-05-02T10:00:00.000Z');
    expect(at('iso-offset')).toBe('2025-05-02T10:00:00.000Z');
  });

  it('uses author, authors, or the site author', () => {
    expect(post(content, 'posts/guides/sectioned.md').authors).toEqual([
      { name: 'Ada Lovelace' },
      { name: 'Charles Babbage', url: 'https://babbage.example.org/' },
    ]);
    expect(post(content, 'posts/2025-01-15-from-file-name.md').authors).toEqual([{ name: 'Fixture Author' }]);
  });

  it('expands /blog/:section/:slug/ with and without a section', () => {
    expect(post(content, 'posts/guides/sectioned.md')).toMatchObject({ section: 'guides', path: '/blog/guides/sectioned/' });
    expect(post(content, 'posts/every-field.md')).toMatchObject({ section: '', path: '/blog/custom-slug/' });
    expect(content.byPath.get('/blog/guides/sectioned/')?.file).toBe('posts/guides/sectioned.md');
  });

  it('turns .md links into page URLs, keeping the fragment', () => {
    const p = post(content, 'posts/2025-01-15-from-file-name.md');
    expect(p.links).toEqual({
      './2025-02-01-bundle-post/index.md': '/blog/bundle-post/',
      'guides/sectioned.md#setup': '/blog/guides/sectioned/#setup',
      '../pages/about.md': '/about/',
      'every-field.md': '/blog/custom-slug/',
    });
    const hrefs = elements(p.html, 'a').map((a) => a.properties.href);
    expect(hrefs).toEqual(['/blog/bundle-post/', '/blog/guides/sectioned/#setup', '/about/', '/blog/custom-slug/']);
    expect(content.pages[0].links).toEqual({ '../posts/2025-01-15-from-file-name.md': '/blog/from-file-name/' });
  });

  it('publishes an image beside a bundle post as an asset with its size', () => {
    const p = post(content, 'posts/2025-02-01-bundle-post/index.md');
    const source = path.join(FIXTURES, 'valid/posts/2025-02-01-bundle-post/chart.png');
    // Shown in the post: published with its width, which decides its responsive variants.
    expect(content.assets).toEqual([{ source, path: '/blog/bundle-post/chart.png', picture: { width: 64 } }]);
    expect(p.image).toEqual({ href: '/blog/bundle-post/chart.png', source, width: 64, height: 32 });
    const [img] = elements(p.html, 'img');
    expect(img.properties).toMatchObject({ src: '/blog/bundle-post/chart.png', width: 64, height: 32, loading: 'eager', alt: 'A small chart' });
  });
});

describe('drafts and future posts', () => {
  const dir = path.join(FIXTURES, 'valid');

  it('leaves them out, tags included', async () => {
    const content = await load(dir);
    const files = content.posts.map((p) => p.file);
    expect(files).not.toContain('posts/draft-post.md');
    expect(files).not.toContain('posts/2099-01-01-future-post.md');
    expect(content.tags.map((t) => t.slug)).not.toContain('drafts-only');
    expect(content.tags.map((t) => t.slug)).not.toContain('later');
  });

  it('lists what it left out and why, for the leak check', async () => {
    const content = await load(dir);
    expect(content.unpublished).toEqual([
      { slug: 'draft-post', path: '/blog/draft-post/', why: 'draft' },
      { slug: 'future-post', path: '/blog/future-post/', why: 'future' },
    ]);
    for (const entry of content.unpublished) expect(content.byPath.has(entry.path)).toBe(false);
    expect((await load(dir, { includeDrafts: true })).unpublished.map((e) => e.why)).toEqual(['future']);
    expect((await load(dir, { includeDrafts: true, includeFuture: true })).unpublished).toEqual([]);
  });

  it('includes drafts with includeDrafts', async () => {
    const content = await load(dir, { includeDrafts: true });
    expect(post(content, 'posts/draft-post.md')).toMatchObject({ unpublished: 'draft', path: '/blog/draft-post/' });
    expect(content.tags.map((t) => t.slug)).toContain('drafts-only');
    expect(content.posts.map((p) => p.file)).not.toContain('posts/2099-01-01-future-post.md');
  });

  it('includes future posts with includeFuture, or once now has passed their date', async () => {
    const withFuture = await load(dir, { includeFuture: true });
    expect(post(withFuture, 'posts/2099-01-01-future-post.md')).toMatchObject({ unpublished: 'future', path: '/blog/future-post/' });
    expect(withFuture.posts.filter((p) => p.unpublished).map((p) => p.file)).toEqual(['posts/2099-01-01-future-post.md']);
    expect(withFuture.posts[0].file).toBe('posts/2099-01-01-future-post.md');
    const later = await load(dir, { now: new Date('2099-01-01T00:00:00Z') });
    expect(later.posts.map((p) => p.file)).toContain('posts/2099-01-01-future-post.md');
  });
});

describe('a lenient load (npm run dev)', () => {
  it('leaves out the files with problems and lists them, instead of throwing', async () => {
    const dir = path.join(FIXTURES, 'invalid');
    const content = await load(dir, { lenient: true });
    const { problems } = await problemsOf(load(dir));
    expect(content.problems).toEqual(problems);
    const bad = new Set(problems.filter((p) => !p.message.startsWith('broken link')).map((p) => path.relative(dir, p.file)));
    expect(content.posts.length).toBeGreaterThan(0);
    for (const p of content.posts) expect(bad.has(p.file)).toBe(false);
  });

  it('lists the problems of a site.yaml broken since it last read whole, and keeps that site meanwhile', async () => {
    const good = SITE.replace(/^url: .*$/m, 'url: https://user.github.io/repo/');
    const dir = await writeSite('lenient-site', { 'site.yaml': good, 'posts/2025-01-01-a.md': '---\ntitle: A\n---\n\nBody.\n' });
    expect((await load(dir, { lenient: true })).site.basePath).toBe('/repo');
    await writeFile(path.join(dir, 'site.yaml'), good.replace('title: Temp', 'title: "Temp'));
    const broken = await load(dir, { lenient: true });
    expect(broken.problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/site\.yaml$/), line: 1, message: expect.stringMatching(/^invalid YAML: the double-quoted text that starts on this line is never closed/) })]);
    // Its links keep the base path Next serves the site under, and the post is still there.
    expect(broken.site).toMatchObject({ title: 'Temp', basePath: '/repo' });
    expect(broken.posts.map((p) => p.path)).toEqual(['/posts/a/']);
  });
});

describe('permalinks', () => {
  it('expands /:year/:month/:slug/ from the UTC date', async () => {
    const content = await load(path.join(FIXTURES, 'dated-permalinks'));
    expect(content.posts.map((p) => p.path)).toEqual(['/2025/01/late-in-the-day/', '/2024/07/independence/']);
  });

  it('keeps the dots of a file name in its slug (release posts such as v4.2.0.md)', async () => {
    const dir = await writeSite('dotted', {
      'site.yaml': `${SITE}permalink: /blog/:section/:slug/\n`,
      'posts/release/v4.2.0.md': '---\ntitle: v4.2.0\ndate: 2015-10-13\n---\n\nA release.\n',
      'posts/2015-10-14-Hello World.md': '---\ntitle: Hello\n---\n\nSee [the release](/blog/release/v4.2.0/).\n',
    });
    const content = await load(dir);
    expect(content.posts.map((p) => p.path)).toEqual(['/blog/hello-world/', '/blog/release/v4.2.0/']);
    expect(content.posts[0].links).toEqual({ '/blog/release/v4.2.0/': '/blog/release/v4.2.0/' });
  });

  it('rejects a pattern without :slug or with an unknown token', async () => {
    for (const permalink of ['/posts/:year/', '/posts/:categories/:slug/']) {
      const dir = await writeSite(`permalink-${permalink.replace(/\W/g, '')}`, { 'site.yaml': `${SITE}permalink: ${permalink}\n` });
      const { problems } = await problemsOf(load(dir));
      expect(problems).toEqual([expect.objectContaining({ field: 'permalink', file: expect.stringMatching(/site\.yaml$/) })]);
    }
  });
});

describe('invalid fixture', () => {
  const dir = path.join(FIXTURES, 'invalid');
  const rel = (file: string) => path.relative(process.cwd(), path.join(dir, file));
  let error: ContentError;
  let problems: Problem[];
  beforeAll(async () => {
    ({ error, problems } = await problemsOf(load(dir)));
  });
  const about = (file: string) => problems.filter((p) => p.file === rel(file));

  it('throws one error listing every bad file and nothing else', () => {
    expect(new Set(problems.map((p) => p.file))).toEqual(
      new Set(
        [
          'posts/missing-title.md',
          'posts/bad-date.md',
          'posts/bad-tags.md',
          'posts/invalid-yaml.md',
          'posts/unsafe-slug.md',
          'posts/hidden-slug.md',
          'posts/also-same-url.md',
          'posts/broken-link.md',
        ].map(rel),
      ),
    );
    expect(error.message).toMatch(/^Invalid content in 8 files:\n/);
    for (const p of problems) expect(error.message).toContain(p.file);
  });

  it('names a missing title', () => {
    expect(about('posts/missing-title.md')).toEqual([{ file: rel('posts/missing-title.md'), line: undefined, field: 'title', message: 'required, missing' }]);
  });

  it('names a bad date with its line and value', () => {
    expect(about('posts/bad-date.md')).toEqual([
      { file: rel('posts/bad-date.md'), line: 3, field: 'date', message: expect.stringMatching(/expected a date like 2025-01-31.*got "soon"$/) },
    ]);
  });

  it('names tags of the wrong type', () => {
    expect(about('posts/bad-tags.md')).toEqual([
      { file: rel('posts/bad-tags.md'), line: 4, field: 'tags', message: expect.stringContaining('expected a list or a comma-separated string') },
    ]);
  });

  it('names invalid YAML with the line where the unclosed list opens', () => {
    // js-yaml notices the unclosed list where the front matter ends (line 5); the author needs line 4.
    expect(about('posts/invalid-yaml.md')).toEqual([{ file: rel('posts/invalid-yaml.md'), line: 4, message: 'invalid YAML front matter: this "[" is never closed with "]"' }]);
  });

  it('rejects unsafe slugs ../x and .hidden', () => {
    expect(about('posts/unsafe-slug.md')).toEqual([{ file: rel('posts/unsafe-slug.md'), line: 4, field: 'slug', message: 'must not contain a slash, got "../x"' }]);
    expect(about('posts/hidden-slug.md')).toEqual([{ file: rel('posts/hidden-slug.md'), line: 4, field: 'slug', message: 'must not start with a dot, got ".hidden"' }]);
  });

  it('names both files that share a URL', () => {
    const [problem, ...more] = about('posts/also-same-url.md');
    expect(more).toEqual([]);
    expect(problem.message).toContain('/posts/same-url/');
    expect(problem.message).toContain(rel('posts/2025-01-06-same-url.md'));
  });

  it('names a broken link with its post, line and target', () => {
    expect(about('posts/broken-link.md')).toEqual([
      { file: rel('posts/broken-link.md'), line: 8, message: expect.stringMatching(/^broken link "\.\/no-such-post\.md": .*posts\/no-such-post\.md/) },
    ]);
  });

  it('reports the line of a YAML error in the middle of the front matter', async () => {
    const dir = await writeSite('yaml-line', { 'site.yaml': SITE, 'posts/a.md': '---\ntitle: A\ndate: 2025-01-01\nbad: : :\nother: 1\n---\n\nBody.\n' });
    const { problems } = await problemsOf(load(dir));
    expect(problems).toEqual([expect.objectContaining({ line: 4, message: expect.stringMatching(/^invalid YAML front matter/) })]);
  });

  it('rejects a YAML date that does not exist instead of rolling it over', async () => {
    const dir = await writeSite('rollover', {
      'site.yaml': SITE,
      'posts/a.md': '---\ntitle: A\ndate: 2025-02-30\n---\n\nBody.\n',
      'posts/b.md': '---\ntitle: B\ndate: 2025-02-28\nupdated: 2025-13-01\n---\n\nBody.\n',
      'posts/c.md': '---\ntitle: C\ndate: "2025-02-30"\n---\n\nBody.\n',
    });
    const { problems } = await problemsOf(load(dir));
    expect(problems.map((p) => [path.basename(p.file), p.line, p.field, p.message.replace(/.*got /, '')])).toEqual([
      ['a.md', 3, 'date', '"2025-02-30"'],
      ['b.md', 4, 'updated', '"2025-13-01"'],
      ['c.md', 3, 'date', '"2025-02-30"'],
    ]);
  });
});

describe('files as real blogs have them', () => {
  const at = (problems: Problem[]) => problems.map((p) => [path.basename(p.file), p.line, p.message]);

  it('reads a byte-order mark, CRLF line ends and blank lines before the front matter', async () => {
    const dir = await writeSite('bom-crlf', {
      'site.yaml': `\uFEFF${SITE.replace(/\n/g, '\r\n')}`,
      'posts/bom.md': '\uFEFF---\r\ntitle: Café\r\ndate: 2025-01-01\r\n---\r\n\r\nFirst line,\r\nsecond.\r\n',
      'posts/blank.md': '\n  \n---\ntitle: After a blank line\ndate: 2025-01-02\n---\n\nBody with [a broken link](./nowhere.md).\n',
    });
    const { problems } = await problemsOf(load(dir));
    // The broken link is on line 8 of blank.md: the blank lines count.
    expect(at(problems)).toEqual([['blank.md', 8, expect.stringMatching(/^broken link "\.\/nowhere\.md"/)]]);
    await writeFile(path.join(dir, 'posts/blank.md'), '\n\n---\ntitle: After a blank line\ndate: 2025-01-02\n---\n\nBody.\n');
    const content = await load(dir);
    expect(content.site.title).toBe('Temp');
    expect(content.posts.map((p) => p.title)).toEqual(['After a blank line', 'Café']);
    expect(post(content, 'posts/bom.md').markdown).toBe('\nFirst line,\nsecond.\n');
    expect(post(content, 'posts/bom.md').html).not.toContain('\r');
  });

  it('says a file is not UTF-8, with the line of the first bad byte', async () => {
    const dir = await writeSite('latin1', {
      'site.yaml': SITE,
      'posts/latin.md': Buffer.from('---\ntitle: Menu\ndate: 2025-01-01\n---\n\nDe la crème brûlée.\n', 'latin1'),
    });
    const { problems } = await problemsOf(load(dir));
    expect(at(problems)).toEqual([['latin.md', 6, 'not UTF-8 text (Latin-1 or Windows-1252?): save the file as UTF-8']]);
  });

  it('says what is wrong with an empty file, a missing opening ---, no front matter, and an unclosed string', async () => {
    const dir = await writeSite('front-matter', {
      'site.yaml': SITE,
      'posts/empty.md': '\n',
      'posts/no-open.md': 'title: No opening line\ndate: 2025-01-01\n---\n\nBody.\n',
      'posts/plain.md': '# Just Markdown\n\nNo front matter.\n',
      'posts/quote.md': '---\ntitle: A\ndescription: "An unclosed\ndate: 2025-01-01\ntags: [a]\n---\n\nBody.\n',
    });
    const { problems } = await problemsOf(load(dir));
    expect(at(problems)).toEqual([
      ['empty.md', undefined, 'the file is empty: a post starts with front matter (---, then title: and date:, then ---)'],
      ['no-open.md', 1, 'the front matter has no opening "---": add a line "---" above this one'],
      ['plain.md', 1, 'no front matter: start the file with a line "---", then title: (and date: for a post), then "---"'],
      ['quote.md', 3, 'invalid YAML front matter: the double-quoted text that starts on this line is never closed with "'],
    ]);
    // No message ends in a dangling colon (js-yaml's own messages do, before a snippet).
    for (const p of problems) expect(p.message).not.toMatch(/:$/);
  });

  it('names the line of a quoted value closed too soon, and front matter never closed', async () => {
    const dir = await writeSite('closed-early', {
      'site.yaml': SITE,
      'posts/apostrophe.md': "---\ntitle: 'It's here'\ndate: 2025-01-01\n---\n\nBody.\n",
      'posts/runs-on.md': '---\ntitle: A\ndescription: "Starts here\ndate: 2025-01-01\nsummary: "ends" here\n---\n\nBody.\n',
      'posts/no-close.md': '---\ntitle: No closing line\ndate: 2025-01-01\n\nThe body, read as YAML until now.\n',
      // Valid YAML: the quote takes in the title line, up to the next quote.
      'posts/taken-in.md': '---\ndescription: "Starts here\ntitle: The title\ndate: 2025-01-01\ncolour: "#123456"\n---\n\nBody.\n',
      // Quotes YAML allows: doubled in single quotes, escaped in double quotes, a quoted key, a list.
      'posts/fine.md': `---\ntitle: 'It''s "fine"'\ndescription: "A \\"quoted\\" word"\n"date": 2025-01-01\ntags: ['a', "b"]\n---\n\nBody.\n`,
    });
    const { problems } = await problemsOf(load(dir));
    expect(at(problems)).toEqual([
      ['apostrophe.md', 2, `invalid YAML front matter: the single-quoted text that starts on this line ends at the ' before "s here'": write '' for an apostrophe inside single quotes, or quote the value with "`],
      ['no-close.md', 1, 'the front matter that starts here is never closed: add a line "---" after its last field'],
      ['runs-on.md', 3, 'invalid YAML front matter: the double-quoted text that starts on this line ends at the " 2 lines below, before "ends\\" here": write \\" for a quote inside double quotes'],
      ['taken-in.md', 2, 'required: written on line 3, but read as part of the double-quoted text that starts on this line, closed only on line 5'],
    ]);
    await rm(path.join(dir, 'posts/apostrophe.md'));
    await rm(path.join(dir, 'posts/runs-on.md'));
    await rm(path.join(dir, 'posts/no-close.md'));
    await rm(path.join(dir, 'posts/taken-in.md'));
    expect(post(await load(dir), 'posts/fine.md')).toMatchObject({ title: `It's "fine"`, description: 'A "quoted" word' });
  });
});

describe('brokenLinks: warn', () => {
  it('turns broken links into warnings that name post, line and target', async () => {
    const content = await load(path.join(FIXTURES, 'broken-warn'));
    expect(content.posts.map((p) => p.path)).toEqual(['/posts/links/']);
    const file = path.relative(process.cwd(), path.join(FIXTURES, 'broken-warn/posts/2025-01-01-links.md'));
    expect(content.warnings).toEqual([
      `${file}:5: broken link "./gone.md": no published post or page posts/gone.md`,
      `${file}:5: broken link "/nowhere/": no page or file at /nowhere/`,
    ]);
  });
});

describe('site.yaml', () => {
  const post = { 'posts/2025-01-01-a.md': '---\ntitle: A\n---\n\nBody.\n' };

  it('requires url, naming file and field', async () => {
    const dir = await writeSite('no-url', { 'site.yaml': 'title: T\nauthor: A\n', ...post });
    const { problems } = await problemsOf(load(dir));
    expect(problems).toEqual([{ file: path.relative(process.cwd(), path.join(dir, 'site.yaml')), line: undefined, field: 'url', message: 'required, missing' }]);
  });

  it('rejects a relative url with its line', async () => {
    const dir = await writeSite('relative-url', { 'site.yaml': 'title: T\nurl: /blog\nauthor: A\n', ...post });
    const { problems } = await problemsOf(load(dir));
    expect(problems).toEqual([expect.objectContaining({ line: 2, field: 'url', message: expect.stringContaining('absolute http(s) URL') })]);
  });

  it('rejects an unknown setting with its line, and a "did you mean" when one is close', async () => {
    const dir = await writeSite('unknown-setting', { 'site.yaml': `${SITE}pagesize: 5\ntheme:\n  background: "#ffffff"\n  acent: "#123456"\nflavour: mint\n`, ...post });
    const { problems } = await problemsOf(load(dir));
    expect(problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [4, 'pagesize', 'unknown setting; did you mean "pageSize"?'],
      [7, 'theme.acent', 'unknown setting; did you mean "accent"?'],
      [8, 'flavour', expect.stringMatching(/^unknown setting \(known here: title, description, url, .*\)$/)],
    ]);
  });

  it('names the line of a YAML mistake in site.yaml, and a file that is not UTF-8', async () => {
    const quote = await writeSite('site-quote', { 'site.yaml': 'title: T\nurl: https://t.example.com\ndescription: "A blog\nauthor: A\n', ...post });
    expect((await problemsOf(load(quote))).problems).toEqual([
      expect.objectContaining({ line: 3, message: 'invalid YAML: the double-quoted text that starts on this line is never closed with "' }),
    ]);
    const latin = await writeSite('site-latin', { 'site.yaml': Buffer.from('title: T\nurl: https://t.example.com\nauthor: Fran\xe7ois\n', 'latin1'), ...post });
    expect((await problemsOf(load(latin))).problems).toEqual([expect.objectContaining({ line: 3, message: expect.stringMatching(/^not UTF-8 text/) })]);
  });

  it('reads a site.yaml that opens with the YAML document marker ---', async () => {
    const dir = await writeSite('site-marker', { 'site.yaml': `---\n${SITE}pagesize: 5\n`, ...post });
    // Every setting is read; the line of one that is wrong counts the marker.
    expect((await problemsOf(load(dir))).problems.map((p) => [p.line, p.field, p.message])).toEqual([[SITE.split('\n').length + 1, 'pagesize', 'unknown setting; did you mean "pageSize"?']]);
    await writeFile(path.join(dir, 'site.yaml'), `---\n${SITE.replace(/^url: .*$/m, 'url: https://user.github.io/repo/')}`);
    expect((await load(dir)).site).toMatchObject({ title: 'Temp', basePath: '/repo' });
    expect(nextSite({ CONTENT_DIR: dir })).toMatchObject({ basePath: '/repo' });
  });

  it('reports a missing site.yaml', async () => {
    const dir = await writeSite('no-site', post);
    const { problems } = await problemsOf(load(dir));
    expect(problems).toEqual([expect.objectContaining({ file: expect.stringMatching(/site\.yaml$/), message: expect.stringContaining('missing') })]);
  });

  it('lets SITE_URL override url, splitting off the base path', async () => {
    const dir = await writeSite('override', { 'site.yaml': SITE, 'posts/2025-01-01-a.md': '---\ntitle: A\n---\n\n[home](https://user.github.io/repo/posts/a/)\n' });
    const content = await load(dir, { siteUrl: 'https://user.github.io/repo/' });
    expect(content.site).toMatchObject({ url: 'https://user.github.io/repo', origin: 'https://user.github.io', basePath: '/repo' });
    const [a] = elements(content.posts[0].html, 'a');
    // A link to the site's own absolute URL becomes a base-path link.
    expect(a.properties.href).toBe('/repo/posts/a/');
  });
});

describe('rich Markdown problems', () => {
  const body = ['---', 'title: Rich', 'tags: [a]', '---', '', 'Fine $x$.', '', 'Bad $\\frac{1}{$ here.', '', '```mermaid', 'no such diagram', '```', '', '<iframe src="https://www.youtube-nocookie.com/embed/abc"></iframe>', '', '<iframe src="https://maps.example.net/x" title="Map"></iframe>', ''].join('\n');

  it('names the file and the line of bad math, a diagram that does not parse and an untitled player', async () => {
    const dir = await writeSite('rich-problems', { 'site.yaml': SITE, 'posts/2025-01-01-rich.md': body });
    const { problems } = await problemsOf(load(dir));
    const file = path.relative(process.cwd(), path.join(dir, 'posts/2025-01-01-rich.md'));
    expect(problems.map((p) => [p.file, p.line, p.message.split(':')[0]])).toEqual([
      [file, 8, 'math does not typeset'],
      [file, 10, 'Mermaid diagram does not parse'],
      [file, 14, 'iframe from www.youtube-nocookie.com needs a title="…" saying what it shows (screen readers announce a frame by its title)'],
    ]);
  });

  it('warns, naming file, line and host, of an iframe it removes', async () => {
    const dir = await writeSite('rich-warning', { 'site.yaml': SITE, 'posts/2025-01-01-rich.md': '---\ntitle: Rich\n---\n\n<iframe src="https://maps.example.net/x" title="Map"></iframe>\n' });
    const content = await load(dir);
    const file = path.relative(process.cwd(), path.join(dir, 'posts/2025-01-01-rich.md'));
    expect(content.warnings).toEqual([`${file}:5: iframe removed: maps.example.net is not in site.yaml embeds (youtube-nocookie.com, player.vimeo.com)`]);
  });

  it('refuses two images whose sizes would share names, naming both (chart.png and chart.jpg)', async () => {
    const png = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#123456' } }).png().toBuffer();
    const jpg = await sharp({ create: { width: 900, height: 300, channels: 3, background: '#654321' } }).jpeg().toBuffer();
    const dir = await writeSite('rich-same-stem', {
      'site.yaml': SITE,
      'posts/2025-01-01-charts/index.md': '---\ntitle: Charts\n---\n\n![One](./chart.png)\n\n![Two](./chart.jpg)\n',
      'posts/2025-01-01-charts/chart.png': png,
      'posts/2025-01-01-charts/chart.jpg': jpg,
    });
    const content = await load(dir);
    const { problems } = await problemsOf(writeBesidePages(content, path.join(tmp, 'rich-same-stem-out')));
    const [jpgFile, pngFile] = ['chart.jpg', 'chart.png'].map((f) => path.relative(process.cwd(), path.join(dir, 'posts/2025-01-01-charts', f)));
    // Assets go in path order: chart.jpg names its sizes first.
    expect(problems).toEqual([{ file: jpgFile, message: `/posts/charts/chart-480w.avif is the name of a size of ${pngFile} the site publishes; rename one of them` }]);
  });

  it('with encodeAfter, writes every file and the cached sizes at once, and encodes the other sizes only once it settles', async () => {
    // Colours of this run's own: an image an earlier run encoded would be in the cache already.
    const png = () => sharp({ create: { width: 600, height: 300, channels: 3, background: `#${Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0')}` } }).png().toBuffer();
    const dir = await writeSite('rich-encode-after', {
      'site.yaml': SITE,
      'posts/2025-01-01-photos/index.md': '---\ntitle: Photos\n---\n\n![Seen before](./before.png)\n\n![New](./new.png)\n',
      'posts/2025-01-01-photos/before.png': await png(),
      'posts/2025-01-01-photos/new.png': await png(),
    });
    const content = await load(dir);
    const before = content.assets.find((a) => a.path === '/posts/photos/before.png')!;
    await encodeVariants(before.source, before.path, before.picture!.width);
    // A gate that says when the writing reaches it, and opens when the test says.
    let reached = () => {};
    const waiting = new Promise<void>((resolve) => (reached = resolve));
    let open = () => {};
    const gate: PromiseLike<void> = {
      then(resolve) {
        reached();
        open = () => resolve?.();
        return gate as never;
      },
    };
    const out = path.join(tmp, 'rich-encode-after-out');
    const written = writeBesidePages(content, out, gate);
    await waiting;
    const sizes = async (name: string) => (await readdir(path.join(out, 'posts/photos'))).filter((f) => f.startsWith(`${name}-`)).sort();
    const six = (name: string) => ['480w.avif', '480w.png', '480w.webp', '600w.avif', '600w.png', '600w.webp'].map((s) => `${name}-${s}`);
    expect(await sizes('before')).toEqual(six('before'));
    expect(await sizes('new')).toEqual([]);
    expect(await readFile(path.join(out, 'posts/photos/new.png'))).toEqual(await readFile(path.join(dir, 'posts/2025-01-01-photos/new.png')));
    expect(await readFile(path.join(out, 'posts/photos/index.html.md'), 'utf8')).toContain('![New](');
    open();
    await written;
    expect(await sizes('new')).toEqual(six('new'));
    const avif = await sharp(await readFile(path.join(out, 'posts/photos/new-480w.avif'))).metadata();
    expect([avif.format, avif.width, avif.height]).toEqual(['heif', 480, 240]);
  });

  it('titles an untitled player by its host and warns, under untitledEmbeds: warn', async () => {
    const dir = await writeSite('rich-untitled-warn', {
      'site.yaml': `${SITE}untitledEmbeds: warn\n`,
      'posts/2025-01-01-rich.md': '---\ntitle: Rich\n---\n\n<iframe src="https://www.youtube.com/embed/abc"></iframe>\n',
    });
    const content = await load(dir);
    const file = path.relative(process.cwd(), path.join(dir, 'posts/2025-01-01-rich.md'));
    expect(content.warnings).toEqual([`${file}:5: iframe from www.youtube-nocookie.com needs a title="…" saying what it shows (screen readers announce a frame by its title)`]);
    expect(elements(content.posts[0].html, 'iframe').map((f) => f.properties.title)).toEqual(['YouTube video']);
  });

  it('keeps the players of the hosts site.yaml lists, and refuses a host that is not a host name', async () => {
    const post = { 'posts/2025-01-01-rich.md': '---\ntitle: Rich\n---\n\n<iframe src="https://maps.example.net/x" title="Map"></iframe>\n' };
    const content = await load(await writeSite('rich-embeds', { 'site.yaml': `${SITE}embeds: [maps.example.net]\n`, ...post }));
    expect(content.warnings).toEqual([]);
    expect(elements(content.posts[0].html, 'iframe').map((f) => f.properties.src)).toEqual(['https://maps.example.net/x']);
    const { problems } = await problemsOf(load(await writeSite('rich-bad-embeds', { 'site.yaml': `${SITE}embeds: [https://maps.example.net/]\n`, ...post })));
    expect(problems).toEqual([expect.objectContaining({ line: 4, field: 'embeds.0', message: 'expected a host name like player.vimeo.com, got "https://maps.example.net/"' })]);
  });
});

describe('posts as Jekyll and Hugo write them', () => {
  const jekyll = {
    'site.yaml': SITE,
    // Jekyll: a .markdown file, its date with a space before the offset, a link to another .markdown file.
    'posts/2013-05-06-moving-day.markdown': '---\ntitle: Moving day\ndate: 2013-05-06 02:12:52 +0200\n---\n\nSee [the next one](./2013-05-07-settling-in.markdown).\n',
    'posts/2013-05-07-settling-in.markdown': '---\ntitle: Settling in\n---\n\nBody.\n',
    'posts/2013-05-08-not-yet.markdown': '---\ntitle: Not yet\npublished: false\n---\n\nBody.\n',
    'posts/2013-05-09-bundle/index.markdown': '---\ntitle: A bundle\n---\n\nBody.\n',
  };
  const hugo = {
    'site.yaml': SITE,
    'posts/toml-post.md': '+++\ntitle = "TOML post"\ndate = 2020-01-01T00:00:00Z\npublishDate = 2020-02-01T10:00:00+01:00\nlastmod = 2020-03-01\ntags = ["Go", "Hugo"]\n+++\n\nBody of the TOML post.\n',
    'posts/json-post.md': '{\n  "title": "JSON post",\n  "date": "2020-04-01",\n  "tags": ["Hugo"]\n}\n\nBody of the JSON post.\n',
    'posts/expired.md': '+++\ntitle = "Expired"\ndate = 2020-01-01\nexpiryDate = 2021-01-01\n+++\n\nGone.\n',
    'posts/expires-later.md': '+++\ntitle = "Expires later"\ndate = 2020-01-01\nexpiryDate = 2030-01-01\n+++\n\nStill here.\n',
  };

  it('reads .markdown posts, bundles and links, dates with a spaced offset, and published: false as a draft', async () => {
    const content = await load(await writeSite('jekyll-style', jekyll));
    expect(content.posts.map((p) => [p.file, p.path, p.date.toISOString()])).toEqual([
      ['posts/2013-05-09-bundle/index.markdown', '/posts/bundle/', '2013-05-09T00:00:00.000Z'],
      ['posts/2013-05-07-settling-in.markdown', '/posts/settling-in/', '2013-05-07T00:00:00.000Z'],
      ['posts/2013-05-06-moving-day.markdown', '/posts/moving-day/', '2013-05-06T00:12:52.000Z'],
    ]);
    expect(post(content, 'posts/2013-05-06-moving-day.markdown').links).toEqual({ './2013-05-07-settling-in.markdown': '/posts/settling-in/' });
    expect(content.unpublished).toEqual([{ slug: 'not-yet', path: '/posts/not-yet/', why: 'draft' }]);
  });

  it('reads TOML and JSON front matter, publishDate as the date, lastmod as updated, and leaves out what has expired', async () => {
    const content = await load(await writeSite('hugo-style', hugo));
    const toml = post(content, 'posts/toml-post.md');
    expect([toml.title, toml.date.toISOString(), toml.updated?.toISOString(), toml.tags.map((t) => t.name)]).toEqual(['TOML post', '2020-02-01T09:00:00.000Z', '2020-03-01T00:00:00.000Z', ['Go', 'Hugo']]);
    expect(toml.html).toContain('Body of the TOML post.');
    expect(toml.markdown).toBe('\nBody of the TOML post.\n');
    const json = post(content, 'posts/json-post.md');
    expect([json.title, json.date.toISOString(), json.tags.map((t) => t.name)]).toEqual(['JSON post', '2020-04-01T00:00:00.000Z', ['Hugo']]);
    expect(content.posts.map((p) => p.slug).sort()).toEqual(['expires-later', 'json-post', 'toml-post']);
    expect(content.unpublished).toEqual([{ slug: 'expired', path: '/posts/expired/', why: 'expired' }]);
  });

  it('names the line of a TOML or JSON mistake, and of a field TOML or JSON sets wrong', async () => {
    const dir = await writeSite('hugo-broken', {
      'site.yaml': SITE,
      'posts/a.md': '+++\ntitle = "A"\ndate = "soon"\n+++\n\nBody.\n',
      'posts/b.md': '+++\ntitle = "B\n+++\n\nBody.\n',
      'posts/c.md': '{\n  "title": "C",\n  "date" "2020-01-01"\n}\n\nBody.\n',
      'posts/d.md': '+++\ntitle = "D"\n\nNever closed.\n',
    });
    const { problems } = await problemsOf(load(dir));
    const file = (name: string) => path.relative(process.cwd(), path.join(dir, 'posts', name));
    expect(problems.map((p) => [p.file, p.line, p.field, p.message])).toEqual([
      [file('a.md'), 3, 'date', 'expected a date like 2025-01-31 or 2025-01-31T09:30:00+01:00, got "soon"'],
      [file('b.md'), 2, undefined, 'invalid TOML front matter: control characters are not allowed in strings'],
      [file('c.md'), 3, undefined, expect.stringMatching(/^invalid JSON front matter: /)],
      [file('d.md'), 1, undefined, 'the TOML front matter that starts here is never closed with a line "+++"'],
    ]);
  });
});

describe('moving in: URLs, summaries and template tags as Jekyll and Hugo write them', () => {
  it('publishes a post at its own url or permalink, and reads :title in site.yaml as Jekyll does', async () => {
    const dir = await writeSite('own-urls', {
      'site.yaml': `${SITE}permalink: /:year/:month/:day/:title/\n`,
      'posts/2013-05-06-moving-day.markdown': '---\ntitle: Moving day\n---\n\nBody.\n',
      'posts/hugo.md': '+++\ntitle = "Hugo"\ndate = 2014-01-02\nurl = "/archive/hugo-post/"\n+++\n\nBody.\n',
      'posts/2015-03-04-jekyll.md': '---\ntitle: Jekyll\npermalink: /blog/:year/jekyll-post.html\n---\n\nBody.\n',
      'pages/about.md': '---\ntitle: About\npermalink: /about-us/\n---\n\nBody.\n',
      'posts/bad.md': '---\ntitle: Bad\ndate: 2015-01-01\nurl: no-slash/\n---\n\nBody.\n',
    });
    const { problems } = await problemsOf(load(dir));
    expect(problems).toEqual([expect.objectContaining({ line: 4, field: 'url', message: 'expected a site path like /2013/05/06/moving-day/ (must start with /), got "no-slash/"' })]);
    await rm(path.join(dir, 'posts/bad.md'));
    const content = await load(dir);
    expect([...content.posts, ...content.pages].map((e) => e.path).sort()).toEqual(['/2013/05/06/moving-day/', '/about-us/', '/archive/hugo-post/', '/blog/2015/jekyll-post/']);
  });

  it("takes the summary an author marked with <!--more--> or Jekyll's excerpt_separator as the description", async () => {
    const content = await load(
      await writeSite('summaries', {
        'site.yaml': SITE,
        'posts/2020-01-01-more.md': '---\ntitle: More\n---\n\nFirst *part*.\n\nSecond part, still the summary.\n\n<!--more-->\n\nThe rest.\n',
        'posts/2020-01-02-separator.md': '---\ntitle: Separator\nexcerpt_separator: <!--cut-->\n---\n\nOnly this.\n<!--cut-->\nNot this.\n',
        'posts/2020-01-03-none.md': '---\ntitle: None\n---\n\nThe first paragraph.\n\nThe second.\n',
        // Control characters go from a marked summary as from any description.
        'posts/2020-01-04-bell.md': '---\ntitle: Bell\n---\n\nHello\u0007 world\u0085.<!--more-->\n\nThe rest.\n',
      }),
    );
    expect(content.posts.map((p) => [p.slug, p.description])).toEqual([
      ['bell', 'Hello world.'],
      ['none', 'The first paragraph.'],
      ['separator', 'Only this.'],
      ['more', 'First part. Second part, still the summary.'],
    ]);
  });

  it('converts the tags and shortcodes it knows, names the others with their lines, and leaves code alone', async () => {
    const dir = await writeSite('templates', {
      'site.yaml': SITE,
      'posts/2010-07-21-earlier.markdown': '---\ntitle: Earlier\n---\n\nBody.\n',
      'posts/2011-01-01-tags.md': [
        '---',
        'title: Tags',
        '---',
        '',
        'See [the earlier post]({% post_url 2010-07-21-earlier %}).',
        '',
        '{% highlight ruby %}',
        'puts "{{ not a tag }}"',
        '{% endhighlight %}',
        '',
        '{{< figure src="https://images.example.org/dusk.jpg" title="Dusk" alt="Hills" >}}',
        '',
        '{{< youtube w7Ft2ymGmfc >}}',
        '',
        '{% include footer.html %}',
        '',
        '`{% include shown.html %}` in code is left alone.',
        '',
      ].join('\n'),
    });
    const content = await load(dir);
    const p = post(content, 'posts/2011-01-01-tags.md');
    expect(p.links['./2010-07-21-earlier.markdown']).toBe('/posts/earlier/');
    expect(elements(p.html, 'code').map((c) => c.properties.className)).toContainEqual(['language-ruby']);
    expect(p.html).toContain('{{ not a tag }}');
    expect(elements(p.html, 'figcaption').length).toBe(1);
    expect(elements(p.html, 'iframe').map((f) => [f.properties.src, f.properties.title])).toEqual([['https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc', 'YouTube video']]);
    const file = path.relative(process.cwd(), path.join(dir, 'posts/2011-01-01-tags.md'));
    expect(content.warnings).toEqual([`${file}:15: {% include footer.html %} is a Jekyll or Hugo template tag with no Markdown equivalent here; it is shown as written`]);
    expect(p.html).toContain('{% include footer.html %}');
    // The Markdown copy carries the converted Markdown, not the template.
    expect(p.markdown).toContain('```ruby');
  });
});

describe('redirects in front matter and site.yaml', () => {
  it('names the file and line of an old URL that is a page, one listed twice, and a target that is not there', async () => {
    const dir = await writeSite('redirect-problems', {
      'site.yaml': `${SITE}redirects:\n  /gone/: /nowhere/\n`,
      'posts/2025-01-01-a.md': '---\ntitle: A\naliases: [/posts/b/]\n---\n\nBody.\n',
      'posts/2025-01-02-b.md': '---\ntitle: B\nredirect_from: /old/\n---\n\nBody.\n',
      'posts/2025-01-03-c.md': '---\ntitle: C\n\naliases:\n  - /old/\n---\n\nBody.\n',
    });
    const { problems } = await problemsOf(load(dir));
    const file = (name: string) => path.relative(process.cwd(), path.join(dir, name));
    expect(problems.map((p) => [p.file, p.line, p.field, p.message])).toEqual([
      [file('posts/2025-01-01-a.md'), 3, 'aliases', '/posts/b/ is a page or file the site publishes: a redirect cannot replace it'],
      [file('posts/2025-01-03-c.md'), 4, 'aliases', '/old/ is also redirected by posts/2025-01-02-b.md (to /posts/b/); keep one'],
      [file('site.yaml'), 5, 'redirects./gone/', 'expected a page of this site or an http(s) URL to lead to, got "/nowhere/" (no page at /nowhere/)'],
    ]);
  });
});
