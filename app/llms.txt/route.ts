import { getContent } from '@/lib/content';
import { buildLlmsTxt } from '@/lib/llms';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(buildLlmsTxt(await getContent()), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
