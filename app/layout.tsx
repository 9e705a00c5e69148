import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { getContent } from '@/lib/content';
import { href } from '@/lib/site';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const { site } = await getContent();
  return {
    metadataBase: new URL(`${site.url}/`),
    icons: { icon: [{ url: href(site, '/icon.svg'), type: 'image/svg+xml' }] },
  };
}

export async function generateViewport(): Promise<Viewport> {
  const { site } = await getContent();
  return { themeColor: site.theme.accent, colorScheme: 'light dark', width: 'device-width', initialScale: 1 };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const { site, pages } = await getContent();
  return (
    <html lang={site.language}>
      <head>
        <link rel="describedby" type="text/plain" href={href(site, '/llms.txt')} />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <a className="site-title" href={href(site, '/')}>
            {site.title}
          </a>
          <nav aria-label="Site">
            <ul>
              <li>
                <a href={href(site, '/')}>Posts</a>
              </li>
              <li>
                <a href={href(site, '/tags/')}>Tags</a>
              </li>
              {pages.map((page) => (
                <li key={page.path}>
                  <a href={href(site, page.path)}>{page.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>
            © {site.author.name}. Follow by <a href={href(site, '/rss.xml')}>RSS</a>, <a href={href(site, '/atom.xml')}>Atom</a> or{' '}
            <a href={href(site, '/feed.json')}>JSON Feed</a>.
          </p>
        </footer>
      </body>
    </html>
  );
}
