import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getContent } from '@/lib/content';
import { PLACEHOLDER } from '@/lib/outputs';
import type { Content, Redirect } from '@/lib/content/types';
import { catchAllPages, layoutView, pageView, type PageView } from '@/lib/pages';
import type { SiteConfig } from '@/lib/site';
import { isCatchAllPage, redirectAt, sitePageAt } from '@/lib/routes';
import { ArchivePage, archiveMeta } from '../_components/archive-page';
import { EntryPage, entryMeta } from '../_components/entry';
import { Frame } from '../_components/frame';
import { ListPage, listMeta } from '../_components/list-page';
import { pageMetadata } from '../_components/metadata';
import { RedirectPage, redirectMeta } from '../_components/redirect-page';
import { decodeParam, orPlaceholder } from '../_components/routes';

// Every post, page, list page (/page/2/), tag list (/tags/x/, /tags/x/page/2/) and the archive from one table,
// lib/routes.ts, whatever the permalink depth.
type Props = { params: Promise<{ path: string[] }> };

/** The pages to render: those whose HTML the cache does not hold (lib/pages.ts); the build copies the others. */
export async function generateStaticParams() {
  const content = await getContent();
  return orPlaceholder(
    [
      ...catchAllPages(content)
        .filter(({ render }) => render)
        .map(({ page }) => ({ path: page.path.split('/').filter(Boolean) })),
      // Old URLs: few, and always written (scripts/post-export.ts moves `/old.html/index.html` to `/old.html`).
      ...content.redirects.map((r) => ({ path: r.from.split('/').filter(Boolean) })),
    ],
    { path: [PLACEHOLDER] },
  );
}

type Found = { site: SiteConfig; content: Content } & ({ redirect: Redirect } | { view: PageView });

/** The view of the page at the params' path, or the redirect of an old URL; undefined for the placeholder. */
async function viewAt(params: Props['params']): Promise<Found | undefined> {
  const content = await getContent();
  const path = `/${(await params).path.map(decodeParam).join('/')}/`;
  if (path === `/${PLACEHOLDER}/`) return undefined;
  const redirect = redirectAt(content, path);
  if (redirect) return { site: content.site, content, redirect };
  const page = sitePageAt(content, path);
  // Only `next dev` asks for a path the build does not render: a post written (or fixed) since the last
  // request, or a miss, a 404. (dynamicParams stays at its default so that Next's development server, which
  // answers from the last generateStaticParams while it asks again, renders a new post at once.)
  if (!page || !isCatchAllPage(page)) notFound();
  return { site: content.site, content, view: pageView(content, page) };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await viewAt(params);
  if (!found) return {};
  if ('redirect' in found) return redirectMeta(found.content, found.redirect);
  const { site, view } = found;
  return pageMetadata(site, view.kind === 'entry' ? entryMeta(view.entry) : view.kind === 'archive' ? archiveMeta(site, view) : listMeta(site, view));
}

export default async function Page({ params }: Props) {
  const found = await viewAt(params);
  if (!found) return null;
  const layout = layoutView(found.content);
  if ('redirect' in found) {
    return (
      <Frame layout={layout} path={found.redirect.from}>
        <RedirectPage content={found.content} redirect={found.redirect} />
      </Frame>
    );
  }
  const { site, view } = found;
  const path = view.kind === 'entry' ? view.entry.path : view.path;
  return (
    <Frame layout={layout} path={path}>
      {view.kind === 'entry' ? <EntryPage site={site} view={view} /> : view.kind === 'archive' ? <ArchivePage site={site} view={view} /> : <ListPage site={site} view={view} />}
    </Frame>
  );
}
