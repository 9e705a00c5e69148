import { getContent } from '@/lib/content';
import { sitePageAt } from '@/lib/routes';
import { ListView, listMeta } from './_components/list-page';
import { pageMetadata } from './_components/metadata';

async function home() {
  const content = await getContent();
  const list = sitePageAt(content, '/');
  if (list?.kind !== 'list') throw new Error('The home list is missing');
  return { content, list };
}

export async function generateMetadata() {
  const { content, list } = await home();
  return pageMetadata(content, listMeta(content, list));
}

export default async function Home() {
  const { content, list } = await home();
  return <ListView content={content} list={list} />;
}
