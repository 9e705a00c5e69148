import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { BROKEN_BUILD, builtDir, builtOut, EDIT } from './helpers/builds';

/** Every file below `dir`, as sorted relative paths. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('every file of the site but its pages, the files beside posts and the Markdown copies', () => {
  it('comes from a Route Handler: Next wrote its output in .next/server/app/', () => {
    const out = builtOut('sample');
    const bodies = path.join(builtDir('sample'), 'next-server-app');
    const machine = files(out).filter((f) => !f.endsWith('.html') && !f.endsWith('.html.md') && !f.startsWith('_next/') && !existsSync(path.join('content', 'posts', f.replace(/^posts\//, ''))));
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
    expect(list.filter((f) => f.endsWith('index.html')).sort()).toEqual(['index.html', 'posts/first/index.html', 'posts/second/index.html', 'tags/index.html']);
    expect(list.filter((f) => f.includes('~'))).toEqual([]);
    expect(list.filter((f) => f.startsWith('tags/') && f !== 'tags/index.html')).toEqual([]);
    expect(list.filter((f) => f.startsWith('og/'))).toEqual(['og/posts/first.png', 'og/posts/second.png']);
    expect(parseFeed(readFileSync(path.join(out, 'rss.xml'), 'utf8')).items.map((i) => i.title)).toEqual(['Second', 'First']);
    const urls = new XMLParser({ isArray: (name) => name === 'url' }).parse(readFileSync(path.join(out, 'sitemap.xml'), 'utf8')).urlset.url as { loc: string }[];
    expect(urls.map((u) => u.loc).sort()).toEqual(['https://untagged.example.com/', 'https://untagged.example.com/posts/first/', 'https://untagged.example.com/posts/second/', 'https://untagged.example.com/tags/']);
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
