import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LinkIndex } from '@/lib/content/links';
import { compileAndStore } from '@/lib/content/compile';
import { withoutTsx } from '@/scripts/child';
import { compileOnWorkers } from '@/scripts/compile-pool';
import { bundleSteps, STEP_SCRIPTS, stepFile, stepsRoot } from '@/scripts/steps';

const SCRIPTS = path.resolve('scripts');
// Beside the build's own bundles (so packages resolve), under a name no build uses.
const root = path.join(path.dirname(stepsRoot()), `steps-test-${process.pid}`);

afterAll(() => rm(root, { recursive: true, force: true }));

describe('bundled steps', () => {
  let env: { MASTHEAD_STEPS: string };

  it('bundles every step once per version of the code, and deletes the other versions', async () => {
    env = await bundleSteps('a'.repeat(64), root);
    const files = STEP_SCRIPTS.map((script) => stepFile(path.join(SCRIPTS, script), env));
    for (const { file, typescript } of files) {
      expect(typescript).toBe(false);
      expect(existsSync(file)).toBe(true);
    }
    const written = statSync(files[0].file).mtimeMs;
    expect(await bundleSteps('a'.repeat(64), root)).toEqual(env);
    expect(statSync(files[0].file).mtimeMs).toBe(written);

    const other = await bundleSteps('b'.repeat(64), root);
    expect(readdirSync(root)).toEqual([path.basename(other.MASTHEAD_STEPS)]);
    env = await bundleSteps('a'.repeat(64), root);
  });

  it('loads each step process with plain Node.js: no tsx, every import resolves', () => {
    for (const script of ['prepare.ts', 'write-files.ts', 'post-export.ts', 'check.ts']) {
      const { file } = stepFile(path.join(SCRIPTS, script), env);
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(`file://${file}`)})`], { encoding: 'utf8' });
      expect(run.stderr, script).toBe('');
      expect(run.status, script).toBe(0);
    }
  });

  it('runs worker threads from the bundle, with the results of the TypeScript module', async () => {
    const index: LinkIndex = { contentDir: '/nowhere', siteUrl: 'https://example.org', basePath: '', entryByFile: {}, assetByFile: {}, paths: ['/'] };
    // More posts than compile on the calling thread, so they go to workers.
    const jobs = Array.from({ length: 12 }, (_, i) => ({ file: `posts/p${i}.md`, path: `/p${i}/`, body: `# Post ${i}\n\nSome *text* and \`code\`.\n\n\`\`\`ts\nconst n = ${i};\n\`\`\`\n` }));
    process.env.MASTHEAD_STEPS = env.MASTHEAD_STEPS;
    try {
      const bundled = await compileOnWorkers(jobs, index, undefined, 2);
      expect(bundled.map((c) => c.html)).toEqual(await Promise.all(jobs.map(async (job) => (await compileAndStore(job, index)).html)));
    } finally {
      delete process.env.MASTHEAD_STEPS;
    }
  });

  it('starts TypeScript itself when no bundle is named, and refuses a script the bundle lacks', () => {
    expect(stepFile(path.join(SCRIPTS, 'prepare.ts'), {})).toEqual({ file: path.join(SCRIPTS, 'prepare.ts'), typescript: true });
    expect(() => stepFile(path.join(SCRIPTS, 'dev.ts'), env)).toThrow(/dev\.ts is not among the bundled steps/);
  });

  it('lists every script the build starts in a process or thread of its own', () => {
    const started = new Set<string>();
    for (const file of readdirSync(SCRIPTS, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(path.join(SCRIPTS, file), 'utf8');
      // Worker threads: new URL('./x.ts', import.meta.url); processes: build.ts names its steps' files.
      for (const m of source.matchAll(/new URL\('\.\/([\w-]+\.ts)', import\.meta\.url\)/g)) started.add(path.join(path.dirname(file), m[1]));
      if (file === 'build.ts') for (const m of source.matchAll(/'([\w-]+\.ts)'/g)) started.add(m[1]);
    }
    expect(started.size).toBeGreaterThan(5);
    expect([...started].sort()).toEqual([...STEP_SCRIPTS].sort());
  });
});

describe('withoutTsx', () => {
  it("drops the options that load tsx and keeps the others", () => {
    const argv = ['--require', '/p/node_modules/tsx/dist/preflight.cjs', '--import', 'file:///p/node_modules/tsx/dist/loader.mjs', '--cpu-prof', '--import=tsx', '--max-old-space-size=512', '--import', './other.mjs'];
    expect(withoutTsx(argv)).toEqual(['--cpu-prof', '--max-old-space-size=512', '--import', './other.mjs']);
  });
});
