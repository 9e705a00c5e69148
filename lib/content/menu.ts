import { ARCHIVE_PATH } from '../outputs';
import { didYouMean, type Problem } from '../problems';
import type { SiteConfig } from '../site';
import { siteTranslator } from '../i18n';
import type { Resolved } from '../markdown';
import type { Entry, MenuItem, Page } from './types';

/** How the menu reports a mistake: the line of a site.yaml field, the file's name, and links resolved as a page's are. */
export interface MenuContext {
  lineOf: (field: (string | number)[]) => number | undefined;
  file: string;
  resolve: (url: string) => Promise<Resolved>;
}

/**
 * The site menu. With site.yaml `menu:`, its entries in the order written (a `page:` names a file of the
 * content folder, and must be one that is published; a `path:` must lead to a page or file of the site);
 * without it, the posts, the archive, the tags and every page not marked `menu: false`, by `weight` then
 * path, under its `linkTitle` or title.
 */
export async function resolveMenu(site: SiteConfig, entries: Entry[], pages: Page[], context: MenuContext): Promise<{ menu: MenuItem[]; problems: Problem[] }> {
  if (!site.menu) return { menu: defaultMenu(site, pages), problems: [] };
  const byFile = new Map(entries.map((e) => [e.file, e]));
  const problems: Problem[] = [];
  const problem = (i: number, field: string, message: string) => problems.push({ file: context.file, line: context.lineOf(['menu', i, field]), field: `menu.${i}.${field}`, message });
  const menu: MenuItem[] = [];
  for (const [i, item] of site.menu.entries()) {
    if (item.url) menu.push({ label: item.label, href: item.url, external: true });
    else if (item.path) {
      const resolved = await context.resolve(item.path);
      if (resolved.kind === 'broken') problem(i, 'path', resolved.reason);
      else menu.push({ label: item.label, href: item.path, external: false });
    } else {
      const name = item.page!.replace(/^\.?\//, '');
      const entry = byFile.get(name);
      if (entry) menu.push({ label: item.label, href: entry.path, external: false });
      else {
        const guess = didYouMean(name, byFile.keys());
        problem(i, 'page', `no published post or page is the file ${name}${guess ? `; did you mean "${guess}"?` : ' (write its path in the content folder, such as pages/about.md)'}`);
      }
    }
  }
  return { menu, problems };
}

/** The menu without `menu:` in site.yaml: posts, archive, tags, then the pages (by weight, then path). */
export function defaultMenu(site: SiteConfig, pages: Page[]): MenuItem[] {
  const t = siteTranslator(site);
  const builtIn = [
    { label: t('posts'), href: '/', external: false },
    { label: t('archive'), href: ARCHIVE_PATH, external: false },
    { label: t('tags'), href: '/tags/', external: false },
  ];
  const own = pages
    .filter((p) => p.menu && !builtIn.some((b) => b.href === p.path))
    .sort((a, b) => (a.menu!.weight ?? Infinity) - (b.menu!.weight ?? Infinity) || (a.path < b.path ? -1 : 1))
    .map((p) => ({ label: p.menu!.label, href: p.path, external: false }));
  return [...builtIn, ...own];
}
