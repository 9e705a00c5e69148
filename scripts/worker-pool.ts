import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { stepFile } from './steps';

/**
 * Sends `items` in batches to `count` worker threads running the TypeScript module `script` (each answers
 * one message per batch with an array of results) and hands every answer to `onResults` as it arrives.
 * A worker thread does not inherit tsx's (or vitest's) loader, so each registers tsx before loading `script`,
 * unless the build bundled its steps (steps.ts): then the thread loads the bundle.
 */
export async function runOnWorkers<T, R>(options: {
  script: URL;
  workerData: unknown;
  items: T[];
  count: number;
  batchSize: number;
  /** V8 heap limits for each worker (see Worker's resourceLimits). */
  resourceLimits?: import('node:worker_threads').ResourceLimits;
  onResults: (results: R[]) => void;
}): Promise<void> {
  const { script, workerData, items, count, batchSize, onResults, resourceLimits } = options;
  const { file, typescript } = stepFile(fileURLToPath(script));
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })`;
  const start = () => (typescript ? new Worker(bootstrap, { eval: true, workerData, resourceLimits }) : new Worker(file, { workerData, resourceLimits }));
  const workers = Array.from({ length: count }, start);
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const batch = items.slice(next, next + batchSize);
              next += batch.length;
              if (batch.length === 0) return resolve();
              worker.postMessage(batch);
            };
            worker.on('message', (results: R[]) => {
              try {
                onResults(results);
              } catch (error) {
                return reject(error);
              }
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${script.pathname} worker exited with ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
