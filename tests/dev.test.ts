import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function h1Of(html: string): string | undefined {
  return /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1];
}

describe('npm run dev', () => {
  let dir: string;
  let dev: ChildProcess;
  let base: string;
  let log = '';

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-dev-'));
    await cp('content', dir, { recursive: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    dev = spawn(process.execPath, ['--import', 'tsx', 'scripts/dev.ts', '--port', String(port), '--hostname', '127.0.0.1'], {
      env: { ...process.env, CONTENT_DIR: dir, NEXT_TELEMETRY_DISABLED: '1', MASTHEAD_CACHE_DIR: path.join(dir, '.cache') },
      detached: true,
    });
    dev.stdout!.on('data', (d) => (log += d));
    dev.stderr!.on('data', (d) => (log += d));
    const deadline = Date.now() + 120_000;
    while (!/Ready in/.test(log)) {
      if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`next dev did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 150_000);

  afterAll(async () => {
    if (dev?.pid) process.kill(-dev.pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('shows drafts, and an edited post on the next reload without a restart', async () => {
    const first = await fetch(`${base}/posts/why-static/`);
    expect(first.status).toBe(200);
    expect(h1Of(await first.text())).toBe('Why we publish static files');

    const draft = await fetch(`${base}/posts/unfinished-thoughts-on-caching/`);
    expect(draft.status).toBe(200);

    const file = path.join(dir, 'posts', '2025-11-20-why-static.md');
    const source = await readFile(file, 'utf8');
    await writeFile(file, source.replace('title: Why we publish static files', 'title: Static files, revised'));
    await new Promise((r) => setTimeout(r, 1100));
    const second = await fetch(`${base}/posts/why-static/`);
    expect(h1Of(await second.text())).toBe('Static files, revised');
  }, 120_000);
});
