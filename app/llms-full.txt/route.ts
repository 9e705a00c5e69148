import { getContent } from '@/lib/content';
import { generateLlmsFullTxt } from '@/lib/llms';
import { textStream } from '@/lib/text-stream';

export const dynamic = 'force-static';

export async function GET() {
  return new Response(textStream(generateLlmsFullTxt(await getContent())), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
