import { existsSync } from 'node:fs';
import path from 'node:path';

/** A pinned "now" so which posts count as future never depends on the day the tests run. */
export const TEST_NOW = '2026-11-23T00:00:00Z';

/** The sites the global setup builds once per test run, each into `.masthead/test-builds/<name>/out`. */
export const BUILDS = {
  /** The sample site in content/ at its own URL. */
  sample: { CONTENT_DIR: 'content', SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '' },
  /** The same content published under a path, as a GitHub Pages project site. */
  basepath: { CONTENT_DIR: 'content', SITE_URL: 'https://user.github.io/field-notes', siteUrl: 'https://user.github.io/field-notes', basePath: '/field-notes' },
} as const;

export type BuildName = keyof typeof BUILDS;

export const TEST_BUILDS_DIR = path.resolve('.masthead/test-builds');

/** The `out/` folder of a site built by the global setup. */
export function builtOut(name: BuildName): string {
  const dir = path.join(TEST_BUILDS_DIR, name, 'out');
  if (!existsSync(dir)) throw new Error(`${dir} is missing: the global setup (tests/setup/build-sites.ts) builds it`);
  return dir;
}
