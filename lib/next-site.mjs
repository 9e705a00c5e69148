// What next.config.mjs needs of the site, in plain JavaScript so that the config loads without tsx: Next
// loads its config twice as `npm run dev` starts, and loading lib/site.ts through tsx (its loader, then zod)
// took 0.5 s each time, a fifth of the wait for the first page (docs/performance.md, "Writing mode").
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';

/**
 * Where `next build` exports the site (next.config.mjs's `distDir`, which names the export folder under
 * `output: 'export'`). The build checks it there, then publishes it whole: a failed build leaves the last out/.
 */
export const EXPORT_DIR = '.masthead/export';

/** Above this many posts a site is built in less memory, and more slowly (next.config.mjs). */
export const LARGE_SITE_POSTS = 4000;

/**
 * The number of Markdown files under the content folder's posts/: how large a site is, known before it is read.
 * @param {string} contentDir
 */
export function countPostFiles(contentDir) {
  try {
    return readdirSync(path.join(contentDir, 'posts'), { recursive: true }).filter((file) => String(file).endsWith('.md')).length;
  } catch {
    return 0;
  }
}

/**
 * The base path of a site URL: `/repo` for `https://user.github.io/repo/`, the empty string for a domain's root.
 * @param {string} url an absolute URL
 */
export function basePathOf(url) {
  return new URL(url).pathname.replace(/\/+$/, '');
}

/**
 * site.yaml as front matter, for gray-matter's YAML reader: between `---` lines. A `---` that opens the file as
 * a YAML document marker (after comments, if any) would close the front matter at once: it is left out, as a
 * blank line, so every line keeps its number, plus the one `---` added.
 * @param {string} text
 */
export function siteYamlAsFrontMatter(text) {
  return `---\n${text.replace(/^((?:[ \t]*(?:#.*)?\n)*)---[ \t]*(?:#.*)?(?=\n|$)/, '$1')}\n---\n`;
}

/**
 * The settings Next itself needs: the base path (SITE_URL or site.yaml's `url`), whether the client runtime is
 * kept, and the site's size. Read without validation and never throwing: lib/site.ts validates site.yaml and
 * names its problems, before `next build` and on every page of `npm run dev`, which starts even when it is wrong.
 * @param {Record<string, string | undefined>} env
 */
export function nextSite(env = process.env) {
  const contentDir = path.resolve(env.CONTENT_DIR ?? 'content');
  /** @type {Record<string, unknown>} */
  let data = {};
  try {
    data = matter(siteYamlAsFrontMatter(readFileSync(path.join(contentDir, 'site.yaml'), 'utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n'))).data;
  } catch {
    // lib/site.ts reports it.
  }
  const url = env.SITE_URL || data.url;
  return {
    basePath: typeof url === 'string' && URL.canParse(url) ? basePathOf(url) : '',
    clientRuntime: data.clientRuntime === true,
    postFiles: countPostFiles(contentDir),
  };
}
