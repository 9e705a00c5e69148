import { parentPort, workerData } from 'node:worker_threads';
import { compileAndStore, type CompileJob } from '../lib/content/compile';
import type { LinkIndex } from '../lib/content/links';

const { index, cacheDir } = workerData as { index: LinkIndex; cacheDir?: string };

// compileOnWorkers sends only the jobs it found no cached result for: no second look here.
parentPort!.on('message', async (batch: { i: number; job: CompileJob }[]) => {
  const done = await Promise.all(batch.map(async ({ i, job }) => ({ i, result: await compileAndStore(job, index, cacheDir) })));
  parentPort!.postMessage(done);
});
