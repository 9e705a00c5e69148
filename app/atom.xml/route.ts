import { getContent } from '@/lib/content';
import { buildAtom } from '@/lib/feeds';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(buildAtom(await getContent()), {
    headers: { 'Content-Type': 'application/atom+xml; charset=utf-8' },
  });
}
