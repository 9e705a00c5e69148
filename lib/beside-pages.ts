/**
 * What no route can write: the files the author put beside posts (and the responsive variants of their
 * images), each page's Markdown copy (they would sit below the catch-all page), KaTeX's stylesheet and
 * fonts when a page has math, and the files of the content folder's static/. `npm run build` writes them
 * into the export (scripts/post-export.ts), and `npm run dev` into public/, where `next dev` serves them
 * (lib/dev-watch.ts).
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Asset, Content } from './content/types';
import { encodeVariants, variantsOf } from './images';
import { buildMarkdownCopy } from './llms';
import { mapLimit } from './map-limit';
import { KATEX_DIR, KATEX_STYLESHEET, markdownCopyPath, STATIC_DIR, SYSTEM_FILES } from './outputs';
import { KATEX_DIST, katexStylesheet } from './stylesheets';
import { ContentError, type Problem } from './problems';

/**
 * The file that marks public/ as Masthead's: `npm run dev` writes the folder afresh at each change, and a build
 * empties it so that Next does not export what dev wrote there (drafts included).
 */
const PUBLIC_MARK = '.masthead';

/**
 * Empties public/ for `npm run dev` to write into (`mark`), or for a build. Refuses when it holds files
 * Masthead did not write, as an Astro or Next.js site keeps its own files there: they would be lost.
 */
export async function emptyPublic(dir: string, mark = false): Promise<void> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => !SYSTEM_FILES.has(name)).sort();
  // Masthead before the mark wrote none, but always a Markdown copy of each page: no other tool writes those.
  const earlier = async () => (await readdir(dir, { recursive: true })).some((file) => String(file).endsWith('index.html.md'));
  if (names.length && !names.includes(PUBLIC_MARK) && !(await earlier())) {
    const listed = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    const message = `holds files Masthead did not write (${listed}): Masthead writes this folder in \`npm run dev\` and empties it in \`npm run build\`. Move them into the content folder's static/, which publishes them at the site's root, and delete public/`;
    throw new ContentError([{ file: `${shown(dir)}/`, message }]);
  }
  await rm(dir, { recursive: true, force: true });
  if (mark) await put(dir, `/${PUBLIC_MARK}`, "Masthead's: `npm run dev` writes this folder, `npm run build` empties it. Your own files go in the content folder's static/.\n");
}

/** A file as the author's messages name it: relative to where the command runs. */
const shown = (file: string) => path.relative(process.cwd(), file) || file;

/** The file in `dir` for a site path, refusing any path that would leave it. */
export function outFile(dir: string, sitePath: string): string {
  const root = path.resolve(dir);
  const file = path.join(root, sitePath);
  if (!file.startsWith(root + path.sep)) throw new Error(`Refusing to write outside ${root}: ${sitePath}`);
  return file;
}

/** Writes `data` at a site path in `dir`. */
export async function put(dir: string, sitePath: string, data: string | Buffer | { copyOf: string }): Promise<void> {
  const file = outFile(dir, sitePath);
  await mkdir(path.dirname(file), { recursive: true });
  if (typeof data === 'object' && 'copyOf' in data) await copyFile(data.copyOf, file);
  else await writeFile(file, data);
}

/**
 * Copies the static files last, each only where `dir` has nothing yet: a static file never replaces a page or
 * a file the site writes. Throws a ContentError naming every static file that would have.
 */
async function writeStaticFiles(content: Content, dir: string): Promise<void> {
  const problems: Problem[] = [];
  await mapLimit(content.staticFiles, 16, async (file) => {
    const target = outFile(dir, file.path);
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(file.source, target, constants.COPYFILE_EXCL);
    } catch (error) {
      // EEXIST: a file is there; EISDIR: a folder; ENOTDIR: a file where the path needs a folder.
      if (!['EEXIST', 'EISDIR', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      const page = /(^|\/)index\.html$/.test(file.path) ? ` (the page ${file.path.replace(/index\.html$/, '')})` : '';
      problems.push({
        file: shown(file.source),
        message: `${file.path}${page} is also a file the site writes itself; move or rename the static file (${STATIC_DIR}/ is published as it is)`,
      });
    }
  });
  if (problems.length) throw new ContentError(problems.sort((a, b) => (a.file < b.file ? -1 : 1)));
}

/**
 * The images every page shows as a `<picture>` (lib/images.ts). A variant's name must not be a file the author
 * publishes: that is an error naming both.
 */
function pictures(content: Content): Asset[] {
  const images = content.assets.filter((a) => a.picture);
  const taken = new Map([...content.assets, ...content.staticFiles].map((a) => [a.path, a.source]));
  const problems: Problem[] = [];
  for (const asset of images) {
    for (const variant of variantsOf(asset.path, asset.picture!.width)) {
      // A file of the author's, or a size of another image (`chart.png` and `chart.jpg` both make `chart-800w.avif`):
      // the first name they share is enough to say.
      const other = taken.get(variant.path);
      if (other) {
        problems.push({ file: shown(other), message: `${variant.path} is the name of a size of ${shown(asset.source)} the site publishes; rename one of them` });
        break;
      }
      taken.set(variant.path, asset.source);
    }
  }
  if (problems.length) throw new ContentError(problems);
  return images;
}

/** Writes the variants of each image, encoded or read from the cache; with `cachedOnly`, only where all are cached, and returns the other images. */
async function writeVariants(images: Asset[], dir: string, cachedOnly = false): Promise<Asset[]> {
  const left: Asset[] = [];
  // Two at a time: sharp already spreads one encode over every core.
  await mapLimit(images, 2, async (asset) => {
    const variants = await encodeVariants(asset.source, asset.path, asset.picture!.width, cachedOnly);
    if (!variants) left.push(asset);
    for (const variant of variants ?? []) await put(dir, variant.path, variant.data);
  });
  return left;
}

/** KaTeX's stylesheet and its fonts in WOFF2 (lib/stylesheets.ts). */
async function writeKatex(dir: string): Promise<void> {
  await put(dir, KATEX_STYLESHEET, katexStylesheet().css);
  const fonts = (await readdir(path.join(KATEX_DIST, 'fonts'))).filter((f) => f.endsWith('.woff2'));
  await mapLimit(fonts, 16, (font) => put(dir, `${KATEX_DIR}fonts/${font}`, { copyOf: path.join(KATEX_DIST, 'fonts', font) }));
}

/**
 * What no route can write: the files the author put beside posts and the sizes of their images, each page's
 * Markdown copy, and the static files. With `encodeAfter`, the images whose sizes are not in the cache are
 * encoded last, once it settles: `npm run dev` serves its first page before (lib/dev-watch.ts).
 */
export async function writeBesidePages(content: Content, dir: string, encodeAfter?: PromiseLike<unknown>): Promise<void> {
  await mapLimit(content.assets, 16, (asset) => put(dir, asset.path, { copyOf: asset.source }));
  const later = await writeVariants(pictures(content), dir, encodeAfter !== undefined);
  if ([...content.posts, ...content.pages].some((entry) => entry.math)) await writeKatex(dir);
  await mapLimit([...content.posts, ...content.pages], 16, (entry) => put(dir, markdownCopyPath(entry), buildMarkdownCopy(entry, content)));
  await writeStaticFiles(content, dir);
  if (later.length) {
    await encodeAfter;
    await writeVariants(later, dir);
  }
}
