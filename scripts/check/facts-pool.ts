/**
 * Reads the facts of every file of a site: from the cache when the file is unchanged, else by parsing it, on
 * worker threads when there is much to parse (Markdown and feeds take seconds on a large site, and every core helps).
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runOnWorkers } from '../worker-pool';
import { batchMemo, bodyLinksMemo, factsFingerprint, fileFactsKey, readCachedFacts, writeCachedFacts } from './fact-cache';
import { isTextFile, readFileFacts, type FactsContext, type FileFacts } from './file-facts';
import { leakRules, type LeakInput } from './leaks';
import { mapLimit } from '../../lib/map-limit';

/** What the facts of a run depend on besides each file; sent to each worker as it is. */
export interface FactsSetup {
  /** The site's folder. */
  root: string;
  cacheDir: string;
  siteUrl: string;
  leaks: LeakInput;
}

/** A file to parse and the key its facts are cached under. */
export interface FactsJob {
  file: string;
  key: string;
}

/** The per-run context of readFileFacts, built the same way on every thread. */
export function factsContext(setup: FactsSetup): FactsContext & { fingerprint: string } {
  const rules = leakRules(setup.leaks);
  return { rules, siteUrl: setup.siteUrl, itemHtml: new Map(), markdown: bodyLinksMemo(setup.cacheDir), batches: batchMemo(setup.cacheDir), fingerprint: factsFingerprint(rules, setup.siteUrl) };
}

/** Parses one file and caches what it yields. */
export async function parseFileFacts(setup: FactsSetup, context: FactsContext, job: FactsJob): Promise<FileFacts> {
  const text = await readFile(path.join(setup.root, job.file), 'utf8');
  const facts = readFileFacts(job.file, text, context);
  await writeCachedFacts(setup.cacheDir, job.key, facts);
  return facts;
}

/** Below this many bytes to parse, starting workers (about a second each) costs more than it saves. */
const BYTES_PER_WORKER = 4 << 20;

/**
 * Below this many files to parse, they are parsed on this thread: so few changed files mean a rebuild after an
 * edit, whose big files (the feeds, llms-full.txt) are read mostly from the cached facts of their parts. With
 * 1,000 posts, two workers took 5.1 s to read the 15 files an edit changed, and this thread alone 3.9 s, before
 * the parts were cached.
 */
const FILES_FOR_WORKERS = 64;

/** A batch of files sent to a worker holds at most this many bytes (or one file): its facts are held until all are read. */
const BATCH_BYTES = 4 << 20;

/**
 * Groups `jobs`, in order, into batches of at most `count` jobs and `bytes` bytes; a job bigger than `bytes`
 * goes alone. A worker answers for a whole batch, so the facts of eight 130 MB feeds would be held at once.
 */
export function batchJobs<J extends { size: number }>(jobs: J[], count: number, bytes: number): J[][] {
  const batches: J[][] = [];
  let batch: J[] = [];
  let size = 0;
  for (const job of jobs) {
    if (batch.length && (batch.length >= count || size + job.size > bytes)) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(job);
    size += job.size;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

/** Big files first, so no worker is left with one at the end; Markdown last, llms-full.txt after the copies it repeats. */
function parseOrder(a: FactsJob & { size: number }, b: FactsJob & { size: number }): number {
  const rank = (job: FactsJob) => (job.file === 'llms-full.txt' ? 2 : job.file.endsWith('.md') ? 1 : 0);
  return rank(a) - rank(b) || b.size - a.size || (a.file < b.file ? -1 : 1);
}

/** Files up to this size leave V8's heap sizing alone: a capped heap collects more often (1,000 posts: 20% slower). */
const UNCAPPED_UP_TO = 32 << 20;

/**
 * The V8 heap each worker may grow to, in MiB: room for three times the biggest file (its text, its facts and
 * the memos they feed), and never under 512 MiB; no cap when every file is small. Left alone, V8 grows a heap
 * to several times its live data before collecting it: two workers that had read 130 MB feeds held 0.9-1.9 GB.
 */
export function workerHeapMb(biggestFileBytes: number): number | undefined {
  if (biggestFileBytes <= UNCAPPED_UP_TO) return undefined;
  return Math.max(512, Math.ceil((3 * biggestFileBytes) / 2 ** 20) + 128);
}

/**
 * V8 sizes the young generation from the heap limit, smaller under a cap; a capped worker keeps a young
 * generation big enough that a file's short-lived parse trees die young instead of being promoted.
 */
const YOUNG_HEAP_MB = 64;

/**
 * Calls `onFacts` with the facts of each of `files` (paths in `setup.root`), in no particular order. Binary files
 * are checked by name only. `max` caps the worker threads (default: one per core; the main thread mostly waits);
 * `heapMb` each one's heap (default: workerHeapMb). A worker that runs out of heap costs time, not facts: what
 * it left is read on this thread.
 */
export async function collectFacts(
  setup: FactsSetup,
  files: string[],
  onFacts: (file: string, facts: FileFacts) => void,
  max = os.availableParallelism(),
  heapMb?: number,
): Promise<void> {
  const context = factsContext(setup);
  const misses: (FactsJob & { size: number })[] = [];
  await mapLimit(files, 16, async (file) => {
    if (!isTextFile(file)) return onFacts(file, readFileFacts(file, '', context));
    const { key, size } = await fileFactsKey(context.fingerprint, file, path.join(setup.root, file));
    const cached = await readCachedFacts(setup.cacheDir, key);
    if (cached) onFacts(file, cached);
    else misses.push({ file, key, size });
  });
  misses.sort(parseOrder);
  const bytes = misses.reduce((sum, job) => sum + job.size, 0);
  const count = misses.length < FILES_FOR_WORKERS ? 1 : Math.min(max, 8, misses.length, Math.ceil(bytes / BYTES_PER_WORKER));
  const parsed = new Set<string>();
  const found = (file: string, facts: FileFacts) => {
    parsed.add(file);
    onFacts(file, facts);
  };
  if (count > 1) {
    // Small batches when there is little to parse (a warm run after an edit: the big feeds), so one worker does
    // not get them all.
    const perBatch = Math.max(1, Math.min(8, Math.floor(misses.length / (count * 8))));
    const heap = heapMb ?? workerHeapMb(misses.reduce((biggest, job) => Math.max(biggest, job.size), 0));
    try {
      await runOnWorkers<FactsJob[], { file: string; facts: FileFacts }>({
        script: new URL('./facts-worker.ts', import.meta.url),
        workerData: setup,
        items: batchJobs(misses, perBatch, BATCH_BYTES).map((batch) => batch.map(({ file, key }) => ({ file, key }))),
        count,
        batchSize: 1,
        resourceLimits: heap === undefined ? undefined : { maxOldGenerationSizeMb: heap, maxYoungGenerationSizeMb: YOUNG_HEAP_MB },
        onResults: (results) => results.forEach(({ file, facts }) => found(file, facts)),
      });
    } catch (error) {
      if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw error;
    }
  }
  for (const job of misses) if (!parsed.has(job.file)) found(job.file, await parseFileFacts(setup, context, job));
}
