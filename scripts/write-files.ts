/**
 * Writes the post images and per-page files of a build into the folder given as its argument, from the
 * build's content snapshot, in a process of its own (scripts/build.ts, scripts/child.ts).
 */
import { loadContentSnapshot } from '../lib/content/snapshot';
import { runtimeOptions } from '../lib/site';
import { writeFiles } from './build';
import { answerParent } from './child';

answerParent(import.meta.filename, async () => {
  const { contentSnapshot } = runtimeOptions();
  const dir = process.argv[2];
  if (!contentSnapshot || !dir) throw new Error('scripts/write-files.ts runs as part of npm run build');
  await writeFiles(loadContentSnapshot(contentSnapshot), dir, process.env);
});
