import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { Content } from './types';

/**
 * Loaded content as one file, for the processes of one build: `npm run build` validates and compiles
 * once, and Next's workers (which load the content in each of their phases) and the steps after the
 * export read this instead of loading every post again. The structured-clone format keeps Dates, Maps
 * and shared objects (a post in `posts`, `byPath` and its tags' lists is one object).
 */
export async function writeContentSnapshot(content: Content, file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, serialize(content));
}

/** Reads a snapshot written by writeContentSnapshot in this build. */
export function loadContentSnapshot(file: string): Content {
  return deserialize(readFileSync(file)) as Content;
}
