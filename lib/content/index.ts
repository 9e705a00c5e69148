import { getSite, runtimeOptions } from '../site';
import { loadContent } from './load';
import type { Content } from './types';

export type * from './types';
export { loadContent } from './load';

/**
 * The content this process loaded, kept on `globalThis` rather than in this module: Next bundles this
 * module once for the pages and again for the Route Handlers, and a worker that renders both would
 * otherwise load the site twice.
 */
interface Loaded {
  content?: Promise<Content>;
  loadedAt: number;
}
const loaded = ((globalThis as { [key: symbol]: Loaded | undefined })[Symbol.for('masthead.content')] ??= { loadedAt: 0 });

/** In `next dev`, one request asks for the content several times (layout, metadata, page): reuse a load this young. */
const WATCH_REUSE_MS = 1000;

/** Every published post and page, newest first. Read once per process; re-read after edits in `next dev`. */
export function getContent(): Promise<Content> {
  const options = runtimeOptions();
  if (options.watch && Date.now() - loaded.loadedAt > WATCH_REUSE_MS) loaded.content = undefined;
  if (!loaded.content) {
    loaded.loadedAt = Date.now();
    const content = Promise.resolve().then(() => loadContent(options.contentDir, { ...options, site: getSite() }));
    loaded.content = content;
    // A failed load is not kept: the author fixes the file and reloads.
    content.catch(() => {
      if (loaded.content === content) loaded.content = undefined;
    });
  }
  return loaded.content;
}
