import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:corpus`: tests on real content from ../shared (the Node.js blog), beside the project.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: { include: ['tests/corpus/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 600_000, pool: 'forks' },
});
