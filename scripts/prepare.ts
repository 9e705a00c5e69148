/**
 * The first step of `npm run build`, in a process of its own (scripts/child.ts): validate and compile
 * every post, write the content snapshot Next's workers read, and decide which pages to render. Loading
 * 10,000 posts grows the heap past a gigabyte, and V8 keeps a grown heap; as a child process that memory
 * goes back to the system before `next build` starts, instead of sitting beside Next's workers.
 */
import path from 'node:path';
import { loadContent, type Content } from '../lib/content';
import { writeContentSnapshot } from '../lib/content/snapshot';
import { runtimeOptions } from '../lib/site';
import { answerParent } from './child';
import { compileOnWorkers } from './compile-pool';
import { planRender, writeRenderList, type RenderPlan } from './page-cache';

export interface Prepared {
  basePath: string;
  warnings: string[];
  posts: number;
  pages: number;
  tags: number;
  /** Undefined when the site keeps the client runtime: then every page renders. */
  plan?: RenderPlan;
}

/** Validates and compiles every post once, uncached ones on worker threads, filling the cache Next's workers read. */
export async function prepareContent(env: NodeJS.ProcessEnv): Promise<Content> {
  const options = runtimeOptions(env);
  return loadContent(options.contentDir, { ...options, compile: compileOnWorkers });
}

async function main(): Promise<Prepared> {
  const env = process.env;
  const { cacheDir, contentSnapshot, renderList, fingerprint } = runtimeOptions(env);
  if (!contentSnapshot || !renderList) throw new Error('scripts/prepare.ts runs as part of npm run build');
  const content = await prepareContent(env);
  await writeContentSnapshot(content, contentSnapshot);
  // A page cached without the runtime can't serve a site that keeps it (its chunk names change every build).
  let plan: RenderPlan | undefined;
  if (!content.site.clientRuntime) {
    plan = planRender(content, fingerprint ?? '', cacheDir);
    await writeRenderList(plan, path.resolve(renderList));
  }
  return { basePath: content.site.basePath, warnings: content.warnings, posts: content.posts.length, pages: content.pages.length, tags: content.tags.length, plan };
}

answerParent(import.meta.filename, main);
