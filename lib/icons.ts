import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { contentFile } from './cards';
import { fontStack, lineToSvg, shapeText } from './og-text';
import { href, runtimeOptions, type SiteConfig } from './site';
import { escapeXml } from './xml';

/** Up to two initials of the site title, for a generated icon. */
export function initials(title: string): string {
  const words = title.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  return words
    .slice(0, 2)
    .map((w) => [...w.replace(/^[^\p{L}\p{N}]+/u, '')][0] ?? '')
    .join('')
    .toUpperCase();
}

type IconSite = Pick<SiteConfig, 'title' | 'theme' | 'og'>;

/**
 * A square SVG monogram of the site's initials, white on its accent colour. The letters are outlines
 * from the bundled font (fallback fonts for other scripts), centred on their real bounding box.
 */
export function buildMonogramSvg(site: IconSite, contentDir = runtimeOptions().contentDir): string {
  const stack = fontStack('bold', site.og.fallbackFonts.map((f) => contentFile(contentDir, f)));
  const text = initials(site.title) || '•';
  const shaped = shapeText(text, stack);
  // Bounding box of the inked glyphs, in ems.
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const g of shaped.glyphs) {
    const { bbox } = g.face.font.getGlyph(g.id);
    const em = g.face.font.unitsPerEm;
    if (!Number.isFinite(bbox.minX) || bbox.maxX <= bbox.minX) continue;
    minX = Math.min(minX, g.x + bbox.minX / em);
    maxX = Math.max(maxX, g.x + bbox.maxX / em);
    minY = Math.min(minY, g.y + bbox.minY / em);
    maxY = Math.max(maxY, g.y + bbox.maxY / em);
  }
  let letters = '';
  if (Number.isFinite(minX)) {
    // Ink at most 40 units wide and 30 tall in the 64-unit square.
    const size = Math.min(40 / (maxX - minX), 30 / (maxY - minY), 36);
    const x = 32 - ((minX + maxX) / 2) * size;
    const baseline = 32 + ((minY + maxY) / 2) * size;
    letters = lineToSvg(shaped, x, baseline, size, '#ffffff');
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">`,
    `<title>${escapeXml(site.title)}</title>`,
    `<rect width="64" height="64" rx="12" fill="${site.theme.accent}"/>`,
    letters,
    '</svg>\n',
  ].join('');
}

/** The one image every icon is made from: site.yaml's `icon`, or the monogram. */
export interface IconSource {
  /** The image's bytes (SVG or raster). */
  data: Buffer;
  /** True for an SVG source: served as icon.svg too. */
  vector: boolean;
}

/** Reads site.yaml's `icon` from the content folder, or builds the monogram when there is none. */
export async function loadIconSource(site: IconSite & Pick<SiteConfig, 'icon'>, contentDir = runtimeOptions().contentDir): Promise<IconSource> {
  if (!site.icon) return { data: Buffer.from(buildMonogramSvg(site, contentDir)), vector: true };
  const file = contentFile(contentDir, site.icon);
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch {
    throw new Error(`site.yaml "icon": no image at ${file}`);
  }
  return { data, vector: /\.svgz?$/i.test(file) };
}

/**
 * A square PNG of the icon at `size` pixels: scaled to fit, transparent around it, or flattened on
 * `background` (Apple touch icons must be opaque).
 */
export async function renderIconPng(source: IconSource, size: number, background?: string): Promise<Buffer> {
  let density: number | undefined;
  if (source.vector) {
    // Rasterise an SVG at the size it is shown, not at 72 dpi and then upscaled.
    const meta = await sharp(source.data).metadata();
    density = Math.min(2400, Math.max(1, (72 * size) / Math.max(1, Math.min(meta.width ?? size, meta.height ?? size))));
  }
  let image = sharp(source.data, density ? { density } : {}).resize(size, size, {
    fit: 'contain',
    background: { r: 0, g: 0, b: 0, alpha: 0 },
    kernel: 'lanczos3',
  });
  if (background) image = image.flatten({ background });
  return image.png({ compressionLevel: 9 }).toBuffer();
}

/**
 * An ICO file holding PNG images (each at most 256 px), as every browser since IE Vista reads them.
 * Format: https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)
 */
export function buildIco(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    if (size < 1 || size > 256) throw new Error(`ICO images are 1 to 256 px, got ${size}`);
    const entry = 6 + 16 * i;
    header.writeUInt8(size === 256 ? 0 : size, entry); // width (0 means 256)
    header.writeUInt8(size === 256 ? 0 : size, entry + 1); // height
    header.writeUInt8(0, entry + 2); // palette colours
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** icon.svg: a vector source as it is; a raster one (then not linked from pages) wrapped, so the URL still answers. */
export async function buildIconSvg(source: IconSource): Promise<Buffer> {
  if (source.vector) return source.data;
  const png = await renderIconPng(source, ICON_SIZES.large);
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><image width="512" height="512" href="data:image/png;base64,${png.toString('base64')}"/></svg>\n`);
}

/** favicon.ico with 16 and 32 px images. */
export async function renderFavicon(source: IconSource): Promise<Buffer> {
  const sizes = [16, 32];
  return buildIco(await Promise.all(sizes.map(async (size) => ({ size, png: await renderIconPng(source, size) }))));
}

/** Icon files the site publishes, for the manifest and the page head. */
export const ICON_SIZES = { apple: 180, small: 192, large: 512 } as const;

/** The web app manifest: https://www.w3.org/TR/appmanifest/ */
export function buildManifest(site: Pick<SiteConfig, 'title' | 'description' | 'theme' | 'basePath' | 'language'>, options: { vector: boolean }): string {
  const chars = [...site.title];
  const manifest = {
    name: site.title,
    // Shown under a home-screen icon, where about 12 characters fit.
    short_name: chars.length <= 12 ? site.title : initials(site.title) || chars.slice(0, 12).join(''),
    ...(site.description ? { description: site.description } : {}),
    lang: site.language,
    start_url: href(site, '/'),
    scope: href(site, '/'),
    display: 'standalone',
    theme_color: site.theme.accent,
    background_color: site.theme.background,
    icons: [
      { src: href(site, '/icon-192.png'), sizes: '192x192', type: 'image/png' },
      { src: href(site, '/icon-512.png'), sizes: '512x512', type: 'image/png' },
      ...(options.vector ? [{ src: href(site, '/icon.svg'), sizes: 'any', type: 'image/svg+xml' }] : []),
    ],
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
