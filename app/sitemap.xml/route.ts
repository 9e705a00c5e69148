import { getContent } from '@/lib/content';
import { buildSiteSitemaps } from '@/lib/sitemap';

export const dynamic = 'force-static';

/** The sitemap, or the index of its parts on a site of more than 50,000 URLs. */
export async function GET() {
  return new Response(buildSiteSitemaps(await getContent())[0].contents, {
    headers: { 'Content-Type': 'application/xml; charset=utf-8' },
  });
}
