import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { CompiledMarkdown } from '../markdown';
import { mapLimit } from '../map-limit';
import { createResolver, type LinkIndex } from './links';

/** One Markdown body to compile, with where it lives in the content folder and on the site. */
export interface CompileJob {
  file: string;
  path: string;
  body: string;
}

/**
 * Bump when lib/markdown.ts's output changes, so cached compilations are not reused. It lives here, not
 * in lib/markdown.ts, so reading the cache does not load the pipeline (Shiki, unified: about 1 s).
 */
export const MARKDOWN_PIPELINE_VERSION = 7;

const sizes = new Map<string, Promise<{ width?: number; height?: number }>>();

/** Reads an image's pixel size with sharp (header only), once per file per process. */
export function imageSize(source: string): Promise<{ width?: number; height?: number }> {
  let size = sizes.get(source);
  if (!size) {
    size = sharp(source)
      .metadata()
      .then((m) => ({ width: m.autoOrient?.width ?? m.width, height: m.autoOrient?.height ?? m.height }))
      .catch(() => ({}));
    sizes.set(source, size);
  }
  return size;
}

const folders = new Map<string, Promise<unknown>>();

/** Creates a cache folder once per process (a recursive mkdir per write cost ~1 ms a post). */
function cacheFolder(dir: string): Promise<unknown> {
  let made = folders.get(dir);
  if (!made) {
    made = mkdir(dir, { recursive: true });
    // A failed mkdir is retried by the next write rather than remembered.
    made.catch(() => folders.delete(dir));
    folders.set(dir, made);
  }
  return made;
}

function cacheKey(job: CompileJob, index: LinkIndex): string {
  return createHash('sha256')
    .update(`${MARKDOWN_PIPELINE_VERSION}\0${index.siteUrl}\0${job.file}\0${job.path}\0`)
    .update(job.body)
    .digest('hex');
}

const cacheFileOf = (job: CompileJob, index: LinkIndex, cacheDir: string) => {
  const key = cacheKey(job, index);
  return path.join(cacheDir, 'md', key.slice(0, 2), `${key}.json`);
};

/** The cached compile of one body, if the bytes, the pipeline version and every link's resolution are unchanged. */
export async function cachedCompile(job: CompileJob, index: LinkIndex, cacheDir?: string): Promise<CompiledMarkdown | undefined> {
  if (!cacheDir) return undefined;
  const cached = await readFile(cacheFileOf(job, index, cacheDir), 'utf8').then(
    (s) => JSON.parse(s) as CompiledMarkdown,
    () => undefined,
  );
  if (!cached) return undefined;
  const resolver = createResolver(index, job.file, job.path, imageSize);
  const now = await Promise.all(cached.links.map((l) => resolver.resolve(l.url, l.as)));
  return now.every((r, i) => JSON.stringify(r) === JSON.stringify(cached.links[i].resolved)) ? cached : undefined;
}

/**
 * Compiles one body, reusing the cached result when the bytes, the pipeline version and every link's
 * resolution are unchanged (a renamed target post invalidates the posts that link to it).
 */
export async function compileJob(job: CompileJob, index: LinkIndex, cacheDir?: string): Promise<CompiledMarkdown> {
  return (await cachedCompile(job, index, cacheDir)) ?? compileAndStore(job, index, cacheDir);
}

/** Compiles one body and stores the result in the cache: for a job already known not to be cached. */
export async function compileAndStore(job: CompileJob, index: LinkIndex, cacheDir?: string): Promise<CompiledMarkdown> {
  const { compileMarkdown } = await import('../markdown');
  const resolver = createResolver(index, job.file, job.path, imageSize);
  const compiled = await compileMarkdown(job.body, resolver);
  const cacheFile = cacheDir && cacheFileOf(job, index, cacheDir);
  if (cacheFile) {
    await cacheFolder(path.dirname(cacheFile));
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(compiled));
    await rename(tmp, cacheFile);
  }
  return compiled;
}

/** Compiles every job in this process, a few at a time (the default; the build script uses worker threads). */
export async function compileInProcess(jobs: CompileJob[], index: LinkIndex, cacheDir?: string): Promise<CompiledMarkdown[]> {
  return mapLimit(jobs, 4, (job) => compileJob(job, index, cacheDir));
}

/** A compile that does nothing: for callers that need paths and front matter, not bodies. */
export async function skipCompile(jobs: CompileJob[]): Promise<CompiledMarkdown[]> {
  return jobs.map(() => ({ html: '', wordCount: 0, headings: [], firstParagraph: '', urlSpans: [], links: [] }));
}
