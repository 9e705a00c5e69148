import { devWatchVersion } from '../dev-watch';
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
  /** In `next dev`: the count of changes to the content folder when it was loaded (lib/dev-watch.ts). */
  version?: number;
}
const loaded = ((globalThis as { [key: symbol]: Loaded | undefined })[Symbol.for('masthead.content')] ??= {});

/** Every published post and page, newest first. Read once per process; in `next dev`, again after each edit. */
export function getContent(): Promise<Content> {
  const options = runtimeOptions();
  if (options.watch) {
    // Read again after each change the watch saw; every time in a process without one.
    const version = devWatchVersion();
    if (version === undefined || version !== loaded.version) loaded.content = undefined;
    loaded.version = version;
  }
  if (!loaded.content) {
    // In `next dev` a file with a problem is left out and named on every page (app/layout.tsx), not fatal.
    const content = Promise.resolve().then(() => loadContent(options.contentDir, { ...options, site: options.watch ? undefined : getSite(), lenient: options.watch }));
    loaded.content = content;
    // A failed load is not kept: the author fixes the file and reloads.
    content.catch(() => {
      if (loaded.content === content) loaded.content = undefined;
    });
  }
  return loaded.content;
}
