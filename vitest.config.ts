import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/corpus/**'],
    // First the system packages the tests read the site with, then the sites they read.
    globalSetup: ['tests/setup/system.ts', 'tests/setup/build-sites.ts'],
    // What the tests cache (compiled Markdown, cards, check facts) stays out of the author's .masthead/cache.
    env: { MASTHEAD_CACHE_DIR: path.resolve('.masthead/test-builds/cache/unit') },
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Built-output tests share out/ folders; keep files in one pool of forks so memory stays bounded.
    pool: 'forks',
  },
});
