import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { getContent } from '@/lib/content';

export const dynamic = 'force-static';

// The author's stylesheet, content/custom.css, as written: every page links it after the theme's (app/layout.tsx).
// Written only for a site that has one: scripts/post-export.ts deletes it otherwise.
export async function GET() {
  const { contentDir, customCss } = await getContent();
  const css = customCss ? await readFile(path.join(contentDir, 'custom.css')) : Buffer.alloc(0);
  return new Response(new Uint8Array(css), { headers: { 'Content-Type': 'text/css; charset=utf-8' } });
}
