/**
 * The words a page shows around the author's own (menu, reading time, pagination, 404…), in the site's
 * `language`: English here, nine more in lib/translations.ts, and any of them replaced by site.yaml `strings:`.
 * A message names its values in braces (`{n} min read`); one that counts has a form per plural category of
 * its language (Intl.PluralRules: `one`, `other`, …), `other` always among them.
 */
import { TRANSLATIONS } from './translations';

/** One message: text, or a form per plural category (`other` required) when it counts `{n}`. */
export type Message = string | ({ other: string } & Partial<Record<Intl.LDMLPluralRule, string>>);

export const ENGLISH = {
  skipLink: 'Skip to content',
  menuLabel: 'Site',
  posts: 'Posts',
  archive: 'Archive',
  tags: 'Tags',
  search: 'Search',
  searchSite: 'Search {site}',
  searchNeedsScript: 'Search runs in your browser, and needs JavaScript. Browse the posts or the tags instead.',
  searchPrompt: 'Type a word or two, then press Enter.',
  searching: 'Searching for “{query}”…',
  searchResults: { one: '{n} result for “{query}”.', other: '{n} results for “{query}”.' },
  searchNoResults: 'No results for “{query}”.',
  searchShown: 'The first {n} are shown.',
  searchFailed: 'Search is not available right now ({error}).',
  searchIn: 'In',
  readingTime: { one: '{n} min read', other: '{n} min read' },
  updated: 'Updated {date}',
  contents: 'Contents',
  morePosts: 'More posts',
  olderPost: 'Older',
  newerPost: 'Newer',
  pages: 'Pages',
  page: 'Page {n}',
  pageOf: 'Page {n} of {count}',
  newerPosts: 'Newer posts',
  olderPosts: 'Older posts',
  homeDescription: 'Posts on {site}.',
  taggedTitle: 'Posts tagged “{tag}”',
  taggedDescription: 'Posts tagged “{tag}” on {site}.',
  tagsDescription: 'Every tag on {site}, with its posts.',
  archiveDescription: 'Every post on {site}, by year.',
  postCount: { one: '{n} post', other: '{n} posts' },
  related: 'Related posts',
  series: 'Series: {series}',
  seriesPart: 'Part {n} of {count}',
  notFound: 'Page not found',
  notFoundText: 'There is nothing at this address. It may have moved, or the link may have a typo.',
  notFoundDescription: 'This page is not on {site}.',
  homePage: 'Home page',
  latestPosts: 'Latest posts',
  moved: 'This page has moved',
  movedTo: 'It is now at {link}.',
  feeds: 'Follow by',
  draft: 'Draft',
  scheduled: 'Scheduled',
} satisfies Record<string, Message>;

export type StringKey = keyof typeof ENGLISH;
export type Strings = Record<StringKey, Message>;

/** The languages with built-in strings: English and those of lib/translations.ts. */
export const LANGUAGES = ['en', ...Object.keys(TRANSLATIONS)] as const;

/**
 * The built-in strings of a language tag (`pt-BR` reads `pt`), or undefined when Masthead has none. Chinese
 * is Simplified: `zh-Hant`, `zh-TW`, `zh-HK` and `zh-MO` have none.
 */
export function builtInStrings(language: string): Strings | undefined {
  const [primary, ...rest] = language.toLowerCase().split('-');
  if (primary === 'zh' && rest.some((s) => ['hant', 'tw', 'hk', 'mo'].includes(s)) && !rest.includes('hans')) return undefined;
  if (primary === 'en') return ENGLISH;
  return (TRANSLATIONS as Record<string, Strings>)[primary];
}

/** The plural category names of a language, for checking a `strings:` override. */
export function pluralCategories(language: string): Intl.LDMLPluralRule[] {
  return new Intl.PluralRules(language).resolvedOptions().pluralCategories;
}

/** The strings of a site: its language's (English when there are none), each override of `strings:` in place. */
export function siteStrings(language: string, overrides: Partial<Strings> = {}): Strings {
  return { ...(builtInStrings(language) ?? ENGLISH), ...overrides };
}

const rules = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

function numberFormat(language: string): Intl.NumberFormat {
  let format = numbers.get(language);
  if (!format) numbers.set(language, (format = new Intl.NumberFormat(language)));
  return format;
}

/**
 * A message with its values filled in: `{n}` picks the plural form and is written in the language's digits.
 * Numbers are written as the language writes them (1,042; 1.042). A placeholder without a value is left as written.
 */
export function translate(strings: Strings, language: string, key: StringKey, values: Record<string, string | number> = {}): string {
  const message = strings[key];
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const n = typeof values.n === 'number' ? values.n : 0;
    let rule = rules.get(language);
    if (!rule) rules.set(language, (rule = new Intl.PluralRules(language)));
    text = message[rule.select(n)] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numberFormat(language).format(value) : value;
  });
}

/** A translator bound to a site's strings and language. */
export function translator(strings: Strings, language: string) {
  return (key: StringKey, values?: Record<string, string | number>) => translate(strings, language, key, values);
}

/** The placeholders a message names (each form's), so an override can be checked against English. */
export function placeholders(message: Message): Set<string> {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  return new Set(texts.flatMap((t) => [...(t ?? '').matchAll(/\{(\w+)\}/g)].map((m) => m[1])));
}

const bySite = new WeakMap<object, ReturnType<typeof translator>>();

/** The translator of a site: its language's strings with its `strings:` overrides. */
export function siteTranslator(site: { language: string; strings: Partial<Strings> }) {
  let t = bySite.get(site);
  if (!t) bySite.set(site, (t = translator(siteStrings(site.language, site.strings), site.language)));
  return t;
}
