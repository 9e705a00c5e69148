import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/setup/build-sites.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Built-output tests share out/ folders; keep files in one pool of forks so memory stays bounded.
    pool: 'forks',
  },
});
