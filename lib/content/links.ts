import path from 'node:path';
import type { LinkResolver, Resolved } from '../markdown';
import type { ImageSize } from './compile';

/** What link resolution needs to know about the site; plain data, so it can cross to worker threads. */
export interface LinkIndex {
  contentDir: string;
  /** Origin plus base path, no trailing slash. */
  siteUrl: string;
  basePath: string;
  /** Content-relative Markdown file → site path of its published entry. */
  entryByFile: Record<string, string>;
  /** Every published site path (entries, lists, tags, generated files). */
  paths: string[];
  /** Content-relative asset file → the site path it is published at. */
  assetByFile: Record<string, string>;
  /** Hosts whose iframes a body keeps (site.yaml `embeds`): a compile depends on them too. */
  embedHosts: string[];
  /** site.yaml `untitledEmbeds`: a compile depends on it too. */
  untitledEmbeds: 'error' | 'warn';
  /** site.yaml `theme.code`: a compile depends on it too. */
  codeThemes: { light: string; dark: string };
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

function splitSuffix(url: string): [string, string] {
  const i = url.search(/[?#]/);
  return i === -1 ? [url, ''] : [url.slice(0, i), url.slice(i)];
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

const lookupCache = new WeakMap<LinkIndex, { paths: Set<string>; assetPaths: Map<string, string> }>();

/** The index's paths as a set and its assets by site path: built once per index, not once per post. */
export function lookups(index: LinkIndex): { paths: Set<string>; assetPaths: Map<string, string> } {
  let found = lookupCache.get(index);
  if (!found) {
    found = { paths: new Set(index.paths), assetPaths: new Map(Object.entries(index.assetByFile).map(([file, p]) => [p, file])) };
    lookupCache.set(index, found);
  }
  return found;
}

/** Builds the resolver for one source file; `imageSize` reads a local image's dimensions. */
export function createResolver(
  index: LinkIndex,
  fromFile: string,
  fromPath: string,
  imageSize: (source: string) => Promise<ImageSize>,
): LinkResolver {
  const { paths, assetPaths } = lookups(index);

  async function internal(sitePath: string, suffix: string, as: 'link' | 'image'): Promise<Resolved> {
    const asset = assetPaths.get(sitePath);
    if (asset !== undefined) {
      const size = as === 'image' ? await imageSize(path.join(index.contentDir, asset)) : {};
      return { kind: 'internal', href: sitePath + suffix, ...size };
    }
    if (paths.has(sitePath)) return { kind: 'internal', href: sitePath + suffix };
    if (!sitePath.endsWith('/') && paths.has(`${sitePath}/`)) return { kind: 'internal', href: `${sitePath}/${suffix}` };
    return { kind: 'broken', reason: `no page or file at ${sitePath}` };
  }

  return {
    basePath: index.basePath,
    async resolve(url, as) {
      const trimmed = url.trim();
      if (trimmed.startsWith(`${index.siteUrl}/`) || trimmed === index.siteUrl) {
        const [p, suffix] = splitSuffix(trimmed.slice(index.siteUrl.length) || '/');
        return internal(safeDecode(p), suffix, as);
      }
      if (SCHEME.test(trimmed) || trimmed.startsWith('//')) return { kind: 'external', url: trimmed };
      const [raw, suffix] = splitSuffix(trimmed);
      if (raw === '') return { kind: 'internal', href: fromPath + suffix };
      const decoded = safeDecode(raw);
      if (decoded.startsWith('/')) return internal(decoded, suffix, as);
      // Relative: first as a file in the content folder (GitHub-style links to .md files and images).
      const file = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), decoded));
      if (file.startsWith('../')) return { kind: 'broken', reason: `${decoded} points outside the content folder` };
      if (/\.(md|markdown)$/.test(file)) {
        const target = index.entryByFile[file];
        return target ? { kind: 'internal', href: target + suffix } : { kind: 'broken', reason: `no published post or page ${file}` };
      }
      const asset = index.assetByFile[file];
      if (asset !== undefined) return internal(asset, suffix, as);
      // Otherwise relative to the page's own URL, as a browser would read it.
      const sitePath = new URL(decoded, `http://site${fromPath}`).pathname;
      return internal(safeDecode(sitePath), suffix, as);
    },
  };
}
