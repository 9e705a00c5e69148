/**
 * Real-browser tests (issues 3 and 6): the built sites served as a static host would serve them, opened in
 * Chromium with JavaScript on and off, in light and dark schemes, on a phone, by keyboard. Screenshots go to
 * test-results/screenshots/; the page weight table is printed.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../scripts/static-server';
import { BUILDS, builtOut, SITE_BUILDS, THEMED } from './helpers/builds';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.resolve('test-results/screenshots');

/** Pages of the sample site: a name, the site path, and text its main content must show. */
const PAGES = [
  { name: 'home', path: '/', text: 'Measuring page weight on a phone' },
  { name: 'post', path: '/posts/measuring-page-weight/', text: 'A page that ships no JavaScript is not automatically light' },
  { name: 'tag', path: '/tags/performance/', text: 'Syntax highlighting without JavaScript' },
  { name: 'about', path: '/about/', text: '' },
  { name: 'page-2', path: '/page/2/', text: 'Hello, world' },
  { name: 'missing', path: '/no-such-page/', text: 'There is nothing at this address' },
  { name: 'rich', path: '/posts/rich-markdown/', text: 'Everything on this page is written in plain Markdown' },
  { name: 'archive', path: '/archive/', text: 'Front matter: the fields & what they do' },
  { name: 'tags', path: '/tags/', text: 'Static sites' },
] as const;

type Visit = {
  status: number;
  consoleErrors: string[];
  failedRequests: string[];
  scriptRequests: string[];
  responses: { url: string; type: string; bytes: number; gzip: number }[];
};

async function visit(page: Page, url: string, expectedStatus: number, waitUntil: 'load' | 'networkidle' = 'load'): Promise<Visit> {
  const result: Visit = { status: 0, consoleErrors: [], failedRequests: [], scriptRequests: [], responses: [] };
  page.on('console', (msg) => {
    // The missing page's own 404 is the test's point, not an error of the page.
    if (msg.type() === 'error' && !(expectedStatus === 404 && msg.text().includes('404'))) result.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (error) => result.consoleErrors.push(error.message));
  page.on('requestfailed', (req) => result.failedRequests.push(`${req.url()} (${req.failure()?.errorText})`));
  page.on('request', (req) => {
    if (req.resourceType() === 'script') result.scriptRequests.push(req.url());
  });
  const pending: Promise<void>[] = [];
  page.on('response', (res) => {
    const isDocument = res.url() === url;
    if (res.status() >= 400 && !(isDocument && res.status() === expectedStatus)) result.failedRequests.push(`${res.url()} (${res.status()})`);
    pending.push(
      res
        .body()
        .then((body) => void result.responses.push({ url: res.url(), type: res.request().resourceType(), bytes: body.length, gzip: gzipSync(body).length }))
        .catch(() => undefined),
    );
  });
  const response = await page.goto(url, { waitUntil });
  result.status = response?.status() ?? 0;
  await Promise.all(pending);
  return result;
}

/** Relative luminance and contrast ratio, WCAG 2.x: https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio */
function contrast(a: number[], b: number[]): number {
  const lum = ([r, g, bl]: number[]) => {
    const c = [r, g, bl].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * The text colour and the background behind it of the first element of each selector, and of every element
 * of `.callout-title` (each kind of callout has a colour of its own), as rgb in 0 to 255.
 */
async function colourPairs(page: Page, selectors: string[]): Promise<{ selector: string; color: number[]; background: number[] }[]> {
  return page.evaluate((selectors) => {
    // rgb(r, g, b[, a]) in 0 to 255, or color(srgb r g b[ / a]) in 0 to 1 (what color-mix() computes to).
    const rgb = (value: string) => {
      const numbers = (value.match(/[\d.]+/g) ?? []).map(Number);
      return value.startsWith('color(srgb') ? numbers.map((n, i) => (i < 3 ? n * 255 : n)) : numbers;
    };
    const background = (el: Element | null): number[] => {
      for (let node = el; node; node = node.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(node).backgroundColor);
        if (a > 0 && r !== undefined) return [r, g, b];
      }
      return [255, 255, 255];
    };
    return selectors.flatMap((selector) => {
      const found = selector === '.callout-title' ? [...document.querySelectorAll(selector)] : [document.querySelector(selector)].filter((el) => el !== null);
      return found.map((el) => ({ selector: selector === '.callout-title' ? `.callout-title (${el!.textContent})` : selector, color: rgb(getComputedStyle(el!).color).slice(0, 3), background: background(el) }));
    });
  }, selectors);
}

describe(`browser (${CHROMIUM})`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    await mkdir(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function withPage<T>(options: BrowserContextOptions, run: (page: Page) => Promise<T>): Promise<T> {
    const context = await browser.newContext(options);
    // Nothing leaves the machine: a page's one outside request (the sample's YouTube player) gets an empty page.
    await context.route(
      (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
      (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Player</title>' }),
    );
    try {
      return await run(await context.newPage());
    } finally {
      await context.close();
    }
  }

  for (const name of SITE_BUILDS) {
    describe(`the ${name} site`, () => {
      let server: StaticServer;
      const urlOf = (sitePath: string) => server.origin + BUILDS[name].basePath + sitePath;
      beforeAll(async () => {
        server = await serveStatic(builtOut(name), { basePath: BUILDS[name].basePath, port: 0 });
      });
      afterAll(() => server?.close());

      it.each(PAGES)('$name ($path) renders its content, with JavaScript on and off, without errors or scripts', async ({ path: sitePath, text }) => {
        const expected = sitePath === '/no-such-page/' ? 404 : 200;
        const rendered: { h1: string; main: string }[] = [];
        for (const javaScriptEnabled of [true, false]) {
          await withPage({ javaScriptEnabled }, async (page) => {
            const result = await visit(page, urlOf(sitePath), expected);
            expect(result.status).toBe(expected);
            expect(result.consoleErrors).toEqual([]);
            expect(result.failedRequests).toEqual([]);
            expect(result.scriptRequests).toEqual([]);
            expect(await page.locator('script:not([type="application/ld+json"])').count()).toBe(0);
            const h1 = page.locator('h1');
            await expect.poll(() => h1.count()).toBe(1);
            expect(await h1.isVisible()).toBe(true);
            const main = page.locator('main');
            expect(await main.isVisible()).toBe(true);
            const mainText = await main.innerText();
            expect(mainText.length).toBeGreaterThan(40);
            if (text) expect(mainText).toContain(text);
            if (sitePath.startsWith('/posts/') || sitePath === '/about/') {
              const prose = page.locator('.prose');
              expect(await prose.isVisible()).toBe(true);
              expect((await prose.innerText()).length).toBeGreaterThan(40);
            }
            rendered.push({ h1: await h1.innerText(), main: mainText });
          });
        }
        expect(rendered[1]).toEqual(rendered[0]);
      });

      it.each(PAGES)('$name is readable in light and dark schemes', async ({ name: pageName, path: sitePath }) => {
        for (const colorScheme of ['light', 'dark'] as const) {
          await withPage({ colorScheme, viewport: { width: 1024, height: 800 } }, async (page) => {
            await page.goto(urlOf(sitePath));
            const pairs = await colourPairs(page, ['body', 'main p', 'main a', '.meta', '.site-footer', '.callout-title', '.count', '.tags a', '.pagination [aria-current]', '.neighbour-label', '.series-part', '.archive-list time', '.toc h2']);
            for (const pair of pairs) {
              expect(contrast(pair.color, pair.background), `${colorScheme} ${pair.selector} rgb(${pair.color}) on rgb(${pair.background})`).toBeGreaterThanOrEqual(4.5);
            }
            expect(pairs.map((p) => p.selector)).toContain('body');
            if (name === 'sample') await page.screenshot({ path: path.join(SCREENSHOTS, `${pageName}-${colorScheme}.png`), fullPage: true });
          });
        }
      });

      it.each(PAGES)('$name fits a 390 px phone without horizontal scrolling', async ({ name: pageName, path: sitePath }) => {
        await withPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, async (page) => {
          await page.goto(urlOf(sitePath));
          const { scrollWidth, innerWidth, widest } = await page.evaluate(() => {
            const wide = [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
              .map((el) => `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`);
            return { scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth, widest: wide.slice(0, 5) };
          });
          expect(scrollWidth, `wider than the screen: ${widest.join(', ')}`).toBeLessThanOrEqual(innerWidth);
          if (name === 'sample') await page.screenshot({ path: path.join(SCREENSHOTS, `${pageName}-phone.png`), fullPage: true });
        });
      });

      /** Tabs through the open page: the skip link first, then every link, each with a visible focus style. */
      async function expectTabOrder(page: Page): Promise<void> {
        // Number the links; anchors taken out of the tab order on purpose (tabindex=-1) do not count.
        const links = await page.evaluate(() =>
          [...document.querySelectorAll('a[href]')]
            .filter((a) => a.getClientRects().length > 0 && a.getAttribute('tabindex') !== '-1')
            .map((a, i) => {
              a.setAttribute('data-tab-test', String(i));
              return `${i}: ${a.outerHTML.slice(0, 100)}`;
            }),
        );
        const reached = new Set<string>();
        const invisible: string[] = [];
        // Form fields are reached too; each gets a name of its own (two buttons can read the same).
        const fields = await page.evaluate(() => [...document.querySelectorAll('input, button, select, textarea')].map((f, i) => f.setAttribute('data-tab-test', `field ${i}`)).length);
        // A player's frame can hold the focus for more Tabs (its own document), more so while it loads on a busy
        // machine: those Tabs are not counted, up to 20 a frame.
        const frames = await page.locator('iframe').count();
        let previous: string | undefined;
        let held = 0;
        for (let i = 0; i < links.length + fields + 2 * frames + 5; i++) {
          await page.keyboard.press('Tab');
          const focused = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return undefined;
            const style = getComputedStyle(el);
            let opacity = 1;
            for (let node: Element | null = el; node; node = node.parentElement) opacity *= Number(getComputedStyle(node).opacity);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
            const shadow = style.boxShadow !== 'none';
            return { id: el.getAttribute('data-tab-test') ?? el.outerHTML.slice(0, 100), className: String(el.className), visible: (outline || shadow) && opacity > 0.5 };
          });
          if (!focused) break;
          if (i === 0) expect(focused.className, 'the first Tab focuses the skip link').toContain('skip-link');
          if (focused.id === previous && focused.id.startsWith('<iframe')) {
            if (++held < 20 * frames) i--;
            continue;
          }
          previous = focused.id;
          if (reached.has(focused.id)) break;
          reached.add(focused.id);
          if (!focused.visible) invisible.push(links[Number(focused.id)] ?? focused.id);
      }
      expect(links.filter((_, i) => !reached.has(String(i)))).toEqual([]);
      expect(invisible).toEqual([]);
      }

      it.each(PAGES)('$name: Tab reaches the skip link first, then every link, each with a visible focus style', async ({ path: sitePath }) => {
        await withPage({}, async (page) => {
          await page.goto(urlOf(sitePath));
          await expectTabOrder(page);
        });
      });

      it('names each task-list checkbox by its item and aligns table cells as the Markdown says', async () => {
        await withPage({}, async (page) => {
          await page.goto(urlOf('/posts/measuring-page-weight/'));
          for (const [name, checked] of [['Measure gzip, not raw bytes', true], ['Measure on a real low-end phone', false]] as const) {
            const box = page.getByRole('checkbox', { name, exact: true });
            expect(await box.count(), name).toBe(1);
            expect(await box.isChecked()).toBe(checked);
          }
          // The sample's table: | Resource | Raw bytes (--:) | Gzip bytes (--:) |
          const aligns = await page.locator('.prose table tbody tr').first().locator('td').evaluateAll((cells) => cells.map((c) => getComputedStyle(c).textAlign));
          expect(aligns).toEqual(['start', 'right', 'right']);
        });
      });

      it('shows task lists without bullets, the footnotes without a heading, the language over each code block, and covers that move nothing as they load', async () => {
        await withPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 }, async (page) => {
          await page.goto(urlOf('/posts/measuring-page-weight/'));
          expect(await page.locator('.prose .contains-task-list').evaluate((ul) => getComputedStyle(ul).listStyleType)).toBe('none');
          // The footnotes' heading is for screen readers only, as on GitHub.
          expect(await page.locator('#footnote-label').evaluate((h) => h.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
          await page.goto(urlOf('/posts/syntax-highlighting-without-javascript/'));
          const labels = await page.locator('.prose pre').evaluateAll((pres) => pres.map((p) => getComputedStyle(p, '::before').content));
          expect(labels).toEqual(['"TypeScript"', '"Python"', '"Rust"', 'none']);
          // Code at a readable size beside the body's text.
          const sizes = await page.evaluate(() => [document.querySelector('.prose pre code'), document.querySelector('.prose p')].map((el) => parseFloat(getComputedStyle(el!).fontSize)));
          expect(sizes[0] / sizes[1]).toBeGreaterThanOrEqual(0.85);
        });
        await withPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 }, async (page) => {
          await page.addInitScript(() => {
            (window as unknown as { shift: number }).shift = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) (window as unknown as { shift: number }).shift += (entry as unknown as { value: number }).value;
            }).observe({ type: 'layout-shift', buffered: true });
          });
          await visit(page, urlOf('/'), 200, 'networkidle');
          await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
          await page.waitForLoadState('networkidle');
          expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBe(0);
          const covers = await page.locator('.post-card-cover img').evaluateAll((imgs) => imgs.map((i) => ({ src: (i as HTMLImageElement).currentSrc, done: (i as HTMLImageElement).complete && (i as HTMLImageElement).naturalWidth > 0 })));
          expect(covers.length).toBe(2);
          for (const cover of covers) {
            expect(cover.done).toBe(true);
            expect(cover.src).toMatch(/\.avif$/);
          }
        });
      });

      // Page weight is the same content under either URL: measured once, on the sample build.
      describe('search', () => {
        // A word of the post's body, not of its title, and of no other page.
        const WORD = 'crash';
        const POST = { path: '/posts/why-static/', title: 'Why we publish static files' };

        it('finds a post by a word of its body, from the form every page has, with the matched word marked', async () => {
          await withPage({}, async (page) => {
            const errors: string[] = [];
            page.on('pageerror', (error) => errors.push(error.message));
            await page.goto(urlOf('/tags/'));
            await page.getByRole('search').getByRole('searchbox').fill(WORD);
            await page.getByRole('search').getByRole('searchbox').press('Enter');
            await page.waitForURL((url) => url.pathname === `${BUILDS[name].basePath}/search/` && url.searchParams.get('q') === WORD);
            const results = page.locator('.search-result');
            await expect.poll(() => results.count(), { timeout: 15_000 }).toBe(1);
            const link = results.first().getByRole('link', { name: POST.title });
            expect(await link.getAttribute('href')).toBe(`${BUILDS[name].basePath}${POST.path}`);
            // Pagefind marks the word as the text has it, with the punctuation that follows it.
            expect(await results.first().locator('mark').first().innerText()).toMatch(new RegExp(`^${WORD}\\b`));
            expect(await results.first().locator('.meta').innerText()).toBe('November 20, 2025');
            expect(await page.getByRole('status').innerText()).toContain(`1 result for “${WORD}”`);
            expect(await page.locator('#search-q').inputValue()).toBe(WORD);
            expect(errors).toEqual([]);
            await link.click();
            await page.waitForURL((url) => url.pathname === `${BUILDS[name].basePath}${POST.path}`);
          });
        });

        it('is used with the keyboard alone: each field labelled, every result reached with a visible focus', async () => {
          await withPage({}, async (page) => {
            await page.goto(urlOf('/search/?q=static'));
            await expect.poll(() => page.locator('.search-result').count(), { timeout: 15_000 }).toBeGreaterThan(1);
            for (const field of await page.getByRole('searchbox').all()) expect(await field.evaluate((input: HTMLInputElement) => input.labels?.[0]?.textContent?.trim())).toBeTruthy();
            await expectTabOrder(page);
          });
        });

        it('says so when nothing matches', async () => {
          await withPage({}, async (page) => {
            await page.goto(urlOf('/search/?q=zyxwvutsrq'));
            await expect.poll(() => page.getByRole('status').innerText(), { timeout: 15_000 }).toBe('No results for “zyxwvutsrq”.');
            expect(await page.locator('.search-result').count()).toBe(0);
          });
        });

        it('without JavaScript, says it needs it and links to the posts and the tags', async () => {
          await withPage({ javaScriptEnabled: false }, async (page) => {
            const result = await visit(page, urlOf(`/search/?q=${WORD}`), 200);
            expect(result.failedRequests).toEqual([]);
            const main = page.locator('main');
            expect(await main.innerText()).toContain('needs JavaScript');
            expect(await main.getByRole('link', { name: 'Tags', exact: true }).getAttribute('href')).toBe(`${BUILDS[name].basePath}/tags/`);
            expect(await main.getByRole('link', { name: 'Posts', exact: true }).getAttribute('href')).toBe(`${BUILDS[name].basePath}/`);
            expect(await page.locator('.search-result').count()).toBe(0);
          });
        });
      });

      it('rich post: the browser takes the AVIF its column needs, and nothing shifts as images, math and the player load', async () => {
        for (const [width, scale, colorScheme] of [[390, 2, 'light'], [1280, 1, 'dark']] as const) {
          await withPage({ viewport: { width, height: 900 }, deviceScaleFactor: scale, colorScheme }, async (page) => {
            await page.addInitScript(() => {
              (window as unknown as { shift: number }).shift = 0;
              new PerformanceObserver((list) => {
                for (const entry of list.getEntries()) (window as unknown as { shift: number }).shift += (entry as unknown as { value: number }).value;
              }).observe({ type: 'layout-shift', buffered: true });
            });
            const result = await visit(page, urlOf('/posts/rich-markdown/'), 200, 'networkidle');
            expect(result.failedRequests).toEqual([]);
            const photo = page.locator('figure picture img');
            await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
            const { src, shown, widths } = await photo.evaluate((img: HTMLImageElement) => ({
              src: img.currentSrc,
              shown: img.getBoundingClientRect().width,
              widths: img.srcset.split(',').map((c) => Number(c.trim().split(/\s+/)[1].replace('w', ''))),
            }));
            // The smallest size that fills the column at this density: not the 1,600-pixel original, not a blurry one.
            const taken = Number(/dusk-(\d+)w\.avif$/.exec(src)?.[1]);
            expect(taken).toBe(Math.min(...widths.filter((w) => w >= shown * scale)));
            // Scroll through, so the lazy player loads too.
            await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
            await page.waitForLoadState('networkidle');
            expect(await page.evaluate(() => (window as unknown as { shift: number }).shift)).toBe(0);
            // The diagram draws in the page's own colours, in light and dark.
            const colours = await page.evaluate(() => ({
              label: getComputedStyle(document.querySelector('.diagram svg text')!).fill,
              body: getComputedStyle(document.body).color,
            }));
            expect(colours.label).toBe(colours.body);
            expect(await page.locator('.katex-display math').count()).toBeGreaterThan(0);
            expect(await page.locator('.katex').first().evaluate((el) => getComputedStyle(el).fontFamily)).toContain('KaTeX_Main');
            if (name === 'sample') await page.screenshot({ path: path.join(SCREENSHOTS, `rich-${width}-${colorScheme}.png`), fullPage: true });
          });
        }
      });

      if (name === 'sample') it('weighs each page: no JavaScript at all', async () => {
        const rows: string[][] = [];
        const kb = (n: number) => (n / 1024).toFixed(1);
        for (const { name: pageName, path: sitePath } of PAGES) {
          // A tall window, so lazy images below the fold count too.
          await withPage({ viewport: { width: 1024, height: 10_000 } }, async (page) => {
            const result = await visit(page, urlOf(sitePath), sitePath === '/no-such-page/' ? 404 : 200, 'networkidle');
            const sum = (types: string[]) => result.responses.filter((r) => types.includes(r.type)).reduce((n, r) => n + r.gzip, 0);
            const html = sum(['document']);
            const css = sum(['stylesheet']);
            const js = sum(['script']);
            const images = sum(['image']);
            const other = result.responses.filter((r) => !['document', 'stylesheet', 'script', 'image'].includes(r.type)).reduce((n, r) => n + r.gzip, 0);
            rows.push([pageName, kb(html), kb(css), kb(js), kb(images), kb(other), kb(html + css + js + images + other), String(result.responses.length)]);
            expect(js, `${pageName} loads JavaScript`).toBe(0);
            expect(result.scriptRequests).toEqual([]);
          });
        }
        const header = ['page', 'HTML', 'CSS', 'JS', 'images', 'other', 'total KiB gz', 'requests'];
        const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
        const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
        console.log(['Page weight (gzip, KiB):', line(header), ...rows.map(line)].join('\n'));
      });
    });
  }

  describe('the themed site: its language, colours, menu and custom.css', () => {
    let server: StaticServer;
    const urlOf = (sitePath: string) => server.origin + sitePath;
    beforeAll(async () => {
      server = await serveStatic(builtOut('themed'), { basePath: '', port: 0 });
    });
    afterAll(() => server?.close());
    const hex = (value: string) => `#${(value.match(/[\d.]+/g) ?? []).slice(0, 3).map((n) => Number(n).toString(16).padStart(2, '0')).join('')}`;

    it('paints the colours of site.yaml in light and dark, and the code themes it names', async () => {
      for (const scheme of ['light', 'dark'] as const) {
        await withPage({ colorScheme: scheme }, async (page) => {
          await page.goto(urlOf('/posts/syntax-highlighting-without-javascript/'));
          const seen = await page.evaluate(() => ({
            background: getComputedStyle(document.body).backgroundColor,
            foreground: getComputedStyle(document.body).color,
            accent: getComputedStyle(document.querySelector('.prose a, .series a:not([aria-current])')!).color,
            code: getComputedStyle(document.querySelector('.prose pre')!).backgroundColor,
          }));
          const colours = THEMED.colours[scheme];
          expect([hex(seen.background), hex(seen.foreground), hex(seen.accent), hex(seen.code)]).toEqual([colours.background, colours.foreground, colours.accent, THEMED.codeBackgrounds[scheme]]);
          await page.screenshot({ path: path.join(SCREENSHOTS, `themed-post-${scheme}.png`), fullPage: true });
        });
      }
    });

    it('is readable in both schemes, on every kind of page', async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        await withPage({ colorScheme }, async (page) => {
          for (const sitePath of ['/', '/page/3/', '/archive/', '/tags/', '/posts/rich-markdown/']) {
            await page.goto(urlOf(sitePath));
            const pairs = await colourPairs(page, ['body', 'main a', '.meta', '.count', '.site-footer', '.pagination [aria-current]', '.tags a']);
            for (const pair of pairs) expect(contrast(pair.color, pair.background), `${colorScheme} ${sitePath} ${pair.selector}`).toBeGreaterThanOrEqual(4.5);
          }
        });
      }
    });

    it('speaks German, with the menu of site.yaml in its order, and applies custom.css over the theme', async () => {
      await withPage({}, async (page) => {
        await page.goto(urlOf('/page/3/'));
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
        const menu = await page.getByRole('navigation').first().getByRole('link').evaluateAll((links) => links.map((a) => [a.textContent, a.getAttribute('href')]));
        expect(menu).toEqual(THEMED.menu.map((m) => [m.label, m.href]));
        const pages = page.locator('.pagination');
        expect(await pages.getByRole('link', { name: '3' }).getAttribute('aria-current')).toBe('page');
        expect(await page.locator('a[rel="prev"]').getAttribute('href')).toBe('/page/2/');
        expect(await page.locator('a[rel="next"]').getAttribute('href')).toBe('/page/4/');
        // custom.css: the site's name in capitals, which the theme does not do.
        expect(await page.locator('.site-title').evaluate((el) => getComputedStyle(el).textTransform)).toBe('uppercase');
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.textContent)).not.toBe('Skip to content');
        await page.screenshot({ path: path.join(SCREENSHOTS, 'themed-page-3.png'), fullPage: true });
      });
    });
  });
});
