/** Bytes of text per chunk of a stream: big enough that a 130 MB feed is a few thousand chunks. */
const CHUNK_CHARS = 1 << 16;

/**
 * `parts` concatenated and encoded as UTF-8, a chunk at a time as the reader pulls: the text is never
 * whole in memory, and each part is asked for only when the previous ones have been read. The bytes are
 * those of `new TextEncoder().encode(parts.join(''))`.
 */
export function textStream(parts: Iterable<string>): ReadableStream<Uint8Array> {
  const iterator = parts[Symbol.iterator]();
  const encoder = new TextEncoder();
  let carry = '';
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      let text = carry;
      carry = '';
      let done = false;
      while (text.length < CHUNK_CHARS) {
        const next = iterator.next();
        if (next.done) {
          done = true;
          break;
        }
        text += next.value;
      }
      // A surrogate pair split between chunks would encode as two U+FFFD: keep a trailing high surrogate for the next chunk.
      const last = text.charCodeAt(text.length - 1);
      if (!done && last >= 0xd800 && last <= 0xdbff) {
        carry = text.slice(-1);
        text = text.slice(0, -1);
      }
      if (text !== '') controller.enqueue(encoder.encode(text));
      if (done) controller.close();
    },
    cancel() {
      iterator.return?.();
    },
  });
}
