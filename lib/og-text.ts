import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { create as createFont, type Font } from 'fontkit';

/**
 * Text drawn as outlines: shaped with fontkit from font files we ship (or the author names), turned
 * into SVG paths, so sharp's renderer never looks up a system font and the same input gives the same
 * pixels on every machine.
 */

export type Weight = 'regular' | 'semibold' | 'bold';

const DEFAULT_FONTS: Record<Weight, string> = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  semibold: '@expo-google-fonts/noto-sans/600SemiBold/NotoSans_600SemiBold.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
};

/** One font file opened for drawing. */
export interface Face {
  /** The file as configured (`path` or `path#PostScriptName` for a collection). */
  spec: string;
  font: Font;
  /** sha256 of the file's bytes plus the chosen face name: part of every cache key. */
  hash: string;
  covers: Map<number, boolean>;
  paths: Map<number, string>;
  boxes: Map<number, GlyphBox | null>;
}

/** A glyph's control box in font units (y up): every point of its outline lies inside. */
export interface GlyphBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Fonts tried in order for each character: the default face first, then the fallbacks. */
export type FontStack = Face[];

// Resolved from the working directory, not this module: Next bundles lib/ into .next/, the fonts stay in node_modules.
const requireFromRoot = createRequire(path.join(process.cwd(), 'package.json'));

/** The absolute path of a default font file shipped by the npm package. */
export function defaultFontFile(weight: Weight): string {
  return requireFromRoot.resolve(DEFAULT_FONTS[weight]);
}

const faces = new Map<string, Face>();

/**
 * Opens a font file once per process. `spec` is an absolute path, optionally `#PostScriptName` to pick
 * one face of a collection (.ttc); without it a collection's first face is used.
 */
export function openFace(spec: string): Face {
  const cached = faces.get(spec);
  if (cached) return cached;
  const [file, name] = splitSpec(spec);
  const bytes = readFileSync(file);
  const opened = createFont(bytes, name);
  const font = 'fonts' in opened ? opened.fonts[0] : opened;
  if (!font || typeof (font as Font).layout !== 'function') throw new Error(`${file}: not a font file fontkit can read`);
  const hash = createHash('sha256').update(bytes).update(`#${name ?? ''}`).digest('hex');
  const face: Face = { spec, font: font as Font, hash, covers: new Map(), paths: new Map(), boxes: new Map() };
  faces.set(spec, face);
  return face;
}

function splitSpec(spec: string): [string, string | undefined] {
  const i = spec.lastIndexOf('#');
  return i > 0 ? [spec.slice(0, i), spec.slice(i + 1) || undefined] : [spec, undefined];
}

/** The font file of a `#Name` spec. */
export function fontFileOf(spec: string): string {
  return splitSpec(spec)[0];
}

/** The default face of `weight` followed by the fallback files (absolute paths). */
export function fontStack(weight: Weight, fallbacks: readonly string[] = []): FontStack {
  return [openFace(defaultFontFile(weight)), ...fallbacks.map(openFace)];
}

const IGNORABLE = /^[\u200B-\u200F\u2060-\u2064\uFE00-\uFE0F\u{E0000}-\u{E0FFF}]$/u;
const MARK = /^\p{M}$/u;
const SPACE = /^\s$/u;

/** True when `face` draws a visible glyph for `cp` (a colour-bitmap emoji font has the code point but no outline). */
function covers(face: Face, cp: number): boolean {
  let ok = face.covers.get(cp);
  if (ok === undefined) {
    ok = face.font.hasGlyphForCodePoint(cp) && (SPACE.test(String.fromCodePoint(cp)) || face.font.glyphForCodePoint(cp).path.commands.length > 0);
    face.covers.set(cp, ok);
  }
  return ok;
}

/** One glyph placed in ems: multiply by the font size for pixels. */
export interface PlacedGlyph {
  face: Face;
  id: number;
  x: number;
  y: number;
}

/** A shaped piece of text in ems. */
export interface Shaped {
  glyphs: PlacedGlyph[];
  width: number;
  /** Characters no font in the stack draws (they show as the default font's missing-glyph box). */
  missing: string[];
}

const shapedCache = new WeakMap<FontStack, Map<string, Shaped>>();

/** The text cut into runs of one face each (the first face that draws a character), and the characters no face draws. */
function splitRuns(text: string, stack: FontStack): { runs: { face: Face; text: string }[]; missing: string[] } {
  const runs: { face: Face; text: string }[] = [];
  const missing: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const previous = runs.at(-1);
    // Joiners, variation selectors and combining marks stay with the character they modify.
    if (previous && (IGNORABLE.test(ch) || MARK.test(ch))) {
      if (covers(previous.face, cp)) previous.text += ch;
      continue;
    }
    if (IGNORABLE.test(ch)) continue;
    let face = stack.find((f) => covers(f, cp));
    if (!face) {
      if (!SPACE.test(ch) && !missing.includes(ch)) missing.push(ch);
      face = stack[0];
    }
    if (previous && (previous.face === face || (SPACE.test(ch) && covers(previous.face, cp)))) previous.text += ch;
    else runs.push({ face, text: ch });
  }
  return { runs, missing };
}

/** Characters of `text` no font of the stack draws: the `missing` of `shapeText`, without shaping. */
export function missingCharacters(text: string, stack: FontStack): string[] {
  return splitRuns(text, stack).missing;
}

/** Shapes `text` with the stack: each character goes to the first face that draws it; runs are laid out with kerning and ligatures. */
export function shapeText(text: string, stack: FontStack): Shaped {
  let memo = shapedCache.get(stack);
  if (!memo) shapedCache.set(stack, (memo = new Map()));
  const hit = memo.get(text);
  if (hit) return hit;

  const { runs, missing } = splitRuns(text, stack);
  const glyphs: PlacedGlyph[] = [];
  let pen = 0;
  for (const run of runs) {
    const em = run.face.font.unitsPerEm;
    const laid = run.face.font.layout(run.text);
    laid.glyphs.forEach((glyph, i) => {
      const pos = laid.positions[i];
      glyphs.push({ face: run.face, id: glyph.id, x: pen + pos.xOffset / em, y: pos.yOffset / em });
      pen += pos.xAdvance / em;
    });
  }
  const shaped: Shaped = { glyphs, width: pen, missing };
  if (memo.size > 20_000) memo.clear();
  memo.set(text, shaped);
  return shaped;
}

/** A line of text ready to draw: its glyphs in ems from the line's start, width in ems. */
export interface Line {
  text: string;
  glyphs: PlacedGlyph[];
  width: number;
}

export interface TextBlock {
  /** Font size in pixels. */
  size: number;
  /** Baseline-to-baseline distance in pixels. */
  lineHeight: number;
  lines: Line[];
  /** True when text was cut and ends with an ellipsis. */
  truncated: boolean;
  missing: string[];
}

export interface BlockOptions {
  /** Widest a line may be, in pixels. */
  maxWidth: number;
  maxLines: number;
  /** Font sizes to try, largest first; the first at which the text fits in maxLines wins. */
  sizes: readonly number[];
  /** Line height as a multiple of the size. */
  leading?: number;
}

const BREAK_AFTER = /[\s\-–—/]$/u;
const CLOSE_WRAP = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFFEF]$/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Splits text into pieces a line may break after: words with their trailing space, single CJK characters. */
export function breakPieces(text: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const { segment } of graphemes.segment(text.replace(/\s+/gu, ' ').trim())) {
    if (CLOSE_WRAP.test([...segment][0] ?? '')) {
      if (current) pieces.push(current);
      pieces.push(segment);
      current = '';
      continue;
    }
    if (current && BREAK_AFTER.test(current) && !/\s/u.test(segment)) {
      pieces.push(current);
      current = '';
    }
    current += segment;
  }
  if (current) pieces.push(current);
  // Closing punctuation glued to the CJK character before it, so no line starts with "。".
  return pieces.reduce<string[]>((out, piece) => {
    if (out.length && /^[\p{Pe}\p{Pf}\p{Po}]$/u.test(piece) && piece !== '/') out[out.length - 1] += piece;
    else out.push(piece);
    return out;
  }, []);
}

function measure(piece: string, stack: FontStack): number {
  return shapeText(piece, stack).width;
}

/** Width of a line built from pieces, trailing space excluded. */
function lineWidth(pieces: string[], stack: FontStack): number {
  if (!pieces.length) return 0;
  let width = 0;
  for (const p of pieces.slice(0, -1)) width += measure(p, stack);
  return width + measure(pieces.at(-1)!.trimEnd(), stack);
}

/** Greedy wrap of pieces into lines no wider than `max` ems; a piece wider than a line is split between graphemes. */
function wrap(pieces: string[], stack: FontStack, max: number): string[][] {
  const lines: string[][] = [];
  let line: string[] = [];
  for (const piece of pieces) {
    if (lineWidth([...line, piece], stack) <= max) {
      line.push(piece);
      continue;
    }
    if (line.length) lines.push(line);
    line = [];
    if (lineWidth([piece], stack) <= max) {
      line.push(piece);
      continue;
    }
    for (const { segment } of graphemes.segment(piece)) {
      if (line.length && lineWidth([...line, segment], stack) > max) {
        lines.push(line);
        line = [];
      }
      line.push(segment);
    }
  }
  if (line.length) lines.push(line);
  return lines;
}

/** Places the glyphs of a line's pieces one after another. */
function placeLine(text: string, pieces: string[], stack: FontStack): Line {
  const glyphs: PlacedGlyph[] = [];
  let x = 0;
  pieces.forEach((piece, i) => {
    const shaped = shapeText(i === pieces.length - 1 ? piece.trimEnd() : piece, stack);
    for (const g of shaped.glyphs) glyphs.push({ ...g, x: g.x + x });
    x += shaped.width;
  });
  return { text, glyphs, width: x };
}

/** The longest start of `text` that, followed by "…", fits in `max` ems; cut at a word when one is near. */
function ellipsize(text: string, stack: FontStack, max: number): string {
  const parts = [...graphemes.segment(text.trimEnd())].map((s) => s.segment);
  for (let n = parts.length; n > 0; n--) {
    let head = parts.slice(0, n).join('');
    if (n < parts.length) {
      const space = head.lastIndexOf(' ');
      if (space > head.length * 0.6) head = head.slice(0, space);
    }
    head = head.replace(/[\s\p{P}]+$/u, '');
    if (head && measure(`${head}…`, stack) <= max) return `${head}…`;
  }
  return '…';
}

/**
 * Lays text out in at most `maxLines` lines: the largest size at which it fits, else the smallest size
 * with an ellipsis ending the last line. Widths come from the fonts' real advances and kerning.
 */
export function layoutBlock(text: string, stack: FontStack, options: BlockOptions): TextBlock {
  const { maxWidth, maxLines, sizes, leading = 1.2 } = options;
  if (!sizes.length) throw new Error('layoutBlock: no sizes');
  const pieces = breakPieces(text);
  const missing = shapeText(text, stack).missing;
  for (const [i, size] of sizes.entries()) {
    const max = maxWidth / size;
    const wrapped = wrap(pieces, stack, max);
    const last = i === sizes.length - 1;
    if (wrapped.length <= maxLines || last) {
      const kept = wrapped.slice(0, maxLines);
      const truncated = wrapped.length > maxLines;
      const lines = kept.map((linePieces, n) => {
        const lineText = linePieces.join('').trimEnd();
        if (truncated && n === kept.length - 1) {
          const cut = ellipsize(lineText + ' ' + wrapped.slice(maxLines).flat().join(''), stack, max);
          return placeLine(cut, [cut], stack);
        }
        return placeLine(lineText, linePieces, stack);
      });
      return { size, lineHeight: size * leading, lines, truncated, missing };
    }
  }
  throw new Error('unreachable');
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

function glyphPath(face: Face, id: number): string {
  let d = face.paths.get(id);
  if (d === undefined) {
    d = face.font.getGlyph(id).path.toSVG();
    face.paths.set(id, d);
  }
  return d;
}

/**
 * SVG paths drawing a line with its start at (x, baseline), `size` pixels tall, moved by `shift` (whole
 * pixels). Outlines only: the result has no `<text>`, so rendering needs no font lookup. `fill` must be a
 * validated colour.
 */
export function lineToSvg(line: Pick<Line, 'glyphs'>, x: number, baseline: number, size: number, fill: string, opacity = 1, shift: { x: number; y: number } = { x: 0, y: 0 }): string {
  const parts: string[] = [];
  for (const g of line.glyphs) {
    const d = glyphPath(g.face, g.id);
    if (!d) continue;
    const s = size / g.face.font.unitsPerEm;
    // Rounded where the card puts it, then moved by whole pixels: the same decimals wherever the line is drawn.
    const gx = round(round(x + g.x * size) + shift.x);
    const gy = round(round(baseline - g.y * size) + shift.y);
    parts.push(`<path transform="matrix(${round(s, 6)} 0 0 ${round(-s, 6)} ${gx} ${gy})" d="${d}"/>`);
  }
  if (!parts.length) return '';
  return `<g fill="${fill}"${opacity < 1 ? ` fill-opacity="${opacity}"` : ''}>${parts.join('')}</g>`;
}

function glyphBox(face: Face, id: number): GlyphBox | null {
  let box = face.boxes.get(id);
  if (box === undefined) {
    const path = face.font.getGlyph(id).path;
    const { minX, minY, maxX, maxY } = path.cbox;
    box = path.commands.length && Number.isFinite(minX) ? { minX, minY, maxX, maxY } : null;
    face.boxes.set(id, box);
  }
  return box;
}

/** Pixel bounds (integers, `right`/`bottom` exclusive) of everything `lineToSvg` draws with the same arguments; null when it draws nothing. */
export function lineBounds(line: Pick<Line, 'glyphs'>, x: number, baseline: number, size: number): { left: number; top: number; right: number; bottom: number } | null {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (const g of line.glyphs) {
    const box = glyphBox(g.face, g.id);
    if (!box || !glyphPath(g.face, g.id)) continue;
    const s = size / g.face.font.unitsPerEm;
    const gx = round(x + g.x * size);
    const gy = round(baseline - g.y * size);
    left = Math.min(left, gx + box.minX * s);
    right = Math.max(right, gx + box.maxX * s);
    top = Math.min(top, gy - box.maxY * s);
    bottom = Math.max(bottom, gy - box.minY * s);
  }
  if (left === Infinity) return null;
  // One pixel more on each side: anti-aliasing touches the pixel an edge passes through.
  return { left: Math.floor(left) - 1, top: Math.floor(top) - 1, right: Math.ceil(right) + 1, bottom: Math.ceil(bottom) + 1 };
}

/** Cap height of the stack's default face, in ems (to centre capitals in a box). */
export function capHeight(stack: FontStack): number {
  const font = stack[0].font;
  return (font.capHeight || font.ascent * 0.7) / font.unitsPerEm;
}

/** A key for everything about a stack that changes pixels: the files' bytes. */
export function stackHash(stack: FontStack): string {
  return stack.map((f) => f.hash).join(',');
}
