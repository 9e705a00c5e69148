/**
 * `npx tsx scripts/bench-cards.ts [corpus-dir]`: times Open Graph cards for a real blog, cold (empty
 * cache) then warm (every card cached). The corpus (default: the Node.js blog in shared/corpora) is
 * linked as posts/ of a temporary content folder with its own site.yaml. With CONTENT_DIR set, that
 * content folder (site.yaml and all) is used as it is, e.g. CONTENT_DIR=/work/fixtures-1000/content.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { loadContent } from '../lib/content';
import { writeCards } from './og-cards';

const corpus = path.resolve(process.argv[2] ?? '/work/shared/corpora/nodejs-blog');
const work = await mkdtemp(path.join(os.tmpdir(), 'masthead-cards-'));
try {
  let contentDir = process.env.CONTENT_DIR ? path.resolve(process.env.CONTENT_DIR) : '';
  if (!contentDir) {
    contentDir = path.join(work, 'content');
    await mkdir(contentDir);
    await symlink(corpus, path.join(contentDir, 'posts'));
    await writeFile(
      path.join(contentDir, 'site.yaml'),
      'title: Node.js Blog\nurl: https://nodejs.org\nauthor: Node.js\npermalink: /blog/:section/:slug/\nbrokenLinks: warn\n',
    );
  }
  // Drafts and future posts too: every file of the corpus gets a card.
  const content = await loadContent(contentDir, { now: new Date('2026-01-01T00:00:00Z'), includeDrafts: true, includeFuture: true });
  const cacheDir = path.join(work, 'cache');
  const quiet = () => {};
  for (const run of ['cold', 'warm'] as const) {
    const report = await writeCards(content, path.join(work, `out-${run}`), { cacheDir, contentDir, log: quiet });
    console.log(
      `${run}: ${report.cards} cards, ${report.rendered} rendered, ${report.cached} cached, ${(report.ms / 1000).toFixed(1)} s, ` +
        `${(report.ms / report.cards).toFixed(1)} ms/card (sharp threads: ${sharp.concurrency()}, cores: ${os.availableParallelism()}, load ${os.loadavg()[0].toFixed(2)})`,
    );
    if (report.warnings.length) console.log(`  ${report.warnings.length} warnings, first: ${report.warnings[0]}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
