import { runtimeOptions } from '../site';
import { loadContent } from './load';
import type { Content } from './types';

export type * from './types';
export { loadContent } from './load';

let content: Promise<Content> | undefined;

/** Every published post and page, newest first. Read once per process; re-read per call in `next dev`. */
export function getContent(): Promise<Content> {
  const options = runtimeOptions();
  if (options.watch) return loadContent(options.contentDir, options);
  content ??= loadContent(options.contentDir, options);
  return content;
}
