/**
 * `npm run preview [-- --port 4173] [dir]`: serves a built site (out/ by default) the way a static host
 * would, under the site's base path, and prints its URL.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ContentError } from '../lib/problems';
import { basePathOf } from '../lib/next-site.mjs';
import { loadSite } from '../lib/site';
import { settingsFor } from './build-record';
import { serveStatic } from './static-server';

const { values, positionals } = parseArgs({
  options: { port: { type: 'string', short: 'p', default: '4173' }, host: { type: 'string', default: '127.0.0.1' } },
  allowPositionals: true,
});
const dir = path.resolve(positionals[0] ?? 'out');
if (!existsSync(path.join(dir, 'index.html'))) {
  console.error(`masthead: ${dir} holds no built site; run npm run build first`);
  process.exit(1);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`masthead: --port expects a port number, got "${values.port}"`);
  process.exit(1);
}
try {
  // Served under the base path it was built for: the URL the build recorded needs no site.yaml, which may have
  // changed (or broken) since.
  const { contentDir, siteUrl } = settingsFor(dir);
  const site = siteUrl && /^https?:\/\//.test(siteUrl) && URL.canParse(siteUrl) ? { url: siteUrl.replace(/\/+$/, ''), basePath: basePathOf(siteUrl) } : loadSite(contentDir, siteUrl);
  const server = await serveStatic(dir, { basePath: site.basePath, port, host: values.host });
  console.log(`masthead: serving ${path.relative(process.cwd(), dir) || dir} at ${server.url} (as ${site.url}/); Ctrl+C stops`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof ContentError ? error.message : error);
  process.exit(1);
}
