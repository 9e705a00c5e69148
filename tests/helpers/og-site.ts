import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadContent, type Content } from '@/lib/content';

export { CJK_FONT } from '../setup/system';

/** A post written into a test content folder: file name under posts/ and its front matter. */
export interface TestPost {
  file: string;
  title: string;
  date?: string;
  tags?: string[];
  image?: string;
}

/** Writes a small content folder (site.yaml, posts, extra files) into a fresh temp dir and loads it. */
export async function makeOgSite(
  { posts, site = '', files = {} }: { posts: TestPost[]; site?: string; files?: Record<string, string | Buffer> },
): Promise<{ content: Content; contentDir: string; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-og-'));
  const contentDir = path.join(dir, 'content');
  await mkdir(path.join(contentDir, 'posts'), { recursive: true });
  await writeFile(path.join(contentDir, 'site.yaml'), `title: Test Notes\nurl: https://test.example.com\nauthor: Tester\n${site}`);
  for (const [name, data] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(contentDir, name)), { recursive: true });
    await writeFile(path.join(contentDir, name), data);
  }
  for (const post of posts) {
    const fm = [
      `title: ${JSON.stringify(post.title)}`,
      `date: ${post.date ?? '2025-01-01'}`,
      ...(post.tags ? [`tags: ${JSON.stringify(post.tags)}`] : []),
      ...(post.image ? [`image: ${post.image}`] : []),
    ];
    const file = path.join(contentDir, 'posts', post.file);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, `---\n${fm.join('\n')}\n---\n\nBody of ${post.file}.\n`);
  }
  const content = await loadContent(contentDir, { now: new Date('2026-01-01T00:00:00Z') });
  return { content, contentDir, dir };
}
