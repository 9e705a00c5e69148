/**
 * `npm run dev` only: the content folder watched from inside Next's server, from its start (instrumentation.ts).
 * At the start and after each burst of changes, the files the export gets beside its pages
 * (lib/beside-pages.ts) are written again into public/, where `next dev` serves a new file at once; then every
 * open page is told, through the event stream of app/masthead-reload/, and reloads itself. One process does
 * both, so a page reloads after its images are in place.
 */
import { watch } from 'node:fs';
import path from 'node:path';
import { STATIC_DIR } from './outputs';
import { ContentError } from './problems';
import { runtimeOptions } from './site';

interface DevWatch {
  /** Counts the changes seen: the content loaded at another count is out of date (lib/content/index.ts). */
  version: number;
  /** The refreshes of public/, one after another: settles when it holds what the content gave last. */
  ready: Promise<void>;
  /** Counts the refreshes done: a page made before the last one reloads (app/masthead-reload/). */
  refreshes: number;
  /** Called after each refresh. */
  listeners: Set<() => void>;
  /**
   * Settles once a browser shows a page: the images not in the cache wait for it, as their encodes would take
   * the cores the browser needs for its first paint.
   */
  shown: Promise<void>;
  /** A page's reload script connected (app/masthead-reload/): a browser shows it. */
  pageShown: () => void;
  /** A page was sent (app/layout.tsx): a client without JavaScript never connects, so its images come a moment after. */
  pageSent: () => void;
}

/** How long the folder stays quiet before a refresh: an editor saves a file in several writes. */
const QUIET_MS = 100;

/**
 * How long after a page is sent the images wait for a browser to connect. A browser that runs the page's script
 * connects within a second, even as the server compiles the stream's route; curl or a browser without
 * JavaScript never does.
 */
const NO_BROWSER_MS = 3000;

/**
 * Writes the files beside the pages into `publicDir` afresh from the content as it is now, so no file deleted
 * from the content (or left by an earlier run) stays.
 */
async function writePublic(publicDir: string, encodeAfter: Promise<void>): Promise<void> {
  let content;
  try {
    // The pages' own load (lib/content/index.ts), shared: started here as the server starts, it compiles the
    // bodies while Next compiles the first page, and that page finds the content loaded rather than load it again.
    const { getContent } = await import('./content');
    content = await getContent();
  } catch (error) {
    // The pages' own load fails as this one did, and says why; nothing is copied until the content reads.
    if (!(error instanceof ContentError)) console.error('masthead: could not read the content:', error);
    return;
  }
  try {
    // Imported here, not above: every page imports this module for devWatchVersion alone, and need not compile
    // the Markdown copies' code with it.
    const { emptyPublic, writeBesidePages } = await import('./beside-pages');
    await emptyPublic(publicDir, true);
    // A fresh clone's images take seconds to encode, on the cores Next compiles the first page with and the
    // browser then paints it with: they come after a browser shows it, and the page reloads when they are in place.
    await writeBesidePages(content, publicDir, encodeAfter);
  } catch (error) {
    // A public/ with files Masthead did not write, or a static file where the site has one of its own, is named as
    // the build names it; the next change tries again.
    console.error(error instanceof ContentError ? error.message : ['masthead: could not write public/:', error]);
  }
}

const memo = globalThis as { [key: symbol]: DevWatch | undefined };
const key = Symbol.for('masthead.dev-watch');

/** The count of changes the watch of this process has seen; undefined in a process that does not watch (Next's short-lived workers). */
export function devWatchVersion(): number | undefined {
  return memo[key]?.version;
}

/** The count of refreshes of public/ the watch of this process has done; undefined in a process that does not watch. */
export function devWatchRefreshes(): number | undefined {
  return memo[key]?.refreshes;
}

/** The watch of this server process, started on first use (by instrumentation.ts, as the server starts). */
export function devWatch(): DevWatch {
  const existing = memo[key];
  if (existing) return existing;
  let pageShown = () => {};
  const shown = new Promise<void>((resolve) => (pageShown = resolve));
  let fallback: NodeJS.Timeout | undefined;
  const pageSent = () => void (fallback ??= setTimeout(pageShown, NO_BROWSER_MS).unref());
  const state: DevWatch = { version: 0, ready: Promise.resolve(), refreshes: 0, listeners: new Set(), shown, pageShown, pageSent };
  // Kept before the first load starts: the load reads the change count through devWatchVersion().
  memo[key] = state;
  const refresh = () =>
    writePublic(path.resolve('public'), shown).then(() => {
      state.refreshes++;
      for (const listener of state.listeners) {
        // A stream closed under its listener lets it go: one throw here would end every later refresh (`ready`).
        try {
          listener();
        } catch {
          state.listeners.delete(listener);
        }
      }
    });
  // First what an earlier run left in public/ goes, and the content's files come in.
  state.ready = refresh();
  let timer: NodeJS.Timeout | undefined;
  watch(runtimeOptions().contentDir, { recursive: true }, (_event, file) => {
    // Dot-files are not content (an editor's swap file, .git, a cache folder kept there), but in static/,
    // which publishes its own (.well-known/).
    if (file && /(^|[\\/])\./.test(file) && !file.startsWith(`${STATIC_DIR}${path.sep}`)) return;
    state.version++;
    clearTimeout(timer);
    timer = setTimeout(() => {
      state.ready = state.ready.then(refresh);
    }, QUIET_MS);
  }).unref();
  return state;
}
