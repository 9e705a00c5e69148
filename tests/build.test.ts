import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { cardAt } from '@/lib/cards';
import { loadContent } from '@/lib/content/load';
import { renderOgImage } from '@/lib/og';
import { BROKEN_BUILD, builtDir, builtOut, EDIT, INTERRUPTED_BUILD, ODD_TITLE, TEST_NOW, UNTAGGED_CONTENT_DIR } from './helpers/builds';
import { parseLlmsTxt, referenceParseLlms } from './helpers/llms-parser';

/** Every file below `dir`, as sorted relative paths. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('every file of the site but its pages, the files beside posts and their sizes, the Markdown copies, KaTeX and the search index', () => {
  it('comes from a Route Handler: Next wrote its output in .next/server/app/', () => {
    const out = builtOut('sample');
    const bodies = path.join(builtDir('sample'), 'next-server-app');
    // The files beside the sample's posts (its permalink is /posts/:slug/), and the sizes of each image.
    const beside = files('content/posts')
      .filter((f) => !f.endsWith('.md'))
      .map((f) => {
        const file = `posts/${path.basename(path.dirname(f))}/${path.basename(f)}`;
        return { file, sizes: new RegExp(`^${file.replace(/\.\w+$/, '')}-\\d+w\\.(avif|webp|${path.extname(f).slice(1)})$`) };
      });
    const machine = files(out).filter(
      (f) =>
        !f.endsWith('.html') &&
        !f.endsWith('.html.md') &&
        !f.startsWith('_next/') &&
        !f.startsWith('pagefind/') &&
        !f.startsWith('katex/') &&
        !beside.some((b) => f === b.file || b.sizes.test(f)),
    );
    // The sample's own image is beside its post in content/posts/measuring-page-weight/.
    expect(files(out)).toContain('posts/measuring-page-weight/weight-chart.png');
    expect(machine).toEqual(expect.arrayContaining(['rss.xml', 'og.png', 'og/posts/why-static.png', 'tags/performance/atom.xml', 'manifest.webmanifest']));
    for (const file of machine) {
      const body = path.join(bodies, `${file}.body`);
      expect(existsSync(body), `${file} has no ${path.relative(builtDir('sample'), body)}`).toBe(true);
      expect(readFileSync(body).equals(readFileSync(path.join(out, file))), file).toBe(true);
    }
  });
});

describe('a site without tags or pages', () => {
  it('builds: its pages, feeds without tag feeds, a sitemap, and no placeholder left', () => {
    const out = builtOut('untagged');
    const list = files(out);
    expect(list.filter((f) => f.endsWith('index.html')).sort()).toEqual(['archive/index.html', 'index.html', 'posts/first/index.html', 'posts/odd/index.html', 'posts/second/index.html', 'tags/index.html']);
    expect(list.filter((f) => f.includes('~'))).toEqual([]);
    expect(list.filter((f) => f.startsWith('tags/') && f !== 'tags/index.html')).toEqual([]);
    expect(list.filter((f) => f.startsWith('og/'))).toEqual(['og/posts/first.png', 'og/posts/odd.png', 'og/posts/second.png']);
    expect(parseFeed(readFileSync(path.join(out, 'rss.xml'), 'utf8')).items.map((i) => i.title)).toEqual([ODD_TITLE.normalised, 'Second', 'First']);
    const urls = new XMLParser({ isArray: (name) => name === 'url' }).parse(readFileSync(path.join(out, 'sitemap.xml'), 'utf8')).urlset.url as { loc: string }[];
    expect(urls.map((u) => u.loc).sort()).toEqual(['https://untagged.example.com/', 'https://untagged.example.com/archive/', 'https://untagged.example.com/posts/first/', 'https://untagged.example.com/posts/odd/', 'https://untagged.example.com/posts/second/', 'https://untagged.example.com/tags/']);
  });
});

describe('a title with a tab, a control character, runs of spaces and brackets', () => {
  const out = () => builtOut('untagged');
  const read = (file: string) => readFileSync(path.join(out(), file), 'utf8');
  const { normalised } = ODD_TITLE;
  const url = `https://untagged.example.com${ODD_TITLE.path}`;

  it('reads the same in the page, every feed, the Markdown copy and llms-full.txt', () => {
    const html = read('posts/odd/index.html');
    expect(/<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1]).toBe(normalised.replace('&', '&amp;'));
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toBe(`${normalised} · Untagged`);
    for (const feed of ['rss.xml', 'atom.xml']) {
      const item = parseFeed(read(feed)).items.find((i) => i.url === url);
      expect(item?.title, feed).toBe(normalised);
    }
    const json = JSON.parse(read('feed.json')) as { items: { url: string; title: string; summary?: string }[] };
    expect(json.items.find((i) => i.url === url)).toMatchObject({ title: normalised, summary: normalised });
    // The Markdown files, read as Markdown: the first heading's text (its brackets may be escaped).
    const heading = (markdown: string) => toString(unified().use(remarkParse).parse(markdown).children.find((n) => n.type === 'heading')!);
    expect(heading(read('posts/odd/index.html.md'))).toBe(normalised);
    const copyInFull = read('llms-full.txt').split('\n---\n').find((part) => part.includes(`URL: <${url}>`));
    expect(heading(copyInFull ?? '')).toBe(normalised);
  });

  it('reads the same in llms.txt, its brackets full-width so the reference parser reads it whole', () => {
    const expected = normalised.replace('[', '\uFF3B').replace(']', '\uFF3D');
    const reference = referenceParseLlms(read('llms.txt'));
    expect(reference.sections.Posts.find((l) => l.url === `${url}index.html.md`)).toEqual({ title: expected, url: `${url}index.html.md`, desc: normalised });
    expect(parseLlmsTxt(read('llms.txt')).sections[0].links.map((l) => l.title)).toContain(expected);
  });

  it('is drawn on its card as the same string', async () => {
    const content = await loadContent(UNTAGGED_CONTENT_DIR, { now: new Date(TEST_NOW) });
    const job = cardAt(content, '/og/posts/odd.png');
    expect(job?.card.kind === 'text' && job.card.title).toBe(normalised);
    expect((await renderOgImage(job!.card)).equals(readFileSync(path.join(out(), 'og/posts/odd.png')))).toBe(true);
  });
});

describe('a site with no posts (the samples deleted)', () => {
  const out = () => builtOut('empty');
  const read = (file: string) => readFileSync(path.join(out(), file), 'utf8');

  it('builds a home page, an archive, a tags index, a search page and a 404 page', () => {
    expect(files(out()).filter((f) => f.endsWith('.html'))).toEqual(['404.html', 'archive/index.html', 'index.html', 'search/index.html', 'tags/index.html']);
    expect(read('index.html')).toContain('<h1');
  });

  it('has feeds with no items, a sitemap with the home page, and an llms.txt', () => {
    for (const feed of ['rss.xml', 'atom.xml']) expect(parseFeed(read(feed)).items, feed).toEqual([]);
    expect(JSON.parse(read('feed.json'))).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', title: 'Empty', items: [] });
    const urls = new XMLParser({ isArray: (name) => name === 'url' }).parse(read('sitemap.xml')).urlset.url as { loc: string }[];
    expect(urls.map((u) => u.loc)).toEqual(['https://empty.example.com/', 'https://empty.example.com/archive/', 'https://empty.example.com/tags/', 'https://empty.example.com/search/']);
    expect(referenceParseLlms(read('llms.txt')).title).toBe('Empty');
    expect(parseLlmsTxt(read('llms.txt')).sections.map((s) => s.name)).toEqual(['Optional']);
  });
});

describe('a build stopped with Ctrl-C while Next runs', () => {
  const result = JSON.parse(readFileSync(INTERRUPTED_BUILD, 'utf8')) as { code: number | null; signal: string | null; stoppedWhileNextRan: boolean; before: Record<string, string>; after: Record<string, string> };

  it('stops without publishing, and leaves the last good out/ exactly as it was', () => {
    expect(result.stoppedWhileNextRan).toBe(true);
    expect(result.code === 0).toBe(false);
    expect(Object.keys(result.before).length).toBeGreaterThan(50);
    expect(result.after).toEqual(result.before);
  });
});

describe('a build of content with a problem', () => {
  const result = JSON.parse(readFileSync(BROKEN_BUILD, 'utf8')) as { status: number; stdout: string; stderr: string };
  const out = path.join(path.dirname(BROKEN_BUILD), 'out');

  it('fails, naming the file, the line and the field', () => {
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${EDIT.file}:2 "updated": expected a date like 2025-01-31`);
    // What the author wrote, not a stack trace into Masthead.
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m);
  });

  it('leaves the last good out/ as it was', () => {
    expect(files(out)).toEqual(files(builtOut('sample')));
    for (const file of files(out)) expect(readFileSync(path.join(out, file)).equals(readFileSync(path.join(builtOut('sample'), file))), file).toBe(true);
  });
});
