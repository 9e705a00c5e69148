import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { BUILDS, builtOut, SITE_BUILDS } from './helpers/builds';
import { fileForUrl, headTags, htmlFiles } from './helpers/og-images';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe.each(SITE_BUILDS)('Open Graph images in the built site (%s)', (name) => {
  const { siteUrl, basePath } = BUILDS[name];
  const origin = new URL(siteUrl).origin;

  it('gives every page an absolute og:image that is a 1200x630 PNG in out/, with its size, type, alt and Twitter tags', async () => {
    const out = builtOut(name);
    const pages = (await htmlFiles(out)).filter((f) => f !== '404.html' && !f.startsWith('_'));
    expect(pages.length).toBeGreaterThan(10);
    const checked = new Map<string, Buffer>();
    for (const page of pages) {
      const { meta } = headTags(await readFile(path.join(out, page), 'utf8'));
      const [url, ...more] = meta.get('og:image') ?? [];
      expect(url, `${page}: og:image`).toBeDefined();
      expect(more, `${page}: one og:image`).toEqual([]);
      expect(url.startsWith(`${siteUrl}/`), `${page}: ${url} is absolute under ${siteUrl}`).toBe(true);
      expect(meta.get('og:image:width'), page).toEqual(['1200']);
      expect(meta.get('og:image:height'), page).toEqual(['630']);
      expect(meta.get('og:image:type'), page).toEqual(['image/png']);
      expect(meta.get('og:image:alt')?.[0], page).toMatch(/\S/);
      expect(meta.get('twitter:card'), page).toEqual(['summary_large_image']);
      expect(meta.get('twitter:image'), page).toEqual([url]);

      const file = fileForUrl(out, url, origin, basePath);
      expect(existsSync(file), `${page}: ${url} → ${path.relative(out, file)}`).toBe(true);
      if (!checked.has(file)) {
        const png = await readFile(file);
        expect(png.subarray(0, 8).equals(PNG_SIGNATURE), url).toBe(true);
        expect(await sharp(png).metadata(), url).toMatchObject({ format: 'png', width: 1200, height: 630 });
        expect(png.length, url).toBeLessThan(300 * 1024);
        checked.set(file, png);
      }
    }
    expect(checked.has(path.join(out, 'og.png'))).toBe(true);
  });

  it('gives each post and tag its own card, distinct from the others', async () => {
    const out = builtOut(name);
    const cards = new Map<string, string>();
    for (const page of (await htmlFiles(out)).filter((f) => /^(posts|tags\/[^/]+)\/[^/]*\/?index\.html$|^tags\/[^/]+\/index\.html$/.test(f))) {
      const { meta } = headTags(await readFile(path.join(out, page), 'utf8'));
      cards.set(page, meta.get('og:image')![0]);
    }
    const post = cards.get('posts/hello-world/index.html');
    expect(post).toBe(`${siteUrl}/og/posts/hello-world.png`);
    expect(cards.get('tags/performance/index.html')).toBe(`${siteUrl}/og/tags/performance.png`);
    const urls = [...cards.values()];
    expect(new Set(urls).size).toBe(urls.length);
    const bytes = await Promise.all(urls.map((u) => readFile(fileForUrl(out, u, origin, basePath))));
    const hashes = new Set(bytes.map((b) => b.toString('base64')));
    expect(hashes.size).toBe(bytes.length);
  });

  it('uses a post’s own cover image for its card', async () => {
    const out = builtOut(name);
    // The chart's background colour fills the card's corner; a text card's corner is the accent bar.
    const card = await sharp(path.join(out, 'og/posts/measuring-page-weight.png')).extract({ left: 2, top: 2, width: 1, height: 1 }).removeAlpha().raw().toBuffer();
    const chart = await sharp(path.join(out, 'posts/measuring-page-weight/weight-chart.png')).extract({ left: 2, top: 2, width: 1, height: 1 }).removeAlpha().raw().toBuffer();
    // Cards are palette-quantised PNGs: a colour may move by a step or two, never to the accent bar's blue.
    expect(card).toHaveLength(3);
    [...card].forEach((channel, i) => expect(Math.abs(channel - chart[i]), `channel ${i}: ${channel} vs ${chart[i]}`).toBeLessThanOrEqual(4));
  });
});
