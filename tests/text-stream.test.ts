import { describe, expect, it } from 'vitest';
import { textStream } from '@/lib/text-stream';

/** The stream's bytes, as base64: compared as one string, which is quick at a few hundred kilobytes. */
async function bytesOf(stream: ReadableStream<Uint8Array>): Promise<string> {
  return Buffer.from(await new Response(stream).arrayBuffer()).toString('base64');
}

describe('textStream', () => {
  it('gives the UTF-8 bytes of the joined parts, multi-byte characters and empty parts included', async () => {
    const parts = ['<rss>', '', 'Ünïcødé ', '🎉'.repeat(40_000), ' שלום', 'x'.repeat(200_000), '</rss>\n'];
    expect(await bytesOf(textStream(parts))).toBe(Buffer.from(parts.join('')).toString('base64'));
  });

  it('keeps a surrogate pair whole when a chunk would end between its halves', async () => {
    // The chunk fills at 65,536 characters: its last one is the first half of 🎉.
    const parts = ['a'.repeat(65_535), '\uD83C', '\uDF89', ' after'];
    const bytes = await bytesOf(textStream(parts));
    expect(Buffer.from(bytes, 'base64').toString('utf8')).toBe(`${'a'.repeat(65_535)}🎉 after`);
    expect(bytes).toBe(Buffer.from(parts.join('')).toString('base64'));
  });

  it('asks for parts only as the reader pulls', async () => {
    let asked = 0;
    function* parts() {
      for (let i = 0; i < 10; i++) {
        asked++;
        yield 'y'.repeat(50_000);
      }
    }
    const reader = textStream(parts()).getReader();
    const first = await reader.read();
    expect(first.value!.length).toBeGreaterThanOrEqual(65_536);
    expect(asked).toBeLessThan(10);
    await reader.cancel();
  });
});
