import path from 'node:path';
import type { Content, Entry, Tag } from './content/types';
import { formatDate } from './format';
import type { Card, TextCard } from './og';
import type { SiteConfig } from './site';

/** Open Graph card size: https://developers.facebook.com/docs/sharing/webmasters/images */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** Site path of an entry's card: beside its page. */
export function entryCardPath(entry: Pick<Entry, 'path'>): string {
  return `${entry.path}og.png`;
}

/** Site path of a tag's card (every page of its list shares it). */
export function tagCardPath(tag: Pick<Tag, 'slug'>): string {
  return `/tags/${tag.slug}/og.png`;
}

/** Site path of the home card, also used by pages without their own. */
export const HOME_CARD_PATH = '/og.png';

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

/** The card of the home page (and of pages without their own): the site's title and description. */
export function homeCard(site: SiteConfig, contentDir: string): TextCard {
  return { kind: 'text', header: new URL(site.url).host + site.basePath, title: site.title, meta: site.description, ...style(site, contentDir) };
}

/** One card to write: where, what, and the source file it belongs to (for warnings). */
export interface CardJob {
  path: string;
  file: string;
  card: Card;
}

/** Every card `writeCards` renders: one per post and page, one per tag. Sorted by path. */
export function buildCardJobs(content: Content, contentDir: string): CardJob[] {
  const { site } = content;
  const shared = style(site, contentDir);
  const entryCard = (entry: Entry): Card => {
    if (entry.image?.source) return { kind: 'cover', source: entry.image.source };
    const meta =
      entry.kind === 'post'
        ? [formatDate(entry.date, site.language), entry.tags.map((t) => t.name).join(', ')].filter(Boolean).join(' · ')
        : entry.description;
    return { kind: 'text', header: site.title, title: entry.title, meta, ...shared };
  };
  const jobs: CardJob[] = [
    ...[...content.posts, ...content.pages].map((entry) => ({ path: entryCardPath(entry), file: entry.file, card: entryCard(entry) })),
    ...content.tags.map((tag) => ({
      path: tagCardPath(tag),
      file: `tag "${tag.name}"`,
      card: {
        kind: 'text' as const,
        header: site.title,
        title: tag.name,
        meta: `Tag · ${tag.posts.length} post${tag.posts.length === 1 ? '' : 's'}`,
        ...shared,
      },
    })),
  ];
  return jobs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

