/**
 * What a site publishes beside its pages and feeds: the author's static files, /.well-known/ (security.txt,
 * atproto-did, WebFinger), the identity links, and WebSub (the hubs in every feed, and `npm run ping`), read
 * from the extras build as their clients read them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import type { Element } from 'hast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentError } from '@/lib/problems';
import { loadContent } from '@/lib/content';
import { parseSite } from '@/lib/site';
import { securityTxt, webfinger, wellKnownNames } from '@/lib/well-known';
import { inspectSite } from '../scripts/check';
import { serveStatic } from '../scripts/static-server';
import { builtOut, EXTRAS, EXTRAS_CONTENT_DIR, TEST_NOW } from './helpers/builds';
import { freePort } from './helpers/net';
import { readSecurityTxt } from './helpers/security-txt';
import { runBuild } from './setup/build-sites';

const SITE = 'https://fieldnotes.example.com';
const out = () => builtOut('extras');

/** Every file below `dir`, as sorted POSIX paths. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** The `rel="hub"` links of an RSS or Atom file, as Python's feedparser (Debian's python3-feedparser) reads them. */
function feedparserHubs(file: string): string[] {
  const script = 'import feedparser, json, sys\nd = feedparser.parse(sys.argv[1])\nassert not d.bozo, d.bozo_exception\nprint(json.dumps([l["href"] for l in d.feed.links if l.get("rel") == "hub"]))';
  const result = spawnSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`feedparser could not read ${file}: ${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

/** The elements of an HTML document named `tag` whose attributes match `where`. */
function elements(html: string, tag: string, where: (e: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html), 'element', (e: Element) => {
    if (e.tagName === tag && where(e)) found.push(e);
  });
  return found;
}

describe('static files (content/static/)', () => {
  it('are published byte for byte at the same path, dot-folders included; system files are not', () => {
    for (const [name, bytes] of Object.entries(EXTRAS.static)) {
      expect(readFileSync(path.join(out(), name)).equals(Buffer.from(bytes)), name).toBe(true);
    }
    expect(files(out()).filter((f) => f.endsWith(EXTRAS.systemFile))).toEqual([]);
  });

  it('are in no sitemap, feed or llms.txt', () => {
    const machine = ['sitemap.xml', 'rss.xml', 'atom.xml', 'feed.json', 'llms.txt', 'llms-full.txt'].map((f) => readFileSync(path.join(out(), f), 'utf8')).join('\n');
    for (const name of Object.keys(EXTRAS.static)) expect(machine, name).not.toContain(`${SITE}/${name}`);
  });

  it('get a .nojekyll, so GitHub Pages keeps /.well-known/ and /_private/; a site without such folders gets none', () => {
    expect(existsSync(path.join(out(), '.nojekyll'))).toBe(true);
    expect(files(builtOut('sample')).filter((f) => f.split('/').some((part) => /^[._]/.test(part)))).toEqual([]);
    expect(existsSync(path.join(builtOut('sample'), '.nojekyll'))).toBe(false);
  });

  it('are link targets for the check like any other file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-static-links-'));
    try {
      await cp(out(), dir, { recursive: true });
      const about = path.join(dir, 'about', 'index.html');
      const html = readFileSync(about, 'utf8').replace('</main>', '<p><a href="/talks/static-sites.pdf">Slides</a> <a href="/talks/gone.pdf">Gone</a></p></main>');
      await writeFile(about, html);
      const report = await inspectSite(dir, { contentDir: EXTRAS_CONTENT_DIR, siteUrl: SITE });
      const links = report.findings.filter((f) => f.check === 'links' && f.page === '/about/');
      expect(links.map((f) => f.severity)).toEqual(['error']);
      expect(links[0].message).toContain('/talks/gone.pdf');
      expect(report.findings.filter((f) => f.severity === 'error' && !(f.check === 'links' && f.page === '/about/'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('/.well-known/', () => {
  it('security.txt follows RFC 9116, with the contacts, the expiry written in site.yaml and its own canonical URL', () => {
    const text = readFileSync(path.join(out(), '.well-known/security.txt'), 'utf8');
    const { fields, errors } = readSecurityTxt(text, new Date(TEST_NOW));
    expect(errors).toEqual([]);
    expect(fields.get('contact')).toEqual(EXTRAS.contact);
    expect(fields.get('expires')).toEqual([EXTRAS.expires]);
    expect(fields.get('canonical')).toEqual([`${SITE}/.well-known/security.txt`]);
    expect(fields.get('policy')).toEqual([`${SITE}/about/`]);
    expect(fields.get('preferred-languages')).toEqual(['en, es']);
  });

  it('atproto-did holds the DID alone, as Bluesky reads a handle', () => {
    expect(readFileSync(path.join(out(), '.well-known/atproto-did'), 'utf8')).toBe(EXTRAS.did);
  });

  it('webfinger answers for the fediverse account with its profile and its ActivityPub actor', () => {
    const jrd = JSON.parse(readFileSync(path.join(out(), '.well-known/webfinger'), 'utf8')) as { subject: string; links: { rel: string; type: string; href: string }[] };
    expect(jrd.subject).toBe(`acct:${EXTRAS.fediverse}`);
    const [user, host] = EXTRAS.fediverse.split('@');
    expect(jrd.links.find((l) => l.rel === 'self')).toEqual({ rel: 'self', type: 'application/activity+json', href: `https://${host}/users/${user}` });
    expect(jrd.links.find((l) => l.rel === 'http://webfinger.net/rel/profile-page')?.href).toBe(`https://${host}/@${user}`);
  });

  it('is served by npm run preview with the type each client expects', async () => {
    const server = await serveStatic(out(), { port: 0 });
    try {
      for (const [file, type] of [
        ['security.txt', 'text/plain; charset=utf-8'],
        ['atproto-did', 'text/plain; charset=utf-8'],
        ['webfinger', 'application/jrd+json'],
        ['keybase.txt', 'text/plain; charset=utf-8'],
      ]) {
        const response = await fetch(`${server.origin}/.well-known/${file}?resource=acct:${EXTRAS.fediverse}`);
        expect([response.status, response.headers.get('content-type')], file).toEqual([200, type]);
        expect(Buffer.from(await response.arrayBuffer()).equals(readFileSync(path.join(out(), '.well-known', file))), file).toBe(true);
      }
    } finally {
      await server.close();
    }
  });

  it('has nothing of a site that asks for none', () => {
    expect(existsSync(path.join(builtOut('sample'), '.well-known'))).toBe(false);
  });
});

describe('identity', () => {
  it('puts every rel="me" link in the head of every page, and the fediverse creator', () => {
    const pages = files(out()).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const html = readFileSync(path.join(out(), page), 'utf8');
      const me = elements(html, 'link', (e) => String(e.properties.rel) === 'me').map((e) => e.properties.href);
      expect(me, page).toEqual(EXTRAS.me);
      const creator = elements(html, 'meta', (e) => e.properties.name === 'fediverse:creator').map((e) => e.properties.content);
      expect(creator, page).toEqual([`@${EXTRAS.fediverse}`]);
    }
  });
});

describe('WebSub', () => {
  it('announces every hub in the RSS and Atom feeds of the site and of each tag (read by feedparser)', () => {
    const feeds = files(out()).filter((f) => /^(tags\/[^/]+\/)?(rss|atom)\.xml$/.test(f));
    expect(feeds.length).toBeGreaterThan(4);
    for (const feed of feeds) expect(feedparserHubs(path.join(out(), feed)), feed).toEqual(EXTRAS.hubs);
    expect(feedparserHubs(path.join(builtOut('sample'), 'rss.xml'))).toEqual([]);
  });

  it('lists the hubs in every JSON Feed', () => {
    const feeds = files(out()).filter((f) => /^(tags\/[^/]+\/)?feed\.json$/.test(f));
    for (const feed of feeds) {
      const json = JSON.parse(readFileSync(path.join(out(), feed), 'utf8')) as { hubs?: unknown };
      expect(json.hubs, feed).toEqual(EXTRAS.hubs.map((url) => ({ type: 'WebSub', url })));
    }
  });

  describe('npm run ping, against hubs on the loopback address', () => {
    const received: { hub: string; mode: string | null; url: string | null }[] = [];
    const status = { a: 204, b: 204 };
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        const hub = request.url === '/a' ? 'a' : 'b';
        received.push({ hub, mode: form.get('hub.mode'), url: form.get('hub.url') });
        response.writeHead(request.headers['content-type'] === 'application/x-www-form-urlencoded' ? status[hub] : 415).end();
      });
    });
    let work: string;
    let site: string;
    let content: string;

    beforeAll(async () => {
      const port = await freePort();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      work = await mkdtemp(path.join(os.tmpdir(), 'masthead-ping-'));
      site = path.join(work, 'out');
      content = path.join(work, 'content');
      await cp(out(), site, { recursive: true });
      await mkdir(content);
      await writeFile(path.join(content, 'site.yaml'), `title: Field Notes\nurl: ${SITE}\nauthor: Ada\nfeed:\n  hub: [http://127.0.0.1:${port}/a, http://127.0.0.1:${port}/b]\n`);
    });
    afterAll(async () => {
      server.close();
      await rm(work, { recursive: true, force: true });
      const { fileFor } = await import('../scripts/build-record');
      await rm(fileFor('pings', site), { force: true });
    });

    /** Runs `npm run ping` on the copy and returns its exit code and what the hubs received. */
    async function ping(): Promise<{ code: number | null; got: typeof received }> {
      received.length = 0;
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ping.ts', site], { env: { ...process.env, CONTENT_DIR: content }, stdio: 'ignore' });
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { code, got: [...received].sort((x, y) => (x.hub + x.url < y.hub + y.url ? -1 : 1)) };
    }

    const feedUrls = () => files(site).filter((f) => /^(tags\/[^/]+\/)?(rss\.xml|atom\.xml|feed\.json)$/.test(f)).map((f) => `${SITE}/${f}`);

    it('tells each hub of every feed the first time, with hub.mode=publish and the feed URL', async () => {
      const { code, got } = await ping();
      expect(code).toBe(0);
      const expected = ['a', 'b'].flatMap((hub) => feedUrls().map((url) => ({ hub, mode: 'publish', url })));
      expect(got).toEqual(expected.sort((x, y) => (x.hub + x.url < y.hub + y.url ? -1 : 1)));
    });

    it('then of nothing while no feed changed, and of just the feed that changed', async () => {
      expect(await ping()).toEqual({ code: 0, got: [] });
      await appendFile(path.join(site, 'tags/writing/rss.xml'), '<!-- changed -->\n');
      expect(await ping()).toEqual({ code: 0, got: ['a', 'b'].map((hub) => ({ hub, mode: 'publish', url: `${SITE}/tags/writing/rss.xml` })) });
    });

    it('fails when a hub refuses, and tells that hub again next time', async () => {
      status.b = 500;
      await appendFile(path.join(site, 'atom.xml'), '<!-- changed -->\n');
      const refused = await ping();
      expect(refused.code).toBe(1);
      expect(refused.got.map((r) => r.hub)).toEqual(['a', 'b']);
      status.b = 204;
      expect(await ping()).toEqual({ code: 0, got: [{ hub: 'b', mode: 'publish', url: `${SITE}/atom.xml` }] });
    });
  });
});

describe('settings that are wrong', () => {
  const base = { title: 'T', url: SITE, author: 'Ada' };
  const problemsOf = (settings: Record<string, unknown>, text = '') => {
    try {
      parseSite({ ...base, ...settings }, { text, now: new Date(TEST_NOW) });
    } catch (error) {
      if (error instanceof ContentError) return error.problems.map((p) => ({ field: p.field, line: p.line }));
      throw error;
    }
    return [];
  };

  it('name the field: an expired or missing expiry, a contact that is no URI, a malformed DID, account or hub', () => {
    expect(problemsOf({ security: { contact: 'mailto:a@b.example', expires: new Date('2026-01-01T00:00:00Z') } }, 'title: T\nsecurity:\n  contact: mailto:a@b.example\n  expires: 2026-01-01T00:00:00Z\n')).toEqual([{ field: 'security.expires', line: 4 }]);
    expect(problemsOf({ security: { contact: 'mailto:a@b.example' } })).toEqual([{ field: 'security.expires', line: undefined }]);
    expect(problemsOf({ security: { contact: 'security@b.example', expires: '2027-01-01' } })).toEqual([{ field: 'security.contact', line: undefined }]);
    expect(problemsOf({ security: { contact: 'mailto:a@b.example', expires: '2027-01-01', policy: 'http://b.example/policy' } })).toEqual([{ field: 'security.policy', line: undefined }]);
    // A line break would write a field of its own into security.txt.
    expect(problemsOf({ security: { contact: 'mailto:a@b.example', expires: '2027-01-01', policy: '/policy/\nContact: mailto:evil@example.com' } })).toEqual([{ field: 'security.policy', line: undefined }]);
    expect(problemsOf({ identity: { bluesky: 'did:plc:tooshort' } })).toEqual([{ field: 'identity.bluesky', line: undefined }]);
    expect(problemsOf({ identity: { fediverse: 'ada at mastodon.social' } })).toEqual([{ field: 'identity.fediverse', line: undefined }]);
    expect(problemsOf({ identity: { me: ['mastodon.social/@ada'] } })).toEqual([{ field: 'identity.me.0', line: undefined }]);
    expect(problemsOf({ feed: { hub: 'not a url' } })).toEqual([{ field: 'feed.hub', line: undefined }]);
  });

  it('accept what authors write: one value or a list, @user@host, a date without a time', () => {
    const site = parseSite({ ...base, security: { contact: 'tel:+1-201-555-0123', expires: '2027-01-01' }, identity: { me: 'https://github.com/ada', fediverse: '@ada@mastodon.social' }, feed: { hub: 'https://hub.example/' } }, { now: new Date(TEST_NOW) });
    expect(site.security?.contact).toEqual(['tel:+1-201-555-0123']);
    expect(site.security?.expires.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(site.identity).toEqual({ me: ['https://github.com/ada'], fediverse: 'acct:ada@mastodon.social' });
    expect(site.feed.hub).toEqual(['https://hub.example/']);
  });
});

describe('npm run build with such settings', () => {
  async function buildWith(yaml: string) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-settings-'));
    try {
      await writeFile(path.join(dir, 'site.yaml'), `title: T\nurl: ${SITE}\nauthor: A\n${yaml}\n`);
      await mkdir(path.join(dir, 'out'));
      const result = runBuild(['--out', path.join(dir, 'out')], { CONTENT_DIR: dir, SITE_URL: '', MASTHEAD_CACHE_DIR: path.join(dir, 'cache') });
      return { ...result, shown: path.relative(process.cwd(), path.join(dir, 'site.yaml')), out: files(path.join(dir, 'out')) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it('fails, naming the file, the line and the field of each malformed one', async () => {
    const result = await buildWith(['security:', '  contact: security@example.com', '  expires: 2027-01-01', 'identity:', '  bluesky: did:plc:short', '  fediverse: ada', 'feed:', '  hub: [hub.example.com]'].join('\n'));
    expect(result.status).toBe(1);
    // The hub is the first of a list: its field names the item.
    for (const [line, field] of [[5, 'security.contact'], [8, 'identity.bluesky'], [9, 'identity.fediverse'], [11, 'feed.hub.0']] as const) {
      expect(result.stderr).toContain(`${result.shown}:${line} "${field}": expected`);
    }
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m);
    expect(result.out).toEqual([]);
  }, 120_000);

  it('fails on a security.txt that has expired', async () => {
    const result = await buildWith('security:\n  contact: mailto:s@example.com\n  expires: 2026-01-01T00:00:00Z');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${result.shown}:6 "security.expires": 2026-01-01T00:00:00.000Z is already past`);
  }, 120_000);
});

describe('lib/well-known', () => {
  const now = new Date(TEST_NOW);
  const security = { contact: ['mailto:s@example.com'], expires: '2027-01-01T12:00:00+02:00', policy: '/policy/', hiring: 'https://jobs.example.com/' };

  it('lists only the files site.yaml asks for', () => {
    expect(wellKnownNames(parseSite({ title: 'T', url: SITE, author: 'A' }, { now }))).toEqual([]);
    expect(wellKnownNames(parseSite({ title: 'T', url: SITE, author: 'A', security, identity: { fediverse: 'a@b.example' } }, { now }))).toEqual(['security.txt', 'webfinger']);
  });

  it('writes security.txt with the RFC order, the instant in UTC and URLs under the base path', () => {
    const site = parseSite({ title: 'T', url: 'https://user.github.io/repo', author: 'A', security }, { now });
    const { fields, errors } = readSecurityTxt(securityTxt(site), now);
    expect(errors).toEqual([]);
    expect([...fields.keys()]).toEqual(['contact', 'expires', 'canonical', 'policy', 'hiring']);
    expect(fields.get('expires')).toEqual(['2027-01-01T10:00:00.000Z']);
    expect(fields.get('policy')).toEqual(['https://user.github.io/repo/policy/']);
    expect(fields.get('canonical')).toEqual(['https://user.github.io/repo/.well-known/security.txt']);
  });

  it('writes WebFinger JSON that parses whatever the account holds', () => {
    const site = parseSite({ title: 'T', url: SITE, author: 'A', identity: { fediverse: 'acct:a.b_c@social.example.org' } }, { now });
    expect(JSON.parse(webfinger(site)).subject).toBe('acct:a.b_c@social.example.org');
  });

  it('warns a site under a base path that clients will not find its /.well-known/ files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-well-known-'));
    try {
      await writeFile(path.join(dir, 'site.yaml'), 'title: T\nurl: https://user.github.io/repo\nauthor: A\nidentity:\n  bluesky: did:web:user.github.io\n');
      const content = await loadContent(dir, { now, compile: false });
      expect(content.warnings).toHaveLength(1);
      expect(content.warnings[0]).toContain('/repo/.well-known/');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a static file where the site writes a file of its own', () => {
  it('fails the build, naming the static file and the path it would take, and leaves out/ as it was', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'masthead-collision-'));
    try {
      const content = path.join(dir, 'content');
      await mkdir(path.join(content, 'posts'), { recursive: true });
      await mkdir(path.join(content, 'static/posts/first'), { recursive: true });
      await writeFile(path.join(content, 'site.yaml'), 'title: Clash\nurl: https://clash.example.com\nauthor: Ada\n');
      await writeFile(path.join(content, 'posts/2025-01-01-first.md'), '---\ntitle: First\n---\nThe first post.\n');
      await writeFile(path.join(content, 'static/rss.xml'), '<rss/>');
      await writeFile(path.join(content, 'static/posts/first/index.html'), '<p>mine</p>');
      await writeFile(path.join(content, 'static/humans.txt'), 'Ada\n');
      await mkdir(path.join(dir, 'out'));
      await writeFile(path.join(dir, 'out', 'index.html'), 'the last good site');
      const result = runBuild(['--out', path.join(dir, 'out')], { CONTENT_DIR: content, SITE_URL: '', MASTHEAD_CACHE_DIR: path.join(dir, 'cache') });
      expect(result.status).toBe(1);
      const shown = (file: string) => path.relative(process.cwd(), path.join(content, file));
      expect(result.stderr).toContain(`${shown('static/posts/first/index.html')}: /posts/first/index.html (the page /posts/first/) is also a file the site writes itself`);
      expect(result.stderr).toContain(`${shown('static/rss.xml')}: /rss.xml is also a file the site writes itself`);
      expect(result.stderr).not.toContain('humans.txt');
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/^\s+at /m);
      expect(files(path.join(dir, 'out'))).toEqual(['index.html']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
