import { getContent } from '@/lib/content';
import { buildRss } from '@/lib/feeds';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(buildRss(await getContent()), {
    headers: { 'Content-Type': 'application/rss+xml; charset=utf-8' },
  });
}
