import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

/**
 * A small built site written by hand: every file a Masthead site publishes, correct, so the checker
 * passes on it; tests then break it one way at a time. `basePath` publishes it under a path.
 */
export interface FixtureSite {
  contentDir: string;
  outDir: string;
  /** The environment the checker (and a build) would run with. */
  env: NodeJS.ProcessEnv;
  siteUrl: string;
}

export const FIXTURE_ORIGIN = 'https://fixture.example.com';
export const FIXTURE_NOW = '2026-01-01T00:00:00Z';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2251c7' } }).png().toBuffer();
}

export async function writeFixtureSite(dir: string, { basePath = '', brokenLinks = 'error' }: { basePath?: string; brokenLinks?: 'error' | 'warn' } = {}): Promise<FixtureSite> {
  const siteUrl = FIXTURE_ORIGIN + basePath;
  const contentDir = path.join(dir, 'content');
  const outDir = path.join(dir, 'out');
  const files: Record<string, string | Buffer> = {};

  // Without search: its page and index are Pagefind's to write (tests/search.test.ts checks them on a real build).
  files['content/site.yaml'] = `title: Fixture\ndescription: A site for checking the checker.\nurl: ${siteUrl}\nauthor: Ada\nbrokenLinks: ${brokenLinks}\nsearch: false\n`;
  files['content/posts/2025-01-01-hello-world.md'] = '---\ntitle: Hello, world\n---\nThe first post. See [about](/about/).\n';
  files['content/posts/unfinished-draft-idea.md'] = '---\ntitle: Not yet\ndate: 2025-02-01\ndraft: true\n---\nLater.\n';
  files['content/posts/2999-01-01-post-from-the-future.md'] = '---\ntitle: Tomorrow\n---\nSoon.\n';
  files['content/pages/about.md'] = '---\ntitle: About\n---\nAbout this site.\n';

  const href = (sitePath: string) => basePath + sitePath;
  const page = (o: { path: string; title: string; description: string; body: string; type?: string; is404?: boolean }) => {
    const url = siteUrl + o.path;
    const social = o.is404
      ? '<meta name="robots" content="noindex">'
      : `<link rel="canonical" href="${url}"><meta property="og:title" content="${escapeHtml(o.title)}"><meta property="og:description" content="${escapeHtml(o.description)}">` +
        `<meta property="og:url" content="${url}"><meta property="og:type" content="${o.type ?? 'website'}"><meta property="og:image" content="${url}og.png">` +
        `<meta name="twitter:card" content="summary_large_image"><link rel="alternate" type="application/rss+xml" href="${siteUrl}/rss.xml">`;
    return (
      `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(o.title)} · Fixture</title>` +
      `<meta name="description" content="${escapeHtml(o.description)}">${social}<link rel="icon" href="${href('/icon.svg')}" type="image/svg+xml">` +
      `<link rel="manifest" href="${href('/manifest.webmanifest')}"></head><body><a class="skip-link" href="#main">Skip to content</a>` +
      `<header><a href="${href('/')}">Fixture</a> <a href="${href('/about/')}">About</a></header><main id="main">${o.body}</main>` +
      `<footer><a href="${href('/rss.xml')}">RSS</a> <a href="${href('/atom.xml')}">Atom</a> <a href="${href('/feed.json')}">JSON Feed</a></footer></body></html>`
    );
  };

  files['out/index.html'] = page({ path: '/', title: 'Fixture', description: 'A site for checking the checker.', body: `<h1>Fixture</h1><ul><li><a href="${href('/posts/hello-world/')}">Hello, world</a></li></ul>` });
  files['out/posts/hello-world/index.html'] = page({
    path: '/posts/hello-world/',
    title: 'Hello, world',
    description: 'The first post.',
    type: 'article',
    body:
      `<article><script type="application/ld+json">{"@context":"https://schema.org","@type":"BlogPosting","url":"${siteUrl}/posts/hello-world/"}</script>` +
      `<h1>Hello, world</h1><div class="prose"><p>The first post. See <a href="${href('/about/')}">about</a>.</p>` +
      `<p><img src="chart.png" srcset="chart.png 1x, ${href('/posts/hello-world/chart.png')} 2x" alt="A chart"></p></div></article>`,
  });
  files['out/about/index.html'] = page({ path: '/about/', title: 'About', description: 'About this site.', body: '<h1>About</h1><div class="prose"><p>About this site.</p></div>' });
  files['out/404.html'] = page({ path: '/404.html', title: 'Page not found', description: 'This page is not on Fixture.', is404: true, body: `<h1>Page not found</h1><p>Try the <a href="${href('/')}">home page</a>.</p>` });

  const card = await png(1200, 630);
  files['out/og.png'] = card;
  files['out/posts/hello-world/og.png'] = card;
  files['out/about/og.png'] = card;
  files['out/posts/hello-world/chart.png'] = await png(40, 20);

  files['out/posts/hello-world/index.html.md'] = `---\ntitle: Hello, world\nurl: ${siteUrl}/posts/hello-world/\n---\nThe first post. See [about](${siteUrl}/about/).\n`;
  files['out/about/index.html.md'] = `---\ntitle: About\nurl: ${siteUrl}/about/\n---\nAbout this site.\n`;

  const pages = ['/', '/posts/hello-world/', '/about/'];
  files['out/sitemap.xml'] =
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    pages.map((p) => `<url><loc>${siteUrl}${p}</loc><lastmod>2025-01-01</lastmod></url>`).join('\n') +
    '\n</urlset>\n';
  files['out/robots.txt'] = `User-agent: *\nAllow: /\n\nSitemap: ${siteUrl}/sitemap.xml\n`;

  const item = `<p>The first post. See <a href="${siteUrl}/about/">about</a>.</p><p><img src="${siteUrl}/posts/hello-world/chart.png" alt="A chart"></p>`;
  files['out/rss.xml'] =
    '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>' +
    `<title>Fixture</title><link>${siteUrl}/</link><description>A site for checking the checker.</description>` +
    `<atom:link href="${siteUrl}/rss.xml" rel="self" type="application/rss+xml"/><lastBuildDate>Wed, 01 Jan 2025 00:00:00 GMT</lastBuildDate>` +
    `<item><title>Hello, world</title><link>${siteUrl}/posts/hello-world/</link><guid>${siteUrl}/posts/hello-world/</guid>` +
    `<pubDate>Wed, 01 Jan 2025 00:00:00 GMT</pubDate><description>The first post.</description><content:encoded><![CDATA[${item}]]></content:encoded></item>` +
    '</channel></rss>\n';
  files['out/atom.xml'] =
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">' +
    `<title>Fixture</title><id>${siteUrl}/</id><link href="${siteUrl}/"/><link rel="self" href="${siteUrl}/atom.xml"/><updated>2025-01-01T00:00:00Z</updated>` +
    `<entry><title>Hello, world</title><id>${siteUrl}/posts/hello-world/</id><link href="${siteUrl}/posts/hello-world/"/>` +
    `<updated>2025-01-01T00:00:00Z</updated><published>2025-01-01T00:00:00Z</published><content type="html">${escapeHtml(item)}</content></entry></feed>\n`;
  files['out/feed.json'] = JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Fixture',
      home_page_url: `${siteUrl}/`,
      feed_url: `${siteUrl}/feed.json`,
      items: [{ id: `${siteUrl}/posts/hello-world/`, url: `${siteUrl}/posts/hello-world/`, title: 'Hello, world', content_html: item, date_published: '2025-01-01T00:00:00Z' }],
    },
    null,
    2,
  );
  files['out/llms.txt'] =
    `# Fixture\n\n> A site for checking the checker.\n\nWritten by Ada.\n\n## Posts\n\n- [Hello, world](${siteUrl}/posts/hello-world/index.html.md): The first post.\n\n` +
    `## Optional\n\n- [About](${siteUrl}/about/index.html.md)\n- [Everything](${siteUrl}/llms-full.txt)\n`;
  files['out/llms-full.txt'] = `# Fixture\n\n## Hello, world\n\nThe first post. See [about](${siteUrl}/about/).\n`;

  files['out/favicon.ico'] = Buffer.from([0, 0, 1, 0, 0, 0]);
  files['out/icon.svg'] = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="#2251c7"/></svg>\n';
  files['out/apple-touch-icon.png'] = await png(180, 180);
  files['out/icon-192.png'] = await png(192, 192);
  files['out/icon-512.png'] = await png(512, 512);
  files['out/manifest.webmanifest'] = JSON.stringify({
    name: 'Fixture',
    start_url: `${basePath}/`,
    icons: [{ src: 'icon-192.png', sizes: '192x192', type: 'image/png' }, { src: `${basePath}/icon-512.png`, sizes: '512x512', type: 'image/png' }],
  });

  for (const [file, contents] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), contents);
  }
  return { contentDir, outDir, siteUrl, env: { NODE_ENV: 'production', CONTENT_DIR: contentDir, MASTHEAD_NOW: FIXTURE_NOW } };
}
