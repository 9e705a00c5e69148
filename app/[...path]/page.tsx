import type { Metadata } from 'next';
import { getContent } from '@/lib/content';
import { loadRenderList } from '@/lib/page-keys';
import { isCatchAllPage, sitePageAt, sitePages, type SitePage } from '@/lib/routes';
import { runtimeOptions } from '@/lib/site';
import { EntryView, entryMeta } from '../_components/entry';
import { ListView, listMeta } from '../_components/list-page';
import { pageMetadata } from '../_components/metadata';

// Every post, page, list page (/page/2/) and tag list (/tags/x/, /tags/x/page/2/) from one table,
// lib/routes.ts: whatever the permalink depth, and never an empty generateStaticParams, which
// `output: 'export'` rejects (vercel/next.js#61213).
type Props = { params: Promise<{ path: string[] }> };

export const dynamicParams = false;

export async function generateStaticParams() {
  // `npm run build` names the pages whose inputs changed; the others come from its page cache.
  const only = loadRenderList(runtimeOptions().renderList);
  return sitePages(await getContent())
    .filter((page) => isCatchAllPage(page) && (!only || only.has(page.path)))
    .map((page) => ({ path: page.path.split('/').filter(Boolean) }));
}

async function pageAt(params: Props['params']) {
  const content = await getContent();
  const path = `/${(await params).path.map((p) => decodeURIComponent(p)).join('/')}/`;
  const page = sitePageAt(content, path);
  if (!page || !isCatchAllPage(page)) throw new Error(`No page at ${path}`);
  return { content, page };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { content, page } = await pageAt(params);
  return pageMetadata(content, page.kind === 'entry' ? entryMeta(page.entry) : listMeta(content, page as Extract<SitePage, { kind: 'list' }>));
}

export default async function Page({ params }: Props) {
  const { content, page } = await pageAt(params);
  if (page.kind === 'entry') return <EntryView content={content} entry={page.entry} />;
  return <ListView content={content} list={page as Extract<SitePage, { kind: 'list' }>} />;
}
