import { parentPort, workerData } from 'node:worker_threads';
import { compileJob, type CompileJob } from '../lib/content/compile';
import type { LinkIndex } from '../lib/content/links';

const { index, cacheDir } = workerData as { index: LinkIndex; cacheDir?: string };

parentPort!.on('message', async (batch: { i: number; job: CompileJob }[]) => {
  const done = await Promise.all(batch.map(async ({ i, job }) => ({ i, result: await compileJob(job, index, cacheDir) })));
  parentPort!.postMessage(done);
});
