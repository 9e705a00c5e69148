import { existsSync } from 'node:fs';
import path from 'node:path';

/** A pinned "now" so which posts count as future never depends on the day the tests run. */
export const TEST_NOW = '2026-11-23T00:00:00Z';

export const TEST_BUILDS_DIR = path.resolve('.masthead/test-builds');

/** The edited copy of the sample content the incremental-build tests publish (see EDIT). */
export const EDITED_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'edited-content');

/** The edited copy after a second change, EDIT_AGAIN, to another post: what a second incremental rebuild publishes. */
export const EDITED_AGAIN_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'edited-again-content');

/** What the rebuild after `edited-again` with a bad date in a post printed, and how it ended (tests/setup/build-sites.ts). */
export const BROKEN_REBUILD = path.join(TEST_BUILDS_DIR, 'broken-rebuild.json');

/** A copy of the sample content whose site.yaml keeps the client runtime (`clientRuntime: true`). */
export const RUNTIME_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'runtime-content');

/** The one change made to the copy: a post's new title (shown by its neighbours, lists and tag pages) and a new paragraph. */
export const EDIT = {
  file: 'posts/2025-09-03-writing-front-matter.md',
  oldTitle: '"Front matter: the fields & what they do"',
  newTitle: '"Front matter, field by field"',
  paragraph: 'A paragraph added after the first build, to prove the second one renders only what changed.',
} as const;

/** The second change, made to the edited copy: a paragraph added to another post, whose pages the first rebuild did not render. */
export const EDIT_AGAIN = {
  file: 'posts/2025-11-20-why-static.md',
  paragraph: 'A paragraph added after the second build, to prove a rebuild after a rebuild renders what changed since the last one.',
} as const;

/**
 * The sites the global setup builds once per test run, in this order, each into
 * `.masthead/test-builds/<name>/out` with its log in `build.log`. `cache` names the cache folder: builds
 * that share one see each other's compiled posts, cards and pages, as consecutive builds on one machine do.
 */
export const BUILDS = {
  /** The sample site in content/ at its own URL, from an empty cache. */
  sample: { CONTENT_DIR: 'content', SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'main' },
  /** The sample after EDIT, built with the cache `sample` left, and the `.next/` it compiled: the incremental rebuild. */
  'edited-warm': { CONTENT_DIR: EDITED_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'main' },
  /** EDIT and EDIT_AGAIN, built with the cache and `.next/` that `edited-warm` left: a rebuild after a rebuild. */
  'edited-again': { CONTENT_DIR: EDITED_AGAIN_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'main' },
  /** The same content published under a path, as a GitHub Pages project site; built as a big site is (MASTHEAD_LOW_MEMORY=1: one step at a time, Next on one worker). */
  basepath: { CONTENT_DIR: 'content', SITE_URL: 'https://user.github.io/field-notes', siteUrl: 'https://user.github.io/field-notes', basePath: '/field-notes', cache: 'main', lowMemory: true },
  /** The sample with `clientRuntime: true`: Next's runtime stays, every page renders (no page cache). */
  runtime: { CONTENT_DIR: RUNTIME_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'main' },
  /** The sample after EDIT and EDIT_AGAIN, built from an empty cache and compiled afresh (the runtime setting changed since the last build): what the incremental rebuilds must equal byte for byte. */
  'edited-cold': { CONTENT_DIR: EDITED_AGAIN_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'cold' },
} as const;

export type BuildName = keyof typeof BUILDS;

/** The two ways the sample is published, which the built-output tests read; the edited builds have tests/incremental.test.ts. */
export const SITE_BUILDS = ['sample', 'basepath'] as const satisfies readonly BuildName[];

/** The `out/` folder of a site built by the global setup. */
export function builtOut(name: BuildName): string {
  const dir = path.join(TEST_BUILDS_DIR, name, 'out');
  if (!existsSync(dir)) throw new Error(`${dir} is missing: the global setup (tests/setup/build-sites.ts) builds it`);
  return dir;
}

/** What `npm run build` printed for a site built by the global setup. */
export function buildLog(name: BuildName): string {
  return path.join(TEST_BUILDS_DIR, name, 'build.log');
}
