import path from 'node:path';
import { WELL_KNOWN_TYPES, wellKnownPath } from '../lib/well-known';

/**
 * The type a static host (GitHub Pages, Netlify, S3, nginx) gives a file, decided by its extension
 * alone. The preview server serves with it; the checker flags files whose extension is missing or unknown.
 */
export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
  '.wasm': 'application/wasm',
  // Pagefind's index (scripts/search-index.ts): binary, fetched by its script, which reads any type.
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

/** What a host sends for a file it does not know: browsers download it instead of showing it. */
export const UNKNOWN_TYPE = 'application/octet-stream';

/** The lower-cased extension of a file name (`.xml`), or '' when it has none. Dotfiles have none. */
export function extensionOf(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/**
 * The files of /.well-known/ without an extension, by path: what the preview serves them as. A host needs a
 * rule for each (the README's deploy section), and their clients read them whatever the type.
 */
export const WELL_KNOWN_FILE_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(WELL_KNOWN_TYPES).filter(([name]) => !extensionOf(name)).map(([name, type]) => [wellKnownPath(name).slice(1), type]),
);

/** The Content-Type a static host sends for `fileName` (a path ending in the file's path in out/). */
export function contentTypeOf(fileName: string): string {
  const known = Object.keys(WELL_KNOWN_FILE_TYPES).find((name) => fileName.split(path.sep).join('/').endsWith(`/${name}`) || fileName === name);
  return known ? WELL_KNOWN_FILE_TYPES[known] : (CONTENT_TYPES[extensionOf(fileName)] ?? UNKNOWN_TYPE);
}
