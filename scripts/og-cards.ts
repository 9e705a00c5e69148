import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildCardJobs, contentFile, type CardJob } from '../lib/cards';
import type { Content } from '../lib/content';
import { cardKey, cardMissingCharacters, renderOgImage } from '../lib/og';
import { fontFileOf } from '../lib/og-text';
import { runtimeOptions } from '../lib/site';

export interface CardOptions {
  /** Content-addressed store of rendered cards; without it every card is rendered. */
  cacheDir?: string;
  log?: (line: string) => void;
  /** Cards rendered at once (sharp also uses its own thread pool inside each). */
  concurrency?: number;
  /** The folder site.yaml's paths are relative to. */
  contentDir?: string;
}

export interface CardReport {
  cards: number;
  rendered: number;
  cached: number;
  warnings: string[];
  ms: number;
}

function describeMissing(chars: string[]): string {
  return chars.map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
}

/** Runs `task` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Renders the Open Graph card of every post, page and tag into `dir`, reusing cached cards whose inputs did not change. */
export async function writeCards(content: Content, dir: string, options: CardOptions = {}): Promise<CardReport> {
  const started = performance.now();
  const { cacheDir, log = console.log, contentDir = runtimeOptions().contentDir } = options;
  const concurrency = options.concurrency ?? Math.max(2, os.availableParallelism());
  const root = path.resolve(dir);
  const store = cacheDir ? path.join(cacheDir, 'og') : undefined;
  if (store) await mkdir(store, { recursive: true });
  const jobs = buildCardJobs(content, contentDir);
  const fonts = content.site.og.fallbackFonts;
  const absent = fonts.filter((f) => !existsSync(fontFileOf(contentFile(contentDir, f))));
  if (absent.length) throw new Error(`site.yaml "og.fallbackFonts": no font file at ${absent.map((f) => JSON.stringify(f)).join(', ')} (paths are relative to ${contentDir} unless absolute)`);

  const warnings: string[] = [];
  for (const job of jobs) {
    if (job.card.kind !== 'text') continue;
    const missing = cardMissingCharacters(job.card);
    if (missing.length) {
      warnings.push(
        `${job.file}: its Open Graph card has characters no configured font draws, shown as boxes: ${describeMissing(missing)}. ` +
          'Add a font that has them to og.fallbackFonts in site.yaml (see the README, "Fonts, and CJK or emoji").',
      );
    }
  }
  for (const warning of warnings) log(`warning: ${warning}`);

  let rendered = 0;
  let cached = 0;
  const write = async (job: CardJob) => {
    const target = path.join(root, job.path);
    if (!target.startsWith(root + path.sep)) throw new Error(`Refusing to write outside ${root}: ${job.path}`);
    await mkdir(path.dirname(target), { recursive: true });
    const stored = store && path.join(store, `${cardKey(job.card)}.png`);
    if (stored && existsSync(stored)) {
      await copyFile(stored, target);
      cached++;
      return;
    }
    const png = await renderOgImage(job.card);
    rendered++;
    await writeFile(target, png);
    if (stored) {
      // Write then rename, so a build stopped half-way never leaves a truncated card in the cache.
      const temp = `${stored}.${process.pid}.tmp`;
      await writeFile(temp, png);
      await rename(temp, stored);
    }
  };
  await pool(jobs, concurrency, async (job) => {
    try {
      await write(job);
    } catch (error) {
      throw new Error(`${job.file}: could not render its Open Graph card ${job.path}: ${(error as Error).message}`);
    }
  });

  const ms = performance.now() - started;
  log(`masthead: ${jobs.length} Open Graph cards (${rendered} rendered, ${cached} from cache) in ${Math.round(ms)} ms, sharp on ${sharp.concurrency()} threads`);
  return { cards: jobs.length, rendered, cached, warnings, ms };
}
