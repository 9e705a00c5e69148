/**
 * What each published folder was built for: its site URL (with the base path) and its content folder, kept in
 * `.masthead/builds/` (one small file a folder, named by a hash of its path), never in the published files. `npm run preview` and `npm run check`
 * read it, so a site built with `SITE_URL=https://someone.github.io/myblog` is served and checked under /myblog/
 * without repeating the setting.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface BuildRecord {
  /** The site URL it was built for: origin and base path, no trailing slash. */
  url: string;
  contentDir: string;
}

/** The file in `.masthead/<kind>/` that holds what is known of the published folder `outDir` (a hash of its path names it). */
export function fileFor(kind: 'builds' | 'pings', outDir: string): string {
  return path.resolve('.masthead', kind, `${createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16)}.json`);
}

function recordFile(outDir: string): string {
  return fileFor('builds', outDir);
}

/** What the folder at `outDir` was last built for, if a build here published it. */
export function builtFor(outDir: string): BuildRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(recordFile(outDir), 'utf8')) as BuildRecord & { outDir: string };
    return record.outDir === path.resolve(outDir) ? { url: record.url, contentDir: record.contentDir } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The content folder and site URL to serve or check `outDir` with: SITE_URL and CONTENT_DIR when given, else
 * what the folder was built for, else content/ and its site.yaml's URL.
 */
export function settingsFor(outDir: string, env: NodeJS.ProcessEnv = process.env): { contentDir: string; siteUrl?: string } {
  const built = builtFor(outDir);
  return {
    contentDir: path.resolve(env.CONTENT_DIR ?? built?.contentDir ?? 'content'),
    siteUrl: env.SITE_URL || built?.url,
  };
}

/** Notes what `outDir` was just built for (written whole, then renamed, so a reader never sees half). */
export async function recordBuild(outDir: string, record: BuildRecord): Promise<void> {
  const file = recordFile(outDir);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify({ outDir: path.resolve(outDir), ...record }, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
