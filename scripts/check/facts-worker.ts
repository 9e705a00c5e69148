/** Worker of facts-pool.ts: parses the files it is sent, caches and answers with their facts. */
import { parentPort, workerData } from 'node:worker_threads';
import { factsContext, parseFileFacts, type FactsJob, type FactsSetup } from './facts-pool';

const setup = workerData as FactsSetup;
const context = factsContext(setup);

// One batch of jobs (facts-pool.ts batchJobs) per message.
parentPort!.on('message', async ([jobs]: FactsJob[][]) => {
  const results = [];
  for (const job of jobs) results.push({ file: job.file, facts: await parseFileFacts(setup, context, job) });
  parentPort!.postMessage(results);
});
