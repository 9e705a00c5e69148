/**
 * `npm run build`: validate and compile the content (both cores), export with Next.js, then the
 * post-export steps: strip the client runtime, copy post images, write per-page files and cards, check
 * `out/`. Each step runs in a process of its own (scripts/child.ts): this one only starts them, so the
 * memory a step grows is gone before the next one starts.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { signalPreparedContent, type ReadyState } from '../lib/content/ready';
import { snapshotFiles } from '../lib/content/snapshot';
import { loadSite, runtimeOptions } from '../lib/site';
import { codeFingerprint, pageStore } from './page-cache';
import { runChild, startChild, type Child } from './child';
import { bundleSteps } from './steps';
import type { PostExportInput } from './post-export';
import type { Prepared } from './prepare';

export interface BuildOptions {
  /** Environment for the build (CONTENT_DIR, SITE_URL, MASTHEAD_*); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Run `npm run check` on the result (default true; MASTHEAD_SKIP_CHECK=1 turns it off). */
  check?: boolean;
  /** This process's lines; the steps in processes of their own print to standard output. */
  log?: (line: string) => void;
}

/** Runs a command; `kill` ends it (and `done` rejects). */
function spawnCommand(command: string, args: string[], env: NodeJS.ProcessEnv): { done: Promise<void>; kill(): void } {
  const child = spawn(command, args, { stdio: 'inherit', env });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))));
  });
  return { done, kill: () => child.kill() };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return spawnCommand(command, args, env).done;
}

/** What the last successful `next build` left beside its compile, in `.next/`. */
interface Compiled {
  /** The code, base path and client-runtime setting it compiled (see `compileStamp`). */
  stamp: string;
  /** A digest of the site.yaml (and SITE_URL) it built. */
  site: string;
  posts: number;
}

const compiledMarker = () => path.resolve('.next', 'masthead-compiled.json');

function compileStamp(fingerprint: string, basePath: string, clientRuntime: boolean): string {
  return JSON.stringify({ fingerprint, basePath, clientRuntime });
}

/** The last build's marker, removed: a build that fails leaves none, and the next one compiles again. */
async function takeCompiledMarker(): Promise<Compiled | undefined> {
  try {
    return JSON.parse(await readFile(compiledMarker(), 'utf8')) as Compiled;
  } catch {
    return undefined;
  } finally {
    await rm(compiledMarker(), { force: true });
  }
}

/**
 * Runs `next build`. Its compile depends only on the code, the base path and whether the client runtime
 * stays, not on the content, so when all three are as the last build left them (`compiled`), the compiled
 * `.next/` is reused and Next only generates pages (`--experimental-build-mode=generate`; a failure there
 * falls back to a full build).
 */
async function nextBuild(env: NodeJS.ProcessEnv, compiled: boolean, log: (line: string) => void): Promise<void> {
  if (compiled) {
    try {
      return await (await nextGenerate(env, log)).done;
    } catch (error) {
      log(`masthead: generating from the last compile failed (${(error as Error).message}); building from scratch`);
    }
  }
  await run(process.execPath, [NEXT_BIN, 'build'], env);
}

const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

/** Starts `next build` generating pages from the last compile. */
async function nextGenerate(env: NodeJS.ProcessEnv, log: (line: string) => void, early = false): Promise<{ done: Promise<void>; kill(): void }> {
  log(
    early
      ? 'masthead: code, base path and site.yaml unchanged since the last build: reusing its compile, generating pages only; Next starts while the content is prepared'
      : 'masthead: code and base path unchanged since the last build: reusing its compile, generating pages only',
  );
  // Next 16.4's export then copies the routes of the last build's prerender manifest, not of this one's:
  // after a full build, every page and payload file again (seconds of copying); after another generate, the
  // pages that build rendered instead of this one's, so a page rendered now is missing from out/. Without
  // the file, it copies what it just rendered.
  await rm(path.resolve('.next', 'prerender-manifest.json'), { force: true });
  return spawnCommand(process.execPath, [NEXT_BIN, 'build', '--experimental-build-mode=generate'], env);
}

/**
 * The site settings Next's compile depends on, read before the content is, and a digest of every setting
 * (the url as SITE_URL overrides it); undefined when site.yaml can't be read (the prepare step reports why).
 */
function siteBeforeContent(env: NodeJS.ProcessEnv): { basePath: string; clientRuntime: boolean; digest: string } | undefined {
  const { contentDir, siteUrl } = runtimeOptions(env);
  try {
    const site = loadSite(contentDir, siteUrl);
    return { basePath: site.basePath, clientRuntime: site.clientRuntime, digest: createHash('sha256').update(JSON.stringify(site)).digest('hex') };
  } catch {
    return undefined;
  }
}

/** A `next build` started before the content is prepared, and how the build tells it the content is ready or failed. */
interface EarlyNext {
  done: Promise<void>;
  /** How many workers it renders on. */
  workers?: string;
  /** `ok` lets it read the content; `failed` stops it, quietly (its error is not the build's). Once only. */
  release(state: ReadyState): Promise<void>;
}

/** Starts Next generating from the last compile, its processes waiting for `ready` (lib/content/ready.ts). */
async function startEarlyNext(env: NodeJS.ProcessEnv, ready: string, log: (line: string) => void): Promise<EarlyNext> {
  const next = await nextGenerate({ ...env, MASTHEAD_CONTENT_READY: ready, MASTHEAD_BUILD_PID: String(process.pid) }, log, true);
  // Awaited later; a failure meanwhile must not go unhandled.
  next.done.catch(() => {});
  let released = false;
  return {
    done: next.done,
    workers: env.MASTHEAD_NEXT_WORKERS,
    async release(state) {
      if (released) return;
      released = true;
      signalPreparedContent(ready, state);
      if (state === 'ok') return;
      // Its worker, waiting for the content, ends when its parent does.
      next.kill();
      await next.done.catch(() => {});
    },
  };
}

/**
 * Moves `dir` aside to `trash` (on the same file system) and starts deleting it there; deletes it in place
 * when it can't be moved. Resolves once `dir` is gone, with the deletion still running.
 */
async function moveAside(dir: string, trash: string, log: (line: string) => void): Promise<{ deleted: Promise<void> }> {
  try {
    await mkdir(path.dirname(trash), { recursive: true });
    await rename(dir, trash);
  } catch {
    await rm(dir, { recursive: true, force: true });
    return { deleted: Promise.resolve() };
  }
  return { deleted: rm(trash, { recursive: true, force: true }).catch((error: Error) => log(`warning: could not delete ${trash}: ${error.message}`)) };
}

/** Fewer pages to render than this, and Next renders on one worker (see build()). */
const FEW_PAGES = 64;

/** Above this many posts, Next renders on one worker, one page at a time, and the steps after it start one at a time (see build()); MASTHEAD_NEXT_WORKERS and MASTHEAD_NEXT_CONCURRENCY override it. */
const WORKER_POSTS_LIMIT = 4000;

/** The whole build. */
export async function build({ env = process.env, check = env.MASTHEAD_SKIP_CHECK !== '1', log = console.log }: BuildOptions = {}): Promise<void> {
  const started = performance.now();
  // One instant decides which posts are "future" in every process of this build.
  const buildEnv: NodeJS.ProcessEnv = { ...env, NEXT_TELEMETRY_DISABLED: '1', MASTHEAD_NOW: env.MASTHEAD_NOW ?? new Date().toISOString() };
  const { cacheDir } = runtimeOptions(buildEnv);
  const snapshot = path.join(cacheDir, 'snapshots', `${process.pid}.bin`);
  buildEnv.MASTHEAD_CONTENT_SNAPSHOT = snapshot;
  // Where the post images and per-page files are written before they are moved into out/.
  const staged = path.join(cacheDir, `files-${process.pid}`);
  const steps: { stop(): void }[] = [];
  // Written when Next, started before the content was prepared, may read it (lib/content/ready.ts).
  const ready = `${snapshot}.ready`;
  let earlyNext: EarlyNext | undefined;
  try {
    const fingerprint = await codeFingerprint();
    // Keys the page cache, and the feed items every process of the build reads and writes (lib/item-store.ts).
    buildEnv.MASTHEAD_FINGERPRINT = fingerprint;
    // Every step below starts as plain JavaScript, bundled once per version of the code (steps.ts).
    Object.assign(buildEnv, await bundleSteps(fingerprint));
    // A page list for the catch-all route; without the page cache (clientRuntime) it is never written.
    buildEnv.MASTHEAD_RENDER_LIST = path.join(cacheDir, 'render-list.json');
    // public/ is written by `npm run dev` (drafts included); Next would copy it into out/.
    await rm(path.resolve('public'), { recursive: true, force: true });
    const last = await takeCompiledMarker();
    const site = siteBeforeContent(buildEnv);
    // A rebuild whose code, site.yaml and size are as the last build left them, with its page cache, starts Next
    // now, on one worker, while the content is prepared: Next starting and loading the app (about 4 s at 1,000
    // posts) needs no content, and its processes wait for it (lib/content/ready.ts). Such a rebuild renders the
    // pages an edit changed, so one worker (see FEW_PAGES below); many changed posts render on that one worker
    // too. Five interleaved pairs of rebuilds after one edit at 1,000 posts: 1.4 s faster on average, four of five.
    if (
      site &&
      !site.clientRuntime &&
      last?.stamp === compileStamp(fingerprint, site.basePath, false) &&
      last.site === site.digest &&
      last.posts <= WORKER_POSTS_LIMIT &&
      buildEnv.MASTHEAD_LOW_MEMORY !== '1' &&
      existsSync(pageStore(cacheDir))
    ) {
      const env: NodeJS.ProcessEnv = { ...buildEnv, MASTHEAD_BASE_PATH: site.basePath };
      delete env.MASTHEAD_CLIENT_RUNTIME;
      env.MASTHEAD_NEXT_WORKERS ??= '1';
      earlyNext = await startEarlyNext(env, ready, log);
    }
    const prepared = await runChild<void, Prepared>(path.join(import.meta.dirname, 'prepare.ts'), undefined, buildEnv, 'preparing the content');
    const { plan } = prepared;
    if (!plan) delete buildEnv.MASTHEAD_RENDER_LIST;
    for (const warning of prepared.warnings) log(`warning: ${warning}`);
    log(`masthead: ${prepared.posts} posts, ${prepared.pages} pages, ${prepared.tags} tags compiled in ${Math.round(performance.now() - started)} ms`);
    if (plan) log(`masthead: ${plan.render.length} pages to render, ${plan.reuse.length} unchanged from the page cache`);
    buildEnv.MASTHEAD_BASE_PATH = prepared.basePath;
    if (plan) delete buildEnv.MASTHEAD_CLIENT_RUNTIME;
    else buildEnv.MASTHEAD_CLIENT_RUNTIME = '1';
    // MASTHEAD_LOW_MEMORY=1 runs any site as a big one: a little slower, in less memory.
    const big = prepared.posts > WORKER_POSTS_LIMIT || buildEnv.MASTHEAD_LOW_MEMORY === '1';
    const stamp = compileStamp(fingerprint, prepared.basePath, !plan);
    // The early Next read site.yaml before the content was loaded; if it changed meanwhile, or the site grew
    // past the big-site limit, that Next is stopped, and this build compiles again: what a stopped Next left
    // in .next/ is not trusted.
    let compiled = last?.stamp === stamp;
    if (earlyNext && (!plan || big || site?.basePath !== prepared.basePath)) {
      await earlyNext.release('failed');
      earlyNext = undefined;
      compiled = false;
    }
    // Each of Next's workers grows to about 0.9 GiB on 10,000 posts (site-wide feeds of full posts, and
    // V8 collecting lazily); two of them and Next's own process passed 2 GiB. Big sites render on one.
    // One worker holding the feeds, llms-full.txt and sitemap of 10,000 posts at once reached 1.6 GiB;
    // so that worker also renders one page at a time.
    if (big) {
      buildEnv.MASTHEAD_NEXT_WORKERS ??= '1';
      buildEnv.MASTHEAD_NEXT_CONCURRENCY ??= '1';
    }
    // A build that renders a few pages (a rebuild after an edit, a small site) does it on one worker: a
    // second one would load the app and the site again, while the files step wants the other core. Six
    // interleaved pairs of rebuilds after one edit at 1,000 posts: 1.0 s faster on average, five of six.
    if (plan && plan.render.length < FEW_PAGES) buildEnv.MASTHEAD_NEXT_WORKERS ??= '1';
    const outDir = path.resolve('out');
    // The last build's out/ is deleted while Next runs rather than before (about a second at 1,000 posts).
    // An early Next waits for the content, so it has not reached its export.
    const oldOut = await moveAside(outDir, path.join(cacheDir, `old-out-${process.pid}`), log);
    // The later steps run in processes of their own. The post images and per-page files need only the
    // content: a small site writes them while Next runs, into a folder of their own (Next empties out/ when
    // it exports) that the step after the export moves into out/. A big site writes them after Next: at
    // 10,000 posts that step beside Next's worker would pass 2 GiB.
    const start = <A>(script: string, what: string) => {
      const child = startChild<A, void>(path.join(import.meta.dirname, script), buildEnv, what);
      steps.push(child);
      return child;
    };
    const writeFiles = () => start<string>('write-files.ts', 'writing the per-page files').run(staged);
    // The steps after the export, started (once) so their modules load, a second or two each, before they
    // are sent their input.
    let after: { postExport: Child<PostExportInput, void>; checking?: Child<string, void> } | undefined;
    const startAfter = () =>
      (after ??= {
        postExport: start<PostExportInput>('post-export.ts', 'the steps after the export'),
        checking: check ? start<string>('check.ts', 'the check of out/') : undefined,
      });
    // A small build (Next renders on one worker, see above) starts them once the files are written, while Next
    // still runs, on the core that step leaves free: eight interleaved pairs of rebuilds after one edit at 1,000
    // posts, 0.5 s faster on average, six pairs of eight. A cold build keeps both cores busy until Next ends.
    const early = !big && (earlyNext ? earlyNext.workers : buildEnv.MASTHEAD_NEXT_WORKERS) === '1';
    const filesWritten = big ? undefined : writeFiles().then(() => void (early && startAfter()));
    // Awaited after Next; a failure meanwhile must not go unhandled.
    filesWritten?.catch(() => {});
    if (earlyNext) {
      await earlyNext.release('ok');
      await earlyNext.done.catch(async (error: Error) => {
        log(`masthead: generating from the last compile failed (${error.message}); building from scratch`);
        await nextBuild(buildEnv, false, log);
      });
    } else await nextBuild(buildEnv, compiled, log);
    await writeFile(compiledMarker(), JSON.stringify({ stamp, site: site?.digest ?? '', posts: prepared.posts } satisfies Compiled));
    await Promise.all([oldOut.deleted, filesWritten ?? writeFiles()]);
    const { postExport, checking } = startAfter();
    await postExport.run({ outDir, plan, staged });
    await checking?.run(outDir);
    log(`masthead: built ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    // A build that failed before its content was ready ends the Next it started early.
    await earlyNext?.release('failed');
    for (const step of steps) step.stop();
    await Promise.all([...snapshotFiles(snapshot), ready, staged].map((f) => rm(f, { recursive: true, force: true })));
  }
}

/** `npm run build` (scripts/launch-build.mjs): builds, or prints the author's problems (or the error) and exits with 1. */
export function main(): Promise<void> {
  return build().catch((error) => {
    console.error(error instanceof Error && (error.name === 'ContentError' || error.name === 'CheckError') ? error.message : error);
    process.exit(1);
  });
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/build.ts')) void main();
