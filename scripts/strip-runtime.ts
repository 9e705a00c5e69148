import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { remove } from 'unist-util-remove';
import { visit } from 'unist-util-visit';

/** What the pass removed and kept, for the build log and tests. */
export interface StripReport {
  pages: number;
  scriptsRemoved: number;
  filesRemoved: number;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function isRuntime(node: Element): boolean {
  if (node.tagName === 'script') return node.properties.type !== 'application/ld+json';
  if (node.tagName === 'link') {
    const rel = ([] as unknown[]).concat(node.properties.rel ?? []).map(String);
    return (rel.includes('preload') || rel.includes('modulepreload')) && node.properties.as === 'script';
  }
  return false;
}

/** Removes the Next.js client runtime from one HTML document: every script but JSON-LD, and script preloads. */
export function stripHtml(html: string): { html: string; removed: number; refs: string[] } {
  const tree: Root = fromHtml(html);
  let removed = 0;
  remove(tree, (node) => {
    if (node.type === 'element' && isRuntime(node as Element)) {
      removed++;
      return true;
    }
    return false;
  });
  visit(tree, 'element', (node: Element) => {
    // Inlined CSS keeps a pointer to its file; without the runtime nothing reads it.
    if (node.tagName === 'style') {
      delete node.properties.dataHref;
      delete node.properties.dataPrecedence;
    }
  });
  const out = `<!DOCTYPE html>${toHtml(tree, { allowDangerousHtml: true }).replace(/^<!doctype html>/i, '')}`;
  // Any mention of a build file counts as a use: attributes, srcset, and url() inside inlined CSS.
  const refs = [...new Set(out.match(/\/_next\/[^"'\s)]+/g) ?? [])];
  return { html: out, removed, refs };
}

/**
 * Post-export pass: pages keep their HTML and CSS, lose the client runtime; RSC payload files
 * (`index.txt`, `__next.*.txt`) and every `_next/` file no page references are deleted.
 */
export async function stripRuntime(outDir: string): Promise<StripReport> {
  const files = await walk(outDir);
  const referenced = new Set<string>();
  let scriptsRemoved = 0;
  let pages = 0;
  await Promise.all(
    files
      .filter((f) => f.endsWith('.html'))
      .map(async (file) => {
        const result = stripHtml(await readFile(file, 'utf8'));
        for (const ref of result.refs) referenced.add(ref.slice(ref.indexOf('/_next/')));
        scriptsRemoved += result.removed;
        pages++;
        await writeFile(file, result.html);
      }),
  );
  const doomed = files.filter((file) => {
    const rel = `/${path.relative(outDir, file).split(path.sep).join('/')}`;
    const name = path.basename(file);
    if (name.startsWith('__next.') && name.endsWith('.txt')) return true;
    if (name === 'index.txt') return true;
    if (rel.startsWith('/_next/')) return !referenced.has(rel);
    return false;
  });
  await Promise.all(doomed.map((f) => rm(f)));
  // Next's own error route is a duplicate of 404.html.
  await rm(path.join(outDir, '_not-found'), { recursive: true, force: true });
  await rm(path.join(outDir, '404'), { recursive: true, force: true });
  await removeEmptyDirs(outDir);
  return { pages, scriptsRemoved, filesRemoved: doomed.length };
}

async function removeEmptyDirs(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  let empty = true;
  for (const e of entries) {
    if (e.isDirectory()) {
      if (await removeEmptyDirs(path.join(dir, e.name))) await rm(path.join(dir, e.name), { recursive: true });
      else empty = false;
    } else empty = false;
  }
  return empty;
}
