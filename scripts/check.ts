/**
 * `npm run check [out]`: verifies a built site the way a host, a browser, a crawler and a feed reader would
 * see it. Reads every file of out/ once, runs the checks of scripts/check/, prints one line per problem and a
 * summary. The build runs it last; any error fails the build.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { cachedJson, cacheKey } from '../lib/cache';
import { loadContent, type Content } from '../lib/content';
import { mapLimit } from '../lib/map-limit';
import { ContentError } from '../lib/problems';
import { loadSite, runtimeOptions } from '../lib/site';
import { wellKnownNames, wellKnownPath } from '../lib/well-known';
import { settingsFor } from './build-record';
import { checkExpectedFiles } from './check/expected';
import { feedFindings } from './check/feeds';
import { isTextFile, readFileFacts, type FactsContext, type FileFacts } from './check/file-facts';
import { checkHead, checkOgImages } from './check/head';
import type { LinkRef } from './check/html';
import { authoredMatches, leakRules, type Unpublished } from './check/leaks';
import { CHECK_CODE, checkLinks } from './check/links';
import { formatReport, type CheckReport, type Finding } from './check/report';
import { createResolver, listSiteFiles, sitePathOf } from './check/site-files';
import { checkSearch } from './check/search';
import { checkSitemap } from './check/sitemap';
import { checkFileTypes } from './check/types';

export type { CheckReport, Finding } from './check/report';

/** Files this large (bytes) are read one at a time. */
const BIG_FILE = 4 << 20;

export interface CheckOptions {
  /** The content the site was built from (the build passes it); else the content folder is read (not compiled). */
  content?: Content;
  /** The content folder and the site's URL, when no content is given (default: CONTENT_DIR or content/, SITE_URL or site.yaml's). */
  contentDir?: string;
  siteUrl?: string;
  /** What the report calls the folder (default: its path). */
  name?: string;
  log?: (line: string) => void;
}

/** Drafts and future posts of the content: what a production build must leave out. */
function unpublishedOf(content: Content): Unpublished[] {
  const publishedSlugs = new Set([...content.byPath.values()].map((e) => e.slug));
  return content.unpublished.map((entry) => ({ ...entry, pathOnly: publishedSlugs.has(entry.slug) }));
}

/**
 * authoredMatches of everything the author wrote (Markdown and site.yaml), so their own `127.0.0.1` or
 * `/home/...` is not called a leak. File by file: no match spans a line break, so this is what the joined text
 * gives, without holding 10,000 posts in one string.
 */
async function readAuthored(contentDir: string): Promise<string[][]> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true }).catch(() => []);
  const found = authoredMatches('').map(() => new Set<string>());
  await mapLimit(
    entries.filter((e) => e.isFile() && /\.(md|ya?ml)$/.test(e.name)),
    64,
    async (e) => authoredMatches(await readFile(path.join(e.parentPath, e.name), 'utf8')).forEach((matches, rule) => matches.forEach((m) => found[rule].add(m))),
  );
  return found.map((matches) => [...matches].sort());
}

/** Runs every check on `outDir` and returns the report; never throws for what it finds. */
export async function inspectSite(outDir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  const root = path.resolve(outDir);
  const contentDir = options.content?.contentDir ?? options.contentDir ?? runtimeOptions().contentDir;
  const site = options.content?.site ?? loadSite(contentDir, options.siteUrl ?? runtimeOptions().siteUrl);
  const findings: Finding[] = [];

  let unpublished: Unpublished[] = [];
  // The author's static files are published as they are: links to them are checked, their own content is not.
  let staticFiles = new Set<string>();
  try {
    const content = options.content ?? (await loadContent(contentDir, { ...runtimeOptions(), site, compile: false }));
    unpublished = unpublishedOf(content);
    staticFiles = new Set(content.staticFiles.map((file) => file.path.slice(1)));
  } catch (error) {
    const message = error instanceof ContentError ? error.message : String(error);
    findings.push({ severity: 'error', check: 'leaks', page: '/', message: `could not list drafts and future posts: ${message}` });
  }
  const rules = leakRules({ projectDirs: [process.cwd(), path.dirname(contentDir)], unpublished, allowed: await readAuthored(contentDir) });
  const context: FactsContext = { rules, siteUrl: site.url, itemHtml: new Map() };
  // What a file's facts depend on besides its path and bytes: the leak rules and the site's URL.
  const contextKey = [site.url, rules.map((r) => [r.pattern.source, r.pattern.flags, [...(r.allowed ?? [])].sort(), r.describe('…')])];

  const fileList = await listSiteFiles(root);
  const files = new Set(fileList);
  const resolve = createResolver(site, files);
  const links = (page: string, refs: LinkRef[]) => findings.push(...checkLinks(page, refs, resolve, site.brokenLinks));
  const htmlPages: { page: string; file: string; noindex: boolean }[] = [];
  const ogImages: { page: string; url: string }[] = [];
  const xmlDocs = new Map<string, unknown>();

  // Each file's facts are used and dropped. A text file's facts come from the cache when the same bytes were
  // read before: a rebuild reads what changed.
  const read = async (file: string) => {
    let facts: FileFacts;
    if (isTextFile(file)) {
      const bytes = await readFile(path.join(root, file));
      const key = cacheKey(CHECK_CODE, 'file facts', contextKey, file, createHash('sha256').update(bytes).digest('hex'));
      facts = await cachedJson(key, () => readFileFacts(file, bytes.toString('utf8'), context));
    } else facts = await readFileFacts(file, '', context);
    const page = sitePathOf(file);
    findings.push(...facts.leaks, ...facts.findings);
    links(page, facts.links);
    if (facts.html) {
      links(page, facts.html.links);
      htmlPages.push({ page, file, noindex: facts.html.noindex });
      findings.push(...checkHead(page, facts.html, { is404: file === '404.html' }));
      const image = facts.html.meta['og:image']?.find(Boolean);
      if (image) ogImages.push({ page, url: image });
    }
    if (facts.xml) xmlDocs.set(page, facts.xml);
    if (facts.feed) findings.push(...feedFindings(page, facts.feed, resolve, site.brokenLinks));
  };
  // A few files in flight, so reading overlaps parsing; big ones one at a time: the site feeds of 10,000 posts
  // are 130 MB each, and their XML trees several times that.
  const generated = fileList.filter((file) => !staticFiles.has(file));
  const sizes = await mapLimit(generated, 64, async (file) => (await stat(path.join(root, file))).size);
  await mapLimit(generated.filter((_, i) => sizes[i] < BIG_FILE), 8, read);
  await mapLimit(generated.filter((_, i) => sizes[i] >= BIG_FILE), 1, read);

  findings.push(
    ...checkSitemap({ docs: xmlDocs, pages: htmlPages, resolve, siteUrl: site.url }),
    ...(await checkOgImages(ogImages, resolve, root)),
    ...(await checkExpectedFiles(files, root, wellKnownNames(site).map(wellKnownPath))),
    ...checkFileTypes(fileList, staticFiles),
    ...(await checkSearch(files, root, site.search)),
  );
  const shown = options.name ?? (path.relative(process.cwd(), root) || '.');
  return formatReport(findings, { outDir: shown.startsWith('..') ? root : shown, files: fileList.length, pages: htmlPages.length, ms: performance.now() - started });
}

/** A failed check; the message is the whole report. */
export class CheckError extends Error {
  readonly report: CheckReport;
  constructor(report: CheckReport) {
    super(report.text);
    this.name = 'CheckError';
    this.report = report;
    // The report is the useful part; a stack trace under it only hides the summary.
    this.stack = `${this.name}: ${report.text}`;
  }
}

/** Checks a built site: logs the report when it passes (warnings included), throws a CheckError holding it when it does not. */
export async function checkSite(outDir: string, options: CheckOptions = {}): Promise<CheckReport> {
  const report = await inspectSite(outDir, options);
  if (!report.ok) throw new CheckError(report);
  options.log?.(report.text);
  return report;
}

if (process.argv[1]?.endsWith('scripts/check.ts')) {
  const outDir = process.argv[2] ?? 'out';
  // Checked as what it was built for: its base path, its drafts.
  checkSite(outDir, { log: console.log, ...settingsFor(outDir) }).catch((error) => {
    console.error(error instanceof CheckError || error instanceof ContentError ? error.message : error);
    process.exit(1);
  });
}
