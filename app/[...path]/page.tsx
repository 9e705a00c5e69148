import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getContent } from '@/lib/content';
import { PLACEHOLDER } from '@/lib/outputs';
import { catchAllPages, pageView } from '@/lib/pages';
import { isCatchAllPage, sitePageAt } from '@/lib/routes';
import { EntryPage, entryMeta } from '../_components/entry';
import { ListPage, listMeta } from '../_components/list-page';
import { pageMetadata } from '../_components/metadata';
import { decodeParam, orPlaceholder } from '../_components/routes';

// Every post, page, list page (/page/2/) and tag list (/tags/x/, /tags/x/page/2/) from one table,
// lib/routes.ts, whatever the permalink depth.
type Props = { params: Promise<{ path: string[] }> };

/** The pages to render: those whose HTML the cache does not hold (lib/pages.ts); the build copies the others. */
export async function generateStaticParams() {
  return orPlaceholder(
    catchAllPages(await getContent())
      .filter(({ render }) => render)
      .map(({ page }) => ({ path: page.path.split('/').filter(Boolean) })),
    { path: [PLACEHOLDER] },
  );
}

/** The view of the page at the params' path; undefined for the placeholder. */
async function viewAt(params: Props['params']) {
  const content = await getContent();
  const path = `/${(await params).path.map(decodeParam).join('/')}/`;
  if (path === `/${PLACEHOLDER}/`) return undefined;
  const page = sitePageAt(content, path);
  // Only `next dev` asks for a path the build does not render: a post written (or fixed) since the last
  // request, or a miss, a 404. (dynamicParams stays at its default so that Next's development server, which
  // answers from the last generateStaticParams while it asks again, renders a new post at once.)
  if (!page || !isCatchAllPage(page)) notFound();
  return { site: content.site, view: pageView(content, page) };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const found = await viewAt(params);
  if (!found) return {};
  const { site, view } = found;
  return pageMetadata(site, view.kind === 'entry' ? entryMeta(view.entry) : listMeta(site, view));
}

export default async function Page({ params }: Props) {
  const found = await viewAt(params);
  if (!found) return null;
  const { site, view } = found;
  return view.kind === 'entry' ? <EntryPage site={site} view={view} /> : <ListPage site={site} view={view} />;
}
