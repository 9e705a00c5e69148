import { getContent } from '@/lib/content';
import { buildSitemap } from '@/lib/sitemap';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(buildSitemap(await getContent()), {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
}
