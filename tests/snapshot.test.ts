import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '../lib/content';
import { loadContentSnapshot, writeContentSnapshot } from '../lib/content/snapshot';

describe('content snapshot (lib/content/snapshot.ts)', async () => {
  const content = await loadContent(path.resolve('content'), { now: new Date('2026-11-23T00:00:00Z') });
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'masthead-snapshot-')), 'content.bin');
  await writeContentSnapshot(content, file);
  const back = loadContentSnapshot(file);

  it('gives back every entry with the same fields, bodies included', () => {
    expect(back.posts.length).toBeGreaterThan(3);
    for (const [sitePath, entry] of content.byPath) {
      const copy = back.byPath.get(sitePath)!;
      expect({ ...copy }, sitePath).toEqual({ ...entry });
      expect(copy.html.length, sitePath).toBeGreaterThan(0);
    }
    expect(back.site).toEqual(content.site);
    expect(back.assets).toEqual(content.assets);
  });

  it('keeps dates as dates and shared entries as one object', () => {
    const post = back.posts[0];
    expect(post.date).toBeInstanceOf(Date);
    expect(back.byPath.get(post.path)).toBe(post);
    const tag = back.tags.find((t) => t.posts.some((p) => p.path === post.path))!;
    expect(tag.posts.find((p) => p.path === post.path)).toBe(post);
  });

  it('leaves the content it was given untouched', () => {
    expect(Object.getOwnPropertyDescriptor(content.posts[0], 'html')?.value).toEqual(expect.any(String));
    expect(content.posts[0]).not.toHaveProperty('bodies');
  });
});
