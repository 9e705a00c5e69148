// Next.js configuration. The build script (scripts/build.ts) sets MASTHEAD_BASE_PATH from site.yaml's url,
// so a site published under a path (https://user.github.io/repo) works with every link and asset.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

// Every runtime dependency but Next and React is loaded from node_modules at build time rather than
// bundled: the pages and Route Handlers run only while building, so the compile can skip the unified
// family, parse5 and zod. At 1,000 posts: a cold compile in 5.4 to 6.2 s instead of 7.8 to 8.1 s (5 s
// less CPU), and three interleaved pairs of rebuilds after one edit 0.4 to 1.4 s faster.
const { dependencies } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const bundled = new Set(['next', 'react', 'react-dom']);

/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'export',
  trailingSlash: true,
  basePath: process.env.MASTHEAD_BASE_PATH || '',
  images: { unoptimized: true },
  poweredByHeader: false,
  // Type-checking runs once in `npm test` (tsc --noEmit), not again in every build.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: Object.keys(dependencies).filter((name) => !bundled.has(name)),
  // Site-wide files (feeds, llms-full.txt) of a 10,000-post site take longer than Next's default 60 s on a
  // busy 2-core machine; a timeout there fails the whole export.
  staticPageGenerationTimeout: 600,
  // Source-mapped stack traces while prerendering: Next creates and maps stacks all through a render, and
  // turning it off cut the CPU time of a build rendering 1,383 pages from 99 to 61 s (one pair of runs).
  // A page that throws is still reported, with a stack into the compiled chunks.
  enablePrerenderSourceMaps: false,
  experimental: {
    // Next measures every page's segments (gzipped) to decide which to inline into client prefetches. Without
    // the client runtime nothing prefetches; a site that keeps it (MASTHEAD_CLIENT_RUNTIME, set by
    // scripts/build.ts from site.yaml) keeps Next's default.
    prefetchInlining: process.env.MASTHEAD_CLIENT_RUNTIME === '1',
    inlineCss: true,
    // Next renders pages on (cores - 1) workers by default: one on a 2-core machine, where the build's
    // main process sits idle while pages render. Every core renders, unless the build asks for fewer
    // (scripts/build.ts does for big sites, where each worker holds the site and its feeds in memory, and
    // for builds that render a few pages).
    cpus: Number(process.env.MASTHEAD_NEXT_WORKERS) || availableParallelism(),
    // Pages a worker renders at once (Next's default is 8). Big sites render one at a time, so the
    // site-wide files (feeds and llms-full.txt of every post, 100+ MB each) are never all held at once.
    staticGenerationMaxConcurrency: Number(process.env.MASTHEAD_NEXT_CONCURRENCY) || 8,
  },
};

export default nextConfig;
