/**
 * Parses the HTML pages of a site, on worker threads when there are many: parsing is the checker's one
 * CPU-bound step (about 2 ms a page), so 10,000 pages take seconds only when every core helps.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runOnWorkers } from '../worker-pool';
import { readHtml, type HtmlFacts } from './html';

/** One parsed page: its file, its text (for the leak scan) and what the checks read from it. */
export interface ParsedPage {
  file: string;
  text: string;
  facts: HtmlFacts;
}

/** Below this many pages, starting workers costs more than it saves. */
const WORKER_THRESHOLD = 400;

/**
 * Reads and parses each file once, calling `onPage` as pages arrive (in no particular order). One core is
 * left to the main thread, which runs the checks on what comes back; on two cores that means no workers.
 */
export async function parseHtmlPages(root: string, files: string[], onPage: (page: ParsedPage) => void, max = os.availableParallelism() - 1): Promise<void> {
  const count = Math.min(max, 8, Math.ceil(files.length / WORKER_THRESHOLD));
  if (count <= 1) {
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      onPage({ file, text, facts: readHtml(text) });
    }
    return;
  }
  await runOnWorkers<string, ParsedPage>({
    script: new URL('./html-worker.ts', import.meta.url),
    workerData: { root },
    items: files,
    count,
    batchSize: 32,
    onResults: (pages) => pages.forEach(onPage),
  });
}
