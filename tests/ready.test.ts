import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awaitPreparedContent, signalPreparedContent } from '@/lib/content/ready';

const dir = mkdtempSync(path.join(os.tmpdir(), 'masthead-ready-'));
const env = (file: string, buildPid = process.pid) => ({ MASTHEAD_CONTENT_READY: file, MASTHEAD_BUILD_PID: String(buildPid) });

describe('awaitPreparedContent (a Next started before the content)', () => {
  it('returns at once when nothing waits, and when the build has said ok', () => {
    expect(() => awaitPreparedContent({})).not.toThrow();
    const file = path.join(dir, 'ok');
    signalPreparedContent(file, 'ok');
    expect(() => awaitPreparedContent(env(file))).not.toThrow();
  });

  it('throws when the build says the content failed', () => {
    const file = path.join(dir, 'failed');
    signalPreparedContent(file, 'failed');
    expect(() => awaitPreparedContent(env(file))).toThrow(/could not prepare the content/);
  });

  it('waits until another process writes the file', async () => {
    const file = path.join(dir, 'later');
    // Written 300 ms from now by another process: this thread blocks meanwhile.
    spawn(process.execPath, ['-e', `setTimeout(() => require('node:fs').writeFileSync(${JSON.stringify(file)}, 'ok'), 300)`], { stdio: 'ignore' });
    const started = performance.now();
    awaitPreparedContent(env(file));
    expect(performance.now() - started).toBeGreaterThan(200);
  });

  it('throws when the build that would write the file has ended', async () => {
    const file = path.join(dir, 'never');
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.on('exit', resolve));
    expect(() => awaitPreparedContent(env(file, gone.pid!))).toThrow(`the build (process ${gone.pid}) ended before the content was prepared`);
  });

  it('replaces what a file held before', () => {
    const file = path.join(dir, 'whole');
    writeFileSync(file, 'stale');
    signalPreparedContent(file, 'ok');
    expect(() => awaitPreparedContent(env(file))).not.toThrow();
  });
});
