import { existsSync } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildCardJobs, contentFile, type CardJob } from '../lib/cards';
import type { Content } from '../lib/content';
import { cardKey, cardMissingCharacters, renderOgImage, renderTextCards, type Card, type TextCard } from '../lib/og';
import { fontFileOf } from '../lib/og-text';
import { runtimeOptions } from '../lib/site';
import { runOnWorkers } from './worker-pool';

export interface CardOptions {
  /** Content-addressed store of rendered cards; without it every card is rendered. */
  cacheDir?: string;
  log?: (line: string) => void;
  /** Worker threads rendering cards (default: one per core); 0 renders in this thread. Few cards are always rendered here. */
  workers?: number;
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

/** One card to draw: into the cache (`stored`), into the output (`target`), or both. */
export interface RenderItem {
  card: Card;
  stored?: string;
  target?: string;
}

/** Below this many cards to draw, starting worker threads (tsx, fonts, sharp in each) costs more than it saves. */
const WORKER_MIN_CARDS = 96;
/** Cards a worker draws per message: a few librsvg batches, small enough to balance the workers. */
const WORKER_BATCH = 24;

function describeMissing(chars: string[]): string {
  return chars.map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
}

/** Writes `data` to `file` through a temporary name, so a build stopped half-way never leaves a truncated file. */
async function writeAtomic(file: string, data: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temp, data);
  await rename(temp, file);
}

/**
 * Puts the cached card `stored` at `target`: a hard link (no bytes copied), else a copy. An existing
 * `target` is removed first, never written through: it may itself be a link to another cached card.
 * False when `stored` does not exist.
 */
export async function placeCard(stored: string, target: string): Promise<boolean> {
  for (let attempt = 0; ; attempt++) {
    try {
      await link(stored, target);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return false;
      if (code === 'EEXIST' && attempt === 0) {
        await rm(target, { force: true });
        continue;
      }
      if (code === 'EEXIST') throw error;
      // Another file system, or one without hard links.
      try {
        await rm(target, { force: true });
        await copyFile(stored, target);
        return true;
      } catch (copyError) {
        if ((copyError as NodeJS.ErrnoException).code === 'ENOENT' && !existsSync(stored)) return false;
        throw copyError;
      }
    }
  }
}

/** Draws the items (text cards several at a time) and writes each to its cache file and output file. Resolves with an error message per failed item. */
export async function renderItems(items: RenderItem[]): Promise<(string | undefined)[]> {
  const errors: (string | undefined)[] = new Array(items.length);
  const pngs: (Buffer | undefined)[] = new Array(items.length);
  const text = items.flatMap((item, i) => (item.card.kind === 'text' ? [i] : []));
  await Promise.all([
    ...items.map(async (item, i) => {
      if (item.card.kind !== 'cover') return;
      try {
        pngs[i] = await renderOgImage(item.card);
      } catch (error) {
        errors[i] = (error as Error).message;
      }
    }),
    (async () => {
      try {
        const drawn = await renderTextCards(text.map((i) => items[i].card as TextCard));
        text.forEach((i, n) => (pngs[i] = drawn[n]));
      } catch {
        // One bad card must not hide which: draw them one at a time for the messages.
        for (const i of text) {
          try {
            pngs[i] = (await renderTextCards([items[i].card as TextCard]))[0];
          } catch (error) {
            errors[i] = (error as Error).message;
          }
        }
      }
    })(),
  ]);
  await Promise.all(
    items.map(async (item, i) => {
      const png = pngs[i];
      if (!png) return;
      try {
        if (item.stored) await writeAtomic(item.stored, png);
        if (item.target && !(item.stored && (await placeCard(item.stored, item.target)))) {
          await rm(item.target, { force: true });
          await writeFile(item.target, png);
        }
      } catch (error) {
        errors[i] = (error as Error).message;
      }
    }),
  );
  return errors;
}

/** Renders the Open Graph card of every post, page and tag into `dir`, reusing cached cards whose inputs did not change. */
export async function writeCards(content: Content, dir: string, options: CardOptions = {}): Promise<CardReport> {
  const started = performance.now();
  const { cacheDir, log = console.log, contentDir = runtimeOptions().contentDir } = options;
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

  const failure = (job: CardJob, message: string) => new Error(`${job.file}: could not render its Open Graph card ${job.path}: ${message}`);
  const targets = jobs.map((job) => {
    const target = path.join(root, job.path);
    if (!target.startsWith(root + path.sep)) throw new Error(`Refusing to write outside ${root}: ${job.path}`);
    return target;
  });
  await Promise.all([...new Set(targets.map((t) => path.dirname(t)))].map((d) => mkdir(d, { recursive: true })));

  // Cached cards are linked into place; the rest are drawn.
  const todo: number[] = [];
  const stored = jobs.map((job) => (store ? path.join(store, `${cardKey(job.card)}.png`) : undefined));
  await Promise.all(
    jobs.map(async (job, i) => {
      const file = stored[i];
      if (!file) return todo.push(i);
      if (await placeCard(file, targets[i])) return;
      todo.push(i);
    }),
  );
  // Covers first (each costs several text cards), then by path so neighbouring cards share a librsvg call.
  todo.sort((a, b) => (jobs[a].card.kind === jobs[b].card.kind ? a - b : jobs[a].card.kind === 'cover' ? -1 : 1));
  const items: RenderItem[] = todo.map((i) => ({ card: jobs[i].card, stored: stored[i], target: targets[i] }));
  const workers = Math.min(options.workers ?? os.availableParallelism(), Math.floor(items.length / (WORKER_MIN_CARDS / 2)));
  const fail = (errors: (string | undefined)[], done: number[]) => {
    const n = errors.findIndex((e) => e !== undefined);
    if (n >= 0) throw failure(jobs[done[n]], errors[n]!);
  };
  if (items.length >= WORKER_MIN_CARDS && workers >= 1) {
    await runOnWorkers<{ i: number; item: RenderItem }, { i: number; error?: string }>({
      script: new URL('./og-card-worker.ts', import.meta.url),
      workerData: null,
      items: items.map((item, i) => ({ i, item })),
      count: workers,
      batchSize: WORKER_BATCH,
      onResults: (results) => {
        for (const { i, error } of results) if (error !== undefined) throw failure(jobs[todo[i]], error);
      },
    });
  } else {
    for (let n = 0; n < items.length; n += WORKER_BATCH) fail(await renderItems(items.slice(n, n + WORKER_BATCH)), todo.slice(n, n + WORKER_BATCH));
  }

  const ms = performance.now() - started;
  const where = items.length >= WORKER_MIN_CARDS && workers >= 1 ? `${workers} worker threads` : 'this thread';
  log(`masthead: ${jobs.length} Open Graph cards (${todo.length} rendered, ${jobs.length - todo.length} from cache) in ${Math.round(ms)} ms, drawn on ${where}`);
  return { cards: jobs.length, rendered: todo.length, cached: jobs.length - todo.length, warnings, ms };
}
