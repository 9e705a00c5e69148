import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/net';

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
    // Up when it answers.
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (dev.exitCode !== null || Date.now() > deadline) throw new Error(`next dev did not start:\n${log}`);
      if (await fetch(`${base}/`).then((r) => r.ok, () => false)) break;
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
    // Reloads until the page shows it (the content read for one request is reused for a second).
    let h1: string | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline && h1 !== 'Static files, revised'; ) {
      h1 = h1Of(await (await fetch(`${base}/posts/why-static/`)).text());
    }
    expect(h1).toBe('Static files, revised');
  }, 120_000);

  it('serves the cards, the tag feeds and the Markdown copies at their URLs', async () => {
    for (const [url, type] of [
      ['/og/posts/why-static.png', 'image/png'],
      ['/tags/performance/rss.xml', 'application/rss+xml'],
      ['/posts/why-static/index.html.md', 'text/markdown'],
    ]) {
      const response = await fetch(`${base}${url}`);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toContain(type);
    }
  }, 60_000);
});
