import { getContent } from '@/lib/content';
import { PLACEHOLDER } from '@/lib/outputs';
import { buildSiteSitemaps } from '@/lib/sitemap';
import { decodeParam, orPlaceholder } from '../../_components/routes';

export const dynamic = 'force-static';
export const dynamicParams = false;

/** The parts of a sitemap too large for one file (more than 50,000 URLs): `/sitemap/1.xml` ... */
export async function generateStaticParams() {
  const parts = buildSiteSitemaps(await getContent()).slice(1);
  return orPlaceholder(
    parts.map((file) => ({ part: file.path.slice('/sitemap/'.length) })),
    { part: `${PLACEHOLDER}.xml` },
  );
}

export async function GET(_request: Request, { params }: { params: Promise<{ part: string }> }) {
  const path = `/sitemap/${decodeParam((await params).part)}`;
  const file = buildSiteSitemaps(await getContent()).find((f) => f.path === path);
  return new Response(file?.contents ?? '', { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
}
