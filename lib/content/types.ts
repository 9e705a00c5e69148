import type { Heading } from '../markdown';
import type { CopySpan } from '../markdown-urls';
import type { Problem } from '../problems';
import type { SiteConfig } from '../site';

export interface Author {
  name: string;
  url?: string;
  email?: string;
}

export interface TagRef {
  slug: string;
  name: string;
}

interface EntryBase {
  /** Content-relative source path, e.g. `posts/hello.md`. */
  file: string;
  slug: string;
  /** Site path with a trailing slash and no base path, e.g. `/posts/hello/`. */
  path: string;
  title: string;
  description: string;
  /** True when the description was derived from the first paragraph. */
  descriptionDerived: boolean;
  updated?: Date;
  /** Why a production build leaves it out: set only where drafts or future posts are shown (`npm run dev`). */
  unpublished?: Exclude<UnpublishedEntry['why'], 'expired'>;
  /** Site path of the cover image, when front matter names one. */
  image?: { href: string; source?: string; width?: number; height?: number };
  authors: Author[];
  /** Absolute canonical URL when the author set one (a post first published elsewhere). */
  canonical?: string;
  /** Sanitised HTML; internal URLs carry the base path. */
  html: string;
  /** The same HTML for feeds: every URL absolute. */
  feedHtml: string;
  /** The rules of the classes that stand for the body's inline styles (lib/styles.ts), for the page's head. */
  css: string;
  /** The Markdown body as written. */
  markdown: string;
  /** Where each relative URL is written in `markdown` (from the compile); absent on hand-made content. */
  copySpans?: CopySpan[];
  /** Every URL written in the body → site path or external URL it resolved to. */
  links: Record<string, string>;
  wordCount: number;
  readingMinutes: number;
  headings: Heading[];
  /** True when the body has math: the page links KaTeX's stylesheet. */
  math: boolean;
  /** Every front-matter key as written, unknown ones included. */
  data: Record<string, unknown>;
}

export interface Post extends EntryBase {
  kind: 'post';
  date: Date;
  /** The series the post belongs to (front matter `series`), usually one. */
  series: string[];
  /** The folder under `posts/` holding the post or its bundle ('' at the top). */
  section: string;
  tags: TagRef[];
}

export interface Page extends EntryBase {
  kind: 'page';
  date?: Date;
  tags: TagRef[];
  /** Its place in the default menu (label and order), or undefined with `menu: false`. */
  menu?: { label: string; weight?: number };
}

/** An entry of the site menu: a site path (no base path) or a URL elsewhere. */
export interface MenuItem {
  label: string;
  href: string;
  external: boolean;
}

export type Entry = Post | Page;

export interface Tag extends TagRef {
  /** Newest first. */
  posts: Post[];
}

/** A file copied into the site as it is (an image beside a post). */
export interface Asset {
  source: string;
  path: string;
  /** Set when a page shows it as a `<picture>`: its pixel width, which decides its variants (lib/images.ts). */
  picture?: { width: number };
}

export interface Content {
  site: SiteConfig;
  /** The content folder, absolute: the paths site.yaml names (logo, icon, fonts) are relative to it. */
  contentDir: string;
  /** Published posts, newest first (ties by path). */
  posts: Post[];
  /** Pages sorted by path. */
  pages: Page[];
  /** Tags sorted by slug. */
  tags: Tag[];
  /** The site menu: site.yaml `menu`, or posts, archive, tags and the pages. */
  menu: MenuItem[];
  /** The content folder's custom.css, when it has one (published at CUSTOM_CSS_PATH, linked after the theme's): a short hash for its URL, and its integrity. */
  customCss?: { version: string; integrity: string };
  /** Every entry by site path. */
  byPath: Map<string, Entry>;
  /** The files beside posts and pages that they use, published at their site paths. */
  assets: Asset[];
  /** Every file of the content folder's static/ (dot-folders included), published as it is at the same path. */
  staticFiles: Asset[];
  /** Non-fatal notes for the author (broken links under `brokenLinks: warn`). */
  warnings: string[];
  /** Drafts and future posts this build leaves out, sorted by path: the check makes sure none of them leaks. */
  unpublished: UnpublishedEntry[];
  /** Old URLs and where they lead, sorted by old path (front matter `aliases` and `redirect_from`, site.yaml `redirects`). */
  redirects: Redirect[];
  /** What is wrong with the files left out: always empty but in a lenient load (`npm run dev`), which does not throw. */
  problems: Problem[];
}

/** An old URL answered with a redirect: where it was written, and where it now leads. */
export interface Redirect {
  /** The old site path: `/old/` (a folder's index.html) or `/old.html` (a file). */
  from: string;
  /** A site path of this site, or an absolute URL elsewhere. */
  to: string;
  /** The file that asks for it: a post or page, or site.yaml. */
  file: string;
}

/** An entry the build leaves out, and why (a draft dated in the future counts as a draft). */
export interface UnpublishedEntry {
  slug: string;
  path: string;
  why: 'draft' | 'future' | 'expired';
}
