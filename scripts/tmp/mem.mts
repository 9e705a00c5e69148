import { loadContent } from '../../lib/content';
const mb = (n: number) => (n / 1e6).toFixed(0);
const show = (label: string) => { const m = process.memoryUsage(); console.log(label, 'rss', mb(m.rss), 'heapUsed', mb(m.heapUsed), 'heapTotal', mb(m.heapTotal), 'external', mb(m.external)); };
const t = performance.now();
const content = await loadContent(process.argv[2], { now: new Date('2026-01-01') });
console.log('loaded', content.posts.length, ((performance.now() - t) / 1000).toFixed(1), 's');
show('after load');
(globalThis as { gc?: () => void }).gc?.();
show('after gc');
