import { getContent } from '@/lib/content';
import { buildIconSvg, loadIconSource } from '@/lib/icons';

export const dynamic = 'force-static';

export async function GET() {
  const { site } = await getContent();
  const svg = await buildIconSvg(await loadIconSource(site));
  return new Response(new Uint8Array(svg), { headers: { 'Content-Type': 'image/svg+xml; charset=utf-8' } });
}
