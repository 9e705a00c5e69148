/**
 * How a build puts its site in place: whole, on any file system, and back after a stop between its renames; and
 * public/, which Masthead empties only where it wrote it.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyPublic } from '@/lib/beside-pages';
import { ContentError } from '@/lib/problems';
import { publish, recoverPublished } from '@/scripts/publish';

const dirs: string[] = [];
async function site(root: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(root, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return dir;
}
const tree = async (dir: string) => Object.fromEntries(await Promise.all((await readdir(dir, { recursive: true, withFileTypes: true })).filter((d) => d.isFile()).map(async (d) => [path.relative(dir, path.join(d.parentPath, d.name)), await readFile(path.join(d.parentPath, d.name), 'utf8')])));
const temp = async (parent: string) => {
  const dir = await mkdtemp(path.join(parent, 'masthead-publish-'));
  dirs.push(dir);
  return dir;
};

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('publish', () => {
  it('replaces the site whole, leaving nothing beside it', async () => {
    const root = await temp(os.tmpdir());
    const out = await site(root, 'out', { 'index.html': 'old', 'gone.html': 'old' });
    const exported = await site(root, 'export', { 'index.html': 'new', 'posts/a/index.html': 'a' });
    await publish(exported, out);
    expect(await tree(out)).toEqual({ 'index.html': 'new', 'posts/a/index.html': 'a' });
    expect((await readdir(root)).sort()).toEqual(['out']);
  });

  it('publishes to another file system, where a rename cannot reach', async () => {
    const other = await temp('/dev/shm');
    const root = await temp(os.tmpdir());
    // The case holds only where the two are different file systems, as they are on these machines.
    expect((await stat(other)).dev).not.toBe((await stat(root)).dev);
    const out = await site(other, 'out', { 'index.html': 'old' });
    const exported = await site(root, 'export', { 'index.html': 'new', 'posts/a/index.html': 'a' });
    await publish(exported, out);
    expect(await tree(out)).toEqual({ 'index.html': 'new', 'posts/a/index.html': 'a' });
    expect(await readdir(other)).toEqual(['out']);
    expect(await readdir(root)).toEqual([]);
  });
});

describe('recoverPublished', () => {
  it('puts back the last good site a build stopped between its renames left aside, and nothing else', async () => {
    const root = await temp(os.tmpdir());
    const out = path.join(root, 'out');
    await site(root, 'out.old', { 'index.html': 'last good' });
    await recoverPublished(out);
    expect(await tree(out)).toEqual({ 'index.html': 'last good' });
    // With a site in place, what is aside stays aside: the next publish deletes it.
    await site(root, 'out.old', { 'index.html': 'older' });
    await recoverPublished(out);
    expect(await tree(out)).toEqual({ 'index.html': 'last good' });
  });
});

describe('emptyPublic', () => {
  it("refuses a public/ with the author's own files, naming them, and leaves them there", async () => {
    const root = await temp(os.tmpdir());
    const dir = await site(root, 'public', { 'favicon.ico': 'icon', CNAME: 'example.com', 'img/a.png': 'a', 'b.txt': 'b', '.DS_Store': '' });
    const error = await emptyPublic(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentError);
    expect((error as ContentError).problems).toEqual([
      {
        file: `${path.relative(process.cwd(), dir)}/`,
        message: expect.stringMatching(/^holds files Masthead did not write \(CNAME, b\.txt, favicon\.ico and 1 more\): .* Move them into the content folder's static\/, .*$/),
      },
    ]);
    expect(Object.keys(await tree(dir)).sort()).toEqual(['.DS_Store', 'CNAME', 'b.txt', 'favicon.ico', 'img/a.png']);
  });

  it('empties the public/ it wrote, marking it again for npm run dev, and takes a missing one', async () => {
    const root = await temp(os.tmpdir());
    const dir = path.join(root, 'public');
    await emptyPublic(dir, true);
    await site(root, 'public', { 'posts/a/index.html.md': '# A' });
    await emptyPublic(dir, true);
    expect(Object.keys(await tree(dir))).toEqual(['.masthead']);
    await emptyPublic(dir);
    expect(await readdir(root)).toEqual([]);
    // What Masthead wrote before it marked the folder: its Markdown copies say so.
    await site(root, 'public', { 'posts/a/index.html.md': '# A', 'posts/a/cover-480w.avif': '', 'index.html.md': '# Home' });
    await emptyPublic(dir);
    expect(await readdir(root)).toEqual([]);
  });
});
