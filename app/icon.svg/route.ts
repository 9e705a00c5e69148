import { getContent } from '@/lib/content';
import { buildMonogramSvg } from '@/lib/icons';

export const dynamic = 'force-static';

export async function GET() {
  const { site } = await getContent();
  return new Response(buildMonogramSvg(site), { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
}
