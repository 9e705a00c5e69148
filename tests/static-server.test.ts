import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/static-server';

let dir: string;

/** A raw GET, so paths like `/../x` reach the server unnormalised. */
function get(origin: string, rawPath: string): Promise<{ status: number; type?: string; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    const req = request({ hostname, port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], location: res.headers.location, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-serve-'));
  const files: Record<string, string> = {
    'index.html': '<h1>Home</h1>',
    '404.html': '<h1>Not here</h1>',
    'a/index.html': '<h1>A</h1>',
    'a/index.html.md': '# A',
    'rss.xml': '<rss/>',
    'feed.json': '{}',
    'manifest.webmanifest': '{}',
    'icon.svg': '<svg/>',
    'data.bin1': 'x',
    'noext': 'x',
  };
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, 'site', file)), { recursive: true });
    await writeFile(path.join(dir, 'site', file), text);
  }
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('serveStatic at the root', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(path.join(dir, 'site'), { port: 0 });
  });
  afterAll(() => server.close());

  it('listens on loopback', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves directories through index.html and redirects the slashless form', async () => {
    expect(await get(server.origin, '/')).toMatchObject({ status: 200, body: '<h1>Home</h1>', type: 'text/html; charset=utf-8' });
    expect(await get(server.origin, '/a/')).toMatchObject({ status: 200, body: '<h1>A</h1>' });
    expect(await get(server.origin, '/a?x=1')).toMatchObject({ status: 301, location: '/a/?x=1' });
  });

  it('types files by extension only', async () => {
    expect((await get(server.origin, '/a/index.html.md')).type).toBe('text/markdown; charset=utf-8');
    expect((await get(server.origin, '/rss.xml')).type).toBe('application/xml; charset=utf-8');
    expect((await get(server.origin, '/feed.json')).type).toBe('application/json; charset=utf-8');
    expect((await get(server.origin, '/manifest.webmanifest')).type).toBe('application/manifest+json; charset=utf-8');
    expect((await get(server.origin, '/icon.svg')).type).toBe('image/svg+xml');
    expect((await get(server.origin, '/data.bin1')).type).toBe('application/octet-stream');
    expect((await get(server.origin, '/noext')).type).toBe('application/octet-stream');
  });

  it('answers misses with 404.html and status 404', async () => {
    expect(await get(server.origin, '/nope/')).toMatchObject({ status: 404, body: '<h1>Not here</h1>', type: 'text/html; charset=utf-8' });
    expect(await get(server.origin, '/nope')).toMatchObject({ status: 404 });
  });

  it('refuses path traversal, plain or encoded', async () => {
    for (const p of ['/../secret.txt', '/a/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/a/..%5c..%5csecret.txt']) {
      const res = await get(server.origin, p);
      expect(res.body, p).not.toContain('secret');
      expect([403, 404], p).toContain(res.status);
    }
  });
});

describe('serveStatic under a base path', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await serveStatic(path.join(dir, 'site'), { basePath: '/field-notes', port: 0 });
  });
  afterAll(() => server.close());

  it('serves the site under the base path and nothing outside it', async () => {
    expect(server.url).toMatch(/\/field-notes\/$/);
    expect(await get(server.origin, '/field-notes/')).toMatchObject({ status: 200, body: '<h1>Home</h1>' });
    expect(await get(server.origin, '/field-notes')).toMatchObject({ status: 301, location: '/field-notes/' });
    expect(await get(server.origin, '/field-notes/a')).toMatchObject({ status: 301, location: '/field-notes/a/' });
    expect(await get(server.origin, '/a/')).toMatchObject({ status: 404, body: '<h1>Not here</h1>' });
    expect(await get(server.origin, '/')).toMatchObject({ status: 404 });
    expect(await get(server.origin, '/field-notesx/')).toMatchObject({ status: 404 });
  });
});
