import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BROKEN_BUILD, BUILDS, builtDir, cacheDir, EDIT, EDITED_CONTENT_DIR, EMPTY_CONTENT_DIR, EXTRAS, EXTRAS_CONTENT_DIR, INTERRUPTED_BUILD, ODD_TITLE, RUNTIME_CONTENT_DIR, TEST_BUILDS_DIR, THEMED, THEMED_CONTENT_DIR, TEST_NOW, UNTAGGED_CONTENT_DIR, type BuildName } from '../helpers/builds';

/** Runs `npm run build` as the README does (node --import tsx scripts/build.ts), with `env` over this process's. */
export function runBuild(args: string[], env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts', ...args], {
    env: { ...process.env, MASTHEAD_NOW: TEST_NOW, NEXT_TELEMETRY_DISABLED: '1', ...env, NODE_ENV: 'production' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The sample content with EDIT made to it. */
async function writeEditedContent(): Promise<void> {
  await rm(EDITED_CONTENT_DIR, { recursive: true, force: true });
  await cp('content', EDITED_CONTENT_DIR, { recursive: true });
  const file = path.join(EDITED_CONTENT_DIR, EDIT.file);
  const text = await readFile(file, 'utf8');
  if (!text.includes(`title: ${EDIT.oldTitle}`)) throw new Error(`${EDIT.file} no longer has the title the rebuild test edits`);
  await writeFile(file, `${text.replace(`title: ${EDIT.oldTitle}`, `title: ${EDIT.newTitle}`)}\n${EDIT.paragraph}\n`);
}

/** The sample content with `clientRuntime: true` in its site.yaml. */
async function writeRuntimeContent(): Promise<void> {
  await rm(RUNTIME_CONTENT_DIR, { recursive: true, force: true });
  await cp('content', RUNTIME_CONTENT_DIR, { recursive: true });
  const file = path.join(RUNTIME_CONTENT_DIR, 'site.yaml');
  const text = await readFile(file, 'utf8');
  if (/^clientRuntime:/m.test(text)) throw new Error('content/site.yaml sets clientRuntime: the runtime test build sets it itself');
  await writeFile(file, `${text.trimEnd()}\nclientRuntime: true\n`);
}

/** Three posts without tags (one titled as real files have them: ODD_TITLE), no page, and search turned off. */
async function writeUntaggedContent(): Promise<void> {
  await rm(UNTAGGED_CONTENT_DIR, { recursive: true, force: true });
  await mkdir(path.join(UNTAGGED_CONTENT_DIR, 'posts'), { recursive: true });
  await writeFile(path.join(UNTAGGED_CONTENT_DIR, 'site.yaml'), 'title: Untagged\nurl: https://untagged.example.com\nauthor: Ada\nsearch: false\n');
  await writeFile(path.join(UNTAGGED_CONTENT_DIR, 'posts/2025-01-01-first.md'), '---\ntitle: First\n---\nThe first post, with [the second](./2025-02-01-second.md).\n');
  await writeFile(path.join(UNTAGGED_CONTENT_DIR, 'posts/2025-02-01-second.md'), '---\ntitle: Second\n---\nThe second post.\n');
  await writeFile(path.join(UNTAGGED_CONTENT_DIR, ODD_TITLE.file), `---\ntitle: ${ODD_TITLE.yaml}\ndescription: ${ODD_TITLE.yaml}\n---\nA post whose title reads the same everywhere.\n`);
}

/** The sample with EXTRAS: static files (and a system file to leave out) and the settings. */
async function writeExtrasContent(): Promise<void> {
  await rm(EXTRAS_CONTENT_DIR, { recursive: true, force: true });
  await cp('content', EXTRAS_CONTENT_DIR, { recursive: true });
  for (const [name, bytes] of [...Object.entries(EXTRAS.static), [`.well-known/${EXTRAS.systemFile}`, 'Bud1']]) {
    const file = path.join(EXTRAS_CONTENT_DIR, 'static', name);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }
  const file = path.join(EXTRAS_CONTENT_DIR, 'site.yaml');
  const text = await readFile(file, 'utf8');
  if (/^(security|identity|feed|embeds):/m.test(text)) throw new Error('content/site.yaml sets security, identity, feed or embeds: the extras test build sets them itself');
  await writeFile(file, `${text.trimEnd()}\n${EXTRAS.yaml}\n`);
  await writeFile(path.join(EXTRAS_CONTENT_DIR, EXTRAS.players.file), EXTRAS.players.text);
}

/** The sample with THEMED's settings in place of its language, pageSize and theme, and a custom.css. */
async function writeThemedContent(): Promise<void> {
  await rm(THEMED_CONTENT_DIR, { recursive: true, force: true });
  await cp('content', THEMED_CONTENT_DIR, { recursive: true });
  const file = path.join(THEMED_CONTENT_DIR, 'site.yaml');
  const text = await readFile(file, 'utf8');
  if (/^(menu|strings):/m.test(text)) throw new Error('content/site.yaml sets menu or strings: the themed test build sets them itself');
  // Drop the sample's language, pageSize and theme (with the lines indented under it).
  const kept = text.split('\n').filter((line, i, lines) => {
    const owner = lines.slice(0, i + 1).reverse().find((l) => /^\S/.test(l)) ?? '';
    return !/^(language|pageSize|theme):/.test(owner);
  });
  await writeFile(file, `${kept.join('\n').trimEnd()}\n${THEMED.yaml}\n`);
  await writeFile(path.join(THEMED_CONTENT_DIR, 'custom.css'), THEMED.customCss);
}

/** A site.yaml and no posts or pages. */
async function writeEmptyContent(): Promise<void> {
  await rm(EMPTY_CONTENT_DIR, { recursive: true, force: true });
  await mkdir(EMPTY_CONTENT_DIR, { recursive: true });
  await writeFile(path.join(EMPTY_CONTENT_DIR, 'site.yaml'), 'title: Empty\nurl: https://empty.example.com\nauthor: Ada\n');
}

/** Every entry of a cache folder and when it was last used. */
function cacheEntries(dir: string): { name: string; mtimeMs: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ name: e.name, mtimeMs: statSync(path.join(e.parentPath, e.name)).mtimeMs }));
}

/**
 * A build of the edited content with a bad date in a post, published over a copy of the sample's out/: what
 * the author sees, and what is left of the last good site.
 */
async function brokenBuild(): Promise<void> {
  const dir = path.dirname(BROKEN_BUILD);
  const content = path.join(dir, 'content');
  await rm(dir, { recursive: true, force: true });
  await cp(EDITED_CONTENT_DIR, content, { recursive: true });
  const file = path.join(content, EDIT.file);
  await writeFile(file, (await readFile(file, 'utf8')).replace(/^---\n/, '---\nupdated: not a date\n'));
  await cp(path.join(builtDir('sample'), 'out'), path.join(dir, 'out'), { recursive: true });
  const result = runBuild(['--out', path.join(dir, 'out')], { CONTENT_DIR: content, MASTHEAD_CACHE_DIR: cacheDir('sample') });
  await writeFile(BROKEN_BUILD, JSON.stringify({ status: result.status, stdout: result.stdout, stderr: result.stderr }));
}

/** Every file under `dir` with a hash of its bytes. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name))
      .map((file) => [path.relative(dir, file), createHash('sha256').update(readFileSync(file)).digest('hex')]),
  );
}

/**
 * A build of the edited sample over a copy of the sample's out/, stopped as Ctrl-C stops it (SIGINT to the
 * whole process group) once `next build` is writing its export: how it ended, and out/ before and after.
 */
async function interruptedBuild(): Promise<void> {
  const dir = path.dirname(INTERRUPTED_BUILD);
  const out = path.join(dir, 'out');
  await rm(dir, { recursive: true, force: true });
  await cp(path.join(builtDir('sample'), 'out'), out, { recursive: true });
  const before = snapshot(out);
  const exportDir = path.resolve('.masthead/export');
  await rm(exportDir, { recursive: true, force: true });
  const build = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--out', out], {
    env: { ...process.env, MASTHEAD_NOW: TEST_NOW, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', CONTENT_DIR: EDITED_CONTENT_DIR, MASTHEAD_CACHE_DIR: cacheDir('sample') },
    detached: true,
    stdio: 'ignore',
  });
  const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) => build.on('exit', (code, signal) => resolve({ code, signal })));
  let stoppedWhileNextRan = false;
  for (const deadline = Date.now() + 120_000; build.exitCode === null && Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (existsSync(exportDir)) {
      process.kill(-build.pid!, 'SIGINT');
      stoppedWhileNextRan = true;
      break;
    }
  }
  const result = await ended;
  await writeFile(INTERRUPTED_BUILD, JSON.stringify({ ...result, stoppedWhileNextRan, before, after: snapshot(out) }));
}

/**
 * Builds every test site once with the real `npm run build` (next build included), so the built-output tests
 * read real files. Caches start empty, so the first build of each cache is a cold one. MASTHEAD_TEST_REUSE=1
 * keeps builds (and caches) from an earlier run.
 */
export default async function setup() {
  // The author's out/ is not the tests' business: the teardown fails the run if it changed.
  const authorsOut = path.resolve('out');
  const before = existsSync(authorsOut) ? JSON.stringify(snapshot(authorsOut)) : 'none';
  const reuse = process.env.MASTHEAD_TEST_REUSE === '1';
  if (!reuse) await rm(path.join(TEST_BUILDS_DIR, 'cache'), { recursive: true, force: true });
  await writeEditedContent();
  await writeRuntimeContent();
  await writeUntaggedContent();
  await writeEmptyContent();
  await writeExtrasContent();
  await writeThemedContent();
  for (const name of Object.keys(BUILDS) as BuildName[]) {
    const dir = builtDir(name);
    if (reuse && existsSync(path.join(dir, 'out'))) continue;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const { CONTENT_DIR, SITE_URL } = BUILDS[name];
    const started = Date.now();
    const result = runBuild(['--out', path.join(dir, 'out')], { CONTENT_DIR, SITE_URL, MASTHEAD_CACHE_DIR: cacheDir(name) });
    await writeFile(path.join(dir, 'build.log'), `${result.stdout}\n${result.stderr}`);
    if (result.status !== 0) throw new Error(`Building the "${name}" test site failed:\n${result.stdout}\n${result.stderr}`);
    // What the cache holds after this build, and the HTML pages Next rendered (the others came from the cache).
    await writeFile(path.join(dir, 'cache.json'), JSON.stringify({ started, entries: cacheEntries(cacheDir(name)) }));
    const rendered = readdirSync('.next/server/app', { recursive: true }).map(String).filter((f) => f.endsWith('.html'));
    await writeFile(path.join(dir, 'rendered.json'), JSON.stringify(rendered.sort()));
    // Next's own output of every route, before the next build replaces it.
    if (name === 'sample') await cp('.next/server/app', path.join(dir, 'next-server-app'), { recursive: true });
  }
  if (!reuse || !existsSync(BROKEN_BUILD)) await brokenBuild();
  if (!reuse || !existsSync(INTERRUPTED_BUILD)) await interruptedBuild();
  return () => {
    const after = existsSync(authorsOut) ? JSON.stringify(snapshot(authorsOut)) : 'none';
    if (after !== before) {
      // Vitest reports an error thrown here but still exits 0: the exit code is set too.
      process.exitCode = 1;
      throw new Error(`npm test changed ${authorsOut}, which belongs to the author`);
    }
  };
}
