/**
 * Post images and per-page files (tag feeds, Markdown copies, the parts of a split sitemap). In a build,
 * a process of its own writes them (scripts/build.ts, scripts/child.ts) from the build's content snapshot,
 * into a folder that scripts/post-export.ts moves into out/: at 10,000 posts the tag feeds grow a heap
 * by a gigabyte.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Content } from '../lib/content';
import { loadContentSnapshot } from '../lib/content/snapshot';
import { buildItemStore, keptFilesDir } from '../lib/item-store';
import type { PathFile } from '../lib/outputs';
import { runtimeOptions } from '../lib/site';
import { answerParent } from './child';

/** Copies every image and file the published posts reference into `outDir`. */
export async function copyAssets(content: Content, outDir: string): Promise<void> {
  await Promise.all(
    content.assets.map(async (asset) => {
      const target = path.join(path.resolve(outDir), asset.path);
      if (!target.startsWith(path.resolve(outDir) + path.sep)) throw new Error(`Refusing to write outside ${outDir}: ${asset.path}`);
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(asset.source, target);
    }),
  );
}

/**
 * Writes generated files at their site paths below `dir`, refusing any path that would leave it. Takes
 * them as they are generated, a few writes in flight: at 10,000 posts the tag feeds alone would be
 * gigabytes if all were held at once. With `reuse`, a folder of files by key (PathFile `key`), a file whose
 * key is there is copied from it without being rendered, and the others are kept there for the next build;
 * the folder ends up holding the files of this build only.
 */
export async function writePathFiles(dir: string, files: Iterable<PathFile>, reuse?: string): Promise<void> {
  const root = path.resolve(dir);
  const inFlight = new Set<Promise<void>>();
  const used = new Set<string>();
  for (const file of files) {
    const target = path.join(root, file.path);
    if (!target.startsWith(root + path.sep)) throw new Error(`Refusing to write outside ${root}: ${file.path}`);
    const kept = reuse && file.key ? path.join(reuse, file.key) : undefined;
    if (kept) used.add(file.key!);
    // Rendered here, in the generator's order (a tag feed renderer keeps one format's items at a time).
    const reused = kept !== undefined && existsSync(kept);
    const contents = reused ? undefined : file.contents;
    const write = mkdir(path.dirname(target), { recursive: true })
      .then(async () => {
        if (reused && (await copyFile(kept, target).then(() => true, () => false))) return;
        await writeFile(target, contents ?? file.contents);
        if (kept) await keep(target, kept);
      })
      .finally(() => inFlight.delete(write));
    inFlight.add(write);
    if (inFlight.size >= 16) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (reuse) await Promise.all((await readdir(reuse).catch(() => [])).filter((name) => !used.has(name)).map((name) => rm(path.join(reuse, name), { force: true })));
}

/** Copies `file` to `kept` through a temporary name, so a build stopped half-way never leaves half a file there. */
async function keep(file: string, kept: string): Promise<void> {
  try {
    await mkdir(path.dirname(kept), { recursive: true });
    const temp = `${kept}.${process.pid}.tmp`;
    await copyFile(file, temp);
    await rename(temp, kept);
  } catch {
    // Kept files only save time.
  }
}

/** Post images and the per-page files (tag feeds, Markdown copies, the parts of a split sitemap). */
export async function writeFiles(content: Content, dir: string, env: NodeJS.ProcessEnv): Promise<void> {
  const { generatePathFiles } = await import('../lib/outputs');
  await copyAssets(content, dir);
  await writePathFiles(dir, generatePathFiles(content, buildItemStore(env)), keptFilesDir(env));
}

answerParent(import.meta.filename, async (dir: string) => {
  const { contentSnapshot } = runtimeOptions();
  if (!contentSnapshot) throw new Error('scripts/write-files.ts runs as part of npm run build');
  await writeFiles(loadContentSnapshot(contentSnapshot), dir, process.env);
});
