// Next.js configuration. The site's settings come from its site.yaml (CONTENT_DIR, SITE_URL), read by
// lib/next-site.mjs, so a site published under a path (https://user.github.io/repo) gets that base path on
// every link and asset.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from 'next/constants.js';
import { EXPORT_DIR, LARGE_SITE_POSTS, nextSite } from './lib/next-site.mjs';

const site = nextSite();
// Each of Next's workers holds the site: at 10,000 posts one reaches 1.5 GB, two passed 2 GiB with Next's own
// process. A large site renders on one worker, a route at a time (its site feeds are 130 MB each).
const large = site.postFiles > LARGE_SITE_POSTS;

// Every runtime dependency but Next and React is loaded from node_modules rather than bundled: the pages and
// Route Handlers run only while building, so the compile can skip the unified family, parse5 and zod.
const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const bundled = new Set(['next', 'react', 'react-dom']);

/** @type {(phase: string) => import('next').NextConfig} */
const nextConfig = (phase) => ({
  // A static export is what `next build` makes; `next dev` stays a plain server, so a page whose file has a
  // problem is a 404 (not an export error) and the reload stream of app/masthead-reload/ can stay open.
  output: phase === PHASE_DEVELOPMENT_SERVER ? undefined : 'export',
  // `route.dev.ts` files (the page reload of app/masthead-reload/) are routes of the development server only.
  pageExtensions: phase === PHASE_DEVELOPMENT_SERVER ? ['dev.ts', 'tsx', 'ts'] : ['tsx', 'ts'],
  // `next build` exports into EXPORT_DIR, which `npm run build` checks, then publishes as out/.
  ...(phase === PHASE_PRODUCTION_BUILD ? { distDir: EXPORT_DIR } : {}),
  trailingSlash: true,
  basePath: site.basePath,
  images: { unoptimized: true },
  poweredByHeader: false,
  // Type-checking runs once in `npm test` (tsc --noEmit), not again in every build.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: Object.keys(dependencies).filter((name) => !bundled.has(name)),
  // Site-wide files (feeds, llms-full.txt) of a 10,000-post site take longer than Next's default 60 s on a
  // busy 2-core machine; a timeout there fails the whole export.
  staticPageGenerationTimeout: 600,
  // Next creates and source-maps stacks all through a render; a page that throws is still reported.
  enablePrerenderSourceMaps: false,
  experimental: {
    // Next measures every page's segments to inline them into client prefetches: only a site that keeps
    // the client runtime prefetches.
    prefetchInlining: site.clientRuntime,
    inlineCss: true,
    // Next renders on (cores - 1) workers by default: one on a 2-core machine, with the other core idle.
    cpus: large ? 1 : availableParallelism(),
    staticGenerationMaxConcurrency: large ? 1 : 8,
  },
});

export default nextConfig;
