import { getContent } from '@/lib/content';
import { pageView, type ListView } from '@/lib/pages';
import { sitePageAt } from '@/lib/routes';
import { ListPage, listMeta } from './_components/list-page';
import { pageMetadata } from './_components/metadata';

async function home() {
  const content = await getContent();
  const list = sitePageAt(content, '/');
  if (list?.kind !== 'list') throw new Error('The home list is missing');
  return { site: content.site, view: pageView(content, list) as ListView };
}

export async function generateMetadata() {
  const { site, view } = await home();
  return pageMetadata(site, listMeta(site, view));
}

export default async function Home() {
  const { site, view } = await home();
  return <ListPage site={site} view={view} />;
}
