/** Head: what a search engine and a link preview read from every page. */
import path from 'node:path';
import { mapLimit } from '../../lib/map-limit';
import sharp from 'sharp';
import type { HtmlFacts } from './html';
import type { Finding } from './report';
import type { Resolve } from './site-files';

/** The Open Graph and Twitter tags every page but the 404 page carries. https://ogp.me/#metadata */
const REQUIRED_META = ['og:title', 'og:description', 'og:url', 'og:type', 'og:image', 'twitter:card'];

/** Open Graph card size: https://developers.facebook.com/docs/sharing/webmasters/images/ */
export const OG_IMAGE = { width: 1200, height: 630, format: 'png' } as const;

/** Checks title, description, one h1, canonical and social tags of one page; the 404 page needs only the first three. */
export function checkHead(page: string, facts: HtmlFacts, options: { is404: boolean }): Finding[] {
  const findings: Finding[] = [];
  const problem = (message: string) => findings.push({ severity: 'error', check: 'head', page, message });
  const meta = (key: string) => (Object.hasOwn(facts.meta, key) ? facts.meta[key] : undefined)?.find(Boolean);
  if (!facts.titles.some(Boolean)) problem('no <title>');
  else if (facts.titles.length > 1) problem(`${facts.titles.length} <title> elements; expected one`);
  if (!meta('description')) problem('no <meta name="description">');
  if (facts.h1 !== 1) problem(`${facts.h1} <h1> elements; expected exactly one`);
  for (const error of facts.jsonLdErrors) problem(`JSON-LD does not parse: ${error}`);
  if (options.is404) return findings;
  if (facts.canonicals.length !== 1) problem(`${facts.canonicals.length} <link rel="canonical">; expected one`);
  else if (!/^https?:\/\/[^/\s]+/.test(facts.canonicals[0])) problem(`canonical URL "${facts.canonicals[0]}" is not absolute`);
  for (const key of REQUIRED_META) {
    if (!meta(key)) problem(`no <meta ${key.startsWith('og:') ? 'property' : 'name'}="${key}">`);
  }
  const image = meta('og:image');
  if (image && !/^https?:\/\//.test(image)) problem(`og:image "${image}" is not an absolute URL`);
  return findings;
}

/**
 * Decodes every internal og:image once and checks it is a 1200×630 PNG; each page using a bad image is named.
 * External images are not fetched.
 */
export async function checkOgImages(uses: { page: string; url: string }[], resolve: Resolve, outDir: string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const byFile = new Map<string, { page: string; url: string }[]>();
  for (const use of uses) {
    const resolved = resolve(use.url, use.page);
    if (resolved.kind === 'external') continue;
    if (resolved.kind === 'broken') {
      findings.push({ severity: 'error', check: 'head', page: use.page, message: `og:image "${use.url}" → ${resolved.target}: ${resolved.reason}` });
      continue;
    }
    const list = byFile.get(resolved.file);
    if (list) list.push(use);
    else byFile.set(resolved.file, [use]);
  }
  await mapLimit([...byFile], 8, async ([file, pages]) => {
    let problem: string | undefined;
    try {
      const { format, width, height } = await sharp(path.join(outDir, file)).metadata();
      if (format !== OG_IMAGE.format || width !== OG_IMAGE.width || height !== OG_IMAGE.height) {
        problem = `is a ${width}×${height} ${format}; expected a ${OG_IMAGE.width}×${OG_IMAGE.height} PNG`;
      }
    } catch (error) {
      problem = `does not decode as an image: ${(error as Error).message}`;
    }
    if (problem) for (const use of pages) findings.push({ severity: 'error', check: 'head', page: use.page, message: `og:image "${use.url}" ${problem}` });
  });
  return findings;
}
