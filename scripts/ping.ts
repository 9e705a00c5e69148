/**
 * `npm run ping [out]`, after a deploy: tells each WebSub hub of site.yaml's `feed.hub` of each feed of the
 * published site that changed since the last ping that hub answered, so feed readers that subscribe through
 * the hub get new posts in seconds. A hub is told with `hub.mode=publish` and `hub.url` (the feed's URL), as
 * the hubs in use read it (https://pubsubhubbub.appspot.com/, WebSub's own spec leaves publishing to the hub).
 * What each hub was told is kept in `.masthead/pings/` for each published folder; `--all` tells them of every feed, `--dry-run`
 * only lists what it would send. Exits non-zero when a hub did not accept.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mapLimit } from '../lib/map-limit';
import { FEED_FILES } from '../lib/outputs';
import { ContentError } from '../lib/problems';
import { absoluteUrl, loadSite } from '../lib/site';
import { fileFor, settingsFor } from './build-record';
import { listFiles } from './walk';

/** For each hub, the hash of each feed it was last told of, by the feed's URL. */
type PingRecord = Record<string, Record<string, string>>;

/** How long a hub has to answer. */
const TIMEOUT_MS = 30_000;

function readRecord(file: string): PingRecord {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PingRecord;
  } catch {
    return {};
  }
}

/** The feeds of the site in `outDir` (the site's and each tag's), by absolute URL, with a hash of each. */
async function feedsOf(outDir: string, siteUrl: string): Promise<Map<string, string>> {
  const names = new Set(Object.values(FEED_FILES));
  const files = (await listFiles(outDir)).map((file) => path.relative(outDir, file).split(path.sep).join('/'));
  const feeds = files.filter((file) => names.has(path.posix.basename(file)) && /^(tags\/[^/]+\/)?[^/]+$/.test(file)).sort();
  const hashes = await mapLimit(feeds, 16, async (file) => createHash('sha256').update(await readFile(path.join(outDir, file))).digest('hex'));
  return new Map(feeds.map((file, i) => [absoluteUrl({ url: siteUrl }, `/${file}`), hashes[i]]));
}

/** Tells `hub` that `feed` changed; resolves to what the hub answered, or throws why it could not be asked. */
async function publish(hub: string, feed: string): Promise<{ ok: boolean; status: string }> {
  const response = await fetch(hub, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feed }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
    redirect: 'follow',
  });
  await response.arrayBuffer().catch(() => undefined);
  return { ok: response.ok, status: `${response.status} ${response.statusText}`.trim() };
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { all: { type: 'boolean', default: false }, 'dry-run': { type: 'boolean', default: false } } });
  const outDir = path.resolve(positionals[0] ?? 'out');
  const { contentDir, siteUrl } = settingsFor(outDir);
  const site = loadSite(contentDir, siteUrl);
  const siteYaml = path.relative(process.cwd(), path.join(contentDir, 'site.yaml'));
  if (site.feed.hub.length === 0) {
    console.error(`masthead ping: ${siteYaml} names no WebSub hub; add one under feed.hub (the README's "Telling feed readers at once")`);
    return 1;
  }
  const feeds = await feedsOf(outDir, site.url).catch(() => new Map<string, string>());
  if (feeds.size === 0) {
    console.error(`masthead ping: no feed in ${path.relative(process.cwd(), outDir) || '.'}/; run npm run build first`);
    return 1;
  }
  const recordFile = fileFor('pings', outDir);
  const record = readRecord(recordFile);
  let failed = 0;
  let told = 0;
  for (const hub of site.feed.hub) {
    const last = record[hub] ?? {};
    const changed = [...feeds].filter(([url, hash]) => values.all || last[url] !== hash);
    if (changed.length === 0) {
      console.log(`masthead ping: ${hub}: no feed changed since the last ping`);
      continue;
    }
    const next: Record<string, string> = Object.fromEntries([...feeds].filter(([url]) => url in last).map(([url]) => [url, last[url]]));
    await mapLimit(changed, 4, async ([url, hash]) => {
      if (values['dry-run']) return console.log(`masthead ping: would tell ${hub} of ${url}`);
      try {
        const answer = await publish(hub, url);
        console.log(`masthead ping: ${hub} ${answer.ok ? 'took' : 'refused'} ${url}: ${answer.status}`);
        if (answer.ok) {
          next[url] = hash;
          told++;
        } else failed++;
      } catch (error) {
        failed++;
        const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
        console.log(`masthead ping: ${hub} could not be asked about ${url}: ${cause}`);
      }
    });
    record[hub] = next;
  }
  if (!values['dry-run']) {
    await mkdir(path.dirname(recordFile), { recursive: true });
    await writeFile(`${recordFile}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
    await rename(`${recordFile}.tmp`, recordFile);
  }
  console.log(`masthead ping: ${told} notification${told === 1 ? '' : 's'} taken, ${failed} failed (${feeds.size} feeds, ${site.feed.hub.length} hub${site.feed.hub.length === 1 ? '' : 's'})`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ContentError ? error.message : error);
    process.exit(1);
  },
);
