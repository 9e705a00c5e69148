import { getContent } from '@/lib/content';
import { loadIconSource, renderFavicon } from '@/lib/icons';

export const dynamic = 'force-static';

export async function GET() {
  const { site } = await getContent();
  return new Response(new Uint8Array(await renderFavicon(await loadIconSource(site))), { headers: { 'Content-Type': 'image/x-icon' } });
}
