import { existsSync } from 'node:fs';
import path from 'node:path';

/** A pinned "now" so which posts count as future never depends on the day the tests run. */
export const TEST_NOW = '2026-11-23T00:00:00Z';

export const TEST_BUILDS_DIR = path.resolve('.masthead/test-builds');

/** The edited copy of the sample content the rebuild tests publish (see EDIT). */
export const EDITED_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'edited-content');

/** A copy of the sample content whose site.yaml keeps the client runtime (`clientRuntime: true`). */
export const RUNTIME_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'runtime-content');

/** A site of two posts without tags and no page: the dynamic routes of tags have no param. */
export const UNTAGGED_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'untagged-content');

/** A site.yaml and nothing else: what an author has after deleting the samples. */
export const EMPTY_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'empty-content');

/** The sample with what a site publishes beside its posts: static files, and the security, identity and hub settings (EXTRAS). */
export const EXTRAS_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'extras-content');

/** What the extras build adds to the sample: its static files (path in static/ → bytes) and its site.yaml settings. */
export const EXTRAS = {
  static: {
    CNAME: 'fieldnotes.example.com\n',
    'ads.txt': 'google.com, pub-0000000000000000, DIRECT, f08c47fec0942fa0\n',
    '.well-known/keybase.txt': 'I hereby claim: to be ada on keybase.\n',
    'talks/static-sites.pdf': Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    '_private/notes.txt': 'Under a folder Jekyll would drop.\n',
  } as Record<string, string | Buffer>,
  /** Left out: a system file no author means to publish. */
  systemFile: '.DS_Store',
  contact: ['mailto:security@fieldnotes.example.com', 'https://fieldnotes.example.com/about/'],
  expires: '2027-06-30T00:00:00.000Z',
  me: ['https://mastodon.social/@ada', 'https://github.com/ada'],
  did: 'did:plc:ewvi7nxzyoun6zhxrhs64oiz',
  fediverse: 'ada@mastodon.social',
  hubs: ['https://pubsubhubbub.appspot.com/', 'https://hub.example.net/websub?site=field-notes&format=any'],
  /** A post of players under `embeds: [player.vimeo.com]`: one kept, one from a host not listed, one smuggling a script. */
  players: {
    file: 'posts/2026-06-01-players.md',
    path: '/posts/players/',
    text: [
      '---',
      'title: Players',
      'date: 2026-06-01',
      'aliases: [/2026/06/01/players.html, old-players/]',
      'redirect_from: /videos/',
      '---',
      '',
      '<iframe src="https://player.vimeo.com/video/76979871" title="The new Vimeo player"></iframe>',
      '',
      '<iframe src="https://maps.example.net/embed?q=lisbon" title="A map"></iframe>',
      '',
      '<iframe src="https://player.vimeo.com/video/1" title="Smuggler" srcdoc="<script>alert(1)</script>" onload="alert(2)" sandbox="allow-top-navigation"></iframe>',
      '',
    ].join('\n'),
  },
  yaml: [
    'security:',
    '  contact: [mailto:security@fieldnotes.example.com, https://fieldnotes.example.com/about/]',
    '  expires: 2027-06-30T00:00:00Z',
    '  policy: /about/',
    '  preferredLanguages: [en, es]',
    'identity:',
    '  me: [https://mastodon.social/@ada, https://github.com/ada]',
    '  bluesky: did:plc:ewvi7nxzyoun6zhxrhs64oiz',
    '  fediverse: "@ada@mastodon.social"',
    'feed:',
    '  hub: [https://pubsubhubbub.appspot.com/, "https://hub.example.net/websub?site=field-notes&format=any"]',
    'embeds: [player.vimeo.com]',
    'redirects:',
    '  /old-about: /about/',
    '  /feed/: https://fieldnotes.example.com/rss.xml',
  ].join('\n'),
  /** Every old URL of the extras build: the file a host serves for it, and where it leads. */
  redirects: [
    { from: '/2026/06/01/players.html', file: '2026/06/01/players.html', to: 'https://fieldnotes.example.com/posts/players/' },
    { from: '/feed/', file: 'feed/index.html', to: 'https://fieldnotes.example.com/rss.xml' },
    { from: '/old-about/', file: 'old-about/index.html', to: 'https://fieldnotes.example.com/about/' },
    { from: '/posts/old-players/', file: 'posts/old-players/index.html', to: 'https://fieldnotes.example.com/posts/players/' },
    { from: '/videos/', file: 'videos/index.html', to: 'https://fieldnotes.example.com/posts/players/' },
  ],
};

/** The sample made the author's own: German, its colours, code themes, menu and strings, a custom.css, one post a page (THEMED). */
export const THEMED_CONTENT_DIR = path.join(TEST_BUILDS_DIR, 'themed-content');

/** What the themed build sets in site.yaml (in place of the sample's language, pageSize and theme) and its custom.css. */
export const THEMED = {
  colours: {
    light: { accent: '#0f766e', background: '#fffdf7', foreground: '#1c1917' },
    dark: { accent: '#5eead4', background: '#0c0a09', foreground: '#f5f5f4' },
  },
  /** Backgrounds of the code themes, as Shiki's catppuccin-latte and catppuccin-mocha paint them. */
  codeBackgrounds: { light: '#eff1f5', dark: '#1e1e2e' },
  menu: [
    { label: 'Beiträge', href: '/' },
    { label: 'Über uns', href: '/about/' },
    { label: 'Archiv', href: '/archive/' },
    { label: 'Quelltext', href: 'https://github.com/ada/field-notes' },
  ],
  yaml: [
    'language: de',
    'pageSize: 1',
    'theme:',
    '  accent: "#0f766e"',
    '  background: "#fffdf7"',
    '  foreground: "#1c1917"',
    '  dark:',
    '    accent: "#5eead4"',
    '    background: "#0c0a09"',
    '    foreground: "#f5f5f4"',
    '  code:',
    '    light: catppuccin-latte',
    '    dark: catppuccin-mocha',
    'menu:',
    '  - label: Beiträge',
    '    path: /',
    '  - label: Über uns',
    '    page: pages/about.md',
    '  - label: Archiv',
    '    path: /archive/',
    '  - label: Quelltext',
    '    url: https://github.com/ada/field-notes',
    'strings:',
    '  readingTime: { one: "{n} Minute", other: "{n} Minuten" }',
    '  related: Mehr zum Thema',
  ].join('\n'),
  customCss: '.site-title { text-transform: uppercase; letter-spacing: 0.08em; }\n',
} as const;

/** A build of the sample stopped with Ctrl-C while Next ran, over a copy of the sample's out/ (tests/setup/build-sites.ts). */
export const INTERRUPTED_BUILD = path.join(TEST_BUILDS_DIR, 'interrupted', 'result.json');

/** The untagged site's post with a title as real files have them: a tab, a control character, runs of spaces, brackets. */
export const ODD_TITLE = { file: 'posts/2025-03-01-odd.md', yaml: '"Odd\\ttitle \\a with   runs [and] brackets"', normalised: 'Odd title with runs [and] brackets', path: '/posts/odd/' } as const;

/** What a build of broken content printed and how it ended, and the out/ it was to replace (tests/setup/build-sites.ts). */
export const BROKEN_BUILD = path.join(TEST_BUILDS_DIR, 'broken', 'result.json');

/** The change made to the copy: a post's new title (shown by its neighbours, lists and tag pages) and a new paragraph. */
export const EDIT = {
  file: 'posts/2025-09-03-writing-front-matter.md',
  oldTitle: '"Front matter: the fields & what they do"',
  newTitle: '"Front matter, field by field"',
  paragraph: 'A paragraph added after the first build, to prove the rebuild shows what changed.',
} as const;

/**
 * The sites the global setup builds once per test run, in this order, each with `npm run build -- --out
 * .masthead/test-builds/<name>/out`. `cache` names the cache folder: builds that share one see each other's
 * compiled posts and cards, as consecutive builds on one machine do.
 */
export const BUILDS = {
  /** The sample site in content/ at its own URL, from an empty cache. */
  sample: { CONTENT_DIR: 'content', SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'main' },
  /** The sample after EDIT, built with the cache `sample` left: the rebuild after an edit. */
  edited: { CONTENT_DIR: EDITED_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'main' },
  /** The sample after EDIT, from an empty cache: what the rebuild must equal byte for byte. */
  'edited-cold': { CONTENT_DIR: EDITED_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'cold' },
  /** The same content published under a path, as a GitHub Pages project site. */
  basepath: { CONTENT_DIR: 'content', SITE_URL: 'https://user.github.io/field-notes', siteUrl: 'https://user.github.io/field-notes', basePath: '/field-notes', cache: 'basepath' },
  /** The sample with `clientRuntime: true`: Next's runtime stays. */
  runtime: { CONTENT_DIR: RUNTIME_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'runtime' },
  /** Three posts, no tag, no page, `search: false`. */
  untagged: { CONTENT_DIR: UNTAGGED_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://untagged.example.com', basePath: '', cache: 'untagged' },
  /** The sample with static files and the security, identity and hub settings. */
  extras: { CONTENT_DIR: EXTRAS_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'extras' },
  /** A blog written for Jekyll, as it is: `.markdown` posts, Liquid tags, redirect_from (tests/fixtures/jekyll-blog). */
  jekyll: { CONTENT_DIR: 'tests/fixtures/jekyll-blog', SITE_URL: '', siteUrl: 'https://jekyll.example.com', basePath: '', cache: 'jekyll' },
  /** A blog written for Hugo, as it is: TOML and JSON front matter, shortcodes, aliases (tests/fixtures/hugo-blog). */
  hugo: { CONTENT_DIR: 'tests/fixtures/hugo-blog', SITE_URL: '', siteUrl: 'https://hugo.example.com', basePath: '', cache: 'hugo' },
  /** The sample as an author makes it their own (THEMED). */
  themed: { CONTENT_DIR: THEMED_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://fieldnotes.example.com', basePath: '', cache: 'themed' },
  /** No post at all. */
  empty: { CONTENT_DIR: EMPTY_CONTENT_DIR, SITE_URL: '', siteUrl: 'https://empty.example.com', basePath: '', cache: 'empty' },
} as const;

export type BuildName = keyof typeof BUILDS;

/** The two ways the sample is published, which the built-output tests read. */
export const SITE_BUILDS = ['sample', 'basepath'] as const satisfies readonly BuildName[];

/** The folder of a site built by the global setup: its `out/`, and what the setup kept of the build beside it. */
export function builtDir(name: BuildName): string {
  return path.join(TEST_BUILDS_DIR, name);
}

/** The `out/` folder of a site built by the global setup. */
export function builtOut(name: BuildName): string {
  const dir = path.join(builtDir(name), 'out');
  if (!existsSync(dir)) throw new Error(`${dir} is missing: the global setup (tests/setup/build-sites.ts) builds it`);
  return dir;
}

/** The cache folder a build used. */
export function cacheDir(name: BuildName): string {
  return path.join(TEST_BUILDS_DIR, 'cache', BUILDS[name].cache);
}
