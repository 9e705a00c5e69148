import { siteTranslator } from './i18n';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { cached, cacheKey } from './cache';
import type { Content, Entry } from './content/types';
import { formatDate } from './format';
import { cardFiles, cardMissingCharacters, renderOgImage, type Card, type TextCard } from './og';

import { fontFileOf } from './og-text';
import { cardPath } from './outputs';
import type { Problem } from './problems';
import type { SiteConfig } from './site';

/** A path named in site.yaml (logo, icon, og.fallbackFonts): relative to the content folder unless absolute. */
export function contentFile(contentDir: string, file: string): string {
  return path.isAbsolute(file) ? file : path.join(contentDir, file);
}

/** The colours, logo and fonts every text card of the site shares. */
function style(site: SiteConfig, contentDir: string): Pick<TextCard, 'colors' | 'logo' | 'fallbackFonts'> {
  return {
    colors: {
      background: site.og.background ?? site.theme.background,
      foreground: site.og.foreground ?? site.theme.foreground,
      accent: site.og.accent ?? site.theme.accent,
    },
    ...(site.logo ? { logo: contentFile(contentDir, site.logo) } : {}),
    fallbackFonts: site.og.fallbackFonts.map((f) => contentFile(contentDir, f)),
  };
}

/** One card of the site: its site path, what it shows, and what it belongs to (for messages). */
export interface CardJob {
  path: string;
  file: string;
  card: Card;
}

/**
 * Every card of the site, sorted by path: the home card (`/og.png`: the site's title, host and description,
 * also used by pages without their own), one per post and page (its cover image, or its title with the date
 * and tags or the description), one per tag (shared by every page of its list).
 */
export function buildCardJobs(content: Content): CardJob[] {
  const { site } = content;
  const shared = style(site, content.contentDir);
  const text = (title: string, meta: string, header = site.title): TextCard => ({ kind: 'text', header, title, meta, ...shared });
  const entryCard = (entry: Entry): Card => {
    if (entry.image?.source) return { kind: 'cover', source: entry.image.source };
    const meta =
      entry.kind === 'post'
        ? [formatDate(entry.date, site.language), entry.tags.map((t) => t.name).join(', ')].filter(Boolean).join(' · ')
        : entry.description;
    return text(entry.title, meta);
  };
  const jobs: CardJob[] = [
    { path: cardPath('/'), file: 'site.yaml', card: text(site.title, site.description, new URL(site.url).host + site.basePath) },
    ...[...content.posts, ...content.pages].map((entry) => ({ path: cardPath(entry.path), file: entry.file, card: entryCard(entry) })),
    ...content.tags.map((tag) => ({
      path: cardPath(`/tags/${tag.slug}/`),
      file: `tag "${tag.name}"`,
      card: text(`#${tag.name}`, siteTranslator(site)('postCount', { n: tag.posts.length })),
    })),
  ];
  return jobs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const jobTables = new WeakMap<Content, Map<string, CardJob>>();

/** The card at a site path (`/og/posts/a.png`), looked up in a table built once per loaded content. */
export function cardAt(content: Content, sitePath: string): CardJob | undefined {
  let table = jobTables.get(content);
  if (!table) {
    table = new Map(buildCardJobs(content).map((job) => [job.path, job]));
    jobTables.set(content, table);
  }
  return table.get(sitePath);
}

/** A card as a PNG, from the cache when the same card (texts, colours, the bytes of its fonts and images) was drawn before. */
export async function renderCard(job: CardJob): Promise<Buffer> {
  try {
    return await cached(cacheKey(['lib'], 'card', job.card, cardFiles(job.card)), () => renderOgImage(job.card));
  } catch (error) {
    throw new Error(`${job.file}: could not render its Open Graph card ${job.path}: ${(error as Error).message}`);
  }
}

function describeMissing(chars: string[]): string {
  return chars.map((c) => `"${c}" (U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`).join(', ');
}

/**
 * What the author must hear about the cards before they are drawn: an `og.fallbackFonts` file that does not
 * exist (a problem), and each card with characters no configured font draws (shown as boxes: a warning).
 */
export function checkCards(content: Content): { problems: Problem[]; warnings: string[] } {
  const absent = content.site.og.fallbackFonts.filter((f) => !existsSync(fontFileOf(contentFile(content.contentDir, f))));
  if (absent.length) {
    const file = path.relative(process.cwd(), path.join(content.contentDir, 'site.yaml'));
    const message = `no font file at ${absent.map((f) => JSON.stringify(f)).join(', ')} (paths are relative to ${content.contentDir} unless absolute)`;
    return { problems: [{ file, field: 'og.fallbackFonts', message }], warnings: [] };
  }
  const warnings: string[] = [];
  for (const job of buildCardJobs(content)) {
    if (job.card.kind !== 'text') continue;
    const missing = cardMissingCharacters(job.card);
    if (missing.length) {
      warnings.push(
        `${job.file}: its Open Graph card has characters no configured font draws, shown as boxes: ${describeMissing(missing)}. ` +
          'Add a font that has them to og.fallbackFonts in site.yaml (see the README, "Fonts, and CJK or emoji").',
      );
    }
  }
  return { problems: [], warnings };
}
