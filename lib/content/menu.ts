import { ARCHIVE_PATH } from '../outputs';
import { didYouMean, type Problem } from '../problems';
import type { SiteConfig } from '../site';
import { siteStrings, translator } from '../i18n';
import type { Entry, MenuItem, Page } from './types';

/**
 * The site menu. With site.yaml `menu:`, its entries in the order written (a `page:` names a file of the
 * content folder, and must be one that is published); without it, the posts, the archive, the tags and every
 * page not marked `menu: false`, by `weight` then path, under its `linkTitle` or title.
 */
export function resolveMenu(site: SiteConfig, entries: Entry[], pages: Page[], lineOf: (field: string[]) => number | undefined, file: string): { menu: MenuItem[]; problems: Problem[] } {
  const t = translator(siteStrings(site.language, site.strings), site.language);
  if (!site.menu) {
    const builtIn = [
      { label: t('posts'), href: '/', external: false },
      { label: t('archive'), href: ARCHIVE_PATH, external: false },
      { label: t('tags'), href: '/tags/', external: false },
    ];
    const own = pages
      .filter((p) => p.menu && !builtIn.some((b) => b.href === p.path))
      .sort((a, b) => (a.menu!.weight ?? Infinity) - (b.menu!.weight ?? Infinity) || (a.path < b.path ? -1 : 1))
      .map((p) => ({ label: p.menu!.label, href: p.path, external: false }));
    return { menu: [...builtIn, ...own], problems: [] };
  }
  const byFile = new Map(entries.map((e) => [e.file, e]));
  const problems: Problem[] = [];
  const menu = site.menu.flatMap((item, i): MenuItem[] => {
    if (item.url) return [{ label: item.label, href: item.url, external: true }];
    if (item.path) return [{ label: item.label, href: item.path, external: false }];
    const name = item.page!.replace(/^\.?\//, '');
    const entry = byFile.get(name);
    if (entry) return [{ label: item.label, href: entry.path, external: false }];
    const guess = didYouMean(name, byFile.keys());
    const message = `no published post or page is the file ${name}${guess ? `; did you mean "${guess}"?` : ' (write its path in the content folder, such as pages/about.md)'}`;
    problems.push({ file, line: lineOf(['menu', String(i), 'page']), field: `menu.${i}.page`, message });
    return [];
  });
  return { menu, problems };
}
