/**
 * `npm run build` starts here, in plain JavaScript: it bundles scripts/build.ts with esbuild (packages left
 * in node_modules), loads the bundle and runs it. Started with tsx, the build process spent about 0.8 s more
 * before its first step: tsx starts a second process, registers its loader, and transforms and resolves
 * every module through a loader thread. The bundle is deleted once loaded.
 */
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const scripts = import.meta.dirname;
// In node_modules, so the bundle's imports of packages resolve as the sources' do.
const nodeModules = path.dirname(path.dirname(createRequire(import.meta.url).resolve('esbuild/package.json')));
const bundle = path.join(nodeModules, '.cache', 'masthead', 'launch', `build-${process.pid}.mjs`);
await esbuild.build({
  entryPoints: [path.join(scripts, 'build.ts')],
  outfile: bundle,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: `node${process.versions.node}`,
  packages: 'external',
  // The build finds its steps beside itself (scripts/build.ts and scripts/steps.ts are its only readers).
  define: { 'import.meta.dirname': JSON.stringify(scripts) },
  logLevel: 'error',
});
await esbuild.stop();
let build;
try {
  build = await import(pathToFileURL(bundle).href);
} finally {
  await rm(bundle, { force: true });
}
await build.main();
