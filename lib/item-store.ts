import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Feed items rendered by earlier builds, by key (lib/feeds.ts `itemKey`), so a rebuild renders the items
 * of the posts that changed and reads the rest. Synchronous: feeds are generated piece by piece.
 */
export interface ItemStore {
  get(key: string): string | undefined;
  set(key: string, text: string): void;
}

/** A store in a folder (`<dir>/<2 hex>/<key>.txt`); a file that can't be read or written is a miss, never an error. */
export function folderItemStore(dir: string): ItemStore {
  const file = (key: string) => path.join(dir, key.slice(0, 2), `${key}.txt`);
  const made = new Set<string>();
  return {
    get(key) {
      try {
        return readFileSync(file(key), 'utf8');
      } catch {
        return undefined;
      }
    },
    set(key, text) {
      const target = file(key);
      try {
        const folder = path.dirname(target);
        if (!made.has(folder)) mkdirSync(folder, { recursive: true });
        made.add(folder);
        // Write then rename: a build stopped half-way, or another process, never reads half an item.
        const temp = `${target}.${process.pid}.tmp`;
        writeFileSync(temp, text);
        renameSync(temp, target);
      } catch {
        // The cache only saves time: a failed write means the item is rendered again next build.
      }
    },
  };
}
