import { getContent } from '@/lib/content';
import { generateFeed } from '@/lib/feeds';
import { buildItemStore } from '@/lib/item-store';
import { textStream } from '@/lib/text-stream';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(textStream(generateFeed(await getContent(), 'atom', undefined, buildItemStore())), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' },
  });
}
