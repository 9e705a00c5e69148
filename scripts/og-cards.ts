import type { Content } from '../lib/content';

/** Renders the Open Graph card of every post, page and tag into `dir` (issue 5 replaces this stub). */
export async function writeCards(content: Content, dir: string, options: { cacheDir?: string; log?: (line: string) => void } = {}): Promise<void> {
  void content;
  void dir;
  void options;
}
