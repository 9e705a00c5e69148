import { runtimeOptions } from '../site';
import { loadContent } from './load';
import { loadContentSnapshot } from './snapshot';
import type { Content } from './types';

export type * from './types';
export { loadContent } from './load';

let content: Promise<Content> | undefined;
let loadedAt = 0;

/** In `next dev`, one request asks for the content several times (layout, metadata, page): reuse a load this young. */
const WATCH_REUSE_MS = 1000;

/** Every published post and page, newest first. Read once per process (from the build's snapshot when there is one); re-read after edits in `next dev`. */
export function getContent(): Promise<Content> {
  const options = runtimeOptions();
  if (options.watch && Date.now() - loadedAt > WATCH_REUSE_MS) content = undefined;
  if (!content) {
    loadedAt = Date.now();
    content = options.contentSnapshot ? Promise.resolve(loadContentSnapshot(options.contentSnapshot)) : loadContent(options.contentDir, options);
    // A failed load is not kept: the author fixes the file and reloads.
    content.catch(() => {
      content = undefined;
    });
  }
  return content;
}
