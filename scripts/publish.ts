/**
 * How a build puts its site in place (scripts/build.ts): whole, or not at all. The exported site is moved beside
 * the published one first, on its file system (copied where `--out` is on another one), then the two are swapped
 * with two renames. A build stopped between those leaves the last good site under `<out>.old`, and the next
 * build puts it back before anything else.
 */
import { cp, mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

const exists = (dir: string) => stat(dir).then(() => true, () => false);

/** Puts the last good site back at `outDir` where a build stopped between the renames of publish left it aside. */
export async function recoverPublished(outDir: string): Promise<void> {
  if (!(await exists(outDir)) && (await exists(`${outDir}.old`))) await rename(`${outDir}.old`, outDir);
}

/** Publishes the site in `exported` at `outDir`, replacing the one there; `exported` is gone after. */
export async function publish(exported: string, outDir: string): Promise<void> {
  const [staged, old] = [`${outDir}.new`, `${outDir}.old`];
  await Promise.all([rm(staged, { recursive: true, force: true }), rm(old, { recursive: true, force: true })]);
  await mkdir(path.dirname(outDir), { recursive: true });
  await rename(exported, staged).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EXDEV') throw error;
    await cp(exported, staged, { recursive: true });
    await rm(exported, { recursive: true, force: true });
  });
  await rename(outDir, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(staged, outDir);
  await rm(old, { recursive: true, force: true });
}
