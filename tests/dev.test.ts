/**
 * `npm run dev` as an author uses it: started on a copy of the sample with one broken post, read with Chromium
 * while files are edited, added and fixed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, waitForServer } from './helpers/net';

const BROKEN = 'posts/2025-12-01-broken.md';
const BROKEN_TEXT = '---\ntitle: Broken on purpose\ndate: soon\n---\n\nA post whose date is not a date.\n';

describe('npm run dev', () => {
  let dir: string;
  let dev: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-dev-'));
    await cp('content', dir, { recursive: true });
    await writeFile(path.join(dir, BROKEN), BROKEN_TEXT);
    await mkdir(path.join(dir, 'static/.well-known'), { recursive: true });
    await writeFile(path.join(dir, 'static/.well-known/keybase.txt'), 'keybase proof\n');
    await appendFile(path.join(dir, 'site.yaml'), '\nsecurity:\n  contact: mailto:security@fieldnotes.example.com\n  expires: 2099-01-01T00:00:00Z\n');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    // As the README says: npm run dev (here with a port of its own). NODE_ENV as `next dev` sets it, not vitest's "test".
    dev = spawn('npm', ['run', 'dev', '--', '--port', String(port), '--hostname', '127.0.0.1'], {
      env: { ...process.env, NODE_ENV: 'development', CONTENT_DIR: dir, MASTHEAD_CACHE_DIR: path.join(dir, '.cache') },
      detached: true,
      stdio: 'ignore',
    });
    await waitForServer(`${base}/`, () => dev.exitCode === null, 120_000);
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage();
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    if (dev?.pid && dev.exitCode === null) process.kill(-dev.pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('starts with a broken post: every page names its file, line and field, with no stack trace, and its URL is a 404', async () => {
    const problem = `${path.relative(process.cwd(), path.join(dir, BROKEN))}:3 "date": expected a date like 2025-01-31 or 2025-01-31T09:30:00+01:00, got "soon"`;
    for (const [url, status] of [['/', 200], ['/posts/why-static/', 200], ['/posts/broken/', 404]] as const) {
      const response = await page.goto(`${base}${url}`);
      expect(response?.status(), url).toBe(status);
      const alert = page.locator('.content-problems[role="alert"]');
      expect(await alert.innerText(), url).toContain(problem);
      expect(await page.locator('body').innerText(), url).not.toMatch(/\n\s+at .*\(|node_modules|lib\/content/);
    }
  }, 60_000);

  it('encodes the covers a fresh start leaves until its first page has been sent', async () => {
    // The cache was empty as it started (a fresh clone): the sizes of the covers come after the first page.
    await page.goto(`${base}/`);
    const cover = page.locator('.post-list picture img').first();
    await cover.waitFor();
    await page.waitForFunction(
      () => {
        const img = document.querySelector('.post-list picture img') as HTMLImageElement | null;
        return Boolean(img?.complete && img.naturalWidth > 0);
      },
      undefined,
      { timeout: 30_000 },
    );
    expect(await cover.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/-\d+w\.avif$/);
    // Made before the first refresh of public/ ended, the page reloads once it has: its script then names it.
    await page.waitForFunction(() => /masthead-reload\/\?since=[1-9]/.test(document.body.innerHTML), undefined, { timeout: 60_000 });
  }, 90_000);

  it('tells a page made before the last refresh of public/ to reload as soon as it listens, and no other', async () => {
    const html = await (await fetch(`${base}/`)).text();
    const since = Number(/masthead-reload\/\?since=(\d+)/.exec(html)?.[1]);
    // The first refresh is done: the covers above are in public/.
    expect(since).toBeGreaterThanOrEqual(1);
    /** What the stream sends before it says it is watching. */
    const opening = async (count: number) => {
      const abort = new AbortController();
      const response = await fetch(`${base}/masthead-reload/?since=${count}`, { signal: abort.signal });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes(': watching')) {
        const chunk = await reader.read();
        if (chunk.done) break;
        text += new TextDecoder().decode(chunk.value);
      }
      abort.abort();
      return text.slice(0, text.indexOf(': watching'));
    };
    expect(await opening(since - 1)).toContain('event: change');
    expect(await opening(since)).toBe('');
  }, 30_000);

  it('shows drafts and future posts, each labelled', async () => {
    for (const [url, label] of [['/posts/unfinished-thoughts-on-caching/', 'Draft'], ['/posts/a-post-from-the-future/', 'Scheduled']] as const) {
      expect((await page.goto(`${base}${url}`))?.status()).toBe(200);
      expect(await page.locator('h1 .unpublished-label').innerText()).toBe(label);
    }
    await page.goto(`${base}/`);
    expect(await page.locator('.post-list .unpublished-label').allInnerTexts()).toEqual(['Scheduled', 'Draft']);
    expect(await page.locator('.post-list h2').count()).toBeGreaterThan(2);
  }, 60_000);

  it('reloads the open page by itself when its Markdown changes', async () => {
    await page.goto(`${base}/posts/why-static/`);
    expect(await page.locator('h1').innerText()).toBe('Why we publish static files');
    const file = path.join(dir, 'posts/2025-11-20-why-static.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: Why we publish static files', 'title: Static files, revised'));
    await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Static files, revised', undefined, { timeout: 30_000 });
  }, 60_000);

  it('serves an image added while it runs, after the page reloads itself', async () => {
    await page.goto(`${base}/posts/measuring-page-weight/`);
    await sharp({ create: { width: 64, height: 32, channels: 3, background: '#336699' } }).png().toFile(path.join(dir, 'posts/measuring-page-weight/added.png'));
    const file = path.join(dir, 'posts/measuring-page-weight/index.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\n![An added image](./added.png)\n`);
    const image = page.locator('img[alt="An added image"]');
    await image.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => (document.querySelector('img[alt="An added image"]') as HTMLImageElement | null)?.complete, undefined, { timeout: 30_000 });
    // The browser shows it from the smallest size the dev server encoded, at the image's own pixel size.
    const shown = await image.evaluate((img: HTMLImageElement) => ({ src: img.currentSrc, decoded: img.naturalWidth > 0 }));
    expect(shown.decoded).toBe(true);
    const meta = await sharp(Buffer.from(await (await fetch(shown.src)).arrayBuffer())).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([64, 32, 'heif']);
  }, 60_000);

  it('takes the broken post back once it is fixed', async () => {
    await page.goto(`${base}/`);
    await writeFile(path.join(dir, BROKEN), BROKEN_TEXT.replace('date: soon', 'date: 2025-12-01'));
    await page.waitForFunction(() => !document.querySelector('.content-problems'), undefined, { timeout: 30_000 });
    expect((await page.goto(`${base}/posts/broken/`))?.status()).toBe(200);
  }, 60_000);

  it('stays up with a broken site.yaml: every page names its line, with no stack trace, and reloads once it is fixed', async () => {
    const file = path.join(dir, 'site.yaml');
    const good = await readFile(file, 'utf8');
    await page.goto(`${base}/posts/why-static/`);
    await writeFile(file, good.replace('title: Field Notes', 'title: "Field Notes'));
    const alert = page.locator('.content-problems[role="alert"]');
    await alert.waitFor({ timeout: 30_000 });
    // The quote runs on to the one of `accent: "#2251c7"`: valid YAML, with no url and no author.
    for (const [field, line] of [['url', 4], ['author', 6]]) {
      expect(await alert.innerText()).toContain(`${path.relative(process.cwd(), file)}:2 "${field}": required: written on line ${line}, but read as part of the double-quoted text that starts on this line, closed only on line 14`);
    }
    expect(await page.locator('h1').innerText()).toBe('Static files, revised');
    expect(await page.locator('body').innerText()).not.toMatch(/\n\s+at .*\(|node_modules|lib\/content/);
    await writeFile(file, good);
    await page.waitForFunction(() => !document.querySelector('.content-problems'), undefined, { timeout: 30_000 });
    expect(await page.locator('.site-title').innerText()).toBe('Field Notes');
  }, 60_000);

  it('lets a hidden tab give up its stream, as a browser keeps six connections to a server, and listens again once shown', async () => {
    const context = await browser.newContext();
    try {
      const tabs = [];
      for (let i = 0; i < 6; i++) {
        const tab = await context.newPage();
        await tab.goto(`${base}/posts/why-static/`, { waitUntil: 'domcontentloaded' });
        tabs.push(tab);
      }
      const visibility = (tab: Page, hidden: boolean) =>
        tab.evaluate((hidden) => {
          Object.defineProperty(document, 'hidden', { value: hidden, configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      for (const tab of tabs) await visibility(tab, true);
      // Six listening tabs would hold every connection the browser makes to the server: a seventh page would wait.
      const seventh = await context.newPage();
      expect((await seventh.goto(`${base}/tags/`, { waitUntil: 'domcontentloaded', timeout: 20_000 }))?.status()).toBe(200);
      await seventh.close();
      // A change made while a tab is hidden reloads it once it is shown.
      const post = path.join(dir, 'posts/2025-11-20-why-static.md');
      const text = await readFile(post, 'utf8');
      await writeFile(post, text.replace('title: Static files, revised', 'title: Static files, seen later'));
      await page.goto(`${base}/posts/why-static/`);
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Static files, seen later', undefined, { timeout: 30_000 });
      expect(await tabs[0].locator('h1').innerText()).toBe('Static files, revised');
      await visibility(tabs[0], false);
      await tabs[0].waitForFunction(() => document.querySelector('h1')?.textContent === 'Static files, seen later', undefined, { timeout: 30_000 });
    } finally {
      await context.close();
    }
  }, 120_000);

  it('shows every page still when a build run beside it deletes the cache entries it did not use', async () => {
    // What `npm run build` prunes of a shared cache: here, all of it. The draft is compiled by no build.
    await rm(path.join(dir, '.cache'), { recursive: true, force: true });
    for (const [url, text] of [
      ['/posts/unfinished-thoughts-on-caching/', 'This draft must never appear in the built site.'],
      ['/posts/why-static/', 'Static files, seen later'],
    ]) {
      const response = await page.goto(`${base}${url}`);
      expect(response?.status(), url).toBe(200);
      expect(await page.locator('article.entry').innerText(), url).toContain(text);
    }
  }, 60_000);

  it('serves the static files, one added while it runs too, and security.txt from its route', async () => {
    const keybase = await fetch(`${base}/.well-known/keybase.txt`);
    expect(keybase.status).toBe(200);
    expect(await keybase.text()).toBe('keybase proof\n');
    const security = await fetch(`${base}/.well-known/security.txt`);
    expect([security.status, security.headers.get('content-type')]).toEqual([200, 'text/plain; charset=utf-8']);
    expect(await security.text()).toContain('Contact: mailto:security@fieldnotes.example.com\n');
    await writeFile(path.join(dir, 'static/humans.txt'), 'Ada\n');
    let added: Response | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      added = await fetch(`${base}/humans.txt`);
      if (added.ok) break;
    }
    expect(added?.status).toBe(200);
    expect(await added?.text()).toBe('Ada\n');
  }, 60_000);

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
