import os from 'node:os';
import { cachedCompile, compileAndStore, type CompileJob } from '../lib/content/compile';
import type { LinkIndex } from '../lib/content/links';
import type { CompiledMarkdown } from '../lib/markdown';
import { mapLimit } from '../lib/map-limit';
import { runOnWorkers } from './worker-pool';

/** At most this many uncached posts compile on the calling thread. */
const IN_PROCESS_MISSES = 8;

/** Compiles Markdown on worker threads, one per core (at most `max`), each loading the pipeline once. */
export async function compileOnWorkers(jobs: CompileJob[], index: LinkIndex, cacheDir?: string, max = os.availableParallelism()): Promise<CompiledMarkdown[]> {
  // Cache hits first, here: a worker costs about a second to start (it loads the whole pipeline) and a
  // hit costs well under a millisecond.
  const results: (CompiledMarkdown | undefined)[] = await mapLimit(jobs, 64, (job) => cachedCompile(job, index, cacheDir));
  const misses = jobs.map((_, i) => i).filter((i) => !results[i]);
  if (!misses.length) return results as CompiledMarkdown[];
  // A few misses (a rebuild after an edit) compile here: a worker thread would load the same pipeline
  // after starting tsx of its own, and leave this thread waiting.
  if (misses.length <= IN_PROCESS_MISSES) {
    for (const i of misses) results[i] = await compileAndStore(jobs[i], index, cacheDir);
    return results as CompiledMarkdown[];
  }
  const count = Math.max(1, Math.min(max, Math.ceil(misses.length / 50)));
  // Largest first, so one long post does not finish last on an otherwise idle core.
  const order = misses.sort((a, b) => jobs[b].body.length - jobs[a].body.length);
  await runOnWorkers<{ i: number; job: CompileJob }, { i: number; result: CompiledMarkdown }>({
    script: new URL('./compile-worker.ts', import.meta.url),
    workerData: { index, cacheDir },
    items: order.map((i) => ({ i, job: jobs[i] })),
    count,
    // Small batches: fewer messages, still balanced.
    batchSize: 8,
    // Parsing Markdown makes many short-lived objects; a larger young generation spends less of each
    // post in the scavenger: cold prepare of 1,000 posts 12.1 s vs 12.7-13.3 s (2 runs each, interleaved).
    resourceLimits: { maxYoungGenerationSizeMb: 192 },
    onResults: (done) => {
      for (const { i, result } of done) results[i] = result;
    },
  });
  return results as CompiledMarkdown[];
}
