import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CompileJob } from '../lib/content/compile';
import type { LinkIndex } from '../lib/content/links';
import type { CompiledMarkdown } from '../lib/markdown';

/** Compiles Markdown on worker threads, one per core (at most `max`), each loading the pipeline once. */
export async function compileOnWorkers(jobs: CompileJob[], index: LinkIndex, cacheDir?: string, max = os.availableParallelism()): Promise<CompiledMarkdown[]> {
  const count = Math.max(1, Math.min(max, Math.ceil(jobs.length / 50)));
  const results: CompiledMarkdown[] = new Array(jobs.length);
  // Largest first, so one long post does not finish last on an otherwise idle core.
  const order = jobs.map((_, i) => i).sort((a, b) => jobs[b].body.length - jobs[a].body.length);
  let next = 0;
  // A worker thread does not inherit tsx's loader: register it, then load the TypeScript worker.
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./compile-worker.ts', import.meta.url).href)}); })`;
  const workers = Array.from({ length: count }, () => new Worker(bootstrap, { eval: true, workerData: { index, cacheDir } }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              // Send small batches: fewer messages, still balanced.
              const batch = order.slice(next, next + 8);
              next += batch.length;
              if (batch.length === 0) return resolve();
              worker.postMessage(batch.map((i) => ({ i, job: jobs[i] })));
            };
            worker.on('message', (done: { i: number; result: CompiledMarkdown }[]) => {
              for (const { i, result } of done) results[i] = result;
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`compile worker exited with ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
