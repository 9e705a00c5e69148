import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp, { type PngOptions } from 'sharp';
import { CARD_HEIGHT, CARD_WIDTH } from './cards';
import { capHeight, fontStack, layoutBlock, lineToSvg, stackHash, type FontStack, type TextBlock } from './og-text';

export { CARD_HEIGHT, CARD_WIDTH };

/** Bump when the drawing below changes, so cached cards are drawn again. */
export const TEMPLATE_VERSION = 1;

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

/** Characters of the card's texts that no configured font draws. */
export function cardMissingCharacters(card: TextCard): string[] {
  const stacks = stacksFor(card);
  const all = [
    ...layoutBlock(card.header, stacks.semibold, { maxWidth: CONTENT_WIDTH, maxLines: 1, sizes: [HEADER.size] }).missing,
    ...layoutTitle(card.title, card.fallbackFonts).missing,
    ...layoutBlock(card.meta, stacks.regular, { maxWidth: CONTENT_WIDTH, maxLines: 1, sizes: [META.size] }).missing,
  ];
  return [...new Set(all)];
}

/** The SVG of a text card: shapes and outlined text only, no `<text>`, no external references. */
export function buildCardSvg(card: TextCard, logoWidth = 0): string {
  const stacks = stacksFor(card);
  const bg = color(card.colors.background);
  const fg = color(card.colors.foreground);
  const accent = color(card.colors.accent);
  const headerX = PAD + (logoWidth ? logoWidth + 20 : 0);
  const header = layoutBlock(card.header, stacks.semibold, { maxWidth: CARD_WIDTH - PAD - headerX, maxLines: 1, sizes: [HEADER.size] });
  const title = layoutTitle(card.title, card.fallbackFonts);
  const meta = layoutBlock(card.meta, stacks.regular, { maxWidth: CONTENT_WIDTH, maxLines: 1, sizes: [META.size] });

  // Centre the title block between the header and the meta line; capitals centred in each line box.
  const blockHeight = title.lines.length * title.lineHeight;
  const top = TITLE.top + Math.max(0, (TITLE.bottom - TITLE.top - blockHeight) / 2);
  const cap = capHeight(stacks.bold) * title.size;
  const titlePaths = title.lines.map((line, i) => lineToSvg(line, PAD, top + i * title.lineHeight + (title.lineHeight + cap) / 2, title.size, fg)).join('');

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" viewBox="0 0 ${CARD_WIDTH} ${CARD_HEIGHT}">`,
    `<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="${bg}"/>`,
    `<rect width="${CARD_WIDTH}" height="14" fill="${accent}"/>`,
    `<rect x="${PAD}" y="${META.baseline - META.size - 30}" width="96" height="6" rx="3" fill="${accent}"/>`,
    header.lines.map((line) => lineToSvg(line, headerX, HEADER.baseline, HEADER.size, accent)).join(''),
    titlePaths,
    meta.lines.map((line) => lineToSvg(line, PAD, META.baseline, META.size, fg, 0.72)).join(''),
    '</svg>',
  ].join('');
}

/**
 * PNG settings of every card: a palette of at most 256 colours (flat colours and anti-aliased text need
 * no more; half the bytes of full colour), maximum zlib compression, the quantiser's fastest effort.
 */
export const PNG_OPTIONS: PngOptions = { compressionLevel: 9, palette: true, effort: 1, dither: 0 };

async function logoImage(file: string): Promise<{ input: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(file, { density: 300 })
    .resize({ height: HEADER.logoHeight, width: 320, fit: 'inside' })
    .png()
    .toBuffer({ resolveWithObject: true });
  return { input: data, width: info.width, height: info.height };
}

/** Renders a card to a 1200x630 PNG. Pure in its inputs: the same card and font files give the same bytes. */
export async function renderOgImage(card: Card): Promise<Buffer> {
  if (card.kind === 'cover') {
    return sharp(card.source, { density: 300 })
      .resize(CARD_WIDTH, CARD_HEIGHT, { fit: 'cover', position: sharp.strategy.attention })
      .flatten({ background: '#ffffff' })
      .png({ ...PNG_OPTIONS, dither: 1 })
      .toBuffer();
  }
  const logo = card.logo ? await logoImage(card.logo) : undefined;
  const svg = buildCardSvg(card, logo?.width ?? 0);
  let image = sharp(Buffer.from(svg));
  if (logo) {
    // Logo centred on the header's capitals.
    const middle = HEADER.baseline - (capHeight(fontStack('semibold')) * HEADER.size) / 2;
    image = image.composite([{ input: logo.input, left: PAD, top: Math.round(middle - logo.height / 2) }]);
  }
  return image.png(PNG_OPTIONS).toBuffer();
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

/** A content address for a card: its fields, the template version, sharp's version and the bytes of every file it reads. */
export function cardKey(card: Card): string {
  const files =
    card.kind === 'cover'
      ? [fileHash(card.source)]
      : [stackHash(fontStack('bold', card.fallbackFonts)), stackHash(fontStack('semibold')), stackHash(fontStack('regular')), card.logo ? fileHash(card.logo) : ''];
  return createHash('sha256')
    .update(JSON.stringify({ v: TEMPLATE_VERSION, sharp: sharp.versions, card, files }))
    .digest('hex');
}
