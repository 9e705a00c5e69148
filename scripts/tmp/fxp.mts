import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
const text = readFileSync(process.argv[2], 'utf8');
let t = performance.now();
XMLValidator.validate(text);
console.log('validate', ((performance.now() - t) / 1000).toFixed(1));
t = performance.now();
const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, trimValues: true }).parse(text);
console.log('parse', ((performance.now() - t) / 1000).toFixed(1), 'rss MB', (process.memoryUsage().rss / 1e6).toFixed(0), Object.keys(doc));
