import { getContent } from '@/lib/content';
import { ICON_SIZES, loadIconSource, renderIconPng } from '@/lib/icons';

export const dynamic = 'force-static';

export async function GET() {
  const { site } = await getContent();
  const png = await renderIconPng(await loadIconSource(site), ICON_SIZES.small);
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
