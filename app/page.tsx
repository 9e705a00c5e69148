import { getContent } from '@/lib/content';
import { layoutView, pageView, type ListView } from '@/lib/pages';
import { sitePageAt } from '@/lib/routes';
import { Frame } from './_components/frame';
import { ListPage, listMeta } from './_components/list-page';
import { pageMetadata } from './_components/metadata';

async function home() {
  const content = await getContent();
  const list = sitePageAt(content, '/');
  if (list?.kind !== 'list') throw new Error('The home list is missing');
  return { site: content.site, layout: layoutView(content), view: pageView(content, list) as ListView };
}

export async function generateMetadata() {
  const { site, view } = await home();
  return pageMetadata(site, listMeta(site, view));
}

export default async function Home() {
  const { site, layout, view } = await home();
  return (
    <Frame layout={layout} path="/">
      <ListPage site={site} view={view} />
    </Frame>
  );
}
