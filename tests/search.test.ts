/**
 * Search as built: Pagefind's index of the sample's posts and pages, the search page, the form on every page,
 * `search: false`, and what the check says of a broken index. The browser tests search for real
 * (tests/browser.test.ts, "search").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { describe, expect, it } from 'vitest';
import { inspectSite } from '../scripts/check';
import { BUILDS, builtOut, UNTAGGED_CONTENT_DIR } from './helpers/builds';

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

function elements(html: string, where: (e: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html), 'element', (e: Element) => {
    if (where(e)) found.push(e);
  });
  return found;
}

describe('the index', () => {
  it('holds the published posts and pages of the sample, in its language, and nothing else', () => {
    const out = builtOut('sample');
    const entry = JSON.parse(readFileSync(path.join(out, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    // The sample publishes six posts and one page (content/); its lists, tag pages and 404 are not indexed.
    const articles = files(out).filter((f) => f.endsWith('.html') && readFileSync(path.join(out, f), 'utf8').includes('data-pagefind-body'));
    expect(articles.sort()).toEqual(
      ['about/index.html', 'posts/hello-world/index.html', 'posts/measuring-page-weight/index.html', 'posts/rich-markdown/index.html', 'posts/syntax-highlighting-without-javascript/index.html', 'posts/why-static/index.html', 'posts/writing-front-matter/index.html'].sort(),
    );
    expect(Object.keys(entry.languages)).toEqual(['en']);
    expect(entry.languages.en.page_count).toBe(articles.length);
    expect(files(out).filter((f) => f.startsWith('pagefind/fragment/'))).toHaveLength(articles.length);
  });

  it('is the same after a rebuild from the cache as after a cold build', () => {
    const warm = builtOut('edited');
    const cold = builtOut('edited-cold');
    const index = (dir: string) => files(dir).filter((f) => f.startsWith('pagefind/'));
    expect(index(warm)).toEqual(index(cold));
    for (const file of index(warm)) expect(readFileSync(path.join(warm, file)).equals(readFileSync(path.join(cold, file))), file).toBe(true);
  });
});

describe('the search page and the form', () => {
  it.each(['sample', 'basepath'] as const)('%s: every page has a form that sends q to the search page, which is in the sitemap', (name) => {
    const out = builtOut(name);
    const action = `${BUILDS[name].basePath}/search/`;
    for (const page of files(out).filter((f) => f.endsWith('.html'))) {
      const html = readFileSync(path.join(out, page), 'utf8');
      const forms = elements(html, (e) => e.tagName === 'form' && e.properties.role === 'search');
      expect(forms.length, page).toBeGreaterThan(0);
      for (const form of forms) expect([form.properties.action, form.properties.method], page).toEqual([action, 'get']);
    }
    const search = readFileSync(path.join(out, 'search/index.html'), 'utf8');
    expect(elements(search, (e) => e.tagName === 'link' && String(e.properties.rel) === 'canonical').map((e) => e.properties.href)).toEqual([`${BUILDS[name].siteUrl}/search/`]);
    expect(readFileSync(path.join(out, 'sitemap.xml'), 'utf8')).toContain(`<loc>${BUILDS[name].siteUrl}/search/</loc>`);
  });

  it('search: false leaves out the page, the form and the index', () => {
    const out = builtOut('untagged');
    expect(readFileSync(path.join(UNTAGGED_CONTENT_DIR, 'site.yaml'), 'utf8')).toContain('search: false');
    expect(files(out).filter((f) => f.startsWith('search/') || f.startsWith('pagefind/'))).toEqual([]);
    for (const page of files(out).filter((f) => f.endsWith('.html'))) {
      expect(elements(readFileSync(path.join(out, page), 'utf8'), (e) => e.properties.role === 'search'), page).toEqual([]);
    }
  });
});

describe('npm run check on the search files', () => {
  it('finds a missing metadata file, a file that is not the index’s, and a search page that loads no index', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-search-check-'));
    try {
      await cp(builtOut('sample'), dir, { recursive: true });
      const clean = await inspectSite(dir, { contentDir: 'content', siteUrl: 'https://fieldnotes.example.com' });
      expect(clean.findings.filter((f) => f.check === 'search')).toEqual([]);
      const meta = files(dir).find((f) => /^pagefind\/pagefind\.[\w-]+\.pf_meta$/.test(f))!;
      await rm(path.join(dir, meta));
      await writeFile(path.join(dir, 'pagefind/notes.txt'), 'left here');
      const page = path.join(dir, 'search/index.html');
      await writeFile(page, readFileSync(page, 'utf8').replaceAll('/pagefind/pagefind.js', '/elsewhere.js'));
      const report = await inspectSite(dir, { contentDir: 'content', siteUrl: 'https://fieldnotes.example.com' });
      expect(report.findings.filter((f) => f.check === 'search').map((f) => f.page).sort()).toEqual([`/${meta}`, '/pagefind/notes.txt', '/search/'].sort());
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
