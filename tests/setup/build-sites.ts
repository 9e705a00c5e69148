import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { BUILDS, TEST_BUILDS_DIR, TEST_NOW, type BuildName } from '../helpers/builds';

/**
 * Builds every test site once with the real `npm run build` pipeline (next build included), so the
 * built-output tests read real files. MASTHEAD_TEST_REUSE=1 keeps builds from an earlier run.
 */
export default async function setup() {
  for (const name of Object.keys(BUILDS) as BuildName[]) {
    const target = path.join(TEST_BUILDS_DIR, name);
    if (process.env.MASTHEAD_TEST_REUSE === '1' && existsSync(path.join(target, 'out'))) continue;
    const { CONTENT_DIR, SITE_URL } = BUILDS[name];
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
      env: { ...process.env, CONTENT_DIR, SITE_URL, MASTHEAD_NOW: TEST_NOW, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    if (result.status !== 0) throw new Error(`Building the "${name}" test site failed:\n${result.stdout}\n${result.stderr}`);
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    await rename('out', path.join(target, 'out'));
  }
}
