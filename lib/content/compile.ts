import sharp from 'sharp';
import { cacheKey, readCached, readCachedTextSync, writeCached } from '../cache';
import type { CompiledMarkdown } from '../markdown';
import { createResolver, type LinkIndex } from './links';

/** One Markdown body to compile, with where it lives in the content folder and on the site. */
export interface CompileJob {
  file: string;
  path: string;
  body: string;
}

/** The texts of a post or page: its HTML for the page and for feeds, its page's style rules, and its Markdown as written. */
export interface Bodies {
  html: string;
  feedHtml: string;
  css: string;
  markdown: string;
}

/** What the loader keeps of a compiled body: its facts in memory, its texts read from the cache when asked for. */
export interface Compiled {
  facts: Omit<CompiledMarkdown, 'html' | 'feedHtml' | 'css'>;
  bodies(): Bodies;
}

/** An image's pixel size, and whether it moves (an animated GIF or WebP is published as it is). */
export interface ImageSize {
  width?: number;
  height?: number;
  animated?: true;
}

const sizes = new Map<string, Promise<ImageSize>>();

/** Reads an image's pixel size with sharp (header only), once per file per process. */
export function imageSize(source: string): Promise<ImageSize> {
  let size = sizes.get(source);
  if (!size) {
    size = sharp(source)
      .metadata()
      .then((m) => ({ width: m.autoOrient?.width ?? m.width, height: m.autoOrient?.height ?? m.height, ...((m.pages ?? 1) > 1 ? { animated: true as const } : {}) }))
      .catch(() => ({}));
    sizes.set(source, size);
  }
  return size;
}

/** A cache entry of a compiled body: a line of JSON (its facts and the length of each text), then the HTML for the page, for feeds, the page's CSS, and the Markdown. */
interface Head {
  facts: Compiled['facts'];
  lengths: [number, number, number];
}

function encode(compiled: CompiledMarkdown, markdown: string): string {
  const { html, feedHtml, css, ...facts } = compiled;
  return `${JSON.stringify({ facts, lengths: [html.length, feedHtml.length, css.length] } satisfies Head)}\n${html}${feedHtml}${css}${markdown}`;
}

function decodeHead(text: string): Head {
  return JSON.parse(text.slice(0, text.indexOf('\n'))) as Head;
}

function decodeBodies(text: string): Bodies {
  const { lengths } = decodeHead(text);
  let at = text.indexOf('\n') + 1;
  const [html, feedHtml, css] = lengths.map((length) => text.slice(at, (at += length)));
  return { html, feedHtml, css, markdown: text.slice(at) };
}

/**
 * The texts of the entry under `key`, read from the cache when called. Made here, not inside compileBody: a
 * closure there would keep the whole compile alive (V8 keeps a scope's variables for every closure in it).
 */
function readBodies(key: string, file: string): () => Bodies {
  return () => {
    const text = readCachedTextSync(key);
    if (text === undefined) throw new Error(`${file}: its compiled HTML is gone from the cache (${key}); build again`);
    return decodeBodies(text);
  };
}

/** Texts kept in memory: for an entry the cache could not store, or held by `npm run dev` (compileBody). */
function held(bodies: Bodies): () => Bodies {
  return () => bodies;
}

/**
 * Compiles one body into the cache, or finds it there, and gives its facts; its texts are read back from the
 * cache when a page or feed asks for them, so a process holding 10,000 posts holds their facts, not 400 MB of
 * HTML. The key holds the body, where it lives and the site's URL; what its links resolve to depends on the rest
 * of the site, so a cached compile is used only while every link still resolves as it did (a renamed target
 * post recompiles the posts that link to it).
 *
 * With `hold`, the texts are kept in memory instead: `npm run dev` holds its content for as long as the author
 * writes, and a build run beside it deletes the entries it did not use itself (the drafts', say).
 */
export async function compileBody(job: CompileJob, index: LinkIndex, hold = false): Promise<Compiled> {
  const key = cacheKey(['lib'], 'markdown', index.siteUrl, index.embedHosts, index.untitledEmbeds, index.codeThemes, job.file, job.path, job.body);
  const resolver = createResolver(index, job.file, job.path, imageSize);
  const bodies = readBodies(key, job.file);
  const hit = (await readCached(key))?.toString('utf8');
  if (hit !== undefined) {
    const { facts } = decodeHead(hit);
    const now = await Promise.all(facts.links.map((l) => resolver.resolve(l.url, l.as)));
    if (now.every((r, i) => JSON.stringify(r) === JSON.stringify(facts.links[i].resolved))) return { facts, bodies: hold ? held(decodeBodies(hit)) : bodies };
  }
  // Loaded only when a body must be compiled: unified and Shiki take about a second to load.
  const { compileMarkdown } = await import('../markdown');
  const compiled = await compileMarkdown(job.body, resolver, { site: { url: index.siteUrl }, path: job.path, embedHosts: index.embedHosts, untitledEmbeds: index.untitledEmbeds, codeThemes: index.codeThemes });
  const { html: _html, feedHtml: _feedHtml, css: _css, ...facts } = compiled;
  // Where the cache can't keep it, this process does.
  if (!(await writeCached(key, encode(compiled, job.body))) || hold) return { facts, bodies: held({ html: compiled.html, feedHtml: compiled.feedHtml, css: compiled.css, markdown: job.body }) };
  return { facts, bodies };
}
