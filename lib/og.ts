import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import sharp, { type PngOptions } from 'sharp';
import { CARD_HEIGHT, CARD_WIDTH } from './outputs';
import { capHeight, fontStack, layoutBlock, lineBounds, lineToSvg, missingCharacters, stackHash, type FontStack, type Line, type TextBlock } from './og-text';


const deflateAsync = promisify(deflate);

/** What a text card shows. Colours are validated `#rrggbb` values (site.yaml's schema). */
export interface TextCard {
  kind: 'text';
  /** Small line at the top: the site's name (or host on the home card). */
  header: string;
  title: string;
  /** One line under the title: a date and tags, a description, a post count. */
  meta: string;
  colors: { background: string; foreground: string; accent: string };
  /** Absolute path of a logo image drawn before the header. */
  logo?: string;
  /** Absolute paths (`file` or `file#PostScriptName`) of fonts tried for characters Noto Sans lacks. */
  fallbackFonts: string[];
}

/** A post's own cover image, resized and cropped to the card. */
export interface CoverCard {
  kind: 'cover';
  /** Absolute path of the image file. */
  source: string;
}

export type Card = TextCard | CoverCard;

const PAD = 80;
const CONTENT_WIDTH = CARD_WIDTH - 2 * PAD;
const HEADER = { size: 34, baseline: 126, logoHeight: 64 };
const TITLE = { top: 176, bottom: 500, maxLines: 3, sizes: [76, 70, 64, 58, 52, 48] as const, leading: 1.18 };
const META = { size: 30, baseline: 560 };

const COLOR = /^#[0-9a-fA-F]{6}$/;
function color(value: string): string {
  if (!COLOR.test(value)) throw new Error(`Card colour must look like #1a2b3c, got ${JSON.stringify(value)}`);
  return value;
}

interface Stacks {
  bold: FontStack;
  semibold: FontStack;
  regular: FontStack;
}

function stacksFor(card: TextCard): Stacks {
  return { bold: fontStack('bold', card.fallbackFonts), semibold: fontStack('semibold', card.fallbackFonts), regular: fontStack('regular', card.fallbackFonts) };
}

/** The title's lines and size on a card: up to three lines, smaller for long titles, an ellipsis when it still does not fit. */
export function layoutTitle(title: string, fallbackFonts: string[] = []): TextBlock {
  return layoutBlock(title, fontStack('bold', fallbackFonts), { maxWidth: CONTENT_WIDTH, maxLines: TITLE.maxLines, sizes: TITLE.sizes, leading: TITLE.leading });
}

/** Characters of the card's texts that no configured font draws (cheap: no layout). */
export function cardMissingCharacters(card: TextCard): string[] {
  const stacks = stacksFor(card);
  const all = [...missingCharacters(card.header, stacks.semibold), ...missingCharacters(card.title, stacks.bold), ...missingCharacters(card.meta, stacks.regular)];
  return [...new Set(all)];
}

/** One line of text placed on the card. */
interface PlacedLine {
  line: Line;
  x: number;
  baseline: number;
  size: number;
  opacity: number;
}

/** Where every line of a text card goes: the header (accent colour), the title and the meta line (foreground). */
function layoutCard(card: TextCard, logoWidth: number): { header: PlacedLine[]; title: PlacedLine[]; meta: PlacedLine[] } {
  const stacks = stacksFor(card);
  const headerX = PAD + (logoWidth ? logoWidth + 20 : 0);
  const header = layoutBlock(card.header, stacks.semibold, { maxWidth: CARD_WIDTH - PAD - headerX, maxLines: 1, sizes: [HEADER.size] });
  const title = layoutTitle(card.title, card.fallbackFonts);
  const meta = layoutBlock(card.meta, stacks.regular, { maxWidth: CONTENT_WIDTH, maxLines: 1, sizes: [META.size] });
  // Centre the title block between the header and the meta line; capitals centred in each line box.
  const blockHeight = title.lines.length * title.lineHeight;
  const top = TITLE.top + Math.max(0, (TITLE.bottom - TITLE.top - blockHeight) / 2);
  const cap = capHeight(stacks.bold) * title.size;
  return {
    header: header.lines.map((line) => ({ line, x: headerX, baseline: HEADER.baseline, size: HEADER.size, opacity: 1 })),
    title: title.lines.map((line, i) => ({ line, x: PAD, baseline: top + i * title.lineHeight + (title.lineHeight + cap) / 2, size: title.size, opacity: 1 })),
    meta: meta.lines.map((line) => ({ line, x: PAD, baseline: META.baseline, size: META.size, opacity: 0.72 })),
  };
}

const draw = (lines: PlacedLine[], fill: string, x = 0, y = 0) => lines.map((p) => lineToSvg(p.line, p.x, p.baseline, p.size, fill, p.opacity, { x, y })).join('');

/** The shapes drawn in the accent colour: the bar along the top and the short rule above the meta line. */
function accentRects(fill: string): string {
  return `<rect width="${CARD_WIDTH}" height="14" fill="${fill}"/><rect x="${PAD}" y="${META.baseline - META.size - 30}" width="96" height="6" rx="3" fill="${fill}"/>`;
}

/** The SVG of a text card: shapes and outlined text only, no `<text>`, no external references. */
export function buildCardSvg(card: TextCard, logoWidth = 0): string {
  const bg = color(card.colors.background);
  const fg = color(card.colors.foreground);
  const accent = color(card.colors.accent);
  const layout = layoutCard(card, logoWidth);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">`,
    `<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="${bg}"/>`,
    accentRects(accent),
    draw(layout.header, accent),
    draw(layout.title, fg),
    draw(layout.meta, fg),
    '</svg>',
  ].join('');
}

/**
 * PNG settings of cover cards: a palette of at most 256 colours (half the bytes of full colour), dithered
 * for photos, maximum zlib compression, the quantiser's fastest effort.
 */
export const PNG_OPTIONS: PngOptions = { compressionLevel: 9, palette: true, effort: 1, dither: 1 };

async function logoImage(file: string): Promise<{ input: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file, { density: 300 })
    .resize({ height: HEADER.logoHeight, width: 320, fit: 'inside' })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { input: data, width: info.width, height: info.height };
}

/*
 * A text card is drawn as a palette image built from coverage masks instead of rasterising and quantising
 * the whole card each time. Every pixel of a text card is the background, the background blended with the
 * foreground (title, meta) or with the accent (bar, rule, header) by the coverage librsvg computes for the
 * outlines. So the palette is fixed per site style: the background, FG_LEVELS steps towards the foreground and
 * ACCENT_LEVELS towards the accent. The parts every card shares (bar, rule, header) are drawn once per style; per card only the title and meta outlines
 * are rasterised, cropped to their bounds, several cards in one librsvg call. Coverage is rounded to 1/127
 * (foreground) or 1/64 (accent): at most one or two steps of 255 off the exact blend, less than the
 * quantiser moved colours before. A card with a logo (any colours) is drawn whole and quantised instead.
 */
const FG_LEVELS = 127;
const ACCENT_LEVELS = 64;
const ROW = CARD_WIDTH + 1; // a filter byte, then one palette index per pixel
/** zlib level of text cards: level 9 takes ten times as long for 8% fewer bytes. */
const DEFLATE_LEVEL = 6;

type Rgb = [number, number, number];

function rgb(hex: string): Rgb {
  const n = Number.parseInt(color(hex).slice(1), 16);
  return [n >> 16, (n >> 8) & 255, n & 255];
}

const mix = (from: Rgb, to: Rgb, t: number): Rgb => [0, 1, 2].map((i) => Math.round(from[i] + (to[i] - from[i]) * t)) as Rgb;

/** What all text cards of one style share: the palette and the indexed rows of the background, bar, rule and header. */
interface CardBase {
  palette: Rgb[];
  rows: Buffer;
  /** Palette index of the foreground at coverage 0-255 over the background. */
  fgIndex: Uint8Array;
  fg: Rgb;
  blends: Map<number, number>;
}

function levelIndex(levels: number, first: number): Uint8Array {
  const index = new Uint8Array(256);
  for (let a = 1; a < 256; a++) {
    const k = Math.round((a * levels) / 255);
    index[a] = k ? first + k - 1 : 0;
  }
  return index;
}

/** The palette entry nearest to a colour (squared RGB distance; the first on a tie). */
function nearest(palette: Rgb[], c: Rgb): number {
  let best = 0;
  let bestDistance = Infinity;
  palette.forEach((p, i) => {
    const d = (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2 + (p[2] - c[2]) ** 2;
    if (d < bestDistance) [best, bestDistance] = [i, d];
  });
  return best;
}

async function alphaOf(svg: string): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg)).extractChannel(3).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function drawBase(card: TextCard): Promise<CardBase> {
  const bg = rgb(card.colors.background);
  const fg = rgb(card.colors.foreground);
  const accent = rgb(card.colors.accent);
  const palette: Rgb[] = [bg];
  for (let k = 1; k <= FG_LEVELS; k++) palette.push(mix(bg, fg, k / FG_LEVELS));
  for (let k = 1; k <= ACCENT_LEVELS; k++) palette.push(mix(bg, accent, k / ACCENT_LEVELS));
  const layout = layoutCard(card, 0);
  const mask = await alphaOf(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">${accentRects('#000000')}${draw(layout.header, '#000000')}</svg>`,
  );
  const rows = Buffer.alloc(CARD_HEIGHT * ROW);
  const accentIndex = levelIndex(ACCENT_LEVELS, 1 + FG_LEVELS);
  for (let y = 0; y < CARD_HEIGHT; y++) {
    for (let x = 0; x < CARD_WIDTH; x++) rows[y * ROW + 1 + x] = accentIndex[mask.data[y * CARD_WIDTH + x]];
  }
  return { palette, rows, fgIndex: levelIndex(FG_LEVELS, 1), fg, blends: new Map() };
}

const bases = new Map<string, Promise<CardBase>>();
function cardBase(card: TextCard): Promise<CardBase> {
  const key = JSON.stringify([card.header, card.colors, card.fallbackFonts]);
  let base = bases.get(key);
  if (!base) {
    if (bases.size > 16) bases.clear();
    base = drawBase(card);
    base.catch(() => bases.delete(key));
    bases.set(key, base);
  }
  return base;
}

/** The palette index of the foreground at coverage `a` over palette entry `under` (text over the rule or logo: rare). */
function blendIndex(base: CardBase, under: number, a: number): number {
  const key = under * 256 + a;
  let index = base.blends.get(key);
  if (index === undefined) {
    index = nearest(base.palette, mix(base.palette[under], base.fg, a / 255));
    base.blends.set(key, index);
  }
  return index;
}

const CRC_TABLE = Int32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c;
});

function crc32(data: Buffer): number {
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A palette PNG (colour type 3, 8 bits): https://www.w3.org/TR/png-3/ . `rows` holds each row's filter byte (0) and indices. */
export async function encodeIndexedPng(width: number, height: number, palette: Rgb[], rows: Buffer): Promise<Buffer> {
  if (rows.length !== height * (width + 1)) throw new Error(`encodeIndexedPng: ${rows.length} bytes of rows for ${width}x${height}`);
  if (!palette.length || palette.length > 256) throw new Error(`encodeIndexedPng: ${palette.length} palette entries`);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8);
  const idat = await deflateAsync(rows, { level: DEFLATE_LEVEL });
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('PLTE', Buffer.from(palette.flat())), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

interface Region {
  left: number;
  top: number;
  right: number;
  bottom: number;
  lines: PlacedLine[];
}

function regionOf(lines: PlacedLine[]): Region | null {
  let region: Region | null = null;
  for (const p of lines) {
    const b = lineBounds(p.line, p.x, p.baseline, p.size);
    if (!b) continue;
    region = region
      ? { left: Math.min(region.left, b.left), top: Math.min(region.top, b.top), right: Math.max(region.right, b.right), bottom: Math.max(region.bottom, b.bottom), lines }
      : { ...b, lines };
  }
  return region;
}

/** PNG settings of a text card with a logo: as a cover's, without dithering (flat colours and text need none). */
const WHOLE_CARD_PNG: PngOptions = { ...PNG_OPTIONS, dither: 0 };

/** A text card with a logo: the whole SVG rasterised, the logo composited, the result quantised. */
async function renderWholeCard(card: TextCard & { logo: string }): Promise<Buffer> {
  const logo = await logoImage(card.logo);
  // Logo centred on the header's capitals.
  const middle = HEADER.baseline - (capHeight(fontStack('semibold')) * HEADER.size) / 2;
  return sharp(Buffer.from(buildCardSvg(card, logo.width)))
    .composite([{ input: logo.input, left: PAD, top: Math.round(middle - logo.height / 2) }])
    .png(WHOLE_CARD_PNG)
    .toBuffer();
}

/**
 * A text card without a logo: the shared base of its style, with the title's and the meta line's outlines
 * rasterised as one mask (cropped to their bounds, stacked) and blended in by palette index.
 */
async function renderTextCard(card: TextCard): Promise<Buffer> {
  const base = await cardBase(card);
  const layout = layoutCard(card, 0);
  const slots: { region: Region; y: number }[] = [];
  let height = 0;
  let width = 1;
  for (const region of [regionOf(layout.title), regionOf(layout.meta)]) {
    if (!region) continue;
    slots.push({ region, y: height });
    height += region.bottom - region.top;
    width = Math.max(width, region.right - region.left);
  }
  const rows = Buffer.allocUnsafe(base.rows.length);
  base.rows.copy(rows);
  if (slots.length) {
    const mask = await alphaOf(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
        slots.map((s) => draw(s.region.lines, '#000000', -s.region.left, s.y - s.region.top)).join('') +
        '</svg>',
    );
    if (mask.width !== width || mask.height !== height) throw new Error(`card mask is ${mask.width}x${mask.height}, expected ${width}x${height}`);
    for (const { region, y: top } of slots) {
      const x0 = Math.max(0, region.left);
      const x1 = Math.min(CARD_WIDTH, region.right);
      for (let y = Math.max(0, region.top); y < Math.min(CARD_HEIGHT, region.bottom); y++) {
        const from = (top + y - region.top) * width - region.left;
        const to = y * ROW + 1;
        for (let x = x0; x < x1; x++) {
          const a = mask.data[from + x];
          if (a === 0) continue;
          const under = rows[to + x];
          rows[to + x] = under === 0 ? base.fgIndex[a] : blendIndex(base, under, a);
        }
      }
    }
  }
  return encodeIndexedPng(CARD_WIDTH, CARD_HEIGHT, base.palette, rows);
}

/** Renders a card to a 1200x630 PNG. Pure in its inputs: the same card and font files give the same bytes. */
export async function renderOgImage(card: Card): Promise<Buffer> {
  if (card.kind === 'cover') {
    return sharp(card.source, { density: 300 })
      .resize(CARD_WIDTH, CARD_HEIGHT, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background: '#ffffff' })
      .png(PNG_OPTIONS)
      .toBuffer();
  }
  return card.logo ? renderWholeCard({ ...card, logo: card.logo }) : renderTextCard(card);
}

const fileHashes = new Map<string, string>();
function fileHash(file: string): string {
  let hash = fileHashes.get(file);
  if (!hash) {
    hash = createHash('sha256').update(readFileSync(file)).digest('hex');
    fileHashes.set(file, hash);
  }
  return hash;
}

/** Digests of the bytes of every file a card reads (fonts, logo, cover image): with the card, what its pixels depend on. */
export function cardFiles(card: Card): string[] {
  return card.kind === 'cover'
    ? [fileHash(card.source)]
    : [stackHash(fontStack('bold', card.fallbackFonts)), stackHash(fontStack('semibold')), stackHash(fontStack('regular')), card.logo ? fileHash(card.logo) : ''];
}
