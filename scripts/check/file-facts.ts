/**
 * What the checks read from one file of out/, from its name and text alone: its leaks, its own problems, its
 * links, its head facts, its feed. The checks that need the whole site (links resolve, sitemap, og:image) run
 * on these facts.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import robotsParser from 'robots-parser';
import { extensionOf } from '../content-types';
import { isJsonFeed, jsonLinks, readJsonFeed, readXmlFeed, type FeedFacts, type ItemHtmlMemo } from './feeds';
import { readHtml, type HtmlFacts, type LinkRef } from './html';
import { findLeaks, type LeakRule } from './leaks';
import { llmsFullLinks, markdownFileLinks, xmlUrls } from './links';
import { checkLlmsTxt } from './llms';
import type { Finding } from './report';
import { sitePathOf } from './site-files';

export const HTML_EXTENSIONS = new Set(['.html', '.htm']);
/** Other files read as text: scanned for leaks, parsed when the checks know the format. */
export const TEXT_EXTENSIONS = new Set(['.xml', '.json', '.webmanifest', '.map', '.txt', '.md', '.css', '.js', '.mjs', '.svg', '.csv']);

export interface FileFacts {
  /** Leaks in the file's name or text. */
  leaks: Finding[];
  /** Problems of the file on its own: not well-formed, invalid front matter, llms.txt grammar. */
  findings: Finding[];
  /** URLs to resolve against the site's files. */
  links: LinkRef[];
  html?: HtmlFacts;
  feed?: FeedFacts;
  /** A well-formed XML file: its `<urlset>` or `<sitemapindex>` as parsed (`{}` for other XML), for the sitemap check. */
  xml?: Record<string, unknown>;
}

/** What readFileFacts needs besides the file: the same for every file of one run. */
export interface FactsContext {
  rules: LeakRule[];
  /** The site's URL (robots.txt is parsed against it). */
  siteUrl: string;
  /** A post's HTML recurs in the site's feeds and its tags': its URLs are read once a run. */
  itemHtml?: ItemHtmlMemo;
}

const xmlParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, trimValues: true });

/** True for the files whose text readFileFacts reads; the others are checked by name only. */
export function isTextFile(file: string): boolean {
  const ext = extensionOf(file);
  return HTML_EXTENSIONS.has(ext) || TEXT_EXTENSIONS.has(ext);
}

/** Reads one file's facts: `file` is its path in out/ (`posts/a/index.html`), `text` its content ('' for a binary file). */
export async function readFileFacts(file: string, text: string, context: FactsContext): Promise<FileFacts> {
  const page = sitePathOf(file);
  const ext = extensionOf(file);
  const facts: FileFacts = { leaks: findLeaks(page, isTextFile(file) ? text : '', context.rules), findings: [], links: [] };
  const fail = (check: Finding['check'], message: string): FileFacts => {
    facts.findings.push({ severity: 'error', check, page, message });
    return facts;
  };
  if (HTML_EXTENSIONS.has(ext)) {
    facts.html = readHtml(text);
  } else if (ext === '.xml') {
    const valid = XMLValidator.validate(text);
    if (valid !== true) return fail('types', `is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    const doc = xmlParser.parse(text) as Record<string, unknown>;
    // The sitemap check resolves sitemap URLs itself, with sitemap-specific messages.
    if (doc.urlset !== undefined) facts.xml = { urlset: doc.urlset };
    else if (doc.sitemapindex !== undefined) facts.xml = { sitemapindex: doc.sitemapindex };
    else {
      facts.xml = {};
      facts.links = xmlUrls(doc);
    }
    if (doc.rss !== undefined || doc.feed !== undefined) facts.feed = readXmlFeed(doc, context.itemHtml);
  } else if (ext === '.json' || ext === '.webmanifest' || ext === '.map') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return fail('types', `is not valid JSON: ${(error as Error).message}`);
    }
    facts.links = jsonLinks(data);
    if (isJsonFeed(data)) facts.feed = readJsonFeed(data, context.itemHtml);
    if (ext === '.webmanifest') {
      const manifest = data as { icons?: { src?: unknown }[]; start_url?: unknown; scope?: unknown };
      const refs = [manifest.start_url, manifest.scope, ...(Array.isArray(manifest.icons) ? manifest.icons.map((i) => i?.src) : [])];
      facts.links.push(...refs.filter((u): u is string => typeof u === 'string').map((url) => ({ url, where: 'manifest', authored: false })));
    }
  } else if (file === 'llms-full.txt') {
    facts.links = await llmsFullLinks(text);
  } else if (ext === '.md') {
    const markdown = await markdownFileLinks(text);
    if (markdown.error) fail('links', markdown.error);
    facts.links = markdown.links;
  } else if (file === 'llms.txt') {
    const llms = checkLlmsTxt(page, text);
    facts.findings.push(...llms.findings);
    facts.links = llms.links;
  } else if (file === 'robots.txt') {
    const robots = robotsParser(`${context.siteUrl}/robots.txt`, text);
    facts.links = robots.getSitemaps().map((url: string) => ({ url, where: 'Sitemap:', authored: false }));
  }
  return facts;
}
