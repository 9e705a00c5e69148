/** The files of a built site and how a static host maps URLs onto them. */
import { listFiles } from '../walk';
import path from 'node:path';

/** Every file below `outDir` as a relative POSIX path (`posts/a/index.html`), sorted. */
export async function listSiteFiles(outDir: string): Promise<string[]> {
  return (await listFiles(outDir)).map((file) => path.relative(outDir, file).split(path.sep).join('/')).sort();
}

/** The site path a file is served at: `posts/a/index.html` → `/posts/a/`, `rss.xml` → `/rss.xml`. */
export function sitePathOf(file: string): string {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

export type Resolution =
  /** Another origin, another scheme (mailto:, data:), or a fragment of the same document. */
  | { kind: 'external' }
  | { kind: 'internal'; file: string }
  /** `target` is the site path asked for (base path left out), or the URL when it has no site path. */
  | { kind: 'broken'; target: string; reason: string };

export interface SiteLocation {
  /** `https://example.com`. */
  origin: string;
  /** `/repo` or ''. */
  basePath: string;
}

/**
 * Resolves URLs as a browser on the deployed site would, then maps them to files as a static host
 * does: `/a/` → `a/index.html`; `/a` → `a`, else `a/index.html` (the host redirects). Absolute URLs on the
 * site's origin are internal; they must sit under the base path.
 */
export function createResolver(site: SiteLocation, files: ReadonlySet<string>) {
  return function resolve(url: string, fromPath: string): Resolution {
    const trimmed = url.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return { kind: 'external' };
    let parsed: URL;
    try {
      parsed = new URL(trimmed, site.origin + site.basePath + fromPath);
    } catch {
      return { kind: 'broken', target: trimmed, reason: 'not a valid URL' };
    }
    if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.origin !== site.origin) return { kind: 'external' };
    const { pathname } = parsed;
    if (site.basePath && pathname !== site.basePath && !pathname.startsWith(`${site.basePath}/`)) {
      return { kind: 'broken', target: pathname, reason: `outside the base path ${site.basePath}/, so the host answers 404` };
    }
    let sitePath: string;
    try {
      sitePath = decodeURIComponent(pathname.slice(site.basePath.length)) || '/';
    } catch {
      return { kind: 'broken', target: pathname, reason: 'invalid percent-encoding' };
    }
    const file = sitePath.slice(1);
    if (sitePath.endsWith('/')) {
      return files.has(`${file}index.html`) ? { kind: 'internal', file: `${file}index.html` } : { kind: 'broken', target: sitePath, reason: `no file ${file}index.html` };
    }
    if (files.has(file)) return { kind: 'internal', file };
    if (files.has(`${file}/index.html`)) return { kind: 'internal', file: `${file}/index.html` };
    return { kind: 'broken', target: sitePath, reason: `no file ${file}` };
  };
}

export type Resolve = ReturnType<typeof createResolver>;
