import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildIco, buildManifest, buildMonogramSvg, initials, loadIconSource, renderFavicon, renderIconPng } from '@/lib/icons';
import { parseSite } from '@/lib/site';
import { builtOut, BUILDS, SITE_BUILDS } from './helpers/builds';
import { headTags, readIco } from './helpers/og-images';
import { makeOgSite } from './helpers/og-site';

const site = parseSite({ title: 'Field & <Notes>', url: 'https://user.github.io/notes', author: 'Ada', theme: { accent: '#aa2200' } });

describe('monogram', () => {
  it('takes up to two initials', () => {
    expect(initials('Field Notes')).toBe('FN');
    expect(initials('the "quoted" blog of things')).toBe('TQ');
    expect(initials('Ωμέγα')).toBe('Ω');
  });

  it('draws the initials as outlines in a well-formed SVG, the title escaped', async () => {
    const svg = buildMonogramSvg(site);
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<text');
    expect(svg).toContain('<title>Field &amp; &lt;Notes&gt;</title>');
    expect(svg).toContain('fill="#aa2200"');
    expect(svg).toMatch(/<path /);
    // White letters in the middle of the accent square.
    const png = await renderIconPng({ data: Buffer.from(svg), vector: true }, 64);
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    let white = 0;
    for (let i = 0; i < data.length; i += info.channels) if (data[i] > 240 && data[i + 1] > 240 && data[i + 2] > 240) white++;
    expect(white / (info.width * info.height)).toBeGreaterThan(0.05);
  });
});

describe('icon files', () => {
  it('renders PNGs at the asked sizes; the Apple touch icon is opaque', async () => {
    const source = await loadIconSource(site, '/nonexistent');
    expect(source.vector).toBe(true);
    for (const size of [180, 192, 512]) {
      const meta = await sharp(await renderIconPng(source, size)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', size, size]);
    }
    const apple = await renderIconPng(source, 180, '#ffffff');
    expect((await sharp(apple).stats()).isOpaque).toBe(true);
    expect((await sharp(await renderIconPng(source, 180)).stats()).isOpaque).toBe(false);
  });

  it('writes favicon.ico with 16 and 32 px PNG images', async () => {
    const ico = await renderFavicon(await loadIconSource(site, '/nonexistent'));
    const images = readIco(ico);
    expect(images.map((i) => i.size)).toEqual([16, 32]);
    for (const image of images) expect(await sharp(image.png).metadata()).toMatchObject({ format: 'png', width: image.size, height: image.size });
    expect(() => buildIco([{ size: 300, png: Buffer.alloc(1) }])).toThrow(/256/);
  });

  it('uses the image named by site.yaml `icon`: a raster one is not vector, an SVG one is served as it is', async () => {
    const square = await sharp({ create: { width: 300, height: 200, channels: 4, background: '#00ff00' } }).png().toBuffer();
    const logo = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#0000ff"/></svg>';
    const { content, contentDir } = await makeOgSite({ posts: [], site: 'icon: brand/icon.png\n', files: { 'brand/icon.png': square, 'brand/icon.svg': logo } });
    const raster = await loadIconSource(content.site, contentDir);
    expect(raster.vector).toBe(false);
    const png = await renderIconPng(raster, 192);
    const centre = await sharp(png).extract({ left: 96, top: 96, width: 1, height: 1 }).raw().toBuffer();
    expect([...centre]).toEqual([0, 255, 0, 255]);
    const vector = await loadIconSource({ ...content.site, icon: 'brand/icon.svg' }, contentDir);
    expect(vector).toEqual({ data: Buffer.from(logo), vector: true });
    await expect(loadIconSource({ ...content.site, icon: 'brand/none.png' }, contentDir)).rejects.toThrow(/"icon".*none\.png/);
  });

  it('writes a manifest scoped to the base path', () => {
    const manifest = JSON.parse(buildManifest(site, { vector: true }));
    expect(manifest).toMatchObject({ name: 'Field & <Notes>', start_url: '/notes/', scope: '/notes/', theme_color: '#aa2200', background_color: '#ffffff' });
    expect(manifest.short_name.length).toBeLessThanOrEqual(12);
    expect(manifest.icons.map((i: { src: string }) => i.src)).toEqual(['/notes/icon-192.png', '/notes/icon-512.png', '/notes/icon.svg']);
    expect(JSON.parse(buildManifest(site, { vector: false })).icons).toHaveLength(2);
  });
});

describe.each(SITE_BUILDS)('built icons (%s)', (name) => {
  const { basePath } = BUILDS[name];

  it('publishes every icon file at its size, and the manifest', async () => {
    const out = builtOut(name);
    for (const [file, size] of [['apple-touch-icon.png', 180], ['icon-192.png', 192], ['icon-512.png', 512]] as const) {
      expect(await sharp(path.join(out, file)).metadata(), file).toMatchObject({ format: 'png', width: size, height: size });
    }
    expect(readIco(await readFile(path.join(out, 'favicon.ico'))).map((i) => i.size)).toEqual([16, 32]);
    expect((await sharp(path.join(out, 'icon.svg')).metadata()).format).toBe('svg');
    const manifest = JSON.parse(await readFile(path.join(out, 'manifest.webmanifest'), 'utf8'));
    expect(manifest.start_url).toBe(`${basePath}/`);
    for (const icon of manifest.icons as { src: string; sizes: string }[]) {
      expect(icon.src.startsWith(`${basePath}/`)).toBe(true);
      const meta = await sharp(path.join(out, icon.src.slice(basePath.length))).metadata();
      if (icon.sizes !== 'any') expect(`${meta.width}x${meta.height}`).toBe(icon.sizes);
    }
  });

  it('links the icons and the manifest from every page', async () => {
    const out = builtOut(name);
    for (const page of ['index.html', 'posts/hello-world/index.html', 'tags/index.html', '404.html']) {
      const { links } = headTags(await readFile(path.join(out, page), 'utf8'));
      const icons = links.filter((l) => /\b(icon|apple-touch-icon|manifest)\b/.test(l.rel));
      expect(icons.map((l) => `${l.rel} ${l.href}`), page).toEqual([
        `manifest ${basePath}/manifest.webmanifest`,
        `icon ${basePath}/favicon.ico`,
        `icon ${basePath}/icon.svg`,
        `icon ${basePath}/icon-192.png`,
        `apple-touch-icon ${basePath}/apple-touch-icon.png`,
      ]);
      for (const link of icons) expect(existsSync(path.join(out, link.href.slice(basePath.length))), link.href).toBe(true);
    }
  });
});
