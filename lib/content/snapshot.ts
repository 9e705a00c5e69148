import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Content, Entry } from './types';

/** The large text fields of an entry, kept out of the snapshot's object graph and read when asked for. */
const BODIES = ['html', 'markdown'] as const;
type Body = (typeof BODIES)[number];

/** Where each body of an entry lies in the bodies file: [offset, length] per field of BODIES. */
type BodyRefs = Record<Body, [number, number]>;
type SnapshotEntry = Omit<Entry, Body> & { bodies: BodyRefs };

const bodiesFile = (file: string) => `${file}.bodies`;

/**
 * Loaded content as two files, for the processes of one build: `npm run build` validates and compiles
 * once, and Next's workers (which load the content in each of their phases) and the steps after the
 * export read this instead of loading every post again. The structured-clone format keeps Dates, Maps
 * and shared objects (a post in `posts`, `byPath` and its tags' lists is one object). Bodies (HTML,
 * Markdown) go to a second file and are read on access, so a worker that renders one page holds one
 * body, not ten thousand.
 */
export async function writeContentSnapshot(content: Content, file: string): Promise<void> {
  const chunks: Buffer[] = [];
  let offset = 0;
  const copies = new Map<Entry, SnapshotEntry>();
  const copy = <E extends Entry>(entry: E): E => {
    let c = copies.get(entry);
    if (!c) {
      const refs = {} as BodyRefs;
      for (const field of BODIES) {
        const bytes = Buffer.from(entry[field], 'utf8');
        chunks.push(bytes);
        refs[field] = [offset, bytes.length];
        offset += bytes.length;
      }
      const { html: _html, markdown: _markdown, ...rest } = entry;
      c = { ...rest, bodies: refs };
      copies.set(entry, c);
    }
    return c as unknown as E;
  };
  const light: Content = {
    ...content,
    posts: content.posts.map(copy),
    pages: content.pages.map(copy),
    tags: content.tags.map((tag) => ({ ...tag, posts: tag.posts.map(copy) })),
    byPath: new Map([...content.byPath].map(([p, entry]) => [p, copy(entry)])),
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(bodiesFile(file), Buffer.concat(chunks));
  await writeFile(file, serialize(light));
}

/** Reads a snapshot written by writeContentSnapshot in this build; each entry's bodies are read from disk when used. */
export function loadContentSnapshot(file: string): Content {
  const content = deserialize(readFileSync(file)) as Content;
  const fd = openSync(bodiesFile(file), 'r');
  process.once('exit', () => closeSync(fd));
  const read = ([offset, length]: [number, number]) => {
    const buffer = Buffer.allocUnsafe(length);
    readSync(fd, buffer, 0, length, offset);
    return buffer.toString('utf8');
  };
  for (const entry of new Set([...content.posts, ...content.pages, ...content.byPath.values()]) as Set<Entry & { bodies?: BodyRefs }>) {
    const refs = entry.bodies!;
    delete entry.bodies;
    for (const field of BODIES) Object.defineProperty(entry, field, { get: () => read(refs[field]), enumerable: true, configurable: true });
  }
  return content;
}

/** The files a snapshot is made of. */
export function snapshotFiles(file: string): string[] {
  return [file, bodiesFile(file)];
}
