import os from 'node:os';
import type { CompileJob } from '../lib/content/compile';
import type { LinkIndex } from '../lib/content/links';
import type { CompiledMarkdown } from '../lib/markdown';
import { runOnWorkers } from './worker-pool';

/** Compiles Markdown on worker threads, one per core (at most `max`), each loading the pipeline once. */
export async function compileOnWorkers(jobs: CompileJob[], index: LinkIndex, cacheDir?: string, max = os.availableParallelism()): Promise<CompiledMarkdown[]> {
  const count = Math.max(1, Math.min(max, Math.ceil(jobs.length / 50)));
  const results: CompiledMarkdown[] = new Array(jobs.length);
  // Largest first, so one long post does not finish last on an otherwise idle core.
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].body.length - jobs[a].body.length);
  await runOnWorkers<{ i: number; job: CompileJob }, { i: number; result: CompiledMarkdown }>({
    script: new URL('./compile-worker.ts', import.meta.url),
    workerData: { index, cacheDir },
    items: order.map((i) => ({ i, job: jobs[i] })),
    count,
    // Small batches: fewer messages, still balanced.
    batchSize: 8,
    onResults: (done) => {
      for (const { i, result } of done) results[i] = result;
    },
  });
  return results;
}
