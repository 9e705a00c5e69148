import { Worker } from 'node:worker_threads';

export interface PoolOptions<R> {
  /** The TypeScript module each worker runs; it answers one message per item with an array of results. */
  script: URL;
  workerData: unknown;
  count: number;
  /** V8 heap limits for each worker (see Worker's resourceLimits). */
  resourceLimits?: import('node:worker_threads').ResourceLimits;
  onResults: (results: R[]) => void;
}

/** Worker threads taking items as they come (`push`), one at a time each. */
export interface WorkerPool<T> {
  push(item: T): void;
  /** Resolves when every item pushed has been answered, and ends the workers; rejects with the first failure. */
  close(): Promise<void>;
}

/**
 * Starts `count` worker threads running `script`. They start loading at once, so items pushed while the
 * caller is still finding them (a check hashing files) are answered without waiting for a worker to start.
 * A worker thread does not inherit tsx's (or vitest's) loader, so each registers tsx before loading `script`.
 */
export function startWorkerPool<T, R>({ script, workerData, count, resourceLimits, onResults }: PoolOptions<R>): WorkerPool<T> {
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(script.href)}); })`;
  const queue: T[] = [];
  const idle: Worker[] = [];
  let pending = 0;
  let closing = false;
  let failure: unknown;
  let settle: (() => void) | undefined;
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const done = () => {
    if (failure !== undefined || (closing && pending === 0)) settle!();
  };
  const fail = (error: unknown) => {
    failure ??= error;
    done();
  };
  const dispatch = () => {
    while (idle.length && queue.length) {
      pending++;
      idle.pop()!.postMessage(queue.shift());
    }
  };
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(bootstrap, { eval: true, workerData, resourceLimits });
    worker.on('message', (results: R[]) => {
      pending--;
      try {
        onResults(results);
      } catch (error) {
        return fail(error);
      }
      idle.push(worker);
      dispatch();
      done();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!closing || pending > 0) fail(new Error(`${script.pathname} worker exited with ${code}`));
    });
    idle.push(worker);
    return worker;
  });
  return {
    push(item) {
      queue.push(item);
      dispatch();
    },
    async close() {
      closing = true;
      done();
      try {
        await finished;
        if (failure !== undefined) throw failure;
      } finally {
        await Promise.all(workers.map((w) => w.terminate()));
      }
    },
  };
}

/**
 * Sends `items` in batches of `batchSize` to `count` worker threads running `script` (each answers one
 * message per batch with an array of results) and hands every answer to `onResults` as it arrives.
 */
export async function runOnWorkers<T, R>(options: PoolOptions<R> & { items: T[]; batchSize: number }): Promise<void> {
  const { items, batchSize, ...rest } = options;
  const pool = startWorkerPool<T[], R>(rest);
  for (let i = 0; i < items.length; i += batchSize) pool.push(items.slice(i, i + batchSize));
  await pool.close();
}
