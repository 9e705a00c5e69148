import { getContent } from '@/lib/content';
import { buildLlmsFullTxt } from '@/lib/llms';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(buildLlmsFullTxt(await getContent()), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
