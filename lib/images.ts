/**
 * Responsive images: a raster image beside a post is published as it is (feeds and Markdown copies link it)
 * and, for the page, encoded with sharp into AVIF, WebP and its own format at a few widths no larger than
 * itself. The page gets a `<picture>` whose sources list them; the browser picks the smallest that fills the
 * column at the screen's density. Encoded files are cached (lib/cache.ts) by the image's bytes, so a
 * rebuild encodes only new or changed images.
 */
import type { Element, Root as HastRoot } from 'hast';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { cached, cacheKey, hasCached } from './cache';

/** The widths a column of 41.5rem needs from a phone at 1x to a desktop at 2x; an image is never enlarged. */
export const IMAGE_WIDTHS = [480, 800, 1200, 1600] as const;

/** What the browser is told about the column an image fills: the body is 44rem wide less 1.25rem each side. */
export const IMAGE_SIZES = '(min-width: 44rem) 41.5rem, calc(100vw - 2.5rem)';

type Format = 'avif' | 'webp' | 'png' | 'jpeg' | 'gif';

/** Extensions sharp encodes from, with the format each falls back to. */
const RASTER: Record<string, Format> = { '.png': 'png', '.jpg': 'jpeg', '.jpeg': 'jpeg', '.webp': 'webp', '.avif': 'avif', '.gif': 'gif' };

const EXTENSION: Record<Format, string> = { avif: '.avif', webp: '.webp', png: '.png', jpeg: '.jpg', gif: '.gif' };
const MIME: Record<Format, string> = { avif: 'image/avif', webp: 'image/webp', png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif' };

/** True for a file sharp can encode into responsive variants (an animated GIF is copied as it is). */
export function isResponsive(sitePath: string): boolean {
  return path.posix.extname(sitePath).toLowerCase() in RASTER;
}

/** The widths an image of `width` pixels is encoded at: each of IMAGE_WIDTHS below it, then its own (at most the largest). */
export function responsiveWidths(width: number): number[] {
  const max = IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1];
  return [...IMAGE_WIDTHS.filter((w) => w < Math.min(width, max)), Math.min(width, max)];
}

/** The formats of an image's variants, best first: AVIF, WebP, then its own (once, when it is one of those). */
export function variantFormats(sitePath: string): Format[] {
  return [...new Set<Format>(['avif', 'webp', RASTER[path.posix.extname(sitePath).toLowerCase()]])];
}

/** The site path of one variant: `/posts/a/chart.png` at 800 pixels in WebP is `/posts/a/chart-800w.webp`. */
export function variantPath(sitePath: string, width: number, format: Format): string {
  const ext = path.posix.extname(sitePath);
  return `${sitePath.slice(0, sitePath.length - ext.length)}-${width}w${EXTENSION[format]}`;
}

/** Every variant of an image: its site path, width and format. */
export function variantsOf(sitePath: string, width: number): { path: string; width: number; format: Format }[] {
  return variantFormats(sitePath).flatMap((format) => responsiveWidths(width).map((w) => ({ path: variantPath(sitePath, w, format), width: w, format })));
}

/** A picture the compile made: the image's site path (no base path) and its pixel width. */
export interface Picture {
  href: string;
  width: number;
}

const srcset = (base: string, href: string, width: number, format: Format) =>
  responsiveWidths(width)
    .map((w) => `${base}${variantPath(href, w, format)} ${w}w`)
    .join(', ');

/**
 * What a `<picture>` of the image at `href` (a site path, `width` pixels wide) lists: a `<source>` per better
 * format, and the srcset of the `<img>` in the image's own format. `base` is the site's base path.
 */
export function pictureSources(base: string, href: string, width: number): { sources: { type: string; srcSet: string }[]; srcSet: string } {
  const formats = variantFormats(href);
  const own = formats.at(-1)!;
  return {
    sources: formats.filter((f) => f !== own).map((format) => ({ type: MIME[format], srcSet: srcset(base, href, width, format) })),
    srcSet: srcset(base, href, width, own),
  };
}

/**
 * Wraps each local raster image the resolver sized in a `<picture>`: AVIF and WebP sources, and the `<img>`
 * with a srcset in its own format, its `src` still the original file (what a reader without srcset, a feed
 * and a Markdown copy get). The first image of a page loads at once with high priority, the rest lazily.
 */
export function rehypePictures() {
  return (tree: HastRoot, file: VFile) => {
    const sized = file.data.sizedImages as Map<Element, Picture & { basePath: string }> | undefined;
    const pictures: Picture[] = [];
    let first = true;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'img') return;
      if (first) {
        node.properties.loading = 'eager';
        node.properties.fetchPriority = 'high';
        first = false;
      } else node.properties.loading = 'lazy';
      const image = sized?.get(node);
      if (!image || !parent || index === undefined || (parent.type === 'element' && parent.tagName === 'picture')) return;
      const { href, width, basePath } = image;
      const sizes = typeof node.properties.width === 'number' && node.properties.width < width ? `${node.properties.width}px` : IMAGE_SIZES;
      const picture = pictureSources(basePath, href, width);
      node.properties.srcSet = picture.srcSet;
      node.properties.sizes = sizes;
      const sources: Element[] = picture.sources.map(({ type, srcSet }) => ({ type: 'element', tagName: 'source', properties: { type, srcSet, sizes }, children: [] }));
      parent.children[index] = { type: 'element', tagName: 'picture', properties: {}, children: [...sources, node] };
      pictures.push({ href, width });
    });
    file.data.pictures = pictures;
  };
}

/** A picture as feeds carry it: the `<img>` alone, its src the original file. */
export function pictureAsImg(node: Element): Element | undefined {
  if (node.tagName !== 'picture') return undefined;
  const img = node.children.find((c): c is Element => c.type === 'element' && c.tagName === 'img');
  if (!img) return undefined;
  const { srcSet: _srcSet, sizes: _sizes, fetchPriority: _priority, ...properties } = img.properties;
  return { ...img, properties };
}

// Quality near each encoder's default, where a photo shows no artefacts at a glance. AVIF at sharp's effort
// (4 of 9): 3 is about twice as fast, for files 16 to 32% larger, paid by every reader; an image is encoded once
// and then read from the cache (docs/performance.md, "Images, math and diagrams").
function encode(image: Sharp, format: Format): Sharp {
  switch (format) {
    case 'avif':
      return image.avif({ quality: 50 });
    case 'webp':
      return image.webp({ quality: 75 });
    case 'jpeg':
      return image.jpeg({ quality: 78, mozjpeg: true });
    case 'png':
      return image.png({ compressionLevel: 9, palette: false });
    case 'gif':
      return image.gif();
  }
}

/**
 * The variants of the image at `source`, published at `sitePath`, `width` pixels wide (as the compile read it):
 * each one's site path and bytes, from the cache when the image's bytes were encoded before. Orientation from
 * EXIF is applied, metadata dropped. With `cachedOnly`, undefined when any variant would have to be encoded.
 */
export async function encodeVariants(source: string, sitePath: string, width: number): Promise<{ path: string; data: Buffer }[]>;
export async function encodeVariants(source: string, sitePath: string, width: number, cachedOnly: boolean): Promise<{ path: string; data: Buffer }[] | undefined>;
export async function encodeVariants(source: string, sitePath: string, width: number, cachedOnly = false): Promise<{ path: string; data: Buffer }[] | undefined> {
  const bytes = await readFile(source);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const variants = variantsOf(sitePath, width).map((v) => ({ ...v, key: cacheKey(['lib/images.ts'], 'image', hash, v.width, v.format) }));
  if (cachedOnly && !variants.every((v) => hasCached(v.key))) return undefined;
  return Promise.all(
    variants.map(async (v) => ({
      path: v.path,
      data: await cached(v.key, () => encode(sharp(bytes).autoOrient().resize({ width: v.width, withoutEnlargement: true }), v.format).toBuffer()),
    })),
  );
}
