import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLog, builtOut } from './helpers/builds';
import { moveFiles } from '../scripts/post-export';
import { writePathFiles } from '../scripts/write-files';

describe('moveFiles (files written while Next runs, moved into out/ after it)', () => {
  it('moves every file to the same place, makes folders, replaces what is there, and removes the source', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-move-'));
    const from = path.join(root, 'staged');
    const to = path.join(root, 'out');
    mkdirSync(path.join(from, 'posts/hello/'), { recursive: true });
    mkdirSync(path.join(from, 'tags/meta/'), { recursive: true });
    writeFileSync(path.join(from, 'posts/hello/index.html.md'), '# Hello');
    writeFileSync(path.join(from, 'tags/meta/rss.xml'), '<rss/>');
    mkdirSync(path.join(to, 'posts/hello'), { recursive: true });
    writeFileSync(path.join(to, 'posts/hello/index.html'), '<p>page</p>');
    writeFileSync(path.join(to, 'posts/hello/index.html.md'), 'stale');
    await moveFiles(from, to);
    expect(readFileSync(path.join(to, 'posts/hello/index.html.md'), 'utf8')).toBe('# Hello');
    expect(readFileSync(path.join(to, 'tags/meta/rss.xml'), 'utf8')).toBe('<rss/>');
    expect(readFileSync(path.join(to, 'posts/hello/index.html'), 'utf8')).toBe('<p>page</p>');
    expect(existsSync(from)).toBe(false);
  });

  it('does nothing when nothing was staged', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-move-'));
    await moveFiles(path.join(root, 'missing'), path.join(root, 'out'));
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });
});

describe('writePathFiles with a folder of kept files', () => {
  it('copies a file whose key it kept without rendering it, keeps new ones, and forgets the keys this build did not use', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'masthead-kept-'));
    const kept = path.join(root, 'kept');
    let renders = 0;
    const file = (name: string, key: string, text: string) => ({
      path: `/tags/${name}/rss.xml`,
      key,
      get contents() {
        renders++;
        return text;
      },
    });
    await writePathFiles(path.join(root, 'one'), [file('a', 'ka', '<rss>a</rss>'), file('b', 'kb', '<rss>b</rss>')], kept);
    expect(renders).toBe(2);
    expect(readdirSync(kept).sort()).toEqual(['ka', 'kb']);
    await writePathFiles(path.join(root, 'two'), [file('a', 'ka', 'not read'), file('b', 'kb2', '<rss>b2</rss>'), { path: '/x.md', contents: '# X' }], kept);
    expect(renders).toBe(3);
    expect(readFileSync(path.join(root, 'two/tags/a/rss.xml'), 'utf8')).toBe('<rss>a</rss>');
    expect(readFileSync(path.join(root, 'two/tags/b/rss.xml'), 'utf8')).toBe('<rss>b2</rss>');
    expect(readFileSync(path.join(root, 'two/x.md'), 'utf8')).toBe('# X');
    expect(readdirSync(kept).sort()).toEqual(['ka', 'kb2']);
  });
});

describe('a build run one step at a time (MASTHEAD_LOW_MEMORY=1, as a site over 4,000 posts is)', () => {
  it('renders on one worker and publishes the same files as the same content built the quick way', () => {
    expect(readFileSync(buildLog('basepath'), 'utf8')).toMatch(/Generating static pages using 1 worker \(/);
    // The quick way renders this small site on one worker too: it has fewer than 64 pages to render.
    expect(readFileSync(buildLog('sample'), 'utf8')).toMatch(/Generating static pages using 1 worker \(/);
    const list = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
    // Everything but Next's build files, whose names differ between the two compiles.
    const published = (dir: string) => list(dir).filter((f) => !f.startsWith('_next/'));
    expect(published(builtOut('basepath'))).toEqual(published(builtOut('sample')));
  });
});
