import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { readingMinutes, truncateAtWord } from '../format';
import { isResponsive } from '../images';
import { mapLimit } from '../map-limit';
import { integrityOf } from '../stylesheets';
import { ARCHIVE_PATH, DEV_RELOAD_PATH, KATEX_DIR, PLACEHOLDER, SEARCH_INDEX_DIR, SEARCH_PATH, SITE_FILES, STATIC_DIR, SYSTEM_FILES } from '../outputs';
import { ContentError, describeValue, formatProblem, lineOfPath, type Problem } from '../problems';
import { nextSite } from '../next-site.mjs';
import { loadSite, parseSite, type SiteConfig } from '../site';
import { wellKnownNames } from '../well-known';
import { compileBody, imageSize, type Bodies, type Compiled } from './compile';
import { missingField, readSource } from './front-matter';
import { resolveMenu } from './menu';
import { collectRedirects } from './redirects';
import { markedSummary } from './summary';
import { convertTemplates } from './templates';
import { createResolver, lookups, type LinkIndex } from './links';
import { fileSlug, frontMatterSchema, parseDate, slugify, unsafeSlugReason, type FrontMatter } from './schema';
import type { Asset, Author, Content, Entry, Page, Post, Tag, TagRef, UnpublishedEntry } from './types';

export interface LoadOptions {
  includeDrafts?: boolean;
  includeFuture?: boolean;
  /** Posts dated after this instant are "future". */
  now?: Date;
  /** SITE_URL: replaces site.yaml's `url`. */
  siteUrl?: string;
  /** The site, when the caller has read it already (see getSite); else site.yaml is read. */
  site?: SiteConfig;
  /** False: front matter only, bodies left empty (for callers that need paths and dates, not HTML). */
  compile?: boolean;
  /** Leave out the files with problems and list them in `problems`, rather than throw (`npm run dev`). */
  lenient?: boolean;
}

/** The first path segments Masthead's own pages and files take; no post or page may start with one. */
const RESERVED_SEGMENTS = new Set(['tags', 'page', '_next', 'og', 'og.png', PLACEHOLDER, ...[DEV_RELOAD_PATH, SEARCH_PATH, SEARCH_INDEX_DIR, KATEX_DIR].map((p) => p.split('/')[1])]);

/**
 * The entry, its texts read when asked for (lib/content/compile.ts). The getters are made here, not in
 * loadContent: a closure there would keep its whole scope alive, every file's text included (76 MB at 10,000
 * posts), for as long as the content is held.
 */
function withTexts(entry: object, bodies: Compiled['bodies']): Entry {
  for (const field of ['html', 'feedHtml', 'css', 'markdown'] as const) Object.defineProperty(entry, field, { get: () => bodies()[field], enumerable: true });
  textsOf.set(entry, bodies);
  return entry as Entry;
}

const textsOf = new WeakMap<object, Compiled['bodies']>();

/** An entry's texts in one read of the cache, for a caller that needs more than one (each getter reads on its own). */
export function entryTexts(entry: Entry): Bodies {
  return textsOf.get(entry)?.() ?? { html: entry.html, feedHtml: entry.feedHtml, css: entry.css, markdown: entry.markdown };
}

/** A body left uncompiled (`compile: false`). */
function notCompiled(markdown: string): Compiled {
  return { facts: { wordCount: 0, headings: [], firstParagraph: '', copySpans: [], links: [], pictures: [], math: false, issues: [] }, bodies: () => ({ html: '', feedHtml: '', css: '', markdown }) };
}
const PERMALINK_TOKENS = new Set([':year', ':month', ':day', ':slug', ':title', ':section']);
const JEKYLL_NAME = /^(\d{4}-\d{2}-\d{2})-(.+)$/;
/** Posts and pages: `.md`, or `.markdown` as Jekyll names them. */
const MARKDOWN_FILE = /\.(md|markdown)$/;

interface Parsed {
  kind: 'post' | 'page';
  file: string;
  text: string;
  body: string;
  /** Line in the file where the body starts (0-based count of lines before it). */
  bodyLine: number;
  fm: FrontMatter;
  data: Record<string, unknown>;
  slug: string;
  date?: Date;
  section: string;
  path: string;
  bundleDir?: string;
}

/** The files below `dir` as sorted POSIX paths; dot-files are left out unless `dotFiles` (static/ keeps them). */
async function listFiles(dir: string, dotFiles = false): Promise<string[]> {
  try {
    const names = await readdir(dir, { recursive: true, withFileTypes: true });
    return names
      .filter((d) => d.isFile() && !SYSTEM_FILES.has(d.name) && (dotFiles || !d.name.startsWith('.')))
      .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join('/'))
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Expands a permalink pattern such as `/posts/:year/:slug/` for one post. */
export function expandPermalink(pattern: string, post: { slug: string; date: Date; section: string }): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const values: Record<string, string> = {
    ':year': String(post.date.getUTCFullYear()),
    ':month': pad(post.date.getUTCMonth() + 1),
    ':day': pad(post.date.getUTCDate()),
    ':slug': post.slug,
    // Jekyll's name for the slug.
    ':title': post.slug,
    ':section': post.section,
  };
  const expanded = pattern.replace(/:[a-z]+/g, (token) => values[token] ?? token);
  return `/${expanded.split('/').filter(Boolean).join('/')}/`.replace(/^\/\/$/, '/');
}

function fieldProblem(file: string, text: string, field: string, message: string): Problem {
  return { file, line: lineOfPath(text, [field.split('.')[0]]), field, message };
}

/**
 * YAML reads an unquoted `2025-02-30` as 2 March without complaint; finds the date fields whose day,
 * as written, does not exist, so they are rejected like the same date in quotes.
 */
function rolledOverDates(frontMatter: string, data: Record<string, unknown>): [string, string][] {
  const found: [string, string][] = [];
  for (const field of ['date', 'updated']) {
    if (!(data[field] instanceof Date)) continue;
    const written = new RegExp(`^${field}\\s*:\\s*(\\d{4})-(\\d{1,2})-(\\d{1,2})`, 'm').exec(frontMatter);
    if (written && !parseDate(`${written[1]}-${written[2].padStart(2, '0')}-${written[3].padStart(2, '0')}`)) {
      found.push([field, written[0].slice(written[0].search(/\d/))]);
    }
  }
  return found;
}

function authorsOf(fm: FrontMatter, site: SiteConfig): Author[] {
  const list = fm.authors ?? (fm.author ? [fm.author] : []);
  return list.length ? list : [site.author];
}

/** The last site.yaml a lenient load read whole, by content folder, kept on `globalThis`: Next bundles this module more than once. */
const lastGood = globalThis as { [key: symbol]: Map<string, SiteConfig> | undefined };
const LAST_GOOD = Symbol.for('masthead.last-good-site');

/**
 * The site of site.yaml. In a lenient load (`npm run dev`) a site.yaml with problems gives a stand-in and its
 * problems, listed on every page: the site stays up, with its reload script, while the author fixes it. The
 * stand-in is the site as it last read whole (its base path is the one Next was started with, unless url was
 * edited since), else defaults under the base path Next read at its start (lib/next-site.mjs reads the file as
 * written, and finds none in YAML that does not parse).
 */
function readSite(contentDir: string, options: LoadOptions): { site: SiteConfig; problems: Problem[] } {
  try {
    const site = options.site ?? loadSite(contentDir, options.siteUrl);
    if (/:(slug|title)\b/.test(site.permalink) && (site.permalink.match(/:[a-z]+/g) ?? []).every((t) => PERMALINK_TOKENS.has(t))) {
      if (options.lenient) (lastGood[LAST_GOOD] ??= new Map()).set(contentDir, site);
      return { site, problems: [] };
    }
    const problem = {
      file: path.relative(process.cwd(), path.join(contentDir, 'site.yaml')),
      field: 'permalink',
      message: `expected a pattern with :slug (or Jekyll's :title) and only :year, :month, :day, :section, got ${describeValue(site.permalink)}`,
    };
    throw new ContentError([problem]);
  } catch (error) {
    if (!options.lenient || !(error instanceof ContentError)) throw error;
    const { basePath } = nextSite({ CONTENT_DIR: contentDir, SITE_URL: options.siteUrl });
    const site = lastGood[LAST_GOOD]?.get(contentDir) ?? parseSite({ title: 'Untitled', url: `http://localhost${basePath}`, author: 'Unknown' });
    return { site, problems: error.problems };
  }
}

/** Reads, parses, validates and derives every post and page; throws one ContentError listing every problem. */
export async function loadContent(contentDir: string, options: LoadOptions = {}): Promise<Content> {
  const { site, problems } = readSite(contentDir, options);
  const shown = (file: string) => path.relative(process.cwd(), path.join(contentDir, file)) || file;
  const warnings: string[] = [];

  warnings.push(...site.warnings.map(formatProblem));
  if (site.basePath && wellKnownNames(site).length) {
    // Clients ask the origin's /.well-known/, never a path's.
    warnings.push(`${shown('site.yaml')}: security and identity files are published at ${site.basePath}/.well-known/, but clients read them only at the domain's root: publish them from a site at ${site.origin}/`);
  }

  const [postFiles, pageFiles, staticNames] = await Promise.all([
    listFiles(path.join(contentDir, 'posts')),
    listFiles(path.join(contentDir, 'pages')),
    listFiles(path.join(contentDir, STATIC_DIR), true),
  ]);
  const staticFiles = staticNames.map((name): Asset => ({ source: path.join(contentDir, STATIC_DIR, name), path: `/${name}` }));
  const sources = [
    ...postFiles.filter((f) => MARKDOWN_FILE.test(f)).map((f) => ({ kind: 'post' as const, file: `posts/${f}` })),
    ...pageFiles.filter((f) => MARKDOWN_FILE.test(f)).map((f) => ({ kind: 'page' as const, file: `pages/${f}` })),
  ];
  const assetFiles = [
    ...postFiles.filter((f) => !MARKDOWN_FILE.test(f)).map((f) => `posts/${f}`),
    ...pageFiles.filter((f) => !MARKDOWN_FILE.test(f)).map((f) => `pages/${f}`),
  ];

  // Jekyll's post_url names a post by its file name without extension (`2010-07-21-name`).
  const postByName = new Map(sources.filter((s) => s.kind === 'post').map((s) => [path.posix.basename(s.file).replace(MARKDOWN_FILE, ''), s.file]));
  const sourceFiles = new Set(sources.map((s) => s.file));
  const contentFiles = { post: (name: string) => postByName.get(path.posix.basename(name.replace(/^\/+/, ''))), has: (file: string) => sourceFiles.has(file) };

  // 1. Parse and validate front matter, derive slugs, dates and paths.
  const parsed: Parsed[] = [];
  // By file, so they are reported in file order whatever order the files are read in.
  const templateWarnings: string[][] = [];
  await mapLimit(sources, 64, async ({ kind, file }, i) => {
      const source = readSource(await readFile(path.join(contentDir, file)));
      if ('message' in source) {
        problems.push({ file: shown(file), line: source.line, message: source.message });
        return;
      }
      const { text, data } = source;
      const rolledOver = rolledOverDates(source.yaml, data).map(([field, written]) =>
        fieldProblem(shown(file), text, field, `expected a date like 2025-01-31 or 2025-01-31T09:30:00+01:00, got ${describeValue(written)}`),
      );
      const result = frontMatterSchema.safeParse(data);
      if (!result.success || rolledOver.length) {
        problems.push(...rolledOver);
        for (const issue of result.error?.issues ?? []) {
          const field = issue.path.join('.');
          const got = data[String(issue.path[0])];
          if (got !== undefined) problems.push(fieldProblem(shown(file), text, field, `${issue.message}, got ${describeValue(got)}`));
          else {
            // Read in the front matter alone: a body line may start with the same word and a colon.
            const frontMatter = text.split('\n').slice(0, source.bodyLine).join('\n');
            const key = field.split('.')[0];
            problems.push({ file: shown(file), field, ...missingField(frontMatter, lineOfPath(text, [key]), key) });
          }
        }
        return;
      }
      const fm = result.data;
      // Jekyll's and Hugo's names for the same things: `published: false` is a draft, `publishDate` the
      // publication date, `lastmod` the date of the last change.
      if (fm.published === false) fm.draft = true;
      fm.date = fm.publishDate ?? fm.date;
      fm.updated ??= fm.lastmod;
      const isBundle = /^index\.(md|markdown)$/.test(path.posix.basename(file));
      const within = file.slice(kind === 'post' ? 'posts/'.length : 'pages/'.length);
      const stem = isBundle ? path.posix.basename(path.posix.dirname(file)) : path.posix.basename(file).replace(MARKDOWN_FILE, '');
      const jekyll = JEKYLL_NAME.exec(stem);
      const fileDate = jekyll ? parseDate(jekyll[1]) : undefined;
      const date = fm.date ?? fileDate;
      let slug = fm.slug !== undefined ? String(fm.slug).trim() : fileSlug(jekyll ? jekyll[2] : stem);
      const slugProblem = unsafeSlugReason(slug);
      if (slugProblem) {
        problems.push(fieldProblem(shown(file), text, 'slug', `${slugProblem}, got ${describeValue(fm.slug ?? stem)}`));
        return;
      }
      if (kind === 'post' && !date) {
        problems.push(fieldProblem(shown(file), text, 'date', 'required, missing (or name the file YYYY-MM-DD-slug.md)'));
        return;
      }
      if (fm.updated && date && fm.updated < date) {
        problems.push(fieldProblem(shown(file), text, 'updated', `must not be before date (${date.toISOString()}), got ${fm.updated.toISOString()}`));
      }
      const sectionParts = path.posix.dirname(within).split('/').filter((p) => p !== '.');
      if (isBundle) sectionParts.pop();
      const section = sectionParts.join('/');
      if (kind === 'page' && section) {
        problems.push({ file: shown(file), message: 'pages live directly in pages/ (pages/<slug>.md or pages/<slug>/index.md)' });
        return;
      }
      slug = slug.normalize('NFC');
      // Jekyll's `permalink` and Hugo's `url` set the entry's own URL; `.html` at the end is left off (the page is
      // a folder's index.html, as every page here).
      const ownField = fm.url !== undefined ? 'url' : fm.permalink !== undefined ? 'permalink' : undefined;
      let sitePath = kind === 'post' ? expandPermalink(site.permalink, { slug, date: date!, section }) : `/${slug}/`;
      if (ownField) {
        const written = String(fm[ownField]).trim();
        const own = expandPermalink(written.replace(/(\/index)?\.html?$/, '/'), { slug, date: date ?? new Date(0), section });
        const bad = written.startsWith('/') ? own.split('/').filter(Boolean).map(unsafeSlugReason).find(Boolean) : 'must start with /';
        if (bad) {
          problems.push(fieldProblem(shown(file), text, ownField, `expected a site path like /2013/05/06/moving-day/ (${bad}), got ${describeValue(written)}`));
          return;
        }
        sitePath = own;
      }
      if (RESERVED_SEGMENTS.has(sitePath.split('/')[1]) || sitePath === '/') {
        problems.push(fieldProblem(shown(file), text, 'slug', `${sitePath} is reserved for Masthead's own pages; choose another slug`));
        return;
      }
      // Liquid tags and Hugo shortcodes, converted to what they mean; the others named, and shown as written.
      let body = source.body;
      if (/\{[{%]/.test(body)) {
        const converted = convertTemplates(body, file, contentFiles);
        body = converted.markdown;
        templateWarnings[i] = converted.warnings.map((w) =>
          formatProblem({ file: shown(file), line: source.bodyLine + w.line, message: `${w.tag} is a Jekyll or Hugo template tag with no Markdown equivalent here; it is shown as written` }),
        );
      }
      parsed[i] = { kind, file, text, body, bodyLine: source.bodyLine, fm, data, slug, date, section, path: sitePath, bundleDir: isBundle ? path.posix.dirname(file) : undefined };
    });
  const all = parsed.filter(Boolean);
  warnings.push(...templateWarnings.flat());

  // 2. One URL, one file.
  const owners = new Map<string, Parsed>();
  for (const p of all) {
    const other = owners.get(p.path);
    if (other) problems.push({ file: shown(p.file), message: `${p.path} is also the URL of ${shown(other.file)}; give one of them another slug` });
    else owners.set(p.path, p);
  }

  // 3. Leave out drafts and future posts (in production), expired ones (Hugo's expiryDate, always), and, in a
  // lenient load, the files with a problem.
  const now = options.now ?? new Date();
  const failed = new Set(problems.map((p) => p.file));
  const expired = (p: Parsed) => p.fm.expiryDate !== undefined && p.fm.expiryDate <= now;
  const included = all.filter(
    (p) => (options.includeDrafts || !p.fm.draft) && (options.includeFuture || p.kind === 'page' || p.date! <= now) && !expired(p) && !failed.has(shown(p.file)),
  );

  // 4. The link index: every published path, including list, tag and generated pages.
  const posts = included.filter((p) => p.kind === 'post').sort((a, b) => b.date!.getTime() - a.date!.getTime() || (a.path < b.path ? -1 : 1));
  const tagNames = new Map<string, string>();
  for (const p of [...posts].reverse()) {
    for (const name of p.fm.tags ?? []) {
      const slug = slugify(name);
      if (slug && !tagNames.has(slug)) tagNames.set(slug, name);
    }
  }
  // Masthead's own pages: a link to the archive or the search page is no broken link (and no old URL).
  const paths = ['/', '/tags/', ARCHIVE_PATH, ...(site.search ? [SEARCH_PATH] : []), ...SITE_FILES, ...included.map((p) => p.path)];
  for (let n = 2; n <= Math.ceil(posts.length / site.pageSize); n++) paths.push(`/page/${n}/`);
  for (const slug of tagNames.keys()) paths.push(`/tags/${slug}/`);
  const bundles = all.filter((p) => p.bundleDir).sort((a, b) => b.bundleDir!.length - a.bundleDir!.length);
  const assetByFile: Record<string, string> = {};
  for (const file of assetFiles) {
    const bundle = bundles.find((b) => file.startsWith(`${b.bundleDir}/`));
    assetByFile[file] = bundle ? bundle.path + file.slice(bundle.bundleDir!.length + 1) : `/${file}`;
  }
  const index: LinkIndex = {
    contentDir,
    siteUrl: site.url,
    basePath: site.basePath,
    entryByFile: Object.fromEntries(included.map((p) => [p.file, p.path])),
    paths,
    assetByFile,
    embedHosts: site.embeds,
    untitledEmbeds: site.untitledEmbeds,
    codeThemes: site.theme.code,
  };

  // Old URLs: the entries' aliases and redirect_from, and site.yaml's redirects.
  const assetPaths = new Set(Object.values(assetByFile));
  const known = new Set(paths);
  // The line of a site.yaml setting, read only to point at a mistake (a site given by a test may have no file).
  const lineInSite = (field: (string | number)[]) => {
    try {
      return lineOfPath(readFileSync(path.join(contentDir, 'site.yaml'), 'utf8'), field);
    } catch {
      return undefined;
    }
  };
  const redirectSources = included.flatMap((p) =>
    (['aliases', 'redirect_from'] as const).flatMap((field) => (p.fm[field]?.length ? [{ file: p.file, text: p.text, path: p.path, field, from: p.fm[field]! }] : [])),
  );
  const redirected = collectRedirects(redirectSources, site.redirects, 'site.yaml', (sitePath) => known.has(sitePath) || assetPaths.has(sitePath));
  for (const problem of redirected.problems) {
    const source = redirectSources.find((s) => s.file === problem.file);
    if (source) problems.push(fieldProblem(shown(problem.file), source.text, problem.field!, problem.message));
    else problems.push({ ...problem, file: shown(problem.file), line: lineInSite(['redirects', problem.field!.slice('redirects.'.length)]) });
  }

  // 5. Compile every body (cached), then check links.
  // A lenient load is `npm run dev`'s: it holds the texts (compileBody).
  const compiled = await mapLimit(included, 8, async (p) => (options.compile === false ? notCompiled(p.body) : compileBody({ file: p.file, path: p.path, body: p.body }, index, options.lenient)));
  const assetFileAt = lookups(index).assetPaths;
  const published = new Map<string, Asset>();
  const entries: Entry[] = [];
  for (const [i, p] of included.entries()) {
    const { facts: c, bodies } = compiled[i];
    const links: Record<string, string> = {};
    for (const link of c.links) {
      if (link.resolved.kind === 'broken') {
        const at = p.body.split('\n').findIndex((l) => l.includes(link.url));
        const problem = { file: shown(p.file), line: at === -1 ? undefined : p.bodyLine + at + 1, message: `broken ${link.as} "${link.url}": ${link.resolved.reason}` };
        if (site.brokenLinks === 'warn') warnings.push(formatProblem(problem));
        else problems.push(problem);
        continue;
      }
      const target = link.resolved.kind === 'external' ? link.resolved.url : link.resolved.href;
      links[link.url] = target;
      if (link.resolved.kind === 'internal') {
        const sitePath = link.resolved.href.replace(/[?#].*$/, '');
        const file = assetFileAt.get(sitePath);
        if (file) published.set(sitePath, { source: path.join(contentDir, file), path: sitePath });
      }
    }
    for (const issue of c.issues) {
      const problem = { file: shown(p.file), line: issue.line === undefined ? undefined : p.bodyLine + issue.line, message: issue.message };
      if (issue.severity === 'warning') warnings.push(formatProblem(problem));
      else problems.push(problem);
    }
    for (const picture of c.pictures) {
      const asset = published.get(picture.href);
      if (asset) asset.picture = { width: picture.width };
    }
    let image: Entry['image'];
    if (p.fm.image) {
      const resolved = await createResolver(index, p.file, p.path, imageSize).resolve(p.fm.image, 'image');
      if (resolved.kind === 'broken') problems.push(fieldProblem(shown(p.file), p.text, 'image', `expected an image file beside the post, ${resolved.reason}`));
      else if (resolved.kind === 'external') image = { href: resolved.url };
      else {
        const file = assetFileAt.get(resolved.href);
        image = { href: resolved.href, source: file && path.join(contentDir, file), width: resolved.width, height: resolved.height };
        if (file && !published.has(resolved.href)) published.set(resolved.href, { source: path.join(contentDir, file), path: resolved.href });
        // Lists show the cover as a <picture>: its sizes are encoded like a body image's.
        const asset = published.get(resolved.href);
        if (asset && resolved.width && isResponsive(resolved.href)) asset.picture = { width: resolved.width };
      }
    }
    // An explicit summary (`<!--more-->`, or Jekyll's excerpt_separator) is the author's own: kept whole.
    const description = p.fm.description?.trim() || markedSummary(p.body, p.data.excerpt_separator) || truncateAtWord(c.firstParagraph) || p.fm.title;
    const tags: TagRef[] = [...new Set((p.fm.tags ?? []).map(slugify).filter(Boolean))].map((slug) => ({ slug, name: tagNames.get(slug) ?? slug }));
    const base = {
      file: p.file,
      slug: p.slug,
      path: p.path,
      title: p.fm.title,
      description,
      descriptionDerived: !p.fm.description?.trim(),
      updated: p.fm.updated,
      unpublished: p.fm.draft ? ('draft' as const) : p.date && p.date > now ? ('future' as const) : undefined,
      image,
      authors: authorsOf(p.fm, site),
      canonical: p.fm.canonical,
      links,
      copySpans: c.copySpans,
      wordCount: c.wordCount,
      readingMinutes: readingMinutes(c.wordCount),
      headings: c.headings,
      math: c.math,
      data: p.data,
      tags,
    };
    const entry =
      p.kind === 'post'
        ? { ...base, kind: 'post' as const, date: p.date!, section: p.section, series: [...new Set(p.fm.series ?? [])] }
        : { ...base, kind: 'page' as const, date: p.date, menu: p.fm.menu === false ? undefined : { label: p.fm.linkTitle ?? p.fm.title, weight: p.fm.weight } };
    entries.push(withTexts(entry, bodies));
  }
  const pages = entries.filter((e): e is Page => e.kind === 'page').sort((a, b) => (a.path < b.path ? -1 : 1));
  const siteResolver = createResolver(index, 'site.yaml', '/', imageSize);
  const menu = await resolveMenu(site, entries, pages, { lineOf: lineInSite, file: shown('site.yaml'), resolve: (url) => siteResolver.resolve(url, 'link') });
  problems.push(...menu.problems);
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0)));
  if (problems.length && !options.lenient) throw new ContentError(problems);

  const byPath = new Map(entries.map((e) => [e.path, e]));
  const sortedPosts = posts.map((p) => byPath.get(p.path) as Post);
  const tags: Tag[] = [...tagNames.entries()]
    .map(([slug, name]) => ({ slug, name, posts: sortedPosts.filter((p) => p.tags.some((t) => t.slug === slug)) }))
    .sort((a, b) => (a.slug < b.slug ? -1 : 1));
  const assets = [...published.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const left = new Set(included);
  const unpublished = all
    .filter((p) => !left.has(p) && !failed.has(shown(p.file)))
    .map((p): UnpublishedEntry => ({ slug: p.slug, path: p.path, why: expired(p) ? 'expired' : p.fm.draft ? 'draft' : 'future' }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
  const customCss = await readFile(path.join(contentDir, 'custom.css')).then(
    (bytes) => ({ version: createHash('sha256').update(bytes).digest('hex').slice(0, 12), integrity: integrityOf(bytes) }),
    () => undefined,
  );
  return { site, contentDir, posts: sortedPosts, pages, tags, menu: menu.menu, customCss, byPath, assets, staticFiles, warnings, unpublished, problems, redirects: redirected.redirects.map((r) => ({ ...r, file: shown(r.file) })) };
}
