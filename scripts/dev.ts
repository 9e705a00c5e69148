/**
 * `npm run dev`: writing mode. The content is validated first; the files the export gets after `next build`
 * (images beside posts, Markdown copies) go to public/, where `next dev` serves them. Every page, card and
 * feed comes from its route, and the content is read again on every request, so an edited Markdown file shows
 * on reload. Drafts are shown.
 */
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadContent } from '../lib/content';
import { ContentError } from '../lib/problems';
import { runtimeOptions } from '../lib/site';
import { writeBesidePages } from './post-export';

try {
  const options = runtimeOptions({ ...process.env, NODE_ENV: 'development' });
  const content = await loadContent(options.contentDir, options);
  const publicDir = path.resolve('public');
  await rm(publicDir, { recursive: true, force: true });
  await writeBesidePages(content, publicDir);
  console.log(`masthead: ${content.posts.length} posts (drafts included); images and Markdown copies in public/ refresh on restart`);
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exit(1);
}
const next = spawn(process.execPath, [createRequire(import.meta.url).resolve('next/dist/bin/next'), 'dev', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'development' },
});
next.on('exit', (code) => process.exit(code ?? 0));
