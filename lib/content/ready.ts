/**
 * A rebuild may start Next before its content is prepared (scripts/build.ts): Next spends seconds starting
 * and loading the app, which need no content. Its processes then wait here, before their first read of the
 * snapshot or the render list, until the build writes the file MASTHEAD_CONTENT_READY names: `ok` once both
 * are complete, `failed` when preparing them failed (the build reports why).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What a build tells the Next it started early. */
export type ReadyState = 'ok' | 'failed';

const POLL_MS = 10;
/** The file that said `ok`: read once per process. */
let readyFile: string | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Blocks until the build says the content is ready; throws if it failed or the build is gone. A no-op when nothing waits. */
export function awaitPreparedContent(env: Record<string, string | undefined> = process.env): void {
  const file = env.MASTHEAD_CONTENT_READY;
  if (!file || file === readyFile) return;
  const build = Number(env.MASTHEAD_BUILD_PID);
  // A Next worker whose Next was stopped (the build's content failed) is left to init (pid 1) or a subreaper.
  const parent = process.ppid;
  // Synchronous, so the synchronous readers (the render list) can wait too; the process has nothing else to do.
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let state: string | undefined;
    try {
      state = readFileSync(file, 'utf8');
    } catch {
      // Not written yet.
    }
    if (state === 'ok') {
      readyFile = file;
      return;
    }
    if (state === 'failed') throw new Error('the build could not prepare the content (its errors say why)');
    if (build && !alive(build)) throw new Error(`the build (process ${build}) ended before the content was prepared`);
    if (parent === 1 || process.ppid !== parent) process.exit(1);
    Atomics.wait(sleeper, 0, 0, POLL_MS);
  }
}

/** In the build: tells the waiting processes (whole, or not at all: written aside, then renamed). */
export function signalPreparedContent(file: string, state: ReadyState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(tmp, state);
  renameSync(tmp, file);
}
