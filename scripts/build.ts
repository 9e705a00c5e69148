/**
 * `npm run build`: four steps, each done once.
 *
 * 1. Validate the content (scripts/validate.ts): read site.yaml and every post and page, check every field and
 *    link, and compile the Markdown into the cache (lib/cache.ts), where the next steps find it.
 * 2. `next build`: every HTML page, and every other file of the site from its Route Handler in app/, exported
 *    into EXPORT_DIR (`.masthead/export`).
 * 3. The post-export pass (scripts/post-export.ts): strip Next's client runtime, copy the files beside posts,
 *    write the Markdown copies.
 * 4. Check the site the way its readers will (scripts/check.ts).
 *
 * Then the site replaces out/ whole (scripts/publish.ts), the build notes the URL it was built for
 * (scripts/build-record.ts, for preview and check), and the cache keeps only what this build used: a build that
 * fails leaves the last out/ as it was. `--no-check` skips step 4; `--out DIR` publishes elsewhere than out/.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pruneCache } from '../lib/cache';
import { recordBuild } from './build-record';
import { publish, recoverPublished } from './publish';
import { ContentError } from '../lib/problems';
import { countPostFiles, EXPORT_DIR, LARGE_SITE_POSTS } from '../lib/next-site.mjs';
import { getSite, runtimeOptions } from '../lib/site';

const require = createRequire(import.meta.url);

/** Runs Node.js in this folder with `args`, its output shown as it comes; resolves with its exit code. */
function run(...args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

/** Builds the site of CONTENT_DIR (default content/) and publishes it at `outDir`; false when a step failed (and said why). */
export async function build({ outDir = path.resolve('out'), check = true, log = console.log }: { outDir?: string; check?: boolean; log?: (line: string) => void } = {}): Promise<boolean> {
  const started = Date.now();
  const options = runtimeOptions();
  const exported = path.resolve(EXPORT_DIR);
  // The last good site, where a build stopped as it published left it.
  await recoverPublished(outDir);

  // 1. Validate the content. It prints what is wrong.
  if ((await run('--import', 'tsx', 'scripts/validate.ts')) !== 0) return false;

  // The content step 1 compiled, for steps 3 and 4, read from the cache while Next runs (1.3 s at 1,000 posts).
  // A large site reads it after, and imports the loader, the post-export pass and the check only then: at
  // 10,000 posts this process waits beside Next's worker, 82 MiB instead of 107 with them loaded.
  const load = async () => (await import('../lib/content')).loadContent(options.contentDir, { ...options, site: getSite() });
  const early = countPostFiles(options.contentDir) > LARGE_SITE_POSTS ? undefined : load();
  early?.catch(() => {});

  // 2. Next.js. Next copies public/ into out/, and public/ holds what `npm run dev` wrote (drafts included).
  try {
    await (await import('../lib/beside-pages')).emptyPublic(path.resolve('public'));
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    console.error(error.message);
    return false;
  }
  if ((await run(require.resolve('next/dist/bin/next'), 'build')) !== 0) {
    console.error('masthead: next build failed; its output above says why');
    return false;
  }

  // 3. The post-export pass.
  const content = await (early ?? load());
  await (await import('./post-export')).postExport(content, exported, log);

  // 4. The check. Its report is the message; a stack trace would only hide it.
  if (check) {
    const { CheckError, checkSite } = await import('./check');
    try {
      await checkSite(exported, { content, log, name: `the site for ${path.relative(process.cwd(), outDir) || '.'}/` });
    } catch (error) {
      if (!(error instanceof CheckError)) throw error;
      console.error(error.message);
      return false;
    }
  }

  await Promise.all([publish(exported, outDir), pruneCache(started)]);
  await recordBuild(outDir, { url: content.site.url, contentDir: options.contentDir });
  log(`masthead: built ${path.relative(process.cwd(), outDir) || '.'}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

const { values } = parseArgs({ options: { 'no-check': { type: 'boolean', default: false }, out: { type: 'string', default: 'out' } } });
build({ outDir: path.resolve(values.out), check: !values['no-check'] }).then(
  (built) => process.exit(built ? 0 : 1),
  (error) => {
    // The author's problems are the message; a stack trace would only hide them.
    console.error(error instanceof ContentError ? error.message : error);
    process.exit(1);
  },
);
