import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BROKEN_REBUILD, buildLog, builtOut, EDIT, EDIT_AGAIN } from './helpers/builds';

/** Every file below `dir`, as sorted relative paths. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

type EditedBuild = 'edited-warm' | 'edited-again' | 'edited-cold';

function renderCounts(name: 'sample' | EditedBuild) {
  const match = /(\d+) pages to render, (\d+) unchanged from the page cache/.exec(readFileSync(buildLog(name), 'utf8'));
  if (!match) throw new Error(`no page-cache line in ${buildLog(name)}`);
  return { rendered: Number(match[1]), reused: Number(match[2]) };
}

/** The pages the catch-all route serves whose HTML differs between two builds (/, /tags/ and 404.html have routes of their own and always render). */
function changedPages(before: string, after: string): string[] {
  return files(after)
    .filter((f) => f.endsWith('index.html') && f !== 'index.html' && f !== 'tags/index.html')
    .filter((f) => !readFileSync(path.join(after, f)).equals(readFileSync(path.join(before, f))))
    .map((f) => `/${path.dirname(f)}/`)
    .sort();
}

const renderList = (name: EditedBuild) => (JSON.parse(readFileSync(path.join(builtOut(name), '../render-list.json'), 'utf8')) as string[]).sort();

const edited = '/posts/writing-front-matter/';
const editedAgain = '/posts/why-static/';
const newTitle = JSON.parse(EDIT.newTitle) as string;

describe('incremental rebuild (scripts/page-cache.ts)', () => {
  it('renders every page on an empty cache and only the changed ones after an edit', () => {
    const cold = renderCounts('sample');
    expect(cold.reused).toBe(0);
    const warm = renderCounts('edited-warm');
    expect(warm.rendered + warm.reused).toBe(cold.rendered);
    const changed = changedPages(builtOut('sample'), builtOut('edited-warm'));
    expect(changed).toContain(edited);
    expect(renderList('edited-warm')).toEqual(changed);
  });

  it('renders only what changed since the last rebuild, on a rebuild after a rebuild', () => {
    const again = renderCounts('edited-again');
    expect(again.rendered + again.reused).toBe(renderCounts('sample').rendered);
    // Against the cold build of the same content, which shares no cache with it.
    const cold = builtOut('edited-cold');
    const changed = changedPages(builtOut('edited-warm'), cold);
    expect(changed).toContain(editedAgain);
    expect(changed).not.toContain(edited);
    // A body edit renders more than changed: the posts beside it and the lists showing it hash its summary,
    // which it changed. But nothing that does not show it.
    const rendered = renderList('edited-again');
    expect(rendered).toEqual(expect.arrayContaining(changed));
    const showsIt = (page: string) => page === editedAgain || readFileSync(path.join(cold, page, 'index.html'), 'utf8').includes(`href="${editedAgain}"`);
    expect(rendered.filter((page) => !showsIt(page))).toEqual([]);
  });

  it('reuses the compile of unchanged code, and compiles when the runtime setting changed', () => {
    const reused = (name: EditedBuild) => readFileSync(buildLog(name), 'utf8').includes('reusing its compile, generating pages only');
    const fellBack = (name: EditedBuild) => readFileSync(buildLog(name), 'utf8').includes('building from scratch');
    expect(reused('edited-warm')).toBe(true);
    expect(reused('edited-again')).toBe(true);
    expect(fellBack('edited-warm') || fellBack('edited-again')).toBe(false);
    expect(reused('edited-cold')).toBe(false);
  });

  it('starts Next while a rebuild prepares its content, when code and site.yaml are unchanged', () => {
    const early = (name: EditedBuild | 'sample') => readFileSync(buildLog(name), 'utf8').includes('Next starts while the content is prepared');
    expect(early('edited-warm')).toBe(true);
    expect(early('edited-again')).toBe(true);
    // No compile to reuse, and the runtime setting changed.
    expect(early('sample')).toBe(false);
    expect(early('edited-cold')).toBe(false);
  });

  it("stops that Next when the content fails: the author's error alone, quickly, and no process left", () => {
    const broken = JSON.parse(readFileSync(BROKEN_REBUILD, 'utf8')) as { status: number; output: string; seconds: number; leftovers: number };
    expect(broken.output).toContain('Next starts while the content is prepared');
    expect(broken.status).toBe(1);
    expect(broken.output).toMatch(new RegExp(`${EDIT_AGAIN.file.replace(/[.]/g, '\\.')}:2 "updated": expected a date`));
    // Next's own failure and a second attempt would follow the signal 'failed' without the stop.
    expect(broken.output).not.toContain('Build error occurred');
    expect(broken.output).not.toContain('building from scratch');
    expect(broken.leftovers).toBe(0);
    expect(broken.seconds).toBeLessThan(30);
  });

  it('writes the same out/, byte for byte, as a cold build of the edited content', () => {
    const warm = builtOut('edited-again');
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

  it('shows both edits after the second rebuild', () => {
    const again = builtOut('edited-again');
    expect(readFileSync(path.join(again, editedAgain, 'index.html'), 'utf8')).toContain(EDIT_AGAIN.paragraph);
    expect(readFileSync(path.join(builtOut('edited-warm'), editedAgain, 'index.html'), 'utf8')).not.toContain(EDIT_AGAIN.paragraph);
    expect(readFileSync(path.join(again, edited, 'index.html'), 'utf8')).toContain(EDIT.paragraph);
  });
});
