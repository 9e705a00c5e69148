/** Search: the search page and Pagefind's index (scripts/search-index.ts) are both there, or neither is. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SEARCH_INDEX_DIR, SEARCH_PATH } from '../../lib/outputs';
import type { Finding } from './report';

const PAGE = `${SEARCH_PATH.slice(1)}index.html`;
const INDEX = SEARCH_INDEX_DIR.slice(1);

/** The name of each file Pagefind writes, by kind; any other file in its folder is not Pagefind's. */
const KINDS = [/^pagefind\.js$/, /^pagefind-worker\.js$/, /^pagefind-entry\.json$/, /^wasm\.[\w-]+\.pagefind$/, /^pagefind\.[\w-]+\.pf_meta$/, /^index\/[\w-]+\.pf_index$/, /^fragment\/[\w-]+\.pf_fragment$/, /^filter\/[\w-]+\.pf_filter$/];

/**
 * With search on: the search page names Pagefind's script of the site's own index (its `data-index`); the index's entry file
 * parses; each language it names has its metadata and its WebAssembly; no more fragments than indexed pages;
 * and no file in the index folder that Pagefind does not write. With search off: no page, no index.
 */
export async function checkSearch(files: ReadonlySet<string>, outDir: string, search: boolean): Promise<Finding[]> {
  const findings: Finding[] = [];
  const error = (page: string, message: string) => findings.push({ severity: 'error', check: 'search', page, message });
  const indexFiles = [...files].filter((f) => f.startsWith(INDEX)).map((f) => f.slice(INDEX.length));
  if (!search) {
    if (files.has(PAGE)) error(SEARCH_PATH, 'exists, but site.yaml turns search off');
    if (indexFiles.length) error(SEARCH_INDEX_DIR, `holds ${indexFiles.length} files, but site.yaml turns search off`);
    return findings;
  }
  if (!files.has(PAGE)) error(SEARCH_PATH, 'missing: site.yaml turns search on');
  else if (!(await readFile(path.join(outDir, PAGE), 'utf8')).includes(`${SEARCH_INDEX_DIR}pagefind.js`)) error(SEARCH_PATH, `does not load ${SEARCH_INDEX_DIR}pagefind.js`);
  for (const name of ['pagefind.js', 'pagefind-entry.json']) if (!indexFiles.includes(name)) error(`${SEARCH_INDEX_DIR}${name}`, 'missing: the search page cannot search');
  for (const name of indexFiles) if (!KINDS.some((kind) => kind.test(name))) error(`${SEARCH_INDEX_DIR}${name}`, 'is not a file of the search index');
  if (!indexFiles.includes('pagefind-entry.json')) return findings;
  let entry: { languages?: Record<string, { hash?: string; wasm?: string; page_count?: number }> };
  try {
    entry = JSON.parse(await readFile(path.join(outDir, INDEX, 'pagefind-entry.json'), 'utf8'));
  } catch (e) {
    error(`${SEARCH_INDEX_DIR}pagefind-entry.json`, `is not valid JSON: ${(e as Error).message}`);
    return findings;
  }
  let pages = 0;
  for (const [language, { hash, wasm, page_count = 0 }] of Object.entries(entry.languages ?? {})) {
    pages += page_count;
    if (!indexFiles.includes(`pagefind.${hash}.pf_meta`)) error(`${SEARCH_INDEX_DIR}pagefind.${hash}.pf_meta`, `missing: the index of the language "${language}" names it`);
    if (!indexFiles.includes(`wasm.${wasm}.pagefind`)) error(`${SEARCH_INDEX_DIR}wasm.${wasm}.pagefind`, `missing: the index of the language "${language}" names it`);
  }
  // One fragment a page, or fewer on a very large site, where Pagefind bundles them (its maxFragments).
  const fragments = indexFiles.filter((f) => f.startsWith('fragment/')).length;
  if (fragments > pages || (pages > 0 && fragments === 0)) error(SEARCH_INDEX_DIR, `has ${fragments} page fragments for ${pages} indexed pages`);
  return findings;
}
