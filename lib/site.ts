import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { oneLine } from './format';
import { DEFAULT_EMBED_HOSTS } from './embeds';
import { decodeSource, missingField, parseSource } from './content/front-matter';
import { basePathOf, siteYamlAsFrontMatter } from './next-site.mjs';
import { bundledThemesInfo } from 'shiki/themes';
import { builtInStrings, ENGLISH, placeholders, pluralCategories, type Message, type StringKey } from './i18n';
import { ContentError, describeValue, didYouMean, lineOfPath, type Problem } from './problems';

/** Text shown on one line (the site's title, its author): normalised once, here (lib/format.ts oneLine). */
const line = z.string().transform(oneLine);

const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'expected a colour like #1a2b3c' }).transform((c) => c.toLowerCase());

const SHIKI_THEMES = bundledThemesInfo.map((t) => t.id);
/** A Shiki theme by name (https://shiki.style/themes), with "did you mean" for a near miss. */
const shikiTheme = z.string().superRefine((name, ctx) => {
  if (SHIKI_THEMES.includes(name)) return;
  const guess = didYouMean(name, SHIKI_THEMES);
  ctx.addIssue({ code: 'custom', message: `expected a Shiki theme name${guess ? `; did you mean "${guess}"?` : ' such as github-light, one-dark-pro or catppuccin-latte (https://shiki.style/themes)'}` });
});

/** The page's colours in one scheme: links and buttons, the page, the text (muted text and borders are mixed from these). */
const schemeColours = (defaults: { accent: string; background: string; foreground: string }) =>
  z.strictObject({ accent: color.default(defaults.accent), background: color.default(defaults.background), foreground: color.default(defaults.foreground) });

/** A message of `strings:`: text, or a form per plural category (`other` required) for a message that counts. */
const message = z.union([z.string(), z.partialRecord(z.enum(['zero', 'one', 'two', 'few', 'many', 'other']), z.string()).refine((forms) => 'other' in forms, { error: 'expected an "other" form' }).transform((forms) => forms as Exclude<Message, string>)], {
  error: 'expected text, or plural forms such as { one: "{n} post", other: "{n} posts" }',
});
const stringsSchema = z.strictObject(Object.fromEntries(Object.keys(ENGLISH).map((key) => [key, message.optional()])) as Record<StringKey, z.ZodOptional<typeof message>>);

/** One value or a list of them, read as a list. */
const oneOrMore = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]).transform((v): z.output<T>[] => (Array.isArray(v) ? v : [v]));

// URLs are written as the URL parser normalises them: a tab or line break inside one, which the parser drops,
// must not reach a line-based file such as security.txt.
const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }).transform((v) => new URL(v).href);

/** One entry of `menu:`: a label, and a page (its file in the content folder), a path on the site, or a URL. */
const menuEntry = z
  .strictObject({
    label: line.pipe(z.string().min(1)),
    page: z.string().optional(),
    path: z.string().regex(/^\/(?![/\\])[^\s\\]*$/, { error: 'expected a path on this site such as /archive/' }).optional(),
    url: httpUrl.optional(),
  })
  .refine((e) => [e.page, e.path, e.url].filter((v) => v !== undefined).length === 1, { error: 'expected exactly one of page, path or url' });

/** A web link in security.txt: https only (RFC 9116 section 2.5), or a path on this site. */
const SECURITY_LINK = 'expected an https:// URL or a path on this site such as /security/';
const securityLink = z.union([
  z.url({ protocol: /^https$/, error: SECURITY_LINK }).transform((v) => new URL(v).href),
  z.string().regex(/^\/(?!\/)\S*$/, { error: SECURITY_LINK }),
]);

/**
 * `security:`, written as /.well-known/security.txt (RFC 9116). `expires` keeps the instant written in
 * site.yaml, so the file stays the same from build to build; a date already past is an error (parseSite).
 */
const securitySchema = z.strictObject({
  contact: oneOrMore(z.string().regex(/^(mailto:[^@\s]+@[^@\s]+|tel:\+?[0-9()\-. ]+|https:\/\/\S+)$/, { error: 'expected mailto:address, tel:number or an https:// URL' })),
  expires: z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()], { error: 'expected a date and time such as 2027-06-30T00:00:00Z' }).transform((v) => new Date(v)),
  encryption: oneOrMore(securityLink).optional(),
  acknowledgments: oneOrMore(securityLink).optional(),
  policy: oneOrMore(securityLink).optional(),
  hiring: oneOrMore(securityLink).optional(),
  preferredLanguages: oneOrMore(z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { error: 'expected language tags like en or pt-BR' })).optional(),
});

/**
 * A DID as atproto accepts one (https://atproto.com/specs/did): Bluesky resolves did:plc and did:web.
 */
const DID = /^did:(plc:[a-z2-7]{24}|web:[a-zA-Z0-9._:%-]*[a-zA-Z0-9._-])$/;

/** A fediverse account, `acct:user@host`; `@user@host` and `user@host` (as Mastodon shows it) are read as that. */
const fediverseAccount = z
  .string()
  .transform((v) => v.trim().replace(/^acct:/, '').replace(/^@/, ''))
  .pipe(z.string().regex(/^[a-zA-Z0-9_.-]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+$/, { error: 'expected an account like acct:alice@mastodon.social' }))
  .transform((v) => `acct:${v}`);

const identitySchema = z.strictObject({
  /** Profiles that link back to this site: `<link rel="me">` on every page (Mastodon's verification, IndieAuth). */
  me: oneOrMore(httpUrl).default([]),
  /** The site's domain as a Bluesky handle: the DID written to /.well-known/atproto-did. */
  bluesky: z.string().regex(DID, { error: 'expected a DID like did:plc:ewvi7nxzyoun6zhxrhs64oiz or did:web:example.com' }).optional(),
  /** An alias on this domain for a fediverse account: /.well-known/webfinger answers with it. */
  fediverse: fediverseAccount.optional(),
});

const robotsRule = z.strictObject({
  userAgent: z.union([z.string(), z.array(z.string())]),
  allow: z.array(z.string()).default([]),
  disallow: z.array(z.string()).default([]),
});

/** The schema of content/site.yaml. Strict: a mistyped setting is an error, not silently ignored. */
export const siteSchema = z.strictObject({
  title: line.pipe(z.string().min(1)),
  description: line.default(''),
  url: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL like https://example.com' }),
  language: z.string().regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, { error: 'expected a language tag like en or pt-BR' }).default('en'),
  author: z.union([
    line.pipe(z.string().min(1)).transform((name): { name: string; url?: string; email?: string } => ({ name })),
    z.strictObject({ name: line.pipe(z.string().min(1)), url: z.url().optional(), email: z.email().optional() }),
  ]),
  permalink: z.string().default('/posts/:slug/'),
  pageSize: z.number().int().positive().default(10),
  brokenLinks: z.enum(['error', 'warn']).default('error'),
  /** Keep Next.js's client runtime (client-side navigation); off by default: pages ship no JavaScript. */
  clientRuntime: z.boolean().default(false),
  /**
   * The page's colours, light and dark (the dark ones while the reader's system is dark), and the themes that
   * colour code (any Shiki theme). Icons, cards and the manifest use the light colours.
   */
  theme: z
    .strictObject({
      ...schemeColours({ accent: '#2251c7', background: '#ffffff', foreground: '#16181d' }).shape,
      dark: schemeColours({ accent: '#8db0ff', background: '#111318', foreground: '#e8eaef' }).prefault({}),
      code: z.strictObject({ light: shikiTheme.default('github-light'), dark: shikiTheme.default('github-dark') }).prefault({}),
    })
    .prefault({}),
  /** The site menu, in the order written; without it: posts, archive, tags, then the pages. */
  menu: z.array(menuEntry).optional(),
  /** Interface strings in place of the language's built-in ones (lib/i18n.ts). */
  strings: stringsSchema.default({}),
  logo: z.string().optional(),
  icon: z.string().optional(),
  og: z
    .strictObject({
      background: color.optional(),
      foreground: color.optional(),
      accent: color.optional(),
      /** Extra font files (paths in the content folder, or absolute; `file.ttc#PostScriptName` picks a face) tried in order for glyphs the default font lacks (CJK, emoji). See the README, "Fonts, and CJK or emoji". */
      fallbackFonts: z.array(z.string()).default([]),
    })
    .prefault({}),
  feed: z
    .strictObject({
      content: z.enum(['full', 'summary']).default('full'),
      limit: z.number().int().positive().optional(),
      /** WebSub hubs: announced in every feed; `npm run ping` tells them of each feed that changed. */
      hub: oneOrMore(httpUrl).default([]),
    })
    .prefault({}),
  robots: z
    .strictObject({
      preset: z.enum(['allow-all', 'block-ai-training', 'block-ai']).default('allow-all'),
      rules: z.array(robotsRule).default([]),
    })
    .prefault({}),
  /** Search with Pagefind: the /search/ page, a search form on every page, and the index (scripts/search-index.ts). */
  search: z.boolean().default(true),
  /**
   * Hosts whose `<iframe>` players a post may embed (a host allows its subdomains); every other iframe is
   * removed with a warning. youtube.com players are rewritten to youtube-nocookie.com when that is listed.
   */
  /**
   * A kept player without a title: an error (`error`, the default: a screen reader names a frame by its title),
   * or, for a blog moving in as it is, a warning, the player titled by its host ("YouTube video").
   */
  untitledEmbeds: z.enum(['error', 'warn']).default('error'),
  embeds: z.array(z.string().regex(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i, { error: 'expected a host name like player.vimeo.com' }).transform((h) => h.toLowerCase())).default([...DEFAULT_EMBED_HOSTS]),
  security: securitySchema.optional(),
  identity: identitySchema.prefault({}),
  /** Old paths of the site and where each now is (a site path or a URL): a redirect page and a `_redirects` line each. */
  redirects: z.record(z.string(), z.string({ error: 'expected a site path or an http(s) URL' })).default({}),
  /** Free-form values for templates, as in Hugo's `params`. */
  params: z.record(z.string(), z.unknown()).default({}),
});

export type SiteSettings = z.infer<typeof siteSchema>;

/** The settings site.yaml may hold at `path` (`[]` for the top level, `['theme']`), for "did you mean". */
function settingNames(path: PropertyKey[]): string[] {
  let schema: z.ZodType = siteSchema;
  for (const key of path) {
    while (!(schema instanceof z.ZodObject) && 'unwrap' in schema) schema = (schema as unknown as { unwrap(): z.ZodType }).unwrap();
    schema = (schema as z.ZodObject).shape[String(key)];
  }
  while (!(schema instanceof z.ZodObject) && 'unwrap' in schema) schema = (schema as unknown as { unwrap(): z.ZodType }).unwrap();
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The one site configuration: site.yaml validated, with the URL split into origin and base path. */
export interface SiteConfig extends Omit<SiteSettings, 'url'> {
  /** Origin plus base path, no trailing slash: `https://user.github.io/repo`. */
  url: string;
  origin: string;
  /** `/repo` or the empty string. */
  basePath: string;
  /** What the build warns of in site.yaml: a language without built-in strings, colours hard to read. */
  warnings: Problem[];
}

/**
 * Validates site settings; `urlOverride` (SITE_URL) replaces `url`, and `now` is the instant security.txt's
 * `expires` must be after. Throws ContentError naming the field.
 */
export function parseSite(data: unknown, { file = 'content/site.yaml', text = '', urlOverride, now = new Date() }: { file?: string; text?: string; urlOverride?: string; now?: Date } = {}): SiteConfig {
  const input = { ...(data && typeof data === 'object' ? data : {}) } as Record<string, unknown>;
  if (urlOverride) input.url = urlOverride;
  const result = siteSchema.safeParse(input);
  if (!result.success) {
    const problems: Problem[] = result.error.issues.flatMap((issue): Problem[] => {
      if (issue.code === 'unrecognized_keys') {
        const known = settingNames(issue.path);
        return issue.keys.map((key) => {
          const path = [...issue.path, key];
          const guess = didYouMean(key, known);
          const message = `unknown setting${guess ? `; did you mean "${guess}"?` : ` (known here: ${known.join(', ')})`}`;
          return { file, line: lineOfPath(text, path), field: path.join('.'), message };
        });
      }
      const field = issue.path.join('.') || undefined;
      const got = issue.path.reduce<unknown>((v, k) => (v as Record<PropertyKey, unknown> | undefined)?.[k], input);
      const line = lineOfPath(text, issue.path);
      return [{ file, field, ...(got === undefined ? missingField(text, line, String(issue.path.at(-1))) : { line, message: `${issue.message}, got ${describeValue(got)}` }) }];
    });
    throw new ContentError(problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0)));
  }
  const settings = result.data;
  const expires = settings.security?.expires;
  if (expires && expires.getTime() <= now.getTime()) {
    const field = ['security', 'expires'];
    const message = `${expires.toISOString()} is already past (the build runs at ${now.toISOString()}): security.txt must not be expired; set a date less than a year ahead`;
    throw new ContentError([{ file, line: lineOfPath(text, field), field: field.join('.'), message }]);
  }
  const stringProblems = checkStrings(settings.strings, settings.language, file, text).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (stringProblems.length) throw new ContentError(stringProblems);
  const { origin } = new URL(settings.url);
  const basePath = basePathOf(settings.url);
  return { ...settings, url: origin + basePath, origin, basePath, warnings: siteWarnings(settings, file, text) };
}

/** `strings:` overrides: each with the plural forms its language has, and only the placeholders English has. */
function checkStrings(strings: Partial<Record<StringKey, Message>>, language: string, file: string, text: string): Problem[] {
  const categories = pluralCategories(language);
  return Object.entries(strings).flatMap(([key, value]): Problem[] => {
    if (value === undefined) return [];
    const field = ['strings', key];
    const problem = (message: string): Problem[] => [{ file, line: lineOfPath(text, field), field: field.join('.'), message }];
    const english = ENGLISH[key as StringKey];
    if (typeof english === 'string' && typeof value !== 'string') return problem('expected text: this message does not count');
    if (typeof english !== 'string' && typeof value === 'string') return problem(`expected plural forms (${categories.join(', ')}), such as { one: "{n} post", other: "{n} posts" }`);
    if (typeof value !== 'string') {
      const extra = Object.keys(value).filter((c) => !categories.includes(c as Intl.LDMLPluralRule));
      if (extra.length) return problem(`${language} has no plural form ${extra.join(', ')}; its forms are ${categories.join(', ')}`);
    }
    const forms = typeof value === 'string' ? [value] : Object.values(value);
    if (forms.some((form) => !form?.trim())) return problem('must not be empty');
    const known = placeholders(english);
    const unknown = [...placeholders(value)].filter((p) => !known.has(p));
    if (unknown.length) return problem(`{${unknown[0]}} is not a value of this message; it has ${known.size ? [...known].map((p) => `{${p}}`).join(', ') : 'none'}`);
    // Every value but the count must be shown: a moved page's link, a post's date, the query searched for.
    const dropped = [...known].filter((p) => p !== 'n' && forms.some((form) => !form!.includes(`{${p}}`)));
    if (dropped.length) return problem(`must show {${dropped[0]}}, as the English "${typeof english === 'string' ? english : english.other}" does`);
    return [];
  });
}

/** The relative luminance of a #rrggbb colour (WCAG 2.2). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two #rrggbb colours, 1 to 21 (WCAG 2.2). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Warnings on valid settings: a language Masthead has no strings for, text or links below WCAG AA contrast. */
function siteWarnings(settings: SiteSettings, file: string, text: string): Problem[] {
  const warnings: Problem[] = [];
  const missing = Object.keys(ENGLISH).filter((key) => !(key in settings.strings));
  if (!builtInStrings(settings.language) && missing.length) {
    warnings.push({ file, line: lineOfPath(text, ['language']), field: 'language', message: `Masthead has no interface strings in "${settings.language}", so pages show them in English; translate them under strings: (${missing.length} of ${Object.keys(ENGLISH).length} missing, see the README)` });
  }
  const schemes = [
    { path: ['theme'], colours: settings.theme },
    { path: ['theme', 'dark'], colours: settings.theme.dark },
  ];
  for (const { path: at, colours } of schemes) {
    for (const name of ['foreground', 'accent'] as const) {
      const ratio = contrastRatio(colours[name], colours.background);
      if (ratio < 4.5) {
        const field = [...at, name];
        warnings.push({ file, line: lineOfPath(text, field) ?? lineOfPath(text, at), field: field.join('.'), message: `${colours[name]} on the background ${colours.background} has a contrast of ${ratio.toFixed(2)}:1; text needs 4.5:1 to be readable (WCAG AA)` });
      }
    }
  }
  return warnings;
}

/** Reads and validates `<contentDir>/site.yaml`; SITE_URL, when set, replaces its `url`. */
export function loadSite(contentDir = runtimeOptions().contentDir, urlOverride = runtimeOptions().siteUrl): SiteConfig {
  const file = path.join(contentDir, 'site.yaml');
  const shown = path.relative(process.cwd(), file) || file;
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new ContentError([{ file: shown, message: 'missing: every site needs a site.yaml with title, url and author' }]);
  }
  const decoded = decodeSource(bytes);
  if (!('text' in decoded)) throw new ContentError([{ file: shown, ...decoded }]);
  const { text } = decoded;
  // The same reader as a post's front matter, so a YAML mistake is reported the same way; line 1 is the `---` added.
  const parsed = parseSource(siteYamlAsFrontMatter(text), 'YAML');
  if (!('data' in parsed)) throw new ContentError([{ file: shown, line: parsed.line && parsed.line - 1, message: parsed.message }]);
  return parseSite(parsed.data, { file: shown, text, urlOverride, now: runtimeOptions().now });
}

/**
 * The site of this process's content folder, parsed once. Kept on `globalThis`: Next bundles lib/ once for
 * the pages and again for the Route Handlers.
 */
export function getSite(): SiteConfig {
  const memo = globalThis as { [key: symbol]: SiteConfig | undefined };
  const key = Symbol.for('masthead.site');
  if (runtimeOptions().watch) return loadSite();
  return (memo[key] ??= loadSite());
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The absolute URL of a site path (`/posts/a/`, without the base path), or, given `from`, of a URL as written
 * in the page at site path `from`, resolved as a browser on that page would (`../b/`, `#top`, `/repo/c.png`).
 * An absolute URL is returned as it is. Every URL that leaves the site goes through here.
 */
export function absoluteUrl(site: Pick<SiteConfig, 'url'>, url: string, from?: string): string {
  if (SCHEME.test(url)) return url;
  if (from === undefined) return site.url + (url.startsWith('/') ? url : `/${url}`);
  try {
    return new URL(url, site.url + from).href;
  } catch {
    return url;
  }
}

/** The href of a site path on the site itself: the base path prefixed, so links work under a project site. */
export function href(site: Pick<SiteConfig, 'basePath'>, sitePath: string): string {
  return site.basePath + sitePath;
}

/** Settings a user gives through the environment. The only place in lib/ that reads process.env. */
export function runtimeOptions(env: NodeJS.ProcessEnv = process.env) {
  return {
    contentDir: path.resolve(env.CONTENT_DIR ?? 'content'),
    siteUrl: env.SITE_URL || undefined,
    /** `next dev` shows drafts; MASTHEAD_DRAFTS=1 forces them on elsewhere. */
    includeDrafts: env.MASTHEAD_DRAFTS === '1' || env.NODE_ENV === 'development',
    /** `next dev` shows future posts too (labelled); MASTHEAD_FUTURE=1 forces them on elsewhere. */
    includeFuture: env.MASTHEAD_FUTURE === '1' || env.NODE_ENV === 'development',
    /** In development content is re-read on every request so edits show on reload. */
    watch: env.NODE_ENV === 'development',
    /** The instant that decides which posts are "future"; MASTHEAD_NOW pins it for reproducible builds and tests. */
    now: env.MASTHEAD_NOW ? new Date(env.MASTHEAD_NOW) : new Date(),
    cacheDir: path.resolve(env.MASTHEAD_CACHE_DIR ?? '.masthead/cache'),
  };
}
