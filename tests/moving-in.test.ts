/**
 * Two blogs as Jekyll and Hugo authors wrote them (tests/fixtures/jekyll-blog, tests/fixtures/hugo-blog), built
 * as they are and read back: every post at the URL it had, every old URL leading to its page, the tags and
 * shortcodes converted, and the others named in the build's warnings.
 */
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { inspectSite } from '../scripts/check';
import { BUILDS, builtDir, builtOut } from './helpers/builds';

function elements(tree: Root | Element, tagName: string): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === tagName) found.push(node);
  });
  return found;
}

const page = (name: 'jekyll' | 'hugo', file: string) => fromHtml(readFileSync(path.join(builtOut(name), file), 'utf8'));
const title = (tree: Root) => toString(elements(tree, 'h1')[0]).trim();
const warnings = (name: 'jekyll' | 'hugo') =>
  readFileSync(path.join(builtDir(name), 'build.log'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('warning: '));

/** The page an old URL's file sends a browser to: its refresh, canonical and visible link agree. */
function leadsTo(tree: Root): string {
  const [head] = elements(tree, 'head');
  const refresh = elements(head, 'meta').find((m) => String(m.properties.httpEquiv).toLowerCase() === 'refresh');
  const target = String(refresh?.properties.content).replace(/^0; url=/, '');
  expect(elements(head, 'link').filter((l) => String(l.properties.rel) === 'canonical').map((l) => l.properties.href)).toEqual([target]);
  expect(elements(elements(tree, 'main')[0], 'a').map((a) => a.properties.href)).toEqual([target]);
  return target;
}

/** The `_redirects` rules: old path → [new location, status]. */
function rules(name: 'jekyll' | 'hugo'): Map<string, [string, string]> {
  const lines = readFileSync(path.join(builtOut(name), '_redirects'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  return new Map(lines.map((l) => l.split(/\s+/)).map(([from, to, status]) => [from, [to, status]]));
}

describe('a Jekyll blog, built as it is', () => {
  const origin = BUILDS.jekyll.siteUrl;

  it('publishes every post and page at the URL it had under Jekyll, and leaves out published: false', () => {
    expect(title(page('jekyll', '2013/05/06/moving-day/index.html'))).toBe('Moving day');
    expect(title(page('jekyll', '2013/05/07/settling-in/index.html'))).toBe('Settling in');
    expect(title(page('jekyll', 'about/index.html'))).toBe('About');
    const feed = parseFeed(readFileSync(path.join(builtOut('jekyll'), 'rss.xml'), 'utf8'));
    expect(feed.items.map((i) => [i.title, i.url, i.published?.toISOString()])).toEqual([
      ['Settling in', `${origin}/2013/05/07/settling-in/`, '2013-05-07T00:00:00.000Z'],
      ['Moving day', `${origin}/2013/05/06/moving-day/`, '2013-05-06T00:12:52.000Z'],
    ]);
  });

  it('converts Liquid: highlight to code, raw to text, post_url and link to the posts they name', () => {
    const tree = page('jekyll', '2013/05/06/moving-day/index.html');
    const prose = elements(tree, 'div').find((d) => String(d.properties.className).includes('prose'))!;
    expect(elements(prose, 'code').map((c) => c.properties.className)).toContainEqual(['language-ruby']);
    expect(toString(prose)).toContain('In a template, write {{ page.title }}.');
    expect(elements(prose, 'a').map((a) => a.properties.href)).toContain('/2013/05/07/settling-in/');
    const next = elements(page('jekyll', '2013/05/07/settling-in/index.html'), 'a').map((a) => a.properties.href);
    expect(next).toContain('/2013/05/06/moving-day/');
  });

  it('takes the summary before excerpt_separator as the description', () => {
    const [head] = elements(page('jekyll', '2013/05/07/settling-in/index.html'), 'head');
    expect(elements(head, 'meta').find((m) => m.properties.name === 'description')?.properties.content).toBe('The first night in the new flat.');
  });

  it('answers every redirect_from URL: a page leading on, and a 301 in _redirects', () => {
    const redirects = rules('jekyll');
    for (const [file, from, to] of [
      ['blog/moving-day.html', '/blog/moving-day.html', '/2013/05/06/moving-day/'],
      ['2013/moving/index.html', '/2013/moving/', '/2013/05/06/moving-day/'],
      ['about-me/index.html', '/about-me/', '/about/'],
    ]) {
      expect(leadsTo(page('jekyll', file)), from).toBe(`${origin}${to}`);
      expect(redirects.get(from), from).toEqual([to, '301']);
    }
  });

  it('warns of the Liquid tag it cannot convert, naming file and line, and shows it as written', () => {
    expect(warnings('jekyll')).toEqual([
      'warning: tests/fixtures/jekyll-blog/posts/2013-05-06-moving-day.markdown:22: {% include signature.html %} is a Jekyll or Hugo template tag with no Markdown equivalent here; it is shown as written',
    ]);
    expect(toString(page('jekyll', '2013/05/06/moving-day/index.html'))).toContain('{% include signature.html %}');
  });
});

describe('a Hugo blog, built as it is', () => {
  const origin = BUILDS.hugo.siteUrl;

  it('reads TOML and JSON front matter: publishDate, lastmod, and expiryDate leaves a post out', () => {
    expect(title(page('hugo', 'posts/toml-post/index.html'))).toBe('A TOML post');
    expect(title(page('hugo', 'posts/json-post/index.html'))).toBe('A JSON post');
    const feed = parseFeed(readFileSync(path.join(builtOut('hugo'), 'atom.xml'), 'utf8'));
    expect(feed.items.map((i) => [i.title, i.published?.toISOString(), i.updated?.toISOString()])).toEqual([
      ['A TOML post', '2019-03-01T09:00:00.000Z', '2019-04-01T00:00:00.000Z'],
      ['A JSON post', '2019-02-01T08:00:00.000Z', '2019-02-01T08:00:00.000Z'],
    ]);
    expect(readFileSync(path.join(builtOut('hugo'), 'sitemap.xml'), 'utf8')).not.toContain('expired');
  });

  it('converts shortcodes: figure to a captioned image, youtube to the player, highlight to code, ref to the URL', () => {
    const tree = page('hugo', 'posts/toml-post/index.html');
    expect(elements(tree, 'a').find((a) => toString(a) === 'the JSON post')?.properties.href).toBe('/posts/json-post/');
    const [figure] = elements(tree, 'figure');
    expect(toString(elements(figure, 'figcaption')[0])).toBe('Dusk over the hills');
    expect(elements(figure, 'img')[0].properties.alt).toBe('Hills at dusk');
    expect(elements(tree, 'iframe').map((f) => [f.properties.src, f.properties.title])).toEqual([['https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc', 'YouTube video']]);
    const code = elements(tree, 'code').find((c) => String(c.properties.className).includes('language-go'))!;
    expect(toString(code)).toBe('fmt.Println("{{< not-a-shortcode >}}")');
  });

  it('takes the summary before <!--more--> as the description', () => {
    const [head] = elements(page('hugo', 'posts/toml-post/index.html'), 'head');
    expect(elements(head, 'meta').find((m) => m.properties.name === 'description')?.properties.content).toBe('The summary of the TOML post.');
  });

  it('answers every alias, absolute or relative: a page leading on, and a 301 in _redirects', () => {
    const redirects = rules('hugo');
    for (const [file, from, to] of [
      ['2019/03/old-toml-post/index.html', '/2019/03/old-toml-post/', '/posts/toml-post/'],
      ['posts/toml-post-old/index.html', '/posts/toml-post-old/', '/posts/toml-post/'],
      ['old/json/index.html', '/old/json/', '/posts/json-post/'],
    ]) {
      expect(leadsTo(page('hugo', file)), from).toBe(`${origin}${to}`);
      expect(redirects.get(from), from).toEqual([to, '301']);
    }
    // Old URLs are no pages of the site: not in its sitemap, feeds or llms.txt.
    for (const name of ['sitemap.xml', 'rss.xml', 'llms.txt']) expect(readFileSync(path.join(builtOut('hugo'), name), 'utf8')).not.toMatch(/old-toml-post|toml-post-old|\/old\/json/);
  });

  it('warns of the shortcode it cannot convert, naming file and line', () => {
    expect(warnings('hugo')).toEqual([
      'warning: tests/fixtures/hugo-blog/posts/toml-post.md:17: {{< gist spf13 7896402 >}} is a Jekyll or Hugo template tag with no Markdown equivalent here; it is shown as written',
    ]);
  });
});

describe('npm run check on old URLs', () => {
  it('passes the built Hugo blog, and fails when a page an old URL leads to is gone, naming the old URL', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-redirect-check-'));
    try {
      await cp(builtOut('hugo'), dir, { recursive: true });
      const errors = async () => (await inspectSite(dir, { contentDir: BUILDS.hugo.CONTENT_DIR })).findings.filter((f) => f.severity === 'error');
      expect(await errors()).toEqual([]);
      await rm(path.join(dir, 'posts/json-post'), { recursive: true });
      const pages = (await errors()).map((f) => f.page);
      expect(pages).toContain('/old/json/');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
