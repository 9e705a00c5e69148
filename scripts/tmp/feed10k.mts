import { writeFileSync } from 'node:fs';
import { loadContent } from '../../lib/content';
import { buildFeed } from '../../lib/feeds';
const content = await loadContent(process.argv[2], { now: new Date('2026-01-01') });
for (const f of ['rss', 'atom', 'json'] as const) {
  const t = performance.now();
  const text = buildFeed(content, f);
  writeFileSync(`/tmp/t/feed10k.${f}`, text);
  console.log(f, (text.length / 1e6).toFixed(0), 'MB in', ((performance.now() - t) / 1000).toFixed(1), 's');
}
