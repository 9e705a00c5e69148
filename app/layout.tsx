import type { Metadata, Viewport } from 'next';
import { after } from 'next/server';
import type { ReactNode } from 'react';
import { getContent } from '@/lib/content';
import { devWatch } from '@/lib/dev-watch';
import { layoutView } from '@/lib/pages';
import { siteTranslator } from '@/lib/i18n';
import { CUSTOM_CSS_PATH, DEV_RELOAD_PATH } from '@/lib/outputs';
import { themeCss } from '@/lib/theme-css';
import { href } from '@/lib/site';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { site } = await getContent();
  // An SVG source is linked as icon.svg; a raster one only through its PNG sizes.
  const vector = !site.icon || /\.svgz?$/i.test(site.icon);
  return {
    metadataBase: new URL(`${site.url}/`),
    icons: {
      icon: [
        { url: href(site, '/favicon.ico'), sizes: '16x16 32x32' },
        ...(vector ? [{ url: href(site, '/icon.svg'), type: 'image/svg+xml' }] : []),
        { url: href(site, '/icon-192.png'), sizes: '192x192', type: 'image/png' },
      ],
      apple: [{ url: href(site, '/apple-touch-icon.png'), sizes: '180x180' }],
      // Not an icon, but a <link> here is written with the rest of the metadata, in one fixed place. In
      // the layout's <head> its position moved with how fast metadata resolved: out/ differed by build.
      // The `rel="me"` links too: Mastodon and IndieAuth look for them on the page a profile links to.
      other: [{ rel: 'describedby', url: href(site, '/llms.txt'), type: 'text/plain' }, ...site.identity.me.map((url) => ({ rel: 'me', url }))],
    },
    manifest: href(site, '/manifest.webmanifest'),
    // Mastodon (4.3 and later) names the account in the preview of a link to the site.
    ...(site.identity.fediverse ? { other: { 'fediverse:creator': `@${site.identity.fediverse.slice('acct:'.length)}` } } : {}),
  };
}

export async function generateViewport(): Promise<Viewport> {
  const { site } = await getContent();
  // The browser's bar in the site's accent, the dark one while the system is dark.
  const themeColor = [
    { media: '(prefers-color-scheme: light)', color: site.theme.accent },
    { media: '(prefers-color-scheme: dark)', color: site.theme.dark.accent },
  ];
  return { themeColor, colorScheme: 'light dark', width: 'device-width', initialScale: 1 };
}

/**
 * `npm run dev`: the page listens to app/masthead-reload/ while it is shown, and reloads when told. A hidden tab
 * lets its stream go, as a browser keeps six connections to a server, and listens again when shown: `?since=`
 * has the stream tell it at once of a change it missed.
 */
function reloadScript(url: string): string {
  return `{let s;const listen=()=>{if(document.hidden){s?.close();s=undefined}else if(!s){s=new EventSource(${JSON.stringify(url)});s.addEventListener('change',()=>location.reload())}};document.addEventListener('visibilitychange',listen);listen()}`;
}

// What the layout shows is in every page's cache key (lib/pages.ts): it reads its view alone. The header and
// <main> are each page's (app/_components/frame.tsx): the menu marks the page it is on.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { site, customCss, dev } = layoutView(await getContent());
  // In `npm run dev`, the images a fresh clone has not encoded yet wait for a browser to show a page.
  if (dev) after(() => devWatch().pageSent());
  const t = siteTranslator(site);
  return (
    <html lang={site.language}>
      <head>
        {/* The colours of site.yaml's theme, then the author's custom.css: both after the theme's stylesheet. */}
        <style href="masthead-theme" precedence="masthead">
          {themeCss(site.theme)}
        </style>
        {customCss ? <link rel="stylesheet" href={`${href(site, CUSTOM_CSS_PATH)}?v=${customCss.version}`} integrity={customCss.integrity} precedence="masthead-custom" /> : null}
      </head>
      <body>
        {dev ? <script dangerouslySetInnerHTML={{ __html: reloadScript(`${href(site, DEV_RELOAD_PATH)}?since=${dev.refreshes}`) }} /> : null}
        <a className="skip-link" href="#main">
          {t('skipLink')}
        </a>
        {children}
        <footer className="site-footer">
          <p>© {site.author.name}</p>
          <p>
            {t('feeds')} <a href={href(site, '/rss.xml')}>RSS</a>
            <span aria-hidden="true"> · </span>
            <a href={href(site, '/atom.xml')}>Atom</a>
            <span aria-hidden="true"> · </span>
            <a href={href(site, '/feed.json')}>JSON Feed</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
