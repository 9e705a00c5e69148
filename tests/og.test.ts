import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildCardJobs, cardAt, checkCards, renderCard } from '@/lib/cards';
import { CARD_HEIGHT, CARD_WIDTH } from '@/lib/outputs';
import { buildCardSvg, cardMissingCharacters, encodeIndexedPng, layoutTitle, renderOgImage, type TextCard } from '@/lib/og';
import { capHeight, fontStack, lineBounds, lineToSvg, missingCharacters, shapeText } from '@/lib/og-text';
import { CJK_FONT, makeOgSite } from './helpers/og-site';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CONTENT_WIDTH = 1040;

function card(fields: Partial<TextCard> = {}): TextCard {
  return {
    kind: 'text',
    header: 'Field Notes',
    title: 'Hello, world',
    meta: 'June 30, 2025 · Meta',
    colors: { background: '#ffffff', foreground: '#16181d', accent: '#2251c7' },
    fallbackFonts: [],
    ...fields,
  };
}

/** Fraction of pixels in a region that differ from the background colour. */
async function ink(png: Buffer, region: { left: number; top: number; width: number; height: number }, background = [255, 255, 255]): Promise<number> {
  const { data, info } = await sharp(png).extract(region).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let inked = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if (Math.abs(data[i] - background[0]) + Math.abs(data[i + 1] - background[1]) + Math.abs(data[i + 2] - background[2]) > 60) inked++;
  }
  return inked / (info.width * info.height);
}

/** A palette PNG of a photo may move a colour by a step or two. */
function expectColour(pixel: Buffer, rgb: number[]) {
  expect([...pixel].every((v, i) => Math.abs(v - rgb[i]) <= 3), `${[...pixel]} ≈ ${rgb}`).toBe(true);
}

const TITLE_REGION = { left: 0, top: 170, width: CARD_WIDTH, height: 340 };

describe('renderOgImage', () => {
  it('renders a 1200x630 PNG well under 150 KB', async () => {
    const png = await renderOgImage(card({ title: 'Measuring page weight on a phone, with a longer title for more ink' }));
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect([meta.width, meta.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    expect(png.length).toBeLessThan(150 * 1024);
    expect(await ink(png, TITLE_REGION)).toBeGreaterThan(0.01);
  });

  it('gives identical bytes for the same card and different bytes for different titles', async () => {
    const [a, again, b] = await Promise.all([renderOgImage(card({ title: 'First post' })), renderOgImage(card({ title: 'First post' })), renderOgImage(card({ title: 'Second post' }))]);
    expect(a.equals(again)).toBe(true);
    expect(a.equals(b)).toBe(false);
  });

  it('uses the site colours', async () => {
    const png = await renderOgImage(card({ colors: { background: '#102030', foreground: '#f0f0f0', accent: '#ff8800' } }));
    const { data } = await sharp(png).extract({ left: 600, top: 600, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([...data]).toEqual([0x10, 0x20, 0x30]);
  });

  it('resizes and crops a cover image to the card size', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-og-'));
    const source = path.join(dir, 'tall.png');
    await sharp({ create: { width: 500, height: 1500, channels: 3, background: '#c03020' } }).png().toFile(source);
    const png = await renderOgImage({ kind: 'cover', source });
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', CARD_WIDTH, CARD_HEIGHT]);
    const { data } = await sharp(png).extract({ left: 10, top: 10, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expectColour(data, [0xc0, 0x30, 0x20]);
  });
});

describe('text', () => {
  it('escapes nothing into markup: the SVG is well-formed, outlines only, and the title is laid out as written', () => {
    const title = 'Tags <b> & "quotes" ]]> </svg><script>';
    const svg = buildCardSvg(card({ title, header: 'A & B <site>', meta: '"x" ]]>' }));
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg).not.toContain('<text');
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain(']]>');
    const block = layoutTitle(title);
    expect(block.lines.length).toBeGreaterThan(1);
    expect(block.lines.map((l) => l.text).join('').replace(/\s/g, '')).toBe(title.replace(/\s/g, ''));
  });

  it('keeps a short title on one line at the largest size', () => {
    const block = layoutTitle('Hello, world');
    expect(block.lines).toHaveLength(1);
    expect(block.size).toBe(76);
    expect(block.truncated).toBe(false);
  });

  it('wraps and shrinks a long title, never past the card width', () => {
    const block = layoutTitle('Front matter: the fields and what they do, explained with examples from real blogs that moved here');
    expect(block.lines.length).toBeGreaterThan(1);
    expect(block.lines.length).toBeLessThanOrEqual(3);
    expect(block.size).toBeLessThan(76);
    expect(block.truncated).toBe(false);
    for (const line of block.lines) expect(line.width * block.size).toBeLessThanOrEqual(CONTENT_WIDTH);
  });

  it('ends a title that does not fit in three lines with an ellipsis', () => {
    const title = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const block = layoutTitle(title);
    expect(block.lines).toHaveLength(3);
    expect(block.truncated).toBe(true);
    expect(block.lines[2].text.endsWith('…')).toBe(true);
    for (const line of block.lines) expect(line.width * block.size).toBeLessThanOrEqual(CONTENT_WIDTH);
  });

  it('breaks a single word longer than a line', () => {
    const block = layoutTitle('Supercalifragilisticexpialidocious'.repeat(3));
    expect(block.lines.length).toBeGreaterThan(1);
    for (const line of block.lines) expect(line.width * block.size).toBeLessThanOrEqual(CONTENT_WIDTH);
  });

  it('measures with the font, not by counting characters', () => {
    const stack = fontStack('bold');
    expect(shapeText('WWWWWWWW', stack).width).toBeGreaterThan(2 * shapeText('iiiiiiii', stack).width);
    // Kerning: "AV" is narrower than "A" and "V" apart.
    expect(shapeText('AV', stack).width).toBeLessThan(shapeText('A', stack).width + shapeText('V', stack).width);
  });

  it('draws Latin Extended, Greek and Cyrillic with the default font', () => {
    const stack = fontStack('bold');
    expect(shapeText('Łódź Ærøskøbing Tiếng Việt Şişli Ωμέγα Ελληνικά Привет Українська', stack).missing).toEqual([]);
    expect(shapeText('中文 😀', stack).missing).toEqual(['中', '文', '😀']);
  });

  it('draws CJK with a fallback font from fonts-noto-cjk', async () => {
    const title = '静的サイトを速く公開する方法';
    expect(layoutTitle(title, [CJK_FONT]).missing).toEqual([]);
    const withFont = await renderOgImage(card({ title, fallbackFonts: [CJK_FONT] }));
    const without = await renderOgImage(card({ title }));
    expect(withFont.equals(without)).toBe(false);
    expect(await ink(withFont, TITLE_REGION)).toBeGreaterThan(0.03);
  });
});

describe('fonts', () => {
  it('renders the same bytes with no system fonts at all (empty fontconfig)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-og-'));
    const config = path.join(dir, 'fonts.conf');
    await writeFile(config, '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>' + dir + '</cachedir></fontconfig>\n');
    const fields = { title: 'Ωμέγα, Привет & “quotes” — the same pixels everywhere', meta: 'March 2, 2026 · Performance' };
    const output = path.join(dir, 'card.png');
    // Control: an SVG with <text> needs system fonts, so it must come out differently there.
    const textSvg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><rect width="300" height="60" fill="#fff"/><text x="10" y="40" font-size="30" font-family="sans-serif">Hello</text></svg>';
    const control = path.join(dir, 'control.png');
    const script = `import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { renderOgImage } from './lib/og.ts';
const card = ${JSON.stringify(card(fields))};
writeFileSync(${JSON.stringify(output)}, await renderOgImage(card));
writeFileSync(${JSON.stringify(control)}, await sharp(Buffer.from(${JSON.stringify(textSvg)})).png().toBuffer());`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, FONTCONFIG_FILE: config, FONTCONFIG_PATH: dir, HOME: dir, XDG_CACHE_HOME: dir },
      encoding: 'utf8',
    });
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.status).toBe(0);
    const isolated = await readFile(output);
    const here = await renderOgImage(card(fields));
    expect(isolated.equals(here)).toBe(true);
    expect(await ink(isolated, TITLE_REGION)).toBeGreaterThan(0.01);
    // Where this machine has system fonts, the control proves the child really had none.
    const controlHere = await sharp(Buffer.from(textSvg)).png().toBuffer();
    const whole = { left: 0, top: 0, width: 300, height: 60 };
    if ((await ink(controlHere, whole)) > 0) expect((await readFile(control)).equals(controlHere), 'the child drew <text> without system fonts').toBe(false);
  });
});

describe('the cards of a site', () => {
  it('are one per post, page and tag at /og/<page path>.png, and the home card; an unchanged card comes from the cache', async () => {
    // A cache of this test's own: what it holds tells what was drawn.
    const cacheDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'masthead-og-cache-')), 'cache');
    const entries = async () => (await readdir(cacheDir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).length;
    const unit = process.env.MASTHEAD_CACHE_DIR;
    process.env.MASTHEAD_CACHE_DIR = cacheDir;
    try {
      const { content } = await makeOgSite({
        posts: [
          { file: 'first.md', title: 'First post', tags: ['Alpha'] },
          { file: 'second.md', title: 'Second post', tags: ['Alpha', 'Beta'] },
        ],
      });
      const compiled = await entries();
      const jobs = buildCardJobs(content);
      expect(jobs.map((j) => j.path)).toEqual(['/og.png', '/og/posts/first.png', '/og/posts/second.png', '/og/tags/alpha.png', '/og/tags/beta.png']);
      const cold = await Promise.all(jobs.map(renderCard));
      expect(await entries()).toBe(compiled + 5);
      for (const png of cold) expect(await sharp(png).metadata()).toMatchObject({ format: 'png', width: CARD_WIDTH, height: CARD_HEIGHT });
      expect(cold[1].equals(cold[2])).toBe(false);
      const warm = await Promise.all(jobs.map(renderCard));
      warm.forEach((png, i) => expect(png.equals(cold[i])).toBe(true));
      expect(await entries()).toBe(compiled + 5);
      // One changed title: one card drawn again.
      const changed = { ...content, posts: content.posts.map((p) => (p.slug === 'first' ? { ...p, title: 'First post, renamed' } : p)) };
      const again = await Promise.all(buildCardJobs(changed).map(renderCard));
      expect(again[1].equals(cold[1])).toBe(false);
      expect(await entries()).toBe(compiled + 6);
    } finally {
      process.env.MASTHEAD_CACHE_DIR = unit;
    }
  });

  it('use a local cover image named in front matter', async () => {
    const cover = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#11aa55' } }).png().toBuffer();
    const { content } = await makeOgSite({ posts: [{ file: 'pic/index.md', title: 'With a picture', image: './cover.png' }], files: { 'posts/pic/cover.png': cover } });
    const png = await renderCard(cardAt(content, '/og/posts/pic.png')!);
    const { data } = await sharp(png).extract({ left: 600, top: 300, width: 1, height: 1 }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expectColour(data, [0x11, 0xaa, 0x55]);
  });

  it('warn, naming the post, when a title has characters no configured font draws', async () => {
    const { content } = await makeOgSite({ posts: [{ file: 'cjk.md', title: 'Notes 東京' }, { file: 'plain.md', title: 'Plain' }] });
    const { problems, warnings } = checkCards(content);
    expect(problems).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/posts\/cjk\.md/);
    expect(warnings[0]).toContain('U+6771');
    expect(warnings[0]).toContain('og.fallbackFonts');
  });

  it('are refused, naming og.fallbackFonts, when a configured font file is missing', async () => {
    const { content } = await makeOgSite({ posts: [{ file: 'a.md', title: 'A' }], site: 'og:\n  fallbackFonts: [fonts/missing.ttf]\n' });
    const { problems } = checkCards(content);
    expect(problems).toEqual([expect.objectContaining({ field: 'og.fallbackFonts', message: expect.stringContaining('fonts/missing.ttf') })]);
  });
});

describe('palette cards', () => {
  it('encodes a palette PNG that decodes to the given colours', async () => {
    const palette: [number, number, number][] = [[255, 255, 255], [10, 20, 30], [200, 0, 100]];
    // 3x2: filter byte 0, then indices.
    const rows = Buffer.from([0, 0, 1, 2, 0, 2, 2, 1]);
    const png = await encodeIndexedPng(3, 2, palette, rows);
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([3, 2]);
    expect([...data]).toEqual([255, 255, 255, 10, 20, 30, 200, 0, 100, 200, 0, 100, 200, 0, 100, 10, 20, 30]);
    await expect(encodeIndexedPng(3, 3, palette, rows)).rejects.toThrow(/rows/);
  });

  it('looks like the card librsvg draws whole: every pixel within a few steps of the full SVG rasterised', async () => {
    const fields = card({ title: 'Ωμέγα, Привет & “quotes” — Typography AV Wa fi ffl gjpqy', meta: 'March 2, 2026 · Performance, Fonts' });
    const [ours, reference] = await Promise.all([
      renderOgImage(fields).then((png) => sharp(png).removeAlpha().raw().toBuffer()),
      sharp(Buffer.from(buildCardSvg(fields))).removeAlpha().raw().toBuffer(),
    ]);
    expect(ours).toHaveLength(reference.length);
    let worst = 0;
    let total = 0;
    for (let i = 0; i < ours.length; i++) {
      const d = Math.abs(ours[i] - reference[i]);
      worst = Math.max(worst, d);
      total += d;
    }
    expect(worst).toBeLessThanOrEqual(4);
    expect(total / ours.length).toBeLessThan(0.1);
  });

  it('draws a logo before the header in its own colours', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-og-'));
    const logo = path.join(dir, 'logo.png');
    // A gradient: more colours than the palette keeps for a logo, so it is quantised.
    const gradient = Buffer.alloc(256 * 64 * 3);
    for (let y = 0; y < 64; y++) for (let x = 0; x < 256; x++) gradient.set([x, 255 - x, y * 4], (y * 256 + x) * 3);
    await sharp(gradient, { raw: { width: 256, height: 64, channels: 3 } }).png().toFile(logo);
    const png = await renderOgImage(card({ logo }));
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([CARD_WIDTH, CARD_HEIGHT]);
    // The logo is 64 px tall at x = 80, centred on the header's capitals: close to its own colours.
    const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const top = Math.round(126 - (capHeight(fontStack('semibold')) * 34) / 2 - 32);
    let error = 0;
    for (let y = 8; y < 56; y++) for (let x = 0; x < 256; x++) for (let c = 0; c < 3; c++) error += Math.abs(data[((top + y) * info.width + 80 + x) * 3 + c] - gradient[(y * 256 + x) * 3 + c]);
    expect(error / (48 * 256 * 3)).toBeLessThan(12);
    // The header starts after the logo (256 px wide, then a 20 px gap): accent ink right of it, none in the gap.
    expect(await ink(png, { left: 80 + 256 + 20, top: 90, width: 200, height: 45 })).toBeGreaterThan(0.05);
    expect(await ink(png, { left: 80 + 256 + 2, top: 90, width: 16, height: 45 })).toBe(0);
  });

  it('bounds every pixel a line draws', async () => {
    const stack = fontStack('bold');
    const glyphs = shapeText('Ågjpqy Ωμέγα “fi” —', stack).glyphs;
    const line = { glyphs };
    const [x, baseline, size] = [100.37, 300.6, 76];
    const b = lineBounds(line, x, baseline, size)!;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">${lineToSvg(line, x, baseline, size, '#000000')}</svg>`;
    const { data } = await sharp(Buffer.from(svg)).extractChannel(3).raw().toBuffer({ resolveWithObject: true });
    let inside = 0;
    for (let y = 0; y < CARD_HEIGHT; y++) {
      for (let px = 0; px < CARD_WIDTH; px++) {
        if (!data[y * CARD_WIDTH + px]) continue;
        expect(px >= b.left && px < b.right && y >= b.top && y < b.bottom, `ink at ${px},${y} outside ${JSON.stringify(b)}`).toBe(true);
        inside++;
      }
    }
    expect(inside).toBeGreaterThan(1000);
    expect(lineBounds({ glyphs: shapeText('   ', stack).glyphs }, x, baseline, size)).toBeNull();
  });

  it('finds missing characters without layout, as shaping does', () => {
    const stack = fontStack('bold');
    for (const text of ['Hello', 'Notes 東京 😀', 'e\u0301 a\u200Db \uFE0F', '\u0301start']) expect(missingCharacters(text, stack)).toEqual(shapeText(text, stack).missing);
    expect(cardMissingCharacters(card({ header: 'Site ☃', title: '東京', meta: 'x 😀' })).sort()).toEqual(['☃', '東', '京', '😀'].sort());
  });
});
