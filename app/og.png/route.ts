import { homeCard } from '@/lib/cards';
import { getContent } from '@/lib/content';
import { renderOgImage } from '@/lib/og';
import { runtimeOptions } from '@/lib/site';

export const dynamic = 'force-static';

export async function GET() {
  const { site } = await getContent();
  const png = await renderOgImage(homeCard(site, runtimeOptions().contentDir));
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
