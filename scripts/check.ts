/**
 * `npm run check [out]`: verifies a built site the way a host, a browser, a crawler and a feed reader
 * would see it. Reads every file of out/ once, runs the checks of scripts/check/, prints one line per
 * problem and a summary. The build runs it last; any error fails the build.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import robotsParser from 'robots-parser';
import { loadContent, type Content } from '../lib/content';
import { skipCompile } from '../lib/content/compile';
import { ContentError } from '../lib/problems';
import { loadSite, runtimeOptions, type SiteConfig } from '../lib/site';
import { extensionOf } from './content-types';
import { checkExpectedFiles } from './check/expected';
import { checkJsonFeed, checkXmlFeed, isJsonFeed } from './check/feeds';
import { checkHead, checkOgImages } from './check/head';
import { jsonUrls, type LinkRef } from './check/html';
import { parseHtmlPages } from './check/html-pool';
import { findLeaks, leakRules, type Unpublished } from './check/leaks';
import { checkLinks, markdownFileLinks, markdownTreeLinks, parseMarkdown, xmlUrls } from './check/links';
import { checkLlmsTxt } from './check/llms';
import { formatReport, type CheckReport, type Finding } from './check/report';
import { createResolver, listSiteFiles, sitePathOf } from './check/site-files';
import { checkSitemap } from './check/sitemap';
import { checkFileTypes } from './check/types';

export type { CheckReport, Finding } from './check/report';

export interface CheckOptions {
  /** CONTENT_DIR, SITE_URL, MASTHEAD_NOW ... as for the build; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}

const HTML_EXTENSIONS = new Set(['.html', '.htm']);
/** Other files read as text: scanned for leaks, parsed when the checks know the format. */
const TEXT_EXTENSIONS = new Set(['.xml', '.json', '.webmanifest', '.map', '.txt', '.md', '.css', '.js', '.mjs', '.svg', '.csv']);

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, trimValues: true });

/** Drafts and future posts of the content folder: what a production build must leave out. */
export async function findUnpublished(env: NodeJS.ProcessEnv): Promise<Unpublished[]> {
  const options = runtimeOptions(env);
  const load = (all: boolean): Promise<Content> =>
    loadContent(options.contentDir, {
      siteUrl: options.siteUrl,
      now: options.now,
      includeDrafts: all || options.includeDrafts,
      includeFuture: all || options.includeFuture,
      compile: skipCompile,
    });
  const [everything, published] = await Promise.all([load(true), load(false)]);
  const publishedSlugs = new Set([...published.byPath.values()].map((e) => e.slug));
  return [...everything.byPath.values()]
    .filter((entry) => !published.byPath.has(entry.path))
    .map((entry) => ({ slug: entry.slug, path: entry.path, why: entry.draft ? ('draft' as const) : ('future' as const), pathOnly: publishedSlugs.has(entry.slug) }))
    .sort((a, b) => (a.path < b.path ? -1 : 1));
}

async function eachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Everything the author wrote (Markdown and site.yaml), so their own `127.0.0.1` or `/home/...` is not called a leak. */
async function readAuthored(contentDir: string): Promise<string> {
  const entries = await readdir(contentDir, { recursive: true, withFileTypes: true }).catch(() => []);
  const texts = await Promise.all(
    entries.filter((e) => e.isFile() && /\.(md|ya?ml)$/.test(e.name)).map((e) => readFile(path.join(e.parentPath, e.name), 'utf8')),
  );
  return texts.join('\n');
}

/** Runs every check on `outDir` and returns the report; never throws for what it finds. */
export async function inspectSite(outDir: string, { env = process.env }: CheckOptions = {}): Promise<CheckReport> {
  const started = performance.now();
  const root = path.resolve(outDir);
  const options = runtimeOptions(env);
  const site: SiteConfig = loadSite(options.contentDir, options.siteUrl);
  const findings: Finding[] = [];

  let unpublished: Unpublished[] = [];
  try {
    unpublished = await findUnpublished(env);
  } catch (error) {
    const message = error instanceof ContentError ? error.message : String(error);
    findings.push({ severity: 'error', check: 'leaks', page: '/', message: `could not list drafts and future posts: ${message}` });
  }
  const rules = leakRules({ projectDirs: [process.cwd(), path.dirname(options.contentDir)], unpublished, authored: await readAuthored(options.contentDir) });

  const fileList = await listSiteFiles(root);
  const files = new Set(fileList);
  const resolve = createResolver(site, files);
  const links = (page: string, refs: LinkRef[]) => findings.push(...checkLinks(page, refs, resolve, site.brokenLinks));
  const htmlPages: { page: string; file: string; noindex: boolean }[] = [];
  const ogImages: { page: string; url: string }[] = [];
  const xmlDocs = new Map<string, unknown>();

  const htmlFiles = fileList.filter((file) => HTML_EXTENSIONS.has(extensionOf(file)));
  await parseHtmlPages(root, htmlFiles, ({ file, text, facts }) => {
    const page = sitePathOf(file);
    findings.push(...findLeaks(page, text, rules));
    htmlPages.push({ page, file, noindex: facts.noindex });
    links(page, facts.links);
    findings.push(...checkHead(page, facts, { is404: file === '404.html' }));
    const image = facts.meta.get('og:image')?.find(Boolean);
    if (image) ogImages.push({ page, url: image });
  });

  await eachLimited(fileList, 32, async (file) => {
    const page = sitePathOf(file);
    const ext = extensionOf(file);
    if (HTML_EXTENSIONS.has(ext)) return;
    if (!TEXT_EXTENSIONS.has(ext)) {
      findings.push(...findLeaks(page, '', rules));
      return;
    }
    const text = await readFile(path.join(root, file), 'utf8');
    findings.push(...findLeaks(page, text, rules));
    const fail = (check: Finding['check'], message: string): void => void findings.push({ severity: 'error', check, page, message });

    if (ext === '.xml') {
      const valid = XMLValidator.validate(text);
      if (valid !== true) return fail('types', `is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
      const doc = xmlParser.parse(text) as Record<string, unknown>;
      xmlDocs.set(page, doc);
      // The sitemap check resolves sitemap URLs itself, with sitemap-specific messages.
      if (doc.urlset === undefined && doc.sitemapindex === undefined) links(page, xmlUrls(doc));
      if (doc.rss !== undefined || doc.feed !== undefined) findings.push(...checkXmlFeed(page, text, doc, resolve, site.brokenLinks));
    } else if (ext === '.json' || ext === '.webmanifest' || ext === '.map') {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        return fail('types', `is not valid JSON: ${(error as Error).message}`);
      }
      links(page, jsonUrls(data).map((url) => ({ url, where: 'JSON', authored: false })));
      if (isJsonFeed(data)) findings.push(...checkJsonFeed(page, data, resolve, site.brokenLinks));
      if (ext === '.webmanifest') {
        const manifest = data as { icons?: { src?: unknown }[]; start_url?: unknown; scope?: unknown };
        const refs = [manifest.start_url, manifest.scope, ...(Array.isArray(manifest.icons) ? manifest.icons.map((i) => i?.src) : [])];
        links(page, refs.filter((u): u is string => typeof u === 'string').map((url) => ({ url, where: 'manifest', authored: false })));
      }
    } else if (file === 'llms-full.txt') {
      // The copies joined by `---`: parsed a section at a time, since Markdown parsing grows faster than the
      // text on one multi-megabyte document (8 s for 1 MB, 75 s for 4 MB).
      links(page, text.split(/\n\n---\n\n/).flatMap((section) => markdownTreeLinks(parseMarkdown(section), true)));
    } else if (ext === '.md') {
      const markdown = markdownFileLinks(text);
      if (markdown.error) fail('links', markdown.error);
      links(page, markdown.links);
    } else if (file === 'llms.txt') {
      const llms = checkLlmsTxt(page, text);
      findings.push(...llms.findings);
      links(page, llms.links);
    } else if (file === 'robots.txt') {
      const robots = robotsParser(`${site.url}/robots.txt`, text);
      links(page, robots.getSitemaps().map((url: string) => ({ url, where: 'Sitemap:', authored: false })));
    }
  });

  findings.push(
    ...checkSitemap({ docs: xmlDocs, pages: htmlPages, resolve, siteUrl: site.url }),
    ...(await checkOgImages(ogImages, resolve, root)),
    ...(await checkExpectedFiles(files, root)),
    ...checkFileTypes(fileList),
  );
  const shown = path.relative(process.cwd(), root) || '.';
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

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/check.ts')) {
  checkSite(process.argv[2] ?? 'out', { log: console.log }).catch((error) => {
    console.error(error instanceof CheckError || error instanceof ContentError ? error.message : error);
    process.exit(1);
  });
}
