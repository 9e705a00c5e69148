import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import robotsParser from 'robots-parser';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { BUILDS, TEST_NOW, builtOut, SITE_BUILDS } from './helpers/builds';
import { parseLlmsTxt } from './helpers/llms-parser';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => ['item', 'entry', 'url', 'link', 'category'].includes(n) });

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The file a static host serves for an absolute URL of the site, or undefined when the URL is not the site's. */
function fileFor(out: string, siteUrl: string, url: string): string | undefined {
  if (url !== siteUrl && !url.startsWith(`${siteUrl}/`)) return undefined;
  let sitePath = decodeURIComponent(new URL(url).pathname).slice(new URL(siteUrl).pathname.replace(/\/$/, '').length) || '/';
  if (sitePath.endsWith('/')) sitePath += 'index.html';
  return path.join(out, sitePath);
}

for (const name of SITE_BUILDS) {
  const { siteUrl } = BUILDS[name];
  const origin = new URL(siteUrl).origin;
  describe(`machine files of the "${name}" build`, () => {
    const out = builtOut(name);
    const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
    // What was published, read from the HTML the export wrote, not from the code under test.
    const postDirs = readdirSync(path.join(out, 'posts')).filter((d) => existsSync(path.join(out, 'posts', d, 'index.html'))).sort();
    const htmlPages = walk(out)
      .filter((f) => f.endsWith(`${path.sep}index.html`))
      .map((f) => `/${path.relative(out, path.dirname(f)).split(path.sep).join('/')}/`.replace(/^\/\/$/, '/'))
      .sort();
    const tagSlugs = readdirSync(path.join(out, 'tags')).filter((d) => statSync(path.join(out, 'tags', d)).isDirectory()).sort();
    const xmlFiles = ['rss.xml', 'atom.xml', 'sitemap.xml', ...tagSlugs.flatMap((t) => [`tags/${t}/rss.xml`, `tags/${t}/atom.xml`])];

    it('publishes the expected posts and no drafts or future posts', () => {
      expect(postDirs.length).toBeGreaterThan(2);
      expect(postDirs.join(' ')).not.toMatch(/future|unfinished/);
      expect(tagSlugs.length).toBeGreaterThan(0);
    });

    it('writes well-formed XML (xmllint --noout)', () => {
      for (const file of xmlFiles) {
        const result = spawnSync('xmllint', ['--noout', path.join(out, file)], { encoding: 'utf8' });
        expect(result.status, `${file}: ${result.stderr}`).toBe(0);
      }
    });

    // Link resolution, leaks (localhost, build paths, unpublished slugs), head tags and the sitemap are
    // checked by one mechanism, `npm run check`: see 'passes both built sample sites' in check.test.ts.

    it('RSS and Atom list every published post, newest first, dated by the newest item', () => {
      for (const base of ['', ...tagSlugs.map((t) => `tags/${t}/`)]) {
        // RSS items carry no updated date; Atom entries do, and both feeds hold the same posts.
        const atomItems = parseFeed(read(`${base}atom.xml`)).items;
        const newest = Math.max(...atomItems.map((i) => (i.updated ?? i.published)!.getTime()));
        for (const format of ['rss.xml', 'atom.xml']) {
          const feed = parseFeed(read(`${base}${format}`));
          const links = feed.items.map((i) => i.url);
          if (base === '') expect(links.map((l) => l?.replace(`${siteUrl}/posts/`, '').replace(/\/$/, '')).sort()).toEqual(postDirs);
          else expect(links.length).toBeGreaterThan(0);
          for (const item of feed.items) {
            expect(item.id).toBe(item.url);
            expect(item.url?.startsWith(`${siteUrl}/posts/`)).toBe(true);
          }
          const published = feed.items.map((i) => i.published!.getTime());
          expect([...published].sort((a, b) => b - a)).toEqual(published);
          expect(feed.updated?.getTime(), `${base}${format}`).toBe(newest);
          expect(feed.updated!.getTime()).toBeLessThan(Date.parse(TEST_NOW));
          expect(feed.self).toBe(`${siteUrl}/${base}${format}`);
          expect(feed.url).toBe(`${siteUrl}/${base}`);
        }
      }
    });

    it('RSS guids are permalinks and item HTML carries only absolute URLs', () => {
      const rss = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, isArray: (n) => n === 'item' }).parse(read('rss.xml')).rss.channel;
      let urls = 0;
      for (const item of rss.item) {
        expect(item.guid['@isPermaLink']).toBe('true');
        expect(item.guid['#text']).toBe(item.link);
        visit(fromHtml(item['content:encoded'], { fragment: true }), 'element', (node: Element) => {
          for (const attr of ['href', 'src', 'poster']) {
            const value = node.properties[attr];
            if (typeof value === 'string') {
              expect(value, `${item.link} ${attr}`).toMatch(/^(https?:|mailto:|tel:)/);
              urls++;
            }
          }
        });
      }
      expect(urls).toBeGreaterThan(3);
    });

    it('feed.json is JSON Feed 1.1 with the required fields', () => {
      for (const file of ['feed.json', ...tagSlugs.map((t) => `tags/${t}/feed.json`)]) {
        const json = JSON.parse(read(file));
        expect(json.version).toBe('https://jsonfeed.org/version/1.1');
        expect(typeof json.title).toBe('string');
        expect(json.feed_url).toBe(`${siteUrl}/${file}`);
        expect(Array.isArray(json.items)).toBe(true);
        expect(json.items.length).toBeGreaterThan(0);
        for (const item of json.items) {
          expect(typeof item.id).toBe('string');
          expect(item.id).toBe(item.url);
          expect(typeof (item.content_html ?? item.content_text)).toBe('string');
        }
      }
      expect(JSON.parse(read('feed.json')).items).toHaveLength(postDirs.length);
    });

    it('sitemap.xml lists exactly the HTML pages, with W3C lastmod dates', () => {
      const urls = xml.parse(read('sitemap.xml')).urlset.url as { loc: string; lastmod?: string }[];
      expect(urls.map((u) => u.loc).sort()).toEqual(htmlPages.map((p) => `${siteUrl}${p}`).sort());
      for (const u of urls) {
        if (u.lastmod !== undefined) {
          expect(u.lastmod).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
          expect(Date.parse(u.lastmod)).toBeLessThan(Date.parse(TEST_NOW));
        }
      }
      expect(existsSync(path.join(out, 'sitemap'))).toBe(false);
    });

    it('robots.txt allows crawling and names the sitemap', () => {
      const robot = robotsParser(`${origin}/robots.txt`, read('robots.txt'));
      expect(robot.getSitemaps()).toEqual([`${siteUrl}/sitemap.xml`]);
      expect(robot.isAllowed(`${siteUrl}/posts/${postDirs[0]}/`, 'Googlebot')).toBe(true);
    });

    it('llms.txt follows the proposal and links the Markdown copy of every post and page', () => {
      const file = parseLlmsTxt(read('llms.txt'));
      expect(file.sections.map((s) => s.name)).toEqual(['Posts', 'Pages', 'Optional']);
      const posts = file.sections[0].links.map((l) => l.url);
      expect(posts.map((u) => u.replace(`${siteUrl}/posts/`, '').replace('/index.html.md', '')).sort()).toEqual(postDirs);
      for (const link of file.sections.flatMap((s) => s.links)) {
        const target = fileFor(out, siteUrl, link.url);
        expect(target && existsSync(target), link.url).toBe(true);
      }
      // The Markdown copies are Markdown, headed by the title the HTML page shows.
      for (const dir of postDirs) {
        const copy = read(`posts/${dir}/index.html.md`);
        let h1 = '';
        visit(fromHtml(read(`posts/${dir}/index.html`)), 'element', (node: Element) => {
          if (node.tagName === 'h1') h1 = toString(node).trim();
        });
        expect(h1).not.toBe('');
        expect(copy.split('\n')[0].replace(/\\/g, '')).toBe(`# ${h1}`);
        expect(copy).toContain(`${siteUrl}/posts/${dir}/`);
      }
      const full = read('llms-full.txt');
      const order = posts.map((u) => full.indexOf(`<${u.replace('index.html.md', '')}>`));
      expect(order.every((at) => at > -1)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    });
  });
}

describe('the Route Handlers of the site files', () => {
  const read = (file: string) => readFileSync(path.join(builtOut('sample'), file), 'utf8');

  it('answer with the built files and the Content-Type of their extension', { timeout: 120_000 }, async () => {
    Object.assign(process.env, { CONTENT_DIR: 'content', MASTHEAD_NOW: TEST_NOW });
    delete process.env.SITE_URL;
    const routes: [string, string][] = [
      ['rss.xml', 'application/rss+xml; charset=utf-8'],
      ['atom.xml', 'application/atom+xml; charset=utf-8'],
      ['feed.json', 'application/feed+json; charset=utf-8'],
      ['sitemap.xml', 'application/xml; charset=utf-8'],
      ['robots.txt', 'text/plain; charset=utf-8'],
      ['llms.txt', 'text/plain; charset=utf-8'],
      ['llms-full.txt', 'text/plain; charset=utf-8'],
    ];
    for (const [file, type] of routes) {
      const route = (await import(`../app/${file}/route.ts`)) as { dynamic: string; GET: () => Promise<Response> };
      expect(route.dynamic, file).toBe('force-static');
      const response = await route.GET();
      expect(response.headers.get('content-type'), file).toBe(type);
      expect(await response.text(), file).toBe(read(file));
    }
  });
});
