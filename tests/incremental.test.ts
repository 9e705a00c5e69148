import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLog, builtOut, EDIT } from './helpers/builds';

/** Every file below `dir`, as sorted relative paths. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function renderCounts(name: 'sample' | 'edited-warm' | 'edited-cold') {
  const match = /(\d+) pages to render, (\d+) unchanged from the page cache/.exec(readFileSync(buildLog(name), 'utf8'));
  if (!match) throw new Error(`no page-cache line in ${buildLog(name)}`);
  return { rendered: Number(match[1]), reused: Number(match[2]) };
}

const edited = '/posts/writing-front-matter/';
const newTitle = JSON.parse(EDIT.newTitle) as string;

describe('incremental rebuild (scripts/page-cache.ts)', () => {
  it('renders every page on an empty cache and only the changed ones after an edit', () => {
    const cold = renderCounts('sample');
    expect(cold.reused).toBe(0);
    const warm = renderCounts('edited-warm');
    expect(warm.rendered + warm.reused).toBe(cold.rendered);
    // Exactly the pages whose HTML differs between the two cold builds (/, /tags/ and 404.html have routes
    // of their own and always render).
    const before = builtOut('sample');
    const after = builtOut('edited-cold');
    const changed = files(after)
      .filter((f) => f.endsWith('index.html') && f !== 'index.html' && f !== 'tags/index.html')
      .filter((f) => !readFileSync(path.join(after, f)).equals(readFileSync(path.join(before, f))))
      .map((f) => `/${path.dirname(f)}/`);
    expect(changed.length).toBeGreaterThan(0);
    const rendered = JSON.parse(readFileSync(path.join(builtOut('edited-warm'), '../render-list.json'), 'utf8')) as string[];
    expect(rendered.sort()).toEqual(changed.sort());
  });

  it('reuses the compile of unchanged code, and compiles when the base path changed', () => {
    const reused = (name: 'edited-warm' | 'edited-cold') => readFileSync(buildLog(name), 'utf8').includes('reusing its compile, generating pages only');
    expect(reused('edited-warm')).toBe(true);
    expect(reused('edited-cold')).toBe(false);
  });

  it('writes the same out/, byte for byte, as a cold build of the edited content', () => {
    const warm = builtOut('edited-warm');
    const cold = builtOut('edited-cold');
    const list = files(warm);
    expect(list).toEqual(files(cold));
    const differing = list.filter((f) => !readFileSync(path.join(warm, f)).equals(readFileSync(path.join(cold, f))));
    expect(differing).toEqual([]);
  });

  it('shows the edit on the post and wherever its title appears', () => {
    const warm = builtOut('edited-warm');
    const page = readFileSync(path.join(warm, edited, 'index.html'), 'utf8');
    expect(page).toContain(EDIT.paragraph);
    const before = readFileSync(path.join(builtOut('sample'), edited, 'index.html'), 'utf8');
    expect(before).not.toContain(EDIT.paragraph);
    const mentions = files(warm).filter((f) => f.endsWith('.html') && readFileSync(path.join(warm, f), 'utf8').includes(`>${newTitle}<`));
    expect(mentions.length).toBeGreaterThanOrEqual(4);
  });
});
