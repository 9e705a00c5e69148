import { getContent } from '@/lib/content';
import { generateLlmsFullTxt } from '@/lib/llms';
import { textStream } from '@/lib/text-stream';

export const dynamic = 'force-static';

// Streamed a Markdown copy at a time: the whole site in one file.
export async function GET() {
  return new Response(textStream(generateLlmsFullTxt(await getContent())), {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
}
