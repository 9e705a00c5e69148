import type { ReactNode } from 'react';
import type { MenuItem } from '@/lib/content/types';
import { siteTranslator } from '@/lib/i18n';
import { SEARCH_PATH } from '@/lib/outputs';
import type { LayoutView } from '@/lib/pages';
import { formatProblem } from '@/lib/problems';
import { href } from '@/lib/site';

/**
 * Where the page at `path` stands in the menu: `page` for the entry it is, `true` for the entry of its
 * section (a tag's list under Tags, `/page/2/` under the home page's entry), nothing otherwise.
 */
export function menuCurrent(item: MenuItem, path: string | undefined): 'page' | 'true' | undefined {
  if (item.external || path === undefined) return undefined;
  if (item.href === path) return 'page';
  if (item.href === '/') return /^\/page\/\d+\/$/.test(path) ? 'true' : undefined;
  return item.href.endsWith('/') && path.startsWith(item.href) ? 'true' : undefined;
}

/**
 * Every page's header (the site's name, the menu with this page marked, the search form), the content's
 * problems in `npm run dev`, and the page's `<main>`. `path` is the page's site path (none for the 404 page).
 */
export function Frame({ layout, path, children }: { layout: LayoutView; path?: string; children: ReactNode }) {
  const { site, menu, problems } = layout;
  const t = siteTranslator(site);
  return (
    <>
      <header className="site-header">
        <a className="site-title" href={href(site, '/')}>
          {site.title}
        </a>
        <nav className="site-menu" aria-label={t('menuLabel')}>
          <ul>
            {menu.map((item) => (
              <li key={`${item.label} ${item.href}`}>
                <a href={item.external ? item.href : href(site, item.href)} aria-current={menuCurrent(item, path)}>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {site.search ? (
          // A plain form: it sends ?q= to the search page, the one page with a script, which searches on opening.
          <form className="site-search" role="search" aria-label={t('search')} action={href(site, SEARCH_PATH)} method="get">
            <label htmlFor="site-search-q" className="visually-hidden">
              {t('search')}
            </label>
            <input id="site-search-q" type="search" name="q" placeholder={t('search')} autoComplete="off" />
            <button type="submit">{t('search')}</button>
          </form>
        ) : null}
      </header>
      {problems.length ? (
        <section className="content-problems" role="alert" aria-labelledby="content-problems">
          <h2 id="content-problems">{problems.length === 1 ? '1 problem' : `${problems.length} problems`} in the content</h2>
          <p>
            <code>npm run build</code> stops on them. Until they are fixed, a post or page whose front matter has one is left out here, and the site
            keeps the settings site.yaml last had without one.
          </p>
          <ul>
            {problems.map((p) => (
              <li key={formatProblem(p)}>
                <code>{formatProblem(p)}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
