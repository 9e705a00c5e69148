/**
 * `npm run dev`: writing mode. Content is validated up front, the files written beside the export
 * (post images, Markdown copies, tag feeds, cards) go to public/, and `next dev` re-reads content on
 * every request, so an edited Markdown file shows on reload. Drafts are shown.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ContentError } from '../lib/problems';
import { runtimeOptions } from '../lib/site';
import { writeCards } from './og-cards';
import { writeFiles } from './write-files';
import { prepareContent } from './prepare';

const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', NEXT_TELEMETRY_DISABLED: '1' };
try {
  const content = await prepareContent(env);
  env.MASTHEAD_BASE_PATH = content.site.basePath;
  const publicDir = path.resolve('public');
  await rm(publicDir, { recursive: true, force: true });
  // Cards draw on worker threads while the files are written: both cores, no shared files.
  await Promise.all([writeCards(content, publicDir, { cacheDir: runtimeOptions(env).cacheDir, log: console.log }), writeFiles(content, publicDir, env)]);
  console.log(`masthead: ${content.posts.length} posts (drafts included); images, Markdown copies and cards in public/ refresh on restart`);
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exit(1);
}
const next = spawn(process.execPath, [createRequire(import.meta.url).resolve('next/dist/bin/next'), 'dev', ...process.argv.slice(2)], { stdio: 'inherit', env });
next.on('exit', (code) => process.exit(code ?? 0));
