import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BROKEN_REBUILD, BUILDS, EDIT, EDIT_AGAIN, EDITED_AGAIN_CONTENT_DIR, EDITED_CONTENT_DIR, RUNTIME_CONTENT_DIR, TEST_BUILDS_DIR, TEST_NOW, type BuildName } from '../helpers/builds';

/** Copies the sample content and makes EDIT to it; copies that and makes EDIT_AGAIN. */
async function writeEditedContent(): Promise<void> {
  await rm(EDITED_CONTENT_DIR, { recursive: true, force: true });
  await cp('content', EDITED_CONTENT_DIR, { recursive: true });
  const file = path.join(EDITED_CONTENT_DIR, EDIT.file);
  const text = await readFile(file, 'utf8');
  if (!text.includes(`title: ${EDIT.oldTitle}`)) throw new Error(`${EDIT.file} no longer has the title the incremental-build test edits`);
  await writeFile(file, `${text.replace(`title: ${EDIT.oldTitle}`, `title: ${EDIT.newTitle}`)}\n${EDIT.paragraph}\n`);
  await rm(EDITED_AGAIN_CONTENT_DIR, { recursive: true, force: true });
  await cp(EDITED_CONTENT_DIR, EDITED_AGAIN_CONTENT_DIR, { recursive: true });
  const again = path.join(EDITED_AGAIN_CONTENT_DIR, EDIT_AGAIN.file);
  await writeFile(again, `${await readFile(again, 'utf8')}\n${EDIT_AGAIN.paragraph}\n`);
}

/** Copies the sample content with `clientRuntime: true` in its site.yaml. */
async function writeRuntimeContent(): Promise<void> {
  await rm(RUNTIME_CONTENT_DIR, { recursive: true, force: true });
  await cp('content', RUNTIME_CONTENT_DIR, { recursive: true });
  const file = path.join(RUNTIME_CONTENT_DIR, 'site.yaml');
  const text = await readFile(file, 'utf8');
  if (/^clientRuntime:/m.test(text)) throw new Error('content/site.yaml sets clientRuntime: the runtime test build sets it itself');
  await writeFile(file, `${text.trimEnd()}
clientRuntime: true
`);
}

/** The processes still running with `name=value` in their environment. */
function processesWith(name: string, value: string): number {
  let count = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(`${name}=${value}`)) count++;
    } catch {
      // Gone, or not ours to read.
    }
  }
  return count;
}

/**
 * After the rebuilds: one more of the edited content with a bad date in a post. Its site.yaml and code are
 * the last build's, so Next starts before the content fails to load; records what the author saw.
 */
async function brokenRebuild(env: NodeJS.ProcessEnv): Promise<void> {
  const dir = path.join(TEST_BUILDS_DIR, 'broken-content');
  await rm(dir, { recursive: true, force: true });
  await cp(EDITED_AGAIN_CONTENT_DIR, dir, { recursive: true });
  const file = path.join(dir, EDIT_AGAIN.file);
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^---\n/, '---\nupdated: not a date\n'));
  const started = performance.now();
  const result = spawnSync(process.execPath, ['scripts/launch-build.mjs'], { env: { ...env, CONTENT_DIR: dir }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  // Next's workers end within a poll (10 ms) of their Next.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const leftovers = processesWith('MASTHEAD_BUILD_PID', String(result.pid));
  await writeFile(BROKEN_REBUILD, JSON.stringify({ status: result.status, output: `${result.stdout}${result.stderr}`, seconds, leftovers }));
}

/**
 * Builds every test site once with the real `npm run build` pipeline (next build included), so the
 * built-output tests read real files. Caches start empty, so the first build is a cold one.
 * MASTHEAD_TEST_REUSE=1 keeps builds (and caches) from an earlier run.
 */
export default async function setup() {
  const reuse = process.env.MASTHEAD_TEST_REUSE === '1';
  if (!reuse) await rm(path.join(TEST_BUILDS_DIR, 'cache'), { recursive: true, force: true });
  await writeEditedContent();
  await writeRuntimeContent();
  for (const name of Object.keys(BUILDS) as BuildName[]) {
    const target = path.join(TEST_BUILDS_DIR, name);
    if (reuse && existsSync(path.join(target, 'out'))) continue;
    const build = BUILDS[name];
    const { CONTENT_DIR, SITE_URL, cache } = build;
    const renderList = path.join(TEST_BUILDS_DIR, 'cache', cache, 'render-list.json');
    await rm(renderList, { force: true });
    const env = {
      ...process.env,
      CONTENT_DIR,
      SITE_URL,
      MASTHEAD_NOW: TEST_NOW,
      MASTHEAD_CACHE_DIR: path.join(TEST_BUILDS_DIR, 'cache', cache),
      NEXT_TELEMETRY_DISABLED: '1',
      NODE_ENV: 'production' as const,
      ...('lowMemory' in build ? { MASTHEAD_LOW_MEMORY: '1' } : {}),
    };
    const result = spawnSync(process.execPath, ['scripts/launch-build.mjs'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) throw new Error(`Building the "${name}" test site failed:\n${result.stdout}\n${result.stderr}`);
    await rm(target, { recursive: true, force: true });
    await mkdir(target, { recursive: true });
    await rename('out', path.join(target, 'out'));
    await writeFile(path.join(target, 'build.log'), result.stdout);
    // The paths this build rendered rather than took from the page cache (none is written when the runtime stays).
    if (existsSync(renderList)) await cp(renderList, path.join(target, 'render-list.json'));
    if (name === 'edited-again') await brokenRebuild(env);
  }
}
