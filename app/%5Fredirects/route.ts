import { getContent } from '@/lib/content';
import { buildRedirectsFile } from '@/lib/redirects-file';

export const dynamic = 'force-static';

// `/_redirects` (a folder named `_redirects` would be private to the App Router; %5F is its escaped underscore).
// Written only for a site with redirects: scripts/post-export.ts deletes it otherwise.
export async function GET() {
  return new Response(buildRedirectsFile(await getContent()), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
