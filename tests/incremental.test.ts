import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtDir, builtOut, EDIT, type BuildName } from './helpers/builds';

/** Every file below `dir`, as sorted relative paths. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

const kept = (name: BuildName) => JSON.parse(readFileSync(path.join(builtDir(name), 'cache.json'), 'utf8')) as { started: number; entries: { name: string; mtimeMs: number }[] };

/** The site paths of the pages of the catch-all route Next rendered in a build (`.next/server/app/posts/a.html`). */
function rendered(name: BuildName): string[] {
  const html = JSON.parse(readFileSync(path.join(builtDir(name), 'rendered.json'), 'utf8')) as string[];
  return html
    .filter((f) => !['index.html', 'tags.html', 'search.html', '_not-found.html', '_global-error.html', '~.html'].includes(f))
    .map((f) => `/${f.replace(/\.html$/, '')}/`)
    .sort();
}

/** The pages whose HTML differs between two builds, as site paths. */
function changedPages(before: string, after: string): string[] {
  return files(after)
    .filter((f) => f.endsWith('index.html'))
    .filter((f) => !readFileSync(path.join(after, f)).equals(readFileSync(path.join(before, f))))
    .map((f) => `/${path.dirname(f)}/`.replace(/^\/\.\/$/, '/'))
    .sort();
}

const edited = '/posts/writing-front-matter/';
const newTitle = JSON.parse(EDIT.newTitle) as string;

describe('a rebuild after an edit', () => {
  it('writes the same out/, byte for byte, as a cold build of the edited content', () => {
    const warm = builtOut('edited');
    const cold = builtOut('edited-cold');
    const list = files(warm);
    expect(list).toEqual(files(cold));
    expect(list.filter((f) => !readFileSync(path.join(warm, f)).equals(readFileSync(path.join(cold, f))))).toEqual([]);
  });

  it('renders the pages the edit changed, and copies the others from the cache', () => {
    // The pages of the catch-all route; the home, tags and search pages have routes of their own.
    const all = files(builtOut('sample')).filter((f) => f.endsWith('index.html') && !['index.html', 'tags/index.html', 'search/index.html'].includes(f));
    expect(rendered('sample')).toHaveLength(all.length);
    const changed = changedPages(builtOut('sample'), builtOut('edited')).filter((p) => !['/', '/tags/', '/search/'].includes(p));
    expect(changed).toContain(edited);
    expect(rendered('edited')).toEqual(changed);
    expect(rendered('edited').length).toBeLessThan(all.length);
  });

  it('keeps the cache of what did not change, and nothing the last build did not use', () => {
    const before = new Set(kept('sample').entries.map((e) => e.name));
    const { started, entries } = kept('edited');
    // At least the compiled Markdown and the card of every post and page but the edited one are kept.
    const out = files(builtOut('sample'));
    const unchanged = out.filter((f) => f.endsWith('index.html.md')).length - 1 + (out.filter((f) => f.startsWith('og/') || f === 'og.png').length - 1);
    expect(entries.filter((e) => before.has(e.name)).length).toBeGreaterThanOrEqual(unchanged);
    expect(entries.filter((e) => e.mtimeMs < started)).toEqual([]);
    // The edited post's old compile, card and page are gone.
    expect(entries.length).toBeLessThanOrEqual(before.size);
  });

  it('shows the edit on the post and wherever its title appears', () => {
    const warm = builtOut('edited');
    const page = readFileSync(path.join(warm, edited, 'index.html'), 'utf8');
    expect(page).toContain(EDIT.paragraph);
    expect(readFileSync(path.join(builtOut('sample'), edited, 'index.html'), 'utf8')).not.toContain(EDIT.paragraph);
    const mentions = files(warm).filter((f) => f.endsWith('.html') && readFileSync(path.join(warm, f), 'utf8').includes(`>${newTitle}<`));
    expect(mentions.length).toBeGreaterThanOrEqual(4);
  });
});
