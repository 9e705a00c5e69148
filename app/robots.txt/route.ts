import { getContent } from '@/lib/content';
import { buildRobots } from '@/lib/robots';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(buildRobots(await getContent()), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
