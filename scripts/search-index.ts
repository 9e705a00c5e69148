/**
 * The search index: Pagefind reads the exported pages and writes its index into `pagefind/` beside them, as
 * static files the search page's script fetches on demand. Only the article of each post and page is marked
 * for it (`data-pagefind-body`), so lists, tag pages, the 404 and the author's static HTML stay out. The whole
 * site is indexed on every build (the time is in docs/performance.md); the language is each page's `<html lang>`.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { SEARCH_INDEX_DIR } from '../lib/outputs';

/** The bundles Pagefind writes for its own ready-made interfaces, which the search page does not load. */
const UNUSED = /^pagefind-(ui|modular-ui|component-ui|highlight)[.-]/;

/** Indexes the site exported in `dir`; returns how many pages the index holds. */
export async function indexSearch(dir: string): Promise<number> {
  const pagefind = await import('pagefind');
  try {
    // Heading anchors (`#`) and footnotes' back links are not words of the page; a formula's KaTeX HTML and
    // its TeX, and a diagram's source, repeat what its MathML and labels say.
    const { index, errors } = await pagefind.createIndex({ excludeSelectors: ['a.anchor', '[data-footnote-backref]', '.katex-html', '.katex annotation', '.diagram details'] });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
    const added = await index.addDirectory({ path: dir });
    if (added.errors.length) throw new Error(`Pagefind could not index ${dir}: ${added.errors.join('; ')}`);
    const outputPath = path.join(dir, SEARCH_INDEX_DIR);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length) throw new Error(`Pagefind could not write ${outputPath}: ${written.errors.join('; ')}`);
    for (const name of await readdir(outputPath)) if (UNUSED.test(name)) await rm(path.join(outputPath, name), { recursive: true });
    const entry = JSON.parse(await readFile(path.join(outputPath, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
    return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  } finally {
    await pagefind.close();
  }
}
