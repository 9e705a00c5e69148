import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { builtOut } from './helpers/builds';

const PAGES = ['/', '/posts/hello-world/', '/posts/syntax-highlighting-without-javascript/', '/about/', '/tags/markdown/'];

function page(build: 'sample' | 'runtime', sitePath: string): Root {
  return fromHtml(readFileSync(path.join(builtOut(build), sitePath, 'index.html'), 'utf8'));
}

function elements(tree: Root, tagName: string): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (node.tagName === tagName) found.push(node);
  });
  return found;
}

/** Scripts a page loads from files (JSON-LD and inline scripts aside). */
function scriptFiles(tree: Root): string[] {
  return elements(tree, 'script').flatMap((s) => (typeof s.properties.src === 'string' ? [s.properties.src] : []));
}

describe('a site with clientRuntime: true', () => {
  it.each(PAGES)('keeps Next.js scripts on %s, and every script file they load is in out/', (sitePath) => {
    const scripts = scriptFiles(page('runtime', sitePath));
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src).toMatch(/^\/_next\//);
      expect(existsSync(path.join(builtOut('runtime'), src)), src).toBe(true);
    }
  });

  it.each(PAGES)('keeps the RSC payload %sindex.txt that client navigation fetches', (sitePath) => {
    expect(existsSync(path.join(builtOut('runtime'), sitePath, 'index.txt'))).toBe(true);
  });

  it.each(PAGES)('renders the same text in <main> on %s as the site without the runtime', (sitePath) => {
    const main = (tree: Root) => elements(tree, 'main').map((m) => toString(m).replace(/\s+/g, ' ').trim());
    const withRuntime = main(page('runtime', sitePath));
    expect(withRuntime).toHaveLength(1);
    expect(withRuntime[0].length).toBeGreaterThan(20);
    expect(withRuntime).toEqual(main(page('sample', sitePath)));
  });

  it('the site without it loads no script file', () => {
    for (const sitePath of PAGES) expect(scriptFiles(page('sample', sitePath))).toEqual([]);
  });
});
