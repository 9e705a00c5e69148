import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getContent } from '@/lib/content';
import { SEARCH_INDEX_DIR, SEARCH_PATH } from '@/lib/outputs';
import { siteStrings, siteTranslator } from '@/lib/i18n';
import { layoutView } from '@/lib/pages';
import { href, runtimeOptions } from '@/lib/site';
import { Frame } from '../_components/frame';
import { pageMetadata } from '../_components/metadata';

export async function generateMetadata() {
  const { site } = await getContent();
  const t = siteTranslator(site);
  // Every `/search/?q=…` names `/search/` as its canonical URL.
  return pageMetadata(site, { title: t('search'), description: t('searchSite', { site: site.title }), path: SEARCH_PATH });
}

/**
 * The search page: the one page with a script (lib/search-client.js, inlined), which runs the query of `?q=`
 * against the Pagefind index. A site with `search: false` has no such page (scripts/post-export.ts).
 */
export default async function Search() {
  const content = await getContent();
  const { site } = content;
  const script = readFileSync(path.join(process.cwd(), 'lib/search-client.js'), 'utf8');
  const t = siteTranslator(site);
  const all = siteStrings(site.language, site.strings);
  // The messages the script shows, as written (it fills in the query and the count).
  const messages = Object.fromEntries((['searchPrompt', 'searching', 'searchResults', 'searchNoResults', 'searchShown', 'searchFailed', 'searchIn'] as const).map((key) => [key, all[key]]));
  return (
    <Frame layout={layoutView(content)} path={SEARCH_PATH}>
      <h1>{t('search')}</h1>
      {runtimeOptions().watch ? (
        <p className="content-problems" role="note">
          Writing mode has no search index: <code>npm run build</code> makes it, and <code>npm run preview</code> serves the site with it.
        </p>
      ) : null}
      <noscript>
        <p>{t('searchNeedsScript')}</p>
        <ul>
          <li>
            <a href={href(site, '/')}>{t('posts')}</a>
          </li>
          <li>
            <a href={href(site, '/tags/')}>{t('tags')}</a>
          </li>
        </ul>
      </noscript>
      <div className="search" data-search data-base={site.basePath} data-index={href(site, `${SEARCH_INDEX_DIR}pagefind.js`)} data-strings={JSON.stringify(messages)}>
        <form role="search" aria-label={t('searchSite', { site: site.title })} action={href(site, SEARCH_PATH)} method="get">
          <label htmlFor="search-q">{t('searchSite', { site: site.title })}</label>
          <input id="search-q" type="search" name="q" autoComplete="off" />
          <button type="submit">{t('search')}</button>
        </form>
        <p role="status" aria-live="polite" />
        <ol className="search-results" />
      </div>
      <script type="module" data-masthead dangerouslySetInnerHTML={{ __html: script }} />
    </Frame>
  );
}
