/**
 * `npm run new -- "My post title"` writes content/posts/YYYY-MM-DD-my-post-title.md; `npm run new -- --page about`
 * writes content/pages/about.md. Each starts with valid front matter (a new post is a draft, as in Hugo, until
 * `draft: true` goes), and the command prints the file and its URL in `npm run dev`.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { expandPermalink } from '../lib/content/load';
import { slugify } from '../lib/content/schema';
import { ContentError } from '../lib/problems';
import { href, loadSite, runtimeOptions } from '../lib/site';

export interface NewEntry {
  /** The file written, absolute. */
  file: string;
  /** Its site path (no base path). */
  path: string;
  /** Its href on the site: the path under the base path. */
  href: string;
}

/** A YAML double-quoted string: any title is written as it reads. */
const yamlString = (value: string) => JSON.stringify(value);

/** Writes a new post (or, with `page`, a page) titled `title` into `contentDir`; throws when it exists or the title gives no slug. */
export async function newEntry(contentDir: string, { title, page = false, now = new Date() }: { title: string; page?: boolean; now?: Date }): Promise<NewEntry> {
  const clean = title.trim();
  const slug = slugify(clean);
  if (!slug) throw new Error(`expected a title with a letter or digit, got ${JSON.stringify(title)}`);
  const day = now.toISOString().slice(0, 10);
  const file = path.join(contentDir, page ? `pages/${slug}.md` : `posts/${day}-${slug}.md`);
  if (existsSync(file)) throw new Error(`${path.relative(process.cwd(), file)} exists already; choose another title`);
  const site = loadSite(contentDir);
  // `--page about` is titled "About".
  const pageTitle = clean === slug ? clean.charAt(0).toUpperCase() + clean.slice(1) : clean;
  const frontMatter = page
    ? [`title: ${yamlString(pageTitle)}`, 'description: ""']
    : [`title: ${yamlString(clean)}`, `date: ${day}`, 'description: ""', 'tags: []', 'draft: true'];
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `---\n${frontMatter.join('\n')}\n---\n\nWrite here.\n`, { flag: 'wx' });
  const sitePath = page ? `/${slug}/` : expandPermalink(site.permalink, { slug, date: new Date(`${day}T00:00:00Z`), section: '' });
  return { file, path: sitePath, href: href(site, sitePath) };
}

if (process.argv[1]?.endsWith('scripts/new.ts')) {
  const { values, positionals } = parseArgs({ options: { page: { type: 'string' } }, allowPositionals: true });
  const title = values.page ?? positionals.join(' ');
  if (!title.trim()) {
    console.error('masthead: usage: npm run new -- "My post title"   or   npm run new -- --page about');
    process.exit(1);
  }
  const { contentDir } = runtimeOptions();
  newEntry(contentDir, { title, page: values.page !== undefined }).then(
    (entry) => {
      console.log(`masthead: wrote ${path.relative(process.cwd(), entry.file)}`);
      console.log(`masthead: in npm run dev it is at http://localhost:3000${entry.href}${values.page === undefined ? ' (a draft until you remove draft: true)' : ''}`);
    },
    (error) => {
      console.error(`masthead: ${error instanceof ContentError || error instanceof Error ? error.message : error}`);
      process.exit(1);
    },
  );
}
