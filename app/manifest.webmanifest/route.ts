import { getContent } from '@/lib/content';
import { buildManifest, loadIconSource } from '@/lib/icons';

export const dynamic = 'force-static';

export async function GET() {
  const { site } = await getContent();
  const { vector } = await loadIconSource(site);
  return new Response(buildManifest(site, { vector }), { headers: { 'Content-Type': 'application/manifest+json; charset=utf-8' } });
}
