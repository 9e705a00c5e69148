/**
 * A deterministic synthetic blog for benchmarks: N posts of 1,000 to 1,500 words with headings, lists,
 * links (relative `.md`, site URLs, external), code in several languages, tables, tags, `updated`
 * dates and, in some, an image beside the post (a bundle `posts/<slug>/index.md` + `cover.png`).
 * The same posts are also written in the next-plain baseline's format (`_posts/<slug>.md`, no images).
 *
 * Same options, same bytes: every choice comes from a seeded PRNG (mulberry32), never Math.random
 * or the clock.
 *
 * CLI: `tsx scripts/synth-corpus.ts --posts 1000 --out /tmp/corpus [--seed 1]` writes
 * `<out>/content/` (Masthead) and `<out>/_posts/` (baseline).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

export interface SynthOptions {
  posts: number;
  /** PRNG seed; the same seed and count give the same corpus. */
  seed?: number;
  /** Origin of the synthetic site, used for the site-URL links inside posts. */
  siteUrl?: string;
}

export interface SynthPost {
  index: number;
  slug: string;
  /** Content-relative file: `posts/<slug>.md`, or `posts/<slug>/index.md` for a post with an image. */
  file: string;
  title: string;
  /** ISO 8601 instant, UTC. */
  date: string;
  updated?: string;
  description: string;
  tags: string[];
  /** The cover image beside a bundle post (`cover.png`), with the seed its pixels come from. */
  image?: { file: string; width: number; height: number; seed: number };
  /** Masthead's Markdown body (links to other posts as relative `.md` files and site URLs). */
  body: string;
  /** The same body for the baseline: `.md` links as site paths, images left out. */
  baselineBody: string;
  /** Words in the body as {@link countWords} counts them. */
  words: number;
}

export const SYNTH_SITE_URL = 'https://bench.example.com';
/** Every generated date lies before this instant; benchmarks pin MASTHEAD_NOW to it. */
export const SYNTH_NOW = '2026-01-01T00:00:00Z';
export const COVER_SIZE = { width: 1200, height: 675 };

/** mulberry32: a small, fast, seedable PRNG (public domain, Tommy Ettinger). Returns floats in [0, 1). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
}

function rng(seed: number): Rng {
  const next = createRandom(seed);
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

/** About 40 tags; earlier ones are picked more often (Zipf-like), as on real blogs. */
export const TAG_POOL = [
  'performance', 'caching', 'css', 'html', 'javascript', 'typescript', 'node', 'react', 'nextjs', 'static-sites',
  'markdown', 'testing', 'ci', 'deployment', 'security', 'accessibility', 'design', 'databases', 'postgres', 'http',
  'cdn', 'dns', 'observability', 'logging', 'tooling', 'git', 'linux', 'containers', 'kubernetes', 'networking',
  'mobile', 'images', 'fonts', 'seo', 'feeds', 'rust', 'go', 'python', 'editors', 'writing',
] as const;

const NOUNS = [
  'cache', 'build', 'server', 'page', 'request', 'response', 'header', 'bundle', 'module', 'component', 'layout', 'query',
  'index', 'table', 'schema', 'worker', 'thread', 'queue', 'pipeline', 'deploy', 'release', 'branch', 'commit', 'test',
  'fixture', 'browser', 'network', 'latency', 'budget', 'image', 'font', 'stylesheet', 'script', 'route', 'template',
  'config', 'token', 'session', 'log', 'metric', 'trace', 'alert', 'dashboard', 'container', 'cluster', 'node', 'disk',
  'file', 'folder', 'feed', 'sitemap', 'crawler', 'link', 'anchor', 'heading', 'paragraph', 'list', 'editor', 'reader',
  'author', 'draft', 'post', 'archive', 'tag', 'origin', 'domain', 'certificate', 'proxy', 'edge', 'region', 'user',
];
const VERBS = [
  'builds', 'caches', 'serves', 'renders', 'measures', 'checks', 'parses', 'compiles', 'ships', 'loads', 'splits',
  'merges', 'writes', 'reads', 'tracks', 'reports', 'limits', 'trims', 'moves', 'keeps', 'drops', 'resolves', 'maps',
  'sorts', 'filters', 'validates', 'rewrites', 'streams', 'indexes', 'signs', 'routes', 'watches', 'replays', 'warms',
];
const ADJECTIVES = [
  'small', 'fast', 'slow', 'static', 'dynamic', 'stale', 'fresh', 'cold', 'warm', 'large', 'shared', 'private', 'public',
  'simple', 'careful', 'quiet', 'noisy', 'stable', 'flaky', 'cheap', 'costly', 'plain', 'nested', 'flat', 'strict',
  'loose', 'early', 'late', 'local', 'remote', 'partial', 'complete', 'readable', 'compact', 'verbose', 'hidden',
];
const GLUE = ['the', 'a', 'every', 'each', 'our', 'this', 'that', 'one', 'no', 'any'];
const ADVERBS = ['quickly', 'rarely', 'often', 'only', 'still', 'already', 'never', 'always', 'mostly', 'usually'];
const CONNECTORS = ['because', 'so', 'while', 'but', 'and', 'when', 'until', 'unless', 'after', 'before'];
const ENDLESS = new Set<string>([...GLUE, ...CONNECTORS, ...ADJECTIVES, ...ADVERBS]);
const GERUNDS = ['Building', 'Caching', 'Serving', 'Measuring', 'Checking', 'Parsing', 'Compiling', 'Shipping', 'Loading', 'Splitting', 'Tracking', 'Trimming', 'Sorting', 'Validating', 'Rewriting', 'Streaming', 'Indexing', 'Routing', 'Warming'];

const EXTERNAL = [
  'https://developer.mozilla.org/en-US/docs/Web/HTTP/Caching',
  'https://web.dev/articles/vitals',
  'https://www.rfc-editor.org/rfc/rfc9111',
  'https://nodejs.org/api/worker_threads.html',
  'https://github.com/unifiedjs/unified',
  'https://www.w3.org/TR/WCAG22/',
  'https://en.wikipedia.org/wiki/Static_web_page',
  'https://example.org/notes/build-times',
  'https://www.postgresql.org/docs/current/indexes.html',
  'https://kubernetes.io/docs/concepts/workloads/',
  'https://go.dev/doc/effective_go',
  'https://doc.rust-lang.org/book/',
];

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Words as the generator counts them: letters (with ' and -) outside code fences, link targets and HTML. */
export function countWords(markdown: string): number {
  const prose = markdown
    .replace(/^```[^\n]*\n[\s\S]*?^```$/gm, ' ')
    .replace(/\]\([^)]*\)/g, '] ')
    .replace(/<[^>]+>/g, ' ');
  return prose.match(/[A-Za-z][A-Za-z'-]*/g)?.length ?? 0;
}

function sentence(r: Rng, words: number): string {
  const out: string[] = [];
  while (out.length < words) {
    const clause = [r.pick(GLUE), r.pick(ADJECTIVES), r.pick(NOUNS), r.pick(VERBS), r.pick(GLUE), r.pick(NOUNS)];
    if (r.chance(0.3)) clause.splice(3, 0, r.pick(ADVERBS));
    if (out.length) out.push(r.pick(CONNECTORS));
    out.push(...clause);
  }
  const kept = out.slice(0, Math.max(3, words));
  // End on a content word, not "and." or "the.": pad the sentence with a noun instead.
  if (ENDLESS.has(kept[kept.length - 1])) kept[kept.length - 1] = r.pick(NOUNS);
  return `${cap(kept.join(' '))}.`;
}

function paragraph(r: Rng, words: number): string {
  const sentences: string[] = [];
  let left = words;
  while (left > 0) {
    const n = Math.min(left, r.int(8, 18));
    sentences.push(sentence(r, Math.max(n, 3)));
    left -= Math.max(n, 3);
  }
  return sentences.join(' ');
}

function title(r: Rng): string {
  const forms = [
    () => `${r.pick(GERUNDS)} the ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}`,
    () => `Why our ${r.pick(NOUNS)} ${r.pick(VERBS)} ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}s`,
    () => `${cap(r.pick(ADJECTIVES))} ${r.pick(NOUNS)}s and ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)}s`,
    () => `Notes on ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)} ${r.pick(NOUNS)}s`,
    () => `A ${r.pick(ADJECTIVES)} look at the ${r.pick(NOUNS)} ${r.pick(NOUNS)}`,
  ];
  return r.pick(forms)();
}

function slugOf(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const CODE: Record<string, (r: Rng) => string> = {
  ts: (r) => {
    const n = r.pick(NOUNS);
    return [
      `interface ${cap(n)}Options {`,
      `  limit: number;`,
      `  label?: string;`,
      `}`,
      ``,
      `export async function load${cap(n)}(options: ${cap(n)}Options): Promise<string[]> {`,
      `  const items: string[] = [];`,
      `  for (let i = 0; i < options.limit; i++) {`,
      `    items.push(\`\${options.label ?? '${n}'}-\${i}\`);`,
      `  }`,
      `  return items.sort();`,
      `}`,
    ].join('\n');
  },
  js: (r) => {
    const n = r.pick(NOUNS);
    return [
      `const ${n}s = new Map();`,
      ``,
      `export function remember(key, value, ttl = ${r.int(10, 600)}) {`,
      `  ${n}s.set(key, { value, expires: Date.now() + ttl * 1000 });`,
      `}`,
      ``,
      `export function recall(key) {`,
      `  const hit = ${n}s.get(key);`,
      `  return hit && hit.expires > Date.now() ? hit.value : undefined;`,
      `}`,
    ].join('\n');
  },
  bash: (r) => [
    `#!/usr/bin/env bash`,
    `set -euo pipefail`,
    `for f in ${r.pick(NOUNS)}s/*.md; do`,
    `  wc -w "$f"`,
    `done | sort -n | tail -${r.int(3, 9)}`,
    `curl -s --compressed -o /dev/null -w '%{size_download}\\n' https://example.org/`,
  ].join('\n'),
  python: (r) => {
    const n = r.pick(NOUNS);
    return [
      `from dataclasses import dataclass`,
      ``,
      `@dataclass`,
      `class ${cap(n)}:`,
      `    name: str`,
      `    size: int = ${r.int(1, 99)}`,
      ``,
      `def largest(items: list[${cap(n)}]) -> ${cap(n)}:`,
      `    return max(items, key=lambda item: item.size)`,
    ].join('\n');
  },
  rust: (r) => [
    `#[derive(Debug, Clone)]`,
    `struct Item { // ${r.pick(NOUNS)}`,
    `    id: u64,`,
    `    weight: f32,`,
    `}`,
    ``,
    `fn total(items: &[Item]) -> f32 {`,
    `    items.iter().map(|i| i.weight).sum::<f32>() * ${r.int(2, 9)}.0`,
    `}`,
  ].join('\n'),
  go: (r) => {
    const n = `${r.pick(NOUNS)}s`;
    return [
    `package main`,
    ``,
    `import "fmt"`,
    ``,
    `func main() {`,
    `\t${n} := []int{${r.int(1, 9)}, ${r.int(10, 99)}, ${r.int(100, 999)}}`,
    `\tfor i, v := range ${n} {`,
    `\t\tfmt.Println(i, v)`,
    `\t}`,
    `}`,
  ].join('\n');
  },
  json: (r) => JSON.stringify({ name: r.pick(NOUNS), version: `${r.int(0, 9)}.${r.int(0, 20)}.${r.int(0, 50)}`, private: true, tags: [r.pick(TAG_POOL), r.pick(TAG_POOL)] }, null, 2),
  css: (r) => [
    `.${r.pick(NOUNS)} {`,
    `  max-width: ${r.int(40, 80)}ch;`,
    `  margin-inline: auto;`,
    `  color: #${r.int(0, 0xffffff).toString(16).padStart(6, '0')};`,
    `}`,
    ``,
    `@media (prefers-color-scheme: dark) {`,
    `  .${r.pick(NOUNS)} { color: #eee; }`,
    `}`,
  ].join('\n'),
  yaml: (r) => [`name: ${r.pick(NOUNS)}`, `on: [push]`, `jobs:`, `  build:`, `    runs-on: ubuntu-latest`, `    steps:`, `      - run: npm ci`, `      - run: npm test -- --shard=${r.int(1, 4)}/4`].join('\n'),
  sql: (r) => [`SELECT ${r.pick(NOUNS)}_id, count(*) AS hits`, `FROM ${r.pick(NOUNS)}s`, `WHERE created_at > now() - interval '${r.int(1, 30)} days'`, `GROUP BY 1`, `ORDER BY hits DESC`, `LIMIT ${r.int(5, 50)};`].join('\n'),
  html: (r) => [`<article class="${r.pick(NOUNS)}">`, `  <h2>${cap(r.pick(ADJECTIVES))} ${r.pick(NOUNS)}</h2>`, `  <p>Plain markup, no script.</p>`, `</article>`].join('\n'),
};
export const CODE_LANGUAGES = Object.keys(CODE);

function table(r: Rng): string {
  const cols = r.int(3, 4);
  const head = [cap(r.pick(NOUNS)), ...Array.from({ length: cols - 1 }, () => cap(r.pick(ADJECTIVES)))];
  const rows = Array.from({ length: r.int(3, 6) }, () => [r.pick(NOUNS), ...Array.from({ length: cols - 1 }, () => String(r.int(1, 99_999)))]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

function pickTags(r: Rng): string[] {
  const count = r.int(1, 4);
  const tags = new Set<string>();
  while (tags.size < count) {
    // Zipf-like: index k with weight 1/(k+1), by inverse transform of a log-uniform draw.
    const k = Math.min(TAG_POOL.length - 1, Math.floor(Math.exp(r.next() * Math.log(TAG_POOL.length + 1)) - 1));
    tags.add(TAG_POOL[k]);
  }
  return [...tags].sort();
}

interface Skeleton {
  slug: string;
  file: string;
  title: string;
}

/** A link from `from` to `to` written the way an author in the content folder would. */
function relativeLink(from: Skeleton, to: Skeleton): string {
  const rel = path.posix.relative(path.posix.dirname(from.file), to.file);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Generates the corpus in memory. Pure: the same options give the same posts. */
export function generateCorpus({ posts: count, seed = 1, siteUrl = SYNTH_SITE_URL }: SynthOptions): SynthPost[] {
  if (!Number.isInteger(count) || count < 1) throw new Error(`posts: expected a positive integer, got ${count}`);
  const r = rng(seed);
  // First pass: titles, slugs and files, so posts can link to any other post.
  const used = new Set<string>();
  const skeletons: (Skeleton & { image: boolean })[] = [];
  for (let i = 0; i < count; i++) {
    const t = title(r);
    let slug = slugOf(t);
    for (let n = 2; used.has(slug); n++) slug = `${slugOf(t)}-${n}`;
    used.add(slug);
    const image = r.chance(0.1);
    skeletons.push({ slug, title: t, image, file: image ? `posts/${slug}/index.md` : `posts/${slug}.md` });
  }
  const start = Date.UTC(2016, 0, 1);
  const span = Date.parse(SYNTH_NOW) - start - 200 * 86_400_000; // room for `updated`
  return skeletons.map((sk, i) => {
    const pr = rng((seed * 0x9e3779b1 + i * 0x85ebca6b) >>> 0);
    const date = new Date(start + Math.floor((span * i) / count) + pr.int(0, 3600) * 1000);
    date.setUTCMilliseconds(0);
    const updated = pr.chance(0.2) ? new Date(date.getTime() + pr.int(1, 180) * 86_400_000) : undefined;
    const tags = pickTags(pr);
    const target = pr.int(1000, 1350);
    const others = () => {
      if (count === 1) return sk;
      let j = pr.int(0, count - 2);
      if (j >= i) j++;
      return skeletons[j];
    };

    // Markdown blocks; links are placeholders filled twice (Masthead and baseline forms).
    type Block = { md: string; base: string };
    const blocks: Block[] = [];
    const same = (md: string): Block => ({ md, base: md });
    const linkTo = (kind: 'md' | 'url'): Block => {
      const o = others();
      const text = `${pr.pick(ADJECTIVES)} ${o.title.toLowerCase()}`;
      const site = `${siteUrl}/posts/${o.slug}/`;
      return kind === 'md' ? { md: `[${text}](${relativeLink(sk, o)})`, base: `[${text}](/posts/${o.slug}/)` } : same(`[${text}](${site})`);
    };
    const withLink = (words: number, link: Block): Block => {
      const p = paragraph(pr, words);
      const cut = p.indexOf('. ') + 1 || p.length;
      return { md: `${p.slice(0, cut)} See ${link.md} for more. ${p.slice(cut).trim()}`.trim(), base: `${p.slice(0, cut)} See ${link.base} for more. ${p.slice(cut).trim()}`.trim() };
    };
    let words = 0;
    const push = (b: Block) => {
      blocks.push(b);
      words += countWords(b.md);
    };

    const description = paragraph(pr, pr.int(14, 24));
    push(withLink(pr.int(50, 80), linkTo('md')));
    if (sk.image) blocks.push({ md: `![${cap(pr.pick(ADJECTIVES))} ${pr.pick(NOUNS)} chart](./cover.png)`, base: '' });
    const codeAt = pr.int(1, 3);
    const tableAt = pr.chance(0.35) ? pr.int(1, 4) : -1;
    const features: Block[] = [
      same(Array.from({ length: pr.int(3, 6) }, () => `- ${paragraph(pr, pr.int(5, 12))}`).join('\n')),
      same(Array.from({ length: pr.int(3, 5) }, (_, n) => `${n + 1}. ${paragraph(pr, pr.int(5, 12))}`).join('\n')),
      withLink(pr.int(30, 60), linkTo('url')),
      withLink(pr.int(30, 60), same(`[${pr.pick(NOUNS)} reference](${pr.pick(EXTERNAL)})`)),
      withLink(pr.int(30, 60), linkTo('md')),
      withLink(pr.int(30, 60), same(`[${pr.pick(NOUNS)} notes](${pr.pick(EXTERNAL)})`)),
    ];
    for (let section = 0; words < target || section < 4; section++) {
      push(same(`## ${cap(pr.pick(ADJECTIVES))} ${pr.pick(NOUNS)}s ${pr.pick(['in practice', 'at scale', 'by default', 'on a budget', 'under load', 'step by step'])}`));
      push(same(paragraph(pr, Math.min(pr.int(60, 110), Math.max(20, target - words)))));
      if (section === codeAt) {
        const lang = pr.pick(CODE_LANGUAGES);
        push(same(`\`\`\`${lang}\n${CODE[lang](pr)}\n\`\`\``));
      }
      if (section === tableAt) push(same(table(pr)));
      if (features.length && words < target - 40) push(features.shift()!);
      if (pr.chance(0.3) && words < target - 40) {
        push(same(`### ${cap(pr.pick(NOUNS))} ${pr.pick(NOUNS)}s`));
        push(same(paragraph(pr, Math.min(pr.int(40, 80), Math.max(20, target - words)))));
      }
      if (section > 40) break;
    }
    const body = `${blocks.map((b) => b.md).filter(Boolean).join('\n\n')}\n`;
    const baselineBody = `${blocks.map((b) => b.base).filter(Boolean).join('\n\n')}\n`;
    return {
      index: i,
      slug: sk.slug,
      file: sk.file,
      title: sk.title,
      date: date.toISOString().replace('.000Z', 'Z'),
      updated: updated?.toISOString().replace('.000Z', 'Z'),
      description,
      tags,
      image: sk.image ? { file: 'cover.png', ...COVER_SIZE, seed: (seed * 31 + i) >>> 0 } : undefined,
      body,
      baselineBody,
      words: countWords(body),
    };
  });
}

const yamlString = (s: string) => JSON.stringify(s);

function frontMatter(post: SynthPost, withImage: boolean): string {
  const lines = [
    '---',
    `title: ${yamlString(post.title)}`,
    `date: ${post.date}`,
    ...(post.updated ? [`updated: ${post.updated}`] : []),
    `description: ${yamlString(post.description)}`,
    `tags: [${post.tags.join(', ')}]`,
    ...(withImage && post.image ? [`image: ./${post.image.file}`] : []),
    '---',
  ];
  return `${lines.join('\n')}\n\n`;
}

/** The post's Masthead file (`posts/...md`). */
export function renderPost(post: SynthPost): string {
  return frontMatter(post, true) + post.body;
}

/** The post's baseline file (`_posts/<slug>.md`): same front matter fields next-plain reads, no image. */
export function renderBaselinePost(post: SynthPost): string {
  return frontMatter(post, false) + post.baselineBody;
}

/** The synthetic site's `site.yaml`. */
export function renderSiteYaml(siteUrl = SYNTH_SITE_URL): string {
  return [`title: Bench Blog`, `description: Synthetic posts for build benchmarks`, `url: ${siteUrl}`, `author: Bench Author`, `permalink: /posts/:slug/`, `pageSize: 10`, `brokenLinks: error`, ''].join('\n');
}

/** A deterministic PNG the size of a blog's cover image: a two-colour gradient with a band, colours from `seed`. */
export async function renderCoverPng(seed: number, { width, height } = COVER_SIZE): Promise<Buffer> {
  const r = rng(seed);
  const a = [r.int(0, 255), r.int(0, 255), r.int(0, 255)];
  const b = [r.int(0, 255), r.int(0, 255), r.int(0, 255)];
  const band = r.int(0, height - 20);
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const t = x / (width - 1);
      const o = (y * width + x) * 3;
      const inBand = y >= band && y < band + 16;
      for (let c = 0; c < 3; c++) pixels[o + c] = inBand ? 255 - a[c] : Math.round(a[c] * (1 - t) + b[c] * t);
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png({ compressionLevel: 9 }).toBuffer();
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * Writes the corpus: `contentDir` gets site.yaml and posts/ (with cover images), `baselinePostsDir`
 * gets `_posts/<slug>.md`. Each folder is emptied first.
 */
export async function writeCorpus(
  posts: SynthPost[],
  { contentDir, baselinePostsDir, siteUrl = SYNTH_SITE_URL }: { contentDir?: string; baselinePostsDir?: string; siteUrl?: string },
): Promise<void> {
  if (contentDir) {
    await rm(contentDir, { recursive: true, force: true });
    await mkdir(path.join(contentDir, 'posts'), { recursive: true });
    await writeFile(path.join(contentDir, 'site.yaml'), renderSiteYaml(siteUrl));
    await inBatches(posts, 64, async (post) => {
      const file = path.join(contentDir, post.file);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, renderPost(post));
      if (post.image) await writeFile(path.join(path.dirname(file), post.image.file), await renderCoverPng(post.image.seed));
    });
  }
  if (baselinePostsDir) {
    await rm(baselinePostsDir, { recursive: true, force: true });
    await mkdir(baselinePostsDir, { recursive: true });
    await inBatches(posts, 64, (post) => writeFile(path.join(baselinePostsDir, `${post.slug}.md`), renderBaselinePost(post)));
  }
}

if (process.argv[1]?.endsWith('scripts/synth-corpus.ts')) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const count = Number(arg('posts') ?? 100);
  const out = path.resolve(arg('out') ?? '.masthead/corpus');
  const posts = generateCorpus({ posts: count, seed: Number(arg('seed') ?? 1) });
  writeCorpus(posts, { contentDir: path.join(out, 'content'), baselinePostsDir: path.join(out, '_posts') }).then(
    () => console.log(`synth-corpus: ${posts.length} posts in ${out}/content and ${out}/_posts`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
