import { z } from 'zod';
import { slug as githubSlug } from 'github-slugger';
import { oneLine } from '../format';

// A space may come before the zone, as Jekyll writes dates: `2013-05-06 02:12:52 +0200`.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** One UTC instant from a YAML date or an ISO string with or without time and zone (no zone means UTC). */
export function parseDate(value: unknown): Date | undefined {
  // A plain Date of the same instant: TOML's dates are a subclass whose toISOString() writes the date as written.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : new Date(value.getTime());
  if (typeof value !== 'string') return undefined;
  const m = DATE_RE.exec(value.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone = 'Z'] = m;
  const z = zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${z}`);
  // Reject dates that JavaScript silently rolls over (2025-02-30).
  if (Number.isNaN(date.getTime()) || Number(mo) > 12 || Number(d) > new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()) {
    return undefined;
  }
  return date;
}

const dateField = z.unknown().transform((value, ctx) => {
  const date = parseDate(value);
  if (!date) {
    ctx.addIssue({ code: 'custom', message: 'expected a date like 2025-01-31 or 2025-01-31T09:30:00+01:00' });
    return z.NEVER;
  }
  return date;
});

const text = z.union([z.string(), z.number().transform(String)], { error: 'expected text' });
/** Text shown on one line (a title, a name): normalised once, here, so every output shows the same string. */
const line = text.transform(oneLine);

const author = z.union(
  [
    line.pipe(z.string().min(1)).transform((name) => ({ name })),
    z.object({ name: line.pipe(z.string().min(1)), url: z.string().optional(), email: z.string().optional() }),
  ],
  { error: 'expected a name, or an object with name (and url, email)' },
);

/** Front matter: known fields validated and typed, unknown ones kept. */
export const frontMatterSchema = z.looseObject({
  title: line.pipe(z.string().min(1, { error: 'must not be empty' })),
  date: dateField.optional(),
  updated: dateField.optional(),
  description: line.optional(),
  tags: z
    .union([z.array(text), z.string().transform((s) => s.split(','))], { error: 'expected a list or a comma-separated string' })
    .transform((list) => list.map(oneLine).filter(Boolean))
    .optional(),
  draft: z.boolean({ error: 'expected true or false' }).optional(),
  /** Jekyll: `published: false` is a draft. */
  published: z.boolean({ error: 'expected true or false' }).optional(),
  /** Hugo: the publication date (the post's date when given), the last change, and when the post is taken down. */
  publishDate: dateField.optional(),
  lastmod: dateField.optional(),
  expiryDate: dateField.optional(),
  slug: text.optional(),
  /** The entry's own URL: Hugo's `url`, Jekyll's `permalink` (site paths; `:year`, `:month`, `:day`, `:title` expand). */
  url: text.optional(),
  permalink: text.optional(),
  /** Old URLs of the entry, each answered with a redirect: Hugo's `aliases`, Jekyll's `redirect_from`. */
  aliases: z.array(text, { error: 'expected a list of site paths' }).optional(),
  redirect_from: z.union([text.transform((v) => [v]), z.array(text)], { error: 'expected a site path or a list of them' }).optional(),
  image: z.string({ error: 'expected a path or URL' }).optional(),
  author: author.optional(),
  authors: z.array(author, { error: 'expected a list of authors' }).optional(),
  canonical: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }).optional(),
  /**
   * The series a post is part of: posts with the same name are listed together, oldest first. A name, a list of
   * names (Hugo's taxonomy), or an object with a `name` (and fields of its own, such as `part`, kept as written).
   */
  series: z
    .union([line, z.array(line), z.looseObject({ name: line })], { error: 'expected the name of a series, or a list of names' })
    .transform((v) => (typeof v === 'string' ? [v] : Array.isArray(v) ? v : [v.name]).filter(Boolean))
    .optional(),
  /** A page in the default menu: `menu: false` leaves it out (any other value, such as Hugo's `menu: main`, keeps it). */
  menu: z.unknown().optional(),
  /** Order in the default menu, lowest first (pages without one come after, by path), as Hugo's `weight`. */
  weight: z.number({ error: 'expected a number' }).optional(),
  /** A shorter title for the menu, as Hugo's `linkTitle`. */
  linkTitle: line.optional(),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;

/** A URL-safe slug: lower case, letters and digits of any script, words joined by hyphens. */
export function slugify(value: string): string {
  return githubSlug(value.normalize('NFKC')).replace(/[^\p{L}\p{N}_-]+/gu, '').replace(/-{2,}/g, '-').replace(/^-|-$/g, '');
}

/** The slug of a file or folder name: slugified per dot-separated part, so `v4.2.0.md` keeps its dots. */
export function fileSlug(name: string): string {
  return name.split('.').map(slugify).filter(Boolean).join('.');
}

/** Why a slug is unsafe in a URL path, or undefined when it is fine. */
export function unsafeSlugReason(slug: string): string | undefined {
  if (slug === '') return 'must not be empty';
  if (slug.includes('/') || slug.includes('\\')) return 'must not contain a slash';
  if (slug.startsWith('.')) return 'must not start with a dot';
  if (/[\s?#%<>"'`]/.test(slug) || /[\u0000-\u001f]/.test(slug)) return 'must be URL-safe (no spaces, ?, #, %, quotes)';
  return undefined;
}
