/** Worker of html-pool.ts: reads and parses the HTML files it is sent, answers with their facts. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { readHtml } from './html';
import type { ParsedPage } from './html-pool';

const { root } = workerData as { root: string };

parentPort!.on('message', async (files: string[]) => {
  const pages: ParsedPage[] = [];
  for (const file of files) {
    const text = await readFile(path.join(root, file), 'utf8');
    pages.push({ file, text, facts: readHtml(text) });
  }
  parentPort!.postMessage(pages);
});
