/**
 * `npm run bench`: builds Masthead (and, with --baseline, the next-plain ruler) on the same posts in
 * an isolated copy of the project, and prints a Markdown table: cold and warm build times, peak memory
 * of the whole process tree, the size of out/ and the weight of one post page, against the targets
 * (docs/performance.md).
 *
 *   tsx scripts/bench.ts --posts 1000 --baseline --runs 2
 *   tsx scripts/bench.ts --content ../shared/corpora/nodejs-blog
 *   tsx scripts/bench.ts --dev --runs 3
 *
 * --dev times `npm run dev` on the sample site in content/ instead: from the command to the first paint of its
 * home page in Chromium, with
 * Next's development cache (.next/dev) emptied first, then kept from a writing session before, beside Next.js
 * alone on a page that says Hello.
 *
 * Options: --posts N (synthetic, default 1000), --content DIR, --baseline, --runs K (default 1),
 * --no-warm, --no-check (npm run build -- --no-check), --workdir DIR (default .masthead/bench), --baseline-dir DIR (default $TMPDIR/bench/next-plain),
 * --seed S, --timeout-min M (per build, default 120).
 */
import { spawn, spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { listFiles } from './walk';
import { gzipSync } from 'node:zlib';
import matter from 'gray-matter';
import sharp from 'sharp';
import { loadContent } from '../lib/content/load';
import { parseDate, slugify } from '../lib/content/schema';
import { chromium, type Browser } from 'playwright-core';
import { encodeVariants, IMAGE_WIDTHS } from '../lib/images';
import { mapLimit } from '../lib/map-limit';
import { indexSearch } from './search-index';
import { serveStatic } from './static-server';
import { generateCorpus, renderBaselinePost, SYNTH_NOW, writeCorpus, type SynthPost } from './synth-corpus';

const PROJECT = path.resolve(import.meta.dirname, '..');
/** The plain Next.js blog measured beside Masthead: in the shared folder beside the project. */
const BASELINE = path.resolve(PROJECT, '../shared/baselines/next-plain');
const PROJECT_FILES = ['app', 'lib', 'scripts', 'next.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json', 'next-env.d.ts'];
const GiB = 1024 ** 3;

interface Options {
  posts: number;
  content?: string;
  baseline: boolean;
  runs: number;
  warm: boolean;
  workdir: string;
  baselineDir: string;
  seed: number;
  timeoutMin: number;
  /** Run the output check at the end of each build, as `npm run build` does by default. */
  check: boolean;
  /** Time `npm run dev` to its first page instead of building. */
  dev: boolean;
}

/** Parses argv; throws one message naming the bad option. */
export function parseArgs(argv: string[]): Options {
  const options: Options = {
    posts: 1000,
    baseline: false,
    runs: 1,
    warm: true,
    workdir: path.join(PROJECT, '.masthead/bench'),
    baselineDir: path.join(os.tmpdir(), 'bench/next-plain'),
    seed: 1,
    timeoutMin: 120,
    check: true,
    dev: false,
  };
  const positive = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got ${JSON.stringify(value)}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i];
    if (a === '--posts') options.posts = positive('posts', value());
    else if (a === '--content') options.content = path.resolve(value() ?? '');
    else if (a === '--baseline') options.baseline = true;
    else if (a === '--runs') options.runs = positive('runs', value());
    else if (a === '--no-warm') options.warm = false;
    else if (a === '--no-check') options.check = false;
    else if (a === '--dev') options.dev = true;
    else if (a === '--workdir') options.workdir = path.resolve(value() ?? '');
    else if (a === '--baseline-dir') options.baselineDir = path.resolve(value() ?? '');
    else if (a === '--seed') options.seed = positive('seed', value());
    else if (a === '--timeout-min') options.timeoutMin = positive('timeout-min', value());
    else throw new Error(`unknown option ${a} (see the comment at the top of scripts/bench.ts)`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Process-tree memory: sum of RSS over the build process and every descendant, sampled from /proc.

const PAGE = 4096;

interface ProcInfo {
  ppid: number;
  rss: number;
  name: string;
}

function readProcs(): Map<number, ProcInfo> {
  const procs = new Map<number, ProcInfo>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which may itself hold spaces and parentheses: proc(5).
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(name), { ppid: Number(f[1]), rss: Number(f[21]) * PAGE, name: s.slice(s.indexOf('(') + 1, s.lastIndexOf(')')) });
    } catch {
      // The process ended between readdir and read.
    }
  }
  return procs;
}

function descendants(root: number, procs: Map<number, ProcInfo>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    if (!procs.has(pid)) continue;
    out.push(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return out;
}

function isNextBuild(pid: number): boolean {
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    // Next retitles its process "next-build (v16.x)" once it starts, which rewrites cmdline.
    return cmd[0].startsWith('next-build') || (cmd.some((c) => c.endsWith('next/dist/bin/next')) && cmd.includes('build'));
  } catch {
    return false;
  }
}

interface RunResult {
  label: string;
  seconds: number;
  peakBytes: number;
  /** Seconds from start when `next build` was first and last seen (Masthead builds only). */
  nextSpan?: [number, number];
  peakByPhase: Record<string, number>;
  /** The processes of the tree at its peak, largest first: "next-build 812 MiB". */
  atPeak: string;
  lines: { t: number; line: string }[];
  log: string;
}

const KEY_LINE = /^(masthead:|warning:|✓|⨯|Error|error|Failed|.*Generating static pages.*\(\d+\/\d+\) in)/;

/** Runs one build command, sampling the process tree's memory every 100 ms and timestamping its output. */
async function runBuild(label: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, logFile: string, timeoutMin: number): Promise<RunResult> {
  await mkdir(path.dirname(logFile), { recursive: true });
  await writeFile(logFile, `$ (cd ${cwd} && ${command} ${args.join(' ')})\n`);
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  // Its own process group, so a timeout or Ctrl-C stops the whole tree (npm, tsx, next, workers).
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const stopTree = () => {
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  };
  const onInterrupt = () => {
    stopTree();
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  const lines: RunResult['lines'] = [];
  let peakBytes = 0;
  let atPeak = '';
  const peakByPhase: Record<string, number> = {};
  let nextFirst: number | undefined;
  let nextLast: number | undefined;
  let pending = '';
  let warnings = 0;
  const onData = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop()!;
    for (const line of parts) {
      const t = elapsed();
      lines.push({ t, line });
      void appendFile(logFile, `[${t.toFixed(1).padStart(6)}s] ${line}\n`);
      if (!KEY_LINE.test(line.trim())) continue;
      // A real corpus can print hundreds of warnings: show a few, count the rest (all are in the log).
      if (line.startsWith('warning:') && ++warnings > 5) {
        if (warnings === 6) console.log(`  [${label}] more warnings in ${logFile}`);
        continue;
      }
      console.log(`  [${label} ${t.toFixed(1)}s] ${line.trim().slice(0, 160)}`);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const sample = () => {
    if (child.pid === undefined) return;
    const procs = readProcs();
    const tree = descendants(child.pid, procs);
    const rss = tree.reduce((sum, pid) => sum + procs.get(pid)!.rss, 0);
    if (rss > peakBytes) {
      peakBytes = rss;
      atPeak = tree
        .map((pid) => procs.get(pid)!)
        .filter((p) => p.rss > 20 * 1024 ** 2)
        .sort((a, b) => b.rss - a.rss)
        .map((p) => `${p.name} ${formatBytes(p.rss)}`)
        .join(', ');
    }
    const nextRunning = tree.some(isNextBuild);
    if (nextRunning) {
      nextFirst ??= elapsed();
      nextLast = elapsed();
    }
    const phase = nextRunning ? 'next build' : nextFirst === undefined ? 'prepare' : 'post-export';
    peakByPhase[phase] = Math.max(peakByPhase[phase] ?? 0, rss);
  };
  const timer = setInterval(sample, 100);
  const progress = setInterval(() => console.log(`  [${label} ${elapsed().toFixed(0)}s] running, peak ${formatBytes(peakBytes)} (${atPeak})`), 60_000);
  const timeout = setTimeout(() => {
    console.log(`  [${label}] timed out after ${timeoutMin} min; stopping it`);
    stopTree();
  }, timeoutMin * 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  clearInterval(progress);
  clearTimeout(timeout);
  process.off('SIGINT', onInterrupt);
  if (pending) onData(Buffer.from('\n'));
  const seconds = elapsed();
  const result = { label, seconds, peakBytes, atPeak, nextSpan: nextFirst === undefined ? undefined : ([nextFirst, nextLast!] as [number, number]), peakByPhase, lines, log: logFile };
  if (code !== 0) throw new BuildFailed(`${label}: ${command} ${args.join(' ')} exited with ${code} after ${seconds.toFixed(1)} s; log: ${logFile}`, result);
  console.log(`  [${label}] done in ${seconds.toFixed(1)} s, peak ${formatBytes(peakBytes)} (${atPeak})`);
  return result;
}

/** A build that exited non-zero, with what was measured up to then. */
class BuildFailed extends Error {
  constructor(
    message: string,
    readonly result: RunResult,
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Output measurements.

interface OutStats {
  files: number;
  bytes: number;
}

async function outStats(outDir: string): Promise<OutStats> {
  const files = await listFiles(outDir);
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  return { files: files.length, bytes };
}

interface SearchStats {
  /** Pagefind indexing the built site again, alone. */
  seconds: number;
  pages: number;
  files: number;
  bytes: number;
  word: string;
  results: number;
  /** What Chromium downloads for the first search of `word`: the search page, then the index's files (gzip each). */
  pageGzip: number;
  indexGzip: number;
  indexRequests: number;
}

/**
 * Search on the built site: the index's time and size, and a first search in Chromium for a word of the sample
 * post's body. Undefined when the site has no index or the machine no Chromium.
 */
async function searchStats(outDir: string, samplePath: string): Promise<SearchStats | undefined> {
  if (!existsSync(path.join(outDir, 'pagefind')) || !existsSync('/usr/bin/chromium')) return undefined;
  const started = performance.now();
  const pages = await indexSearch(outDir);
  const seconds = (performance.now() - started) / 1000;
  const files = await listFiles(path.join(outDir, 'pagefind'));
  let bytes = 0;
  for (const f of files) bytes += (await stat(f)).size;
  // Measurement only: the sixth long word of the post's text.
  const html = await readFile(path.join(outDir, samplePath, 'index.html'), 'utf8');
  const prose = /<div class="prose">([\s\S]*)<\/article>/.exec(html)?.[1] ?? html;
  const word = prose.replace(/<[^>]+>/g, ' ').match(/\b[a-z]{6,}\b/g)?.[5] ?? 'static';
  const server = await serveStatic(outDir, { port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const context = await browser.newContext();
    const sizes: Promise<{ index: boolean; gzip: number }>[] = [];
    context.on('response', (response) => {
      sizes.push(response.body().then((body) => ({ index: response.url().includes('/pagefind/'), gzip: gzipSync(body).length })).catch(() => ({ index: false, gzip: 0 })));
    });
    const page = await context.newPage();
    await page.goto(`${server.origin}/search/?q=${encodeURIComponent(word)}`);
    await page.waitForFunction(() => /result/i.test(document.querySelector('[role="status"]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    const results = await page.locator('.search-result').count();
    await page.waitForLoadState('networkidle');
    const got = await Promise.all(sizes);
    const sum = (index: boolean) => got.filter((g) => g.index === index).reduce((n, g) => n + g.gzip, 0);
    return { seconds, pages, files: files.length, bytes, word, results, pageGzip: sum(false), indexGzip: sum(true), indexRequests: got.filter((g) => g.index).length };
  } finally {
    await browser.close();
    await server.close();
  }
}

interface ImageStats {
  images: number;
  /** Encoding every size of every image the pages show, as the build does (two at a time), into an empty cache. */
  coldSeconds: number;
  /** The same from the cache those encodes filled. */
  warmSeconds: number;
  /** The originals' bytes, and what a phone (390 CSS pixels at 3x) downloads instead: the AVIF its column needs. */
  originalBytes: number;
  phoneBytes: number;
}

/**
 * The images of the built site: how long their sizes take to encode, cold and from the cache, and the bytes a
 * phone saves. An image counts when out/ has its sizes (`photo-480w.avif` beside `photo.png`). Undefined when
 * the site has none.
 */
async function imageStats(outDir: string, workdir: string): Promise<ImageStats | undefined> {
  const files = (await listFiles(outDir)).map((f) => path.relative(outDir, f).split(path.sep).join('/'));
  const present = new Set(files);
  const originals = [...new Set(files.flatMap((f) => /^(.*)-\d+w\.avif$/.exec(f)?.[1] ?? []))]
    .flatMap((stem) => files.filter((f) => f.startsWith(`${stem}.`) && !f.endsWith('.md')))
    .sort();
  if (!originals.length) return undefined;
  const encodeAll = async () => {
    const started = performance.now();
    await mapLimit(originals, 2, async (f) => {
      const meta = await sharp(path.join(outDir, f)).metadata();
      await encodeVariants(path.join(outDir, f), `/${f}`, meta.autoOrient?.width ?? meta.width);
    });
    return (performance.now() - started) / 1000;
  };
  const previous = process.env.MASTHEAD_CACHE_DIR;
  process.env.MASTHEAD_CACHE_DIR = path.join(workdir, 'image-cache');
  await rm(process.env.MASTHEAD_CACHE_DIR, { recursive: true, force: true });
  try {
    const coldSeconds = await encodeAll();
    const warmSeconds = await encodeAll();
    let originalBytes = 0;
    let phoneBytes = 0;
    // The column on a 390-pixel phone is 350 CSS pixels: 1,050 device pixels at 3x.
    const needed = 350 * 3;
    for (const f of originals) {
      originalBytes += (await stat(path.join(outDir, f))).size;
      const stem = f.replace(/\.\w+$/, '');
      const widths = [...IMAGE_WIDTHS, ...files.flatMap((g) => (g.startsWith(`${stem}-`) ? Number(/-(\d+)w\.avif$/.exec(g)?.[1]) || [] : []))];
      const available = [...new Set(widths)].filter((w) => present.has(`${stem}-${w}w.avif`)).sort((a, b) => a - b);
      const taken = available.find((w) => w >= needed) ?? available[available.length - 1];
      phoneBytes += (await stat(path.join(outDir, `${stem}-${taken}w.avif`))).size;
    }
    return { images: originals.length, coldSeconds, warmSeconds, originalBytes, phoneBytes };
  } finally {
    if (previous === undefined) delete process.env.MASTHEAD_CACHE_DIR;
    else process.env.MASTHEAD_CACHE_DIR = previous;
  }
}

interface PageWeight {
  path: string;
  htmlRaw: number;
  htmlGzip: number;
  jsRaw: number;
  jsGzip: number;
  scripts: number;
  /** Files in the page's own folder that Masthead/Next generated (copied post images excluded). */
  generated: string[];
}

/** The HTML of one page and every script it references (external files and inline scripts, JSON-LD excluded). */
async function pageWeight(outDir: string, sitePath: string, copiedAssets: string[] = []): Promise<PageWeight> {
  const dir = path.join(outDir, sitePath);
  const html = await readFile(path.join(dir, 'index.html'));
  const text = html.toString('utf8');
  let jsRaw = 0;
  let jsGzip = 0;
  let scripts = 0;
  const inline: string[] = [];
  const external = new Set<string>();
  // Measurement only: a regex over the tags is enough to find src and inline bodies.
  for (const m of text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = m[1];
    if (/type=["']?application\/(ld\+)?json/i.test(attrs)) continue;
    const src = /\bsrc=["']?([^"' >]+)/i.exec(attrs)?.[1];
    if (src) external.add(src);
    else if (m[2].trim()) inline.push(m[2]);
  }
  for (const m of text.matchAll(/<link\b([^>]*)>/gi)) {
    const attrs = m[1];
    if (/rel=["']?(modulepreload|preload)/i.test(attrs) && /as=["']?script/i.test(attrs)) {
      const href = /\bhref=["']?([^"' >]+)/i.exec(attrs)?.[1];
      if (href) external.add(href);
    }
  }
  for (const src of external) {
    const file = path.join(outDir, new URL(src, `http://site${sitePath}`).pathname);
    const body = await readFile(file).catch(() => undefined);
    scripts++;
    if (!body) continue;
    jsRaw += body.length;
    jsGzip += gzipSync(body).length;
  }
  if (inline.length) {
    const body = Buffer.from(inline.join('\n'));
    scripts += inline.length;
    jsRaw += body.length;
    jsGzip += gzipSync(body).length;
  }
  const generated = (await listFiles(dir)).map((f) => path.relative(dir, f)).filter((f) => !copiedAssets.includes(f)).sort();
  return { path: sitePath, htmlRaw: html.length, htmlGzip: gzipSync(html).length, jsRaw, jsGzip, scripts, generated };
}

/** A page that could not be weighed is reported as missing rather than losing the timings of a long run. */
function noPage(error: unknown): PageWeight {
  console.log(`bench: could not weigh the sample page: ${error instanceof Error ? error.message : error}`);
  return { path: '', htmlRaw: NaN, htmlGzip: NaN, jsRaw: NaN, jsGzip: NaN, scripts: NaN, generated: [] };
}

// ---------------------------------------------------------------------------------------------
// Workspaces.

function run(command: string, args: string[], cwd: string): void {
  const r = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}`);
}

/**
 * Copies the project to `<workdir>/site`: sources as files, node_modules as hard links (cp -al: fast,
 * no extra disk). An empty `.git` marks the copy as its own repository, so Next infers the copy, not
 * the project around it, as the Turbopack root (next/dist/lib/find-root.js stops at a git boundary).
 */
async function prepareSite(workdir: string): Promise<string> {
  const site = path.join(workdir, 'site');
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  for (const name of PROJECT_FILES) {
    if (existsSync(path.join(PROJECT, name))) await cp(path.join(PROJECT, name), path.join(site, name), { recursive: true });
  }
  run('cp', ['-al', path.join(PROJECT, 'node_modules'), path.join(site, 'node_modules')], PROJECT);
  await mkdir(path.join(site, '.git'));
  return site;
}

async function prepareBaseline(dir: string): Promise<void> {
  if (!existsSync(path.join(dir, 'package.json'))) {
    await mkdir(path.dirname(dir), { recursive: true });
    await cp(BASELINE, dir, { recursive: true });
  }
  if (!existsSync(path.join(dir, 'node_modules/next'))) {
    console.log(`bench: installing next-plain in ${dir} (npm install; npm ci fails on this registry for Next)`);
    run('npm', ['install', '--no-audit', '--no-fund'], dir);
  }
}

/** Known real corpora without a site.yaml: the settings to wrap them with. */
const WRAP_SETTINGS: Record<string, string> = {
  'nodejs-blog': ['title: Node.js Blog', 'url: https://nodejs.org', 'author: Node.js', 'permalink: /blog/:section/:slug/', 'brokenLinks: warn'].join('\n'),
};

interface Corpus {
  describe: string;
  /** Post files, content-relative, in a stable order. */
  postFiles: string[];
  /** The post whose page is weighed and which the warm run edits. */
  sample: { file: string; path: string; copiedAssets: string[] };
  permalink: string;
  synthetic?: SynthPost[];
}

async function prepareContent(options: Options, site: string, baselinePosts: string | undefined, now: Date): Promise<Corpus> {
  const contentDir = path.join(site, 'content');
  if (!options.content) {
    const posts = generateCorpus({ posts: options.posts, seed: options.seed });
    await writeCorpus(posts, { contentDir, baselinePostsDir: baselinePosts });
    // A rich sample: an image, a table and code if any post has all three.
    const sample = posts.find((p) => p.image && p.body.includes('| ---')) ?? posts.find((p) => p.image) ?? posts[0];
    return {
      describe: `${posts.length} synthetic posts (seed ${options.seed}, ${Math.round(posts.reduce((a, p) => a + p.words, 0) / posts.length)} words on average, ${posts.filter((p) => p.image).length} with an image)`,
      postFiles: posts.map((p) => p.file),
      sample: { file: sample.file, path: `/posts/${sample.slug}/`, copiedAssets: sample.image ? [sample.image.file] : [] },
      permalink: '/posts/:slug/',
      synthetic: posts,
    };
  }
  const source = options.content;
  await rm(contentDir, { recursive: true, force: true });
  await mkdir(contentDir, { recursive: true });
  if (existsSync(path.join(source, 'site.yaml'))) {
    await cp(source, contentDir, { recursive: true });
  } else {
    const settings = WRAP_SETTINGS[path.basename(source)] ?? ['title: Bench', 'url: https://example.com', 'author: Bench', 'brokenLinks: warn'].join('\n');
    await writeFile(path.join(contentDir, 'site.yaml'), `${settings}\n`);
    await cp(source, path.join(contentDir, 'posts'), { recursive: true }); // a copy, so the warm run may edit it
  }
  const postFiles = (await listFiles(path.join(contentDir, 'posts'))).filter((f) => f.endsWith('.md')).map((f) => path.relative(contentDir, f)).sort();
  // The sample: the median-sized post. Its URL comes from the loader itself (bodies not compiled), so
  // slug and permalink rules are never duplicated here.
  const sized = await Promise.all(postFiles.map(async (f) => ({ f, size: (await stat(path.join(contentDir, f))).size })));
  sized.sort((a, b) => a.size - b.size || (a.f < b.f ? -1 : 1));
  const loaded = await loadContent(contentDir, { now, compile: false });
  const post = loaded.posts.find((p) => p.file === sized[Math.floor(sized.length / 2)].f) ?? loaded.posts[0];
  const file = post.file;
  const samplePath = post.path;
  const permalink = loaded.site.permalink;
  if (baselinePosts) await writeBaselineFromContent(contentDir, postFiles, baselinePosts);
  const copiedAssets = loaded.assets.filter((a) => a.path.startsWith(samplePath)).map((a) => a.path.slice(samplePath.length));
  return { describe: `${postFiles.length} posts from ${source}`, postFiles, sample: { file, path: samplePath, copiedAssets }, permalink };
}

/** Flattens a real content folder into next-plain's `_posts/<section>-<stem>.md` with the fields it reads. */
async function writeBaselineFromContent(contentDir: string, postFiles: string[], baselinePosts: string): Promise<void> {
  await rm(baselinePosts, { recursive: true, force: true });
  await mkdir(baselinePosts, { recursive: true });
  for (const file of postFiles) {
    const { data, content } = matter(await readFile(path.join(contentDir, file), 'utf8'));
    const name = slugify(file.slice('posts/'.length).replace(/\.md$/, '').replace(/\//g, '-'));
    const date = parseDate(data.date) ?? new Date(0);
    const post: SynthPost = {
      index: 0,
      slug: name,
      file,
      title: String(data.title ?? name),
      date: date.toISOString(),
      description: String(data.description ?? data.title ?? name),
      tags: (Array.isArray(data.tags) ? data.tags.map(String) : []).map(slugify).filter(Boolean),
      body: content,
      baselineBody: content,
      words: 0,
    };
    await writeFile(path.join(baselinePosts, `${name}.md`), renderBaselinePost(post));
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

function formatBytes(n: number): string {
  if (n >= GiB) return `${(n / GiB).toFixed(2)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (n: number) => `${n.toFixed(1)} s`;
const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Phase timings of one Masthead build (scripts/build.ts's four steps), from when `next build` ran and the lines the build prints. */
function phases(r: RunResult): { phase: string; seconds: number; peak?: number }[] {
  const line = (re: RegExp) => r.lines.find((l) => re.test(l.line));
  const strip = line(/^masthead: removed the client runtime/)?.t;
  const [nextStart, nextEnd] = r.nextSpan ?? [line(/^masthead: \d+ posts, .* in \d+ ms/)?.t ?? 0, strip ?? r.seconds];
  const report = line(/^masthead check:/);
  // The check prints its own time at the end of its summary.
  const checkSeconds = Number(/([\d.]+) s$/.exec(report?.line ?? '')?.[1] ?? 0);
  const checkStart = report ? report.t - checkSeconds : r.seconds;
  return [
    { phase: 'validate', seconds: nextStart, peak: r.peakByPhase.prepare ?? 0 },
    { phase: 'next build', seconds: nextEnd - nextStart, peak: r.peakByPhase['next build'] ?? 0 },
    { phase: 'post-export and check', seconds: r.seconds - nextEnd, peak: r.peakByPhase['post-export'] ?? 0 },
    { phase: 'strip', seconds: (strip ?? nextEnd) - nextEnd },
    { phase: 'copies', seconds: checkStart - (strip ?? nextEnd) },
    { phase: 'check', seconds: checkSeconds },
  ];
}

/** What the build printed about its own steps (Next's compile and prerender, cards, check). */
function nextTimings(r: RunResult): string[] {
  return r.lines
    .map((l) => l.line.trim())
    .filter((l) => /^✓ (Compiled successfully in|Generating static pages .* in)/.test(l) || /^masthead: \d+ posts, .* in \d+ ms/.test(l) || /^masthead check:/.test(l))
    .map((l) => l.replace(/^✓ /, '').replace(/^masthead:? /, ''));
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? 'not measured' : ok ? '**met**' : '**NOT met**';
}

/**
 * Seconds from `npm run dev` in `cwd` to the first paint of its home page in Chromium, opened as soon as the
 * server takes connections; the browser paints beside the server, on the same cores. Stops the server after,
 * or, with `session`, after a writing session in which a few other pages are opened, as an author does, and
 * which lasts until Turbopack has written its cache to disk: it does once it idles after some work, within
 * seconds or only after half a minute, and a session that opens one page leaves nothing.
 */
async function firstDevPage(browser: Browser, port: number, cwd = PROJECT, session = false): Promise<number> {
  const page = await browser.newPage();
  const started = Date.now();
  const dev = spawn('npm', ['run', 'dev', '--', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'development', CONTENT_DIR: 'content', MASTHEAD_CACHE_DIR: DEV_CACHE },
    stdio: 'ignore',
    detached: true,
  });
  try {
    const listening = () =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, '127.0.0.1', () => resolve(true)).on('error', () => resolve(false));
        socket.once('connect', () => socket.destroy());
      });
    while (!(await listening())) {
      if (dev.exitCode !== null) throw new Error('npm run dev exited before it took connections');
      await new Promise((r) => setTimeout(r, 25));
    }
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'commit', timeout: 120_000 });
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0, undefined, { timeout: 120_000 });
    const painted = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('first-contentful-paint')[0].startTime);
    if (session) {
      for (const url of ['/posts/why-static/', '/tags/', '/archive/', '/rss.xml']) await fetch(`http://127.0.0.1:${port}${url}`);
      // Written when it has stopped growing: a server stopped while it writes leaves a cache the next one throws away.
      const written = () => Number(spawnSync('du', ['-sk', path.join(cwd, '.next/dev/cache')], { encoding: 'utf8' }).stdout.split('\t')[0]);
      for (let end = Date.now() + 120_000, last = -1, now = written(); now < 10_000 || now !== last; last = now, now = written()) {
        if (Date.now() > end) throw new Error('Turbopack wrote no cache in two minutes of a writing session: the kept case would measure an empty one');
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    return (painted - started) / 1000;
  } finally {
    // SIGINT, as Ctrl+C: Next writes its development cache before it exits. The next run starts once every
    // process of this one is gone, so two never share the machine.
    const alive = () => {
      try {
        process.kill(-dev.pid!, 0);
        return true;
      } catch {
        return false;
      }
    };
    await page.close();
    if (alive()) process.kill(-dev.pid!, 'SIGINT');
    while (alive()) await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Masthead cache of the dev benchmark's servers: its own, so a fresh clone's can be measured. */
const DEV_CACHE = path.join(PROJECT, '.masthead/bench-dev/cache');

/**
 * The floor: Next.js alone, one page that says Hello, with this project's packages (hard links: Turbopack
 * reads no package from outside its root) and its own root, so it gets neither Masthead's config nor its
 * instrumentation. Undefined where the links cannot be made.
 */
async function nextAlone(): Promise<string | undefined> {
  const dir = path.join(PROJECT, '.masthead/bench-dev/next-alone');
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'app'), { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module', scripts: { dev: 'next dev' } }));
  await writeFile(path.join(dir, 'next.config.mjs'), 'export default { turbopack: { root: import.meta.dirname } };\n');
  await writeFile(path.join(dir, 'app/layout.tsx'), 'export default function Layout({ children }: { children: React.ReactNode }) {\n  return <html lang="en"><body>{children}</body></html>;\n}\n');
  await writeFile(path.join(dir, 'app/page.tsx'), 'export default function Page() {\n  return <h1>Hello</h1>;\n}\n');
  return spawnSync('cp', ['-al', path.join(PROJECT, 'node_modules'), path.join(dir, 'node_modules')]).status === 0 ? dir : undefined;
}

/**
 * `--dev`: the first paint of `npm run dev`'s home page as on a fresh clone (Next's development cache and Masthead's both
 * empty: every body compiled, every image encoded), as after the README's first command (`npm run build`
 * filled Masthead's cache, not Next's), with Next's cache alone emptied, and with both kept from a writing
 * session; each beside Next.js alone on a page that says Hello, measured in the same round.
 */
async function benchDev(options: Options): Promise<void> {
  const port = 3100 + Math.floor(Math.random() * 800);
  const alone = await nextAlone();
  const rows: string[] = [];
  const cases = ['both emptied (a fresh clone)', 'after npm run build (the README order)', 'Next.js emptied', 'kept'] as const;
  const aloneTimes: number[] = [];
  if (!existsSync('/usr/bin/chromium')) throw new Error('--dev times the first paint in Chromium: apt-get install -y chromium');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  for (const cache of cases) {
    const times: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      if (cache !== 'kept') await rm(path.join(PROJECT, '.next/dev'), { recursive: true, force: true });
      if (cache === cases[0] || cache === cases[1]) await rm(DEV_CACHE, { recursive: true, force: true });
      if (cache === cases[1]) {
        const built = spawnSync('npm', ['run', 'build', '--', '--out', path.join(PROJECT, '.masthead/bench-dev/out')], {
          cwd: PROJECT,
          env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', CONTENT_DIR: 'content', MASTHEAD_CACHE_DIR: DEV_CACHE, NODE_ENV: 'production' },
          stdio: 'ignore',
        });
        if (built.status !== 0) throw new Error('npm run build failed before the dev run');
      }
      if (cache === 'kept' && run === 0) {
        // From nothing: the wait for Turbopack's cache must not end on one an earlier run left.
        await rm(path.join(PROJECT, '.next/dev'), { recursive: true, force: true });
        await firstDevPage(browser, port, PROJECT, true);
      }
      times.push(await firstDevPage(browser, port));
      if (alone && cache !== 'kept') {
        await rm(path.join(alone, '.next'), { recursive: true, force: true });
        aloneTimes.push(await firstDevPage(browser, port, alone));
      }
    }
    rows.push(`| ${cache} | ${secs(median(times))} | ${times.map((t) => t.toFixed(1)).join(', ')} |`);
  }
  await browser.close();
  if (alone) rows.push(`| Next.js alone, a page that says Hello (.next emptied) | ${secs(median(aloneTimes))} | ${aloneTimes.map((t) => t.toFixed(1)).join(', ')} |`);
  console.log(['', `npm run dev, sample site, ${os.availableParallelism()} cores, load average ${loadavg()}:`, '', '| caches (Next.js .next/dev, Masthead) | first paint in Chromium (median) | runs (s) |', '|---|---|---|', ...rows].join('\n'));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  if (options.dev) return benchDev(options);
  const startedAt = new Date();
  const loadBefore = loadavg();
  await mkdir(options.workdir, { recursive: true });
  console.log(`bench: work folder ${options.workdir} (load average ${loadBefore}, ${os.availableParallelism()} cores)`);
  const site = await prepareSite(options.workdir);
  if (options.baseline) await prepareBaseline(options.baselineDir);
  const now = options.content ? startedAt : new Date(SYNTH_NOW);
  const corpus = await prepareContent(options, site, options.baseline ? path.join(options.baselineDir, '_posts') : undefined, now);
  console.log(`bench: ${corpus.describe}; sample post ${corpus.sample.path}`);

  const logs = path.join(options.workdir, 'logs');
  await rm(logs, { recursive: true, force: true });
  const mastheadEnv: NodeJS.ProcessEnv = { ...process.env, CONTENT_DIR: 'content', MASTHEAD_NOW: now.toISOString(), NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  delete mastheadEnv.SITE_URL;
  delete mastheadEnv.MASTHEAD_CACHE_DIR;
  const buildArgs = options.check ? ['run', 'build'] : ['run', 'build', '--', '--no-check'];
  const baselineEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' };
  const nextBin = path.join(options.baselineDir, 'node_modules/next/dist/bin/next');

  const cold: RunResult[] = [];
  const base: RunResult[] = [];
  let mastheadPage: PageWeight | undefined;
  let mastheadOut: OutStats | undefined;
  let search: SearchStats | undefined;
  let images: ImageStats | undefined;
  let basePage: PageWeight | undefined;
  let baseOut: OutStats | undefined;
  for (let k = 1; k <= options.runs; k++) {
    await rm(path.join(site, '.next'), { recursive: true, force: true });
    await rm(path.join(site, 'out'), { recursive: true, force: true });
    await rm(path.join(site, '.masthead'), { recursive: true, force: true });
    console.log(`bench: Masthead cold ${k}/${options.runs} (load ${loadavg()})`);
    cold.push(await runBuild(`masthead cold ${k}`, 'npm', buildArgs, site, mastheadEnv, path.join(logs, `masthead-cold-${k}.log`), options.timeoutMin));
    if (k === 1) {
      mastheadOut = await outStats(path.join(site, 'out'));
      mastheadPage = await pageWeight(path.join(site, 'out'), corpus.sample.path, corpus.sample.copiedAssets).catch(noPage);
      search = await searchStats(path.join(site, 'out'), corpus.sample.path);
      images = await imageStats(path.join(site, 'out'), options.workdir);
    }
    if (options.baseline) {
      await rm(path.join(options.baselineDir, '.next'), { recursive: true, force: true });
      await rm(path.join(options.baselineDir, 'out'), { recursive: true, force: true });
      console.log(`bench: next-plain cold ${k}/${options.runs} (load ${loadavg()})`);
      base.push(await runBuild(`next-plain ${k}`, process.execPath, [nextBin, 'build'], options.baselineDir, baselineEnv, path.join(logs, `next-plain-${k}.log`), options.timeoutMin));
      if (k === 1) {
        baseOut = await outStats(path.join(options.baselineDir, 'out'));
        const slug = corpus.synthetic ? corpus.sample.path.split('/').filter(Boolean).pop()! : slugify(corpus.sample.file.slice('posts/'.length).replace(/\.md$/, '').replace(/\//g, '-'));
        basePage = await pageWeight(path.join(options.baselineDir, 'out'), `/posts/${slug}/`).catch(noPage);
      }
    }
  }

  const warm: RunResult[] = [];
  if (options.warm) {
    for (let k = 1; k <= options.runs; k++) {
      // Edit one post (not the sample): append a paragraph, as an author fixing a typo would change a few bytes.
      const edited = path.join(site, 'content', corpus.postFiles[Math.floor(corpus.postFiles.length / 3)]);
      await appendFile(edited, `\nEdited for the warm benchmark, pass ${k}.\n`);
      console.log(`bench: Masthead warm ${k}/${options.runs}, edited ${path.relative(site, edited)} (load ${loadavg()})`);
      warm.push(await runBuild(`masthead warm ${k}`, 'npm', buildArgs, site, mastheadEnv, path.join(logs, `masthead-warm-${k}.log`), options.timeoutMin));
    }
  }

  // ------------------------------------------------------------------ the report
  const m = median(cold.map((r) => r.seconds));
  const b = base.length ? median(base.map((r) => r.seconds)) : undefined;
  const w = warm.length ? median(warm.map((r) => r.seconds)) : undefined;
  const mPeak = Math.max(...cold.map((r) => r.peakBytes), ...warm.map((r) => r.peakBytes));
  const bPeak = base.length ? Math.max(...base.map((r) => r.peakBytes)) : undefined;
  const ratio = (x: number | undefined, y: number | undefined) => (x !== undefined && y ? (x / y).toFixed(2) : '');
  const cell = (v: string | undefined) => v ?? '—';
  const rows: [string, string, string, string][] = [
    [`cold build (median of ${cold.length})`, secs(m), cell(b === undefined ? undefined : secs(b)), ratio(m, b)],
    [`warm rebuild, one post edited (median of ${warm.length})`, w === undefined ? '—' : secs(w), '—', ratio(w, b) && `${ratio(w, b)} of baseline cold`],
    ['peak memory, whole process tree (max of runs)', formatBytes(mPeak), cell(bPeak === undefined ? undefined : formatBytes(bPeak)), ratio(mPeak, bPeak)],
    ['files in out/', String(mastheadOut!.files), cell(baseOut && String(baseOut.files)), ratio(mastheadOut!.files, baseOut?.files)],
    ['bytes in out/', formatBytes(mastheadOut!.bytes), cell(baseOut && formatBytes(baseOut.bytes)), ratio(mastheadOut!.bytes, baseOut?.bytes)],
    ['post page HTML, raw / gzip', `${formatBytes(mastheadPage!.htmlRaw)} / ${formatBytes(mastheadPage!.htmlGzip)}`, cell(basePage && `${formatBytes(basePage.htmlRaw)} / ${formatBytes(basePage.htmlGzip)}`), ratio(mastheadPage!.htmlGzip, basePage?.htmlGzip)],
    ['post page JavaScript, raw / gzip (scripts)', `${formatBytes(mastheadPage!.jsRaw)} / ${formatBytes(mastheadPage!.jsGzip)} (${mastheadPage!.scripts})`, cell(basePage && `${formatBytes(basePage.jsRaw)} / ${formatBytes(basePage.jsGzip)} (${basePage.scripts})`), ''],
    [
      'search: indexing alone; the index on disk; a first search (gzip: the page + the index)',
      search
        ? `${secs(search.seconds)} for ${search.pages} pages; ${formatBytes(search.bytes)} in ${search.files} files; "${search.word}" (${search.results} shown): ${formatBytes(search.pageGzip)} + ${formatBytes(search.indexGzip)} in ${search.indexRequests} requests`
        : '—',
      '—',
      '',
    ],
    [
      'images: encoding every size, cold / from the cache; what a phone downloads (390 px at 3x: the AVIF) vs the originals',
      images
        ? `${images.images} images: ${secs(images.coldSeconds)} / ${secs(images.warmSeconds)}; ${formatBytes(images.phoneBytes)} vs ${formatBytes(images.originalBytes)}`
        : '—',
      '—',
      '',
    ],
    ['generated files in the post\'s folder', `${mastheadPage!.generated.length}: ${mastheadPage!.generated.join(', ')}`, cell(basePage && `${basePage.generated.length}: ${basePage.generated.join(', ')}`), ''],
  ];
  const n = corpus.postFiles.length;
  const targets: [string, string][] = [
    [`cold build of 1,000 posts at most 2.0 times the baseline's${n !== 1000 ? ` (measured at ${n} posts)` : ''}`, `${verdict(b === undefined ? undefined : m <= 2 * b)}: ${secs(m)} vs ${b === undefined ? 'no baseline run (--baseline)' : secs(2 * b)}`],
    [`rebuild after one edited post at most 0.6 times the baseline's cold build`, `${verdict(w === undefined || b === undefined ? undefined : w <= 0.6 * b)}: ${w === undefined ? '—' : secs(w)} vs ${b === undefined ? '—' : secs(0.6 * b)}`],
    // Below 10,000 posts only a failure says something: memory grows with the post count.
    [`10,000 posts with the process tree under 2 GiB${n < 10000 ? ` (measured at ${n} posts)` : ''}`, `${verdict(mPeak >= 2 * GiB ? false : n >= 10000 ? true : undefined)}: ${formatBytes(mPeak)}`],
    [`post page with zero bytes of JavaScript`, `${verdict(mastheadPage!.jsRaw === 0)}: ${mastheadPage!.jsRaw} B in ${mastheadPage!.scripts} scripts`],
  ];
  const phaseRows = [...cold, ...warm].map((r) => {
    const p = phases(r);
    return `| ${r.label} | ${secs(r.seconds)} | ${p.map((x) => (x.peak === undefined ? secs(x.seconds) : `${secs(x.seconds)} (${formatBytes(x.peak)})`)).join(' | ')} | ${nextTimings(r).join('; ')} |`;
  });
  const runRows: string[] = [];
  for (let k = 0; k < options.runs; k++) {
    runRows.push(`| ${k + 1} | ${secs(cold[k].seconds)} | ${base[k] ? secs(base[k].seconds) : '—'} | ${base[k] ? (cold[k].seconds / base[k].seconds).toFixed(2) : ''} | ${warm[k] ? secs(warm[k].seconds) : '—'} |`);
  }
  const command = `tsx scripts/bench.ts ${process.argv.slice(2).join(' ')}`.trim();
  const report = [
    `## Masthead bench: ${corpus.describe}`,
    '',
    `\`${command}\`, ${startedAt.toISOString()}, ${os.availableParallelism()} cores, load average ${loadBefore} before and ${loadavg()} after (1, 5, 15 min). Output check ${options.check ? 'on' : 'off (--no-check)'}. Sample post ${corpus.sample.path}.`,
    '',
    '| | Masthead | next-plain | ratio |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    '### Targets',
    '',
    ...targets.map(([t, v]) => `- ${t}: ${v}`),
    '',
    '### Runs (interleaved A B A B)',
    '',
    '| run | Masthead cold | next-plain cold | ratio | Masthead warm |',
    '|---:|---:|---:|---:|---:|',
    ...runRows,
    '',
    '### Masthead phases: time (peak memory of the process tree in that phase)',
    '',
    '| build | total | validate | next build | post-export and check | of which strip | copies | check | as printed |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...phaseRows,
    '',
    '### Process tree at its peak (RSS over 20 MiB)',
    '',
    ...[...cold, ...base, ...warm].map((r) => `- ${r.label}: ${formatBytes(r.peakBytes)} = ${r.atPeak}`),
    '',
    `Memory is the sum of RSS over the build process and all its descendants, sampled from /proc every 100 ms (shared pages count once per process). JavaScript is every script the page references (files, gzip each) plus inline scripts, JSON-LD excluded. Logs: ${logs}.`,
    '',
  ].join('\n');
  console.log(`\n${report}`);
  await writeFile(path.join(options.workdir, 'last.md'), report);
  console.log(`bench: table written to ${path.join(options.workdir, 'last.md')}`);
}

/** A failed build still gets a report: its phases, its peak and the last lines it printed. */
async function reportFailure(error: BuildFailed, workdir: string): Promise<void> {
  const r = error.result;
  const report = [
    `## Masthead bench: ${r.label} FAILED after ${secs(r.seconds)}`,
    '',
    `\`tsx scripts/bench.ts ${process.argv.slice(2).join(' ')}\`, load average ${loadavg()}. Peak memory of the process tree ${formatBytes(r.peakBytes)} (${r.atPeak}).`,
    '',
    '| phase | time | peak memory |',
    '|---|---:|---:|',
    ...phases(r).map((p) => `| ${p.phase} | ${secs(p.seconds)} | ${p.peak === undefined ? '' : formatBytes(p.peak)} |`),
    '',
    `As printed: ${nextTimings(r).join('; ')}`,
    '',
    'Last lines:',
    '',
    '```',
    ...r.lines.slice(-25).map((l) => `[${l.t.toFixed(1)}s] ${l.line}`),
    '```',
    '',
  ].join('\n');
  console.log(`\n${report}`);
  await writeFile(path.join(workdir, 'last.md'), report);
}

if (process.argv[1]?.endsWith('scripts/bench.ts')) {
  main().catch(async (error) => {
    if (error instanceof BuildFailed) await reportFailure(error, parseArgs(process.argv.slice(2)).workdir);
    console.error(`bench: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
