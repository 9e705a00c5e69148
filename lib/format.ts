const dateFormats = new Map<string, Intl.DateTimeFormat>();

const DATE_STYLES = { long: { dateStyle: 'long' }, monthDay: { month: 'short', day: 'numeric' } } as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * A date for readers, in the site's language (`long`: 4 March 2025; `monthDay`: 4 Mar, under a year's heading),
 * fixed to UTC so every machine prints the same.
 */
export function formatDate(date: Date, language: string, style: keyof typeof DATE_STYLES = 'long'): string {
  // One formatter a language: each holds native ICU memory, and a site formats a date per post on many pages.
  const key = `${language} ${style}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { ...DATE_STYLES[style], timeZone: 'UTC' });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** JSON for a `<script type="application/ld+json">`: `<`, `>`, `&` and line separators escaped so no value closes the script. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Minutes to read at 230 words a minute, at least 1. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / 230));
}

/**
 * Text for one line: control characters dropped, runs of white space (line breaks included) one space. The one
 * normalisation of titles, descriptions, tag and author names, so each reads the same in every output.
 */
export function oneLine(value: string): string {
  return value.replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, '').replace(/\s+/g, ' ').trim();
}

/** Plain text cut at a word boundary to at most `max` characters, with an ellipsis when cut. */
export function truncateAtWord(text: string, max = 160): string {
  const clean = oneLine(text);
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.5 ? cut.slice(0, space) : cut).replace(/[\s,;:.!?-]+$/, '')}…`;
}
