/**
 * The first step of `npm run build`, in a process of its own: validate and compile every post, write
 * the content snapshot Next's workers read, and decide which pages to render. Loading 10,000 posts grows
 * the heap past a gigabyte, and V8 keeps a grown heap; as a child process that memory goes back to the
 * system before `next build` starts, instead of sitting beside Next's workers.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import { writeContentSnapshot } from '../lib/content/snapshot';
import { runtimeOptions } from '../lib/site';
import { prepareContent } from './build';
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

/** Runs the step in a child process and resolves with what the rest of the build needs from it. */
export function prepareInChild(env: NodeJS.ProcessEnv, fingerprint: string): Promise<Prepared> {
  return new Promise((resolve, reject) => {
    const child = fork(import.meta.filename, [], { env: { ...env, MASTHEAD_FINGERPRINT: fingerprint }, serialization: 'advanced', stdio: 'inherit' });
    let answer: { ok: true; prepared: Prepared } | { ok: false; name: string; message: string } | undefined;
    child.on('message', (message) => (answer = message as typeof answer));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (answer?.ok) return resolve(answer.prepared);
      // Rebuilt with its name, so a ContentError is still reported as the author's problem list.
      const error = new Error(answer ? answer.message : `preparing the content failed (exit code ${code})`);
      if (answer) error.name = answer.name;
      reject(error);
    });
  });
}

async function main(): Promise<Prepared> {
  const env = process.env;
  const { cacheDir, contentSnapshot, renderList } = runtimeOptions(env);
  if (!contentSnapshot || !renderList) throw new Error('scripts/prepare.ts runs as part of npm run build');
  const content = await prepareContent(env);
  await writeContentSnapshot(content, contentSnapshot);
  // A page cached without the runtime can't serve a site that keeps it (its chunk names change every build).
  let plan: RenderPlan | undefined;
  if (!content.site.clientRuntime) {
    plan = planRender(content, env.MASTHEAD_FINGERPRINT ?? '', cacheDir);
    await writeRenderList(plan, path.resolve(renderList));
  }
  return { basePath: content.site.basePath, warnings: content.warnings, posts: content.posts.length, pages: content.pages.length, tags: content.tags.length, plan };
}

if (process.send && import.meta.filename === path.resolve(process.argv[1] ?? '')) {
  main().then(
    (prepared) => process.send!({ ok: true, prepared }, () => process.exit(0)),
    (error: Error) => process.send!({ ok: false, name: error.name, message: error.message }, () => process.exit(1)),
  );
}
