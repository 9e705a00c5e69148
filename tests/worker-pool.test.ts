import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runOnWorkers, startWorkerPool } from '../scripts/worker-pool';

const script = pathToFileURL(path.resolve('tests/fixtures/workers/double.ts'));

describe('worker threads (scripts/worker-pool.ts)', () => {
  it('answers items pushed before and after the workers have started, and ends on close', async () => {
    const answers: number[] = [];
    const pool = startWorkerPool<number[], number>({ script, workerData: null, count: 2, onResults: (r) => answers.push(...r) });
    pool.push([1, 2]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    pool.push([3]);
    pool.push([4, 5]);
    await pool.close();
    expect(answers.sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10]);
  });

  it('closes at once with nothing pushed', async () => {
    const pool = startWorkerPool<number[], number>({ script, workerData: null, count: 2, onResults: () => {} });
    await expect(pool.close()).resolves.toBeUndefined();
  });

  it("rejects on close with a worker's error", async () => {
    const pool = startWorkerPool<number[], number>({ script, workerData: null, count: 1, onResults: () => {} });
    pool.push([1]);
    pool.push([-1]);
    await expect(pool.close()).rejects.toThrow('negative: -1');
  });

  it('runs a fixed list in batches', async () => {
    const answers: number[] = [];
    await runOnWorkers<number, number>({ script, workerData: null, count: 2, items: [1, 2, 3, 4, 5, 6, 7], batchSize: 3, onResults: (r) => answers.push(...r) });
    expect(answers.sort((a, b) => a - b)).toEqual([2, 4, 6, 8, 10, 12, 14]);
  });
});
