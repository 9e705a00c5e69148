import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Every file below `root` (absolute paths, in no particular order), reading a few folders at a time.
 * Node 20's `readdir(root, { recursive: true })` opens every folder at once: on a 10,000-post out/
 * (one folder a page) it ran out of file descriptors (EMFILE).
 */
export async function listFiles(root: string, concurrency = 16): Promise<string[]> {
  const files: string[] = [];
  const pending = [root];
  const lane = async (): Promise<void> => {
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) pending.push(full);
        else if (entry.isFile()) files.push(full);
      }
    }
  };
  // Lanes end when the stack is empty for them; start again until no folder is left unread.
  while (pending.length) await Promise.all(Array.from({ length: concurrency }, lane));
  return files;
}
