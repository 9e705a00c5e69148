import path from 'node:path';
import type { Problem } from '../problems';
import type { Redirect } from './types';

/** What asks for redirects: an entry and the old URLs its front matter names. */
export interface RedirectSource {
  file: string;
  /** The entry's own site path: where its old URLs lead, and what a relative old URL is read against. */
  path: string;
  /** The front matter field that names them: `aliases` or `redirect_from`. */
  field: string;
  from: string[];
}

/**
 * An old URL as a site path: `/old/` for a folder, `/old.html` for a file (the last segment has an extension);
 * `/old` is the folder `/old/`. A relative one (Hugo allows them) is read against `base`. Undefined when it is
 * not a path of this site.
 */
export function redirectPath(written: string, base: string): string | undefined {
  const trimmed = written.trim();
  if (!trimmed || /^[a-z][a-z0-9+.-]*:|^\/\//i.test(trimmed)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURI(new URL(trimmed, `http://site${base}`).pathname);
  } catch {
    return undefined;
  }
  if (pathname === '/') return undefined;
  const last = pathname.split('/').pop() ?? '';
  return pathname.endsWith('/') || last.includes('.') ? pathname : `${pathname}/`;
}

/**
 * Every redirect of the site, sorted by old path, and what is wrong with them: an old URL that is a page or
 * file the site publishes, one asked for twice, a target that is not there.
 */
export function collectRedirects(
  entries: RedirectSource[],
  siteRedirects: Record<string, string>,
  siteFile: string,
  exists: (sitePath: string) => boolean,
): { redirects: Redirect[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const byFrom = new Map<string, Redirect>();
  const add = (written: string, to: string, file: string, field: string, base: string) => {
    const from = redirectPath(written, base);
    if (!from) {
      problems.push({ file, field, message: `expected an old path of this site like /2013/05/06/old-post/, got "${written}"` });
      return;
    }
    if (exists(from)) {
      problems.push({ file, field, message: `${from} is a page or file the site publishes: a redirect cannot replace it` });
      return;
    }
    const other = byFrom.get(from);
    if (other) {
      problems.push({ file, field, message: `${from} is also redirected by ${other.file} (to ${other.to}); keep one` });
      return;
    }
    byFrom.set(from, { from, to, file });
  };
  for (const entry of entries) {
    const base = path.posix.dirname(entry.path.replace(/\/$/, ''));
    for (const written of entry.from) add(written, entry.path, entry.file, entry.field, base.endsWith('/') ? base : `${base}/`);
  }
  for (const [written, target] of Object.entries(siteRedirects)) {
    const to = target.trim();
    if (/^https?:\/\/[^/\s]+/i.test(to)) {
      add(written, to, siteFile, `redirects.${written}`, '/');
      continue;
    }
    const toPath = to.startsWith('/') ? redirectPath(to, '/') : undefined;
    if (!toPath || !exists(toPath)) {
      problems.push({ file: siteFile, field: `redirects.${written}`, message: `expected a page of this site or an http(s) URL to lead to, got "${target}" (no page at ${toPath ?? target})` });
      continue;
    }
    add(written, toPath, siteFile, `redirects.${written}`, '/');
  }
  return { redirects: [...byFrom.values()].sort((a, b) => (a.from < b.from ? -1 : 1)), problems };
}
