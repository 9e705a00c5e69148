/**
 * The build's steps as plain JavaScript. Each step runs in a process of its own (child.ts), and some start
 * worker threads (worker-pool.ts). Under tsx, each of them spent 0.4 to 0.6 s more starting than the same
 * code bundled: tsx registers its loader, transforms every module and resolves every import through a
 * loader thread. So the build bundles the steps with esbuild (tsx's own compiler) once per version of the
 * code, and starts the bundles with plain `node`. Packages stay in node_modules (not bundled); the bundles
 * are written under it, so their imports resolve as the sources' do.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** The scripts a build starts in a process or worker thread of its own, relative to scripts/; their file names are unique. */
export const STEP_SCRIPTS = ['prepare.ts', 'write-files.ts', 'post-export.ts', 'check.ts', 'compile-worker.ts', 'og-card-worker.ts', 'check/facts-worker.ts'];

/** The variable that tells a build's processes where its bundles are. */
const STEPS_VAR = 'MASTHEAD_STEPS';

/** Where the bundles of every version of the code live: in node_modules, so packages resolve from them. */
export function stepsRoot(): string {
  const nodeModules = path.dirname(path.dirname(createRequire(import.meta.url).resolve('esbuild/package.json')));
  return path.join(nodeModules, '.cache', 'masthead', 'steps');
}

/**
 * Bundles STEP_SCRIPTS for the code `fingerprint` names (scripts/page-cache.ts codeFingerprint), unless a
 * bundle for it exists, and deletes the bundles of other versions. Returns the environment variables that
 * make startChild and runOnWorkers use it.
 */
export async function bundleSteps(fingerprint: string, root = stepsRoot()): Promise<{ [STEPS_VAR]: string }> {
  const dir = path.join(root, fingerprint.slice(0, 16));
  if (!existsSync(dir)) {
    const esbuild = await import('esbuild');
    const tmp = `${dir}.${process.pid}.tmp`;
    await esbuild.build({
      entryPoints: STEP_SCRIPTS.map((script) => path.join(import.meta.dirname, script)),
      outdir: tmp,
      entryNames: '[name]',
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: `node${process.versions.node}`,
      packages: 'external',
      logLevel: 'error',
    });
    // Its service process would otherwise live as long as the build.
    await esbuild.stop();
    // Another build may have made the same bundle meanwhile: either is right.
    await rename(tmp, dir).catch(() => rm(tmp, { recursive: true, force: true }));
    // Other versions' bundles, not another build's bundle in the making.
    for (const name of await readdir(root)) {
      if (path.join(root, name) !== dir && !name.endsWith('.tmp')) await rm(path.join(root, name), { recursive: true, force: true });
    }
  }
  return { [STEPS_VAR]: dir };
}

/**
 * The file to start for the TypeScript `script`, and whether it needs tsx: its bundle when `env` names the
 * bundles (a build that bundled its steps), else the script itself.
 */
export function stepFile(script: string, env: Record<string, string | undefined> = process.env): { file: string; typescript: boolean } {
  const dir = env[STEPS_VAR];
  if (!dir) return { file: script, typescript: true };
  const file = path.join(dir, `${path.basename(script, '.ts')}.mjs`);
  if (!existsSync(file)) throw new Error(`${script} is not among the bundled steps (STEP_SCRIPTS in scripts/steps.ts)`);
  return { file, typescript: false };
}
