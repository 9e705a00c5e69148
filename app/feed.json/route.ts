import { getContent } from '@/lib/content';
import { buildJsonFeed } from '@/lib/feeds';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(buildJsonFeed(await getContent()), {
    headers: { 'Content-Type': 'application/feed+json; charset=utf-8' },
  });
}
