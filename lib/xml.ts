// XML 1.0 Char production: https://www.w3.org/TR/xml/#charsets
const FORBIDDEN = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/FFFF). */
export function stripInvalidXmlChars(value: string): string {
  return value.replace(FORBIDDEN, '');
}

/** Escapes text for XML element content and attribute values (both quote kinds), dropping forbidden characters. */
export function escapeXml(value: string): string {
  return stripInvalidXmlChars(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
