import { getContent } from '@/lib/content';
import { ICON_SIZES, loadIconSource, renderIconPng } from '@/lib/icons';

export const dynamic = 'force-static';

// iOS draws a transparent touch icon on black: flatten it on the site background.
export async function GET() {
  const { site } = await getContent();
  const png = await renderIconPng(await loadIconSource(site), ICON_SIZES.apple, site.theme.background);
  return new Response(new Uint8Array(png), { headers: { 'Content-Type': 'image/png' } });
}
