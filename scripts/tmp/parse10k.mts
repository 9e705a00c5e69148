import { readFileSync } from 'node:fs';
import { readFileFacts } from '../../scripts/check/file-facts';
import { leakRules } from '../../scripts/check/leaks';
const rules = leakRules({ projectDirs: [], unpublished: [], allowed: [[], [], []] });
const file = process.argv[2];
const text = readFileSync(file, 'utf8');
const t = performance.now();
const facts = await readFileFacts(file.endsWith('rss') ? 'rss.xml' : file.endsWith('atom') ? 'atom.xml' : 'feed.json', text, { rules, siteUrl: 'https://bench.example.com', itemHtml: new Map() });
console.log(file, ((performance.now() - t) / 1000).toFixed(1), 's', 'rss MB', (process.memoryUsage().rss / 1e6).toFixed(0), facts.links.length, 'links', facts.feed?.problems.length, 'problems');
