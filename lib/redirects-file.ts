import type { Content } from './content/types';

/**
 * `_redirects`, the file Netlify and Cloudflare Pages read to answer old URLs with a real 301:
 * https://docs.netlify.com/routing/redirects/ and https://developers.cloudflare.com/pages/configuration/redirects/.
 * A folder's old URL is written with and without its trailing slash, as readers and links have it both ways.
 */
export function buildRedirectsFile(content: Pick<Content, 'redirects' | 'site'>): string {
  const { basePath } = content.site;
  const lines = ['# Old URLs and where they are now, written by Masthead (site.yaml redirects, front matter aliases and redirect_from).'];
  for (const r of content.redirects) {
    const to = /^https?:\/\//.test(r.to) ? r.to : basePath + r.to;
    const from = basePath + r.from;
    if (from.endsWith('/')) lines.push(`${from.slice(0, -1)} ${to} 301`);
    lines.push(`${from} ${to} 301`);
  }
  return `${lines.join('\n')}\n`;
}
