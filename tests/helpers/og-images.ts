import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';

/** The images of an ICO file, read from its directory: https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10) */
export function readIco(ico: Buffer): { size: number; png: Buffer }[] {
  if (ico.readUInt16LE(0) !== 0 || ico.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  return Array.from({ length: ico.readUInt16LE(4) }, (_, i) => {
    const entry = 6 + 16 * i;
    const length = ico.readUInt32LE(entry + 8);
    const offset = ico.readUInt32LE(entry + 12);
    return { size: ico.readUInt8(entry) || 256, png: ico.subarray(offset, offset + length) };
  });
}

/** Every `<meta>` and `<link>` of a page's head, attributes as strings, parsed with a real HTML parser. */
export function headTags(html: string): { meta: Map<string, string[]>; links: { rel: string; href: string; sizes?: string }[] } {
  const meta = new Map<string, string[]>();
  const links: { rel: string; href: string; sizes?: string }[] = [];
  visit(fromHtml(html), 'element', (node: Element) => {
    const p = node.properties;
    if (node.tagName === 'meta') {
      const key = String(p.property ?? p.name ?? '');
      if (key) meta.set(key, [...(meta.get(key) ?? []), String(p.content ?? '')]);
    }
    if (node.tagName === 'link') {
      const rel = Array.isArray(p.rel) ? p.rel.join(' ') : String(p.rel ?? '');
      links.push({ rel, href: String(p.href ?? ''), ...(p.sizes ? { sizes: String(p.sizes) } : {}) });
    }
  });
  return { meta, links };
}

/** Every HTML file below `dir`, relative paths, sorted. */
export async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The file a static host serves for a URL path under `basePath`: `/a/` is `a/index.html`. */
export function fileForUrl(outDir: string, url: string, origin: string, basePath: string): string {
  const parsed = new URL(url);
  if (parsed.origin !== origin) throw new Error(`${url} is not on ${origin}`);
  if (!parsed.pathname.startsWith(`${basePath}/`)) throw new Error(`${url} is outside the base path ${basePath}`);
  const sitePath = decodeURIComponent(parsed.pathname.slice(basePath.length));
  return path.join(outDir, sitePath.endsWith('/') ? `${sitePath}index.html` : sitePath);
}
