/**
 * Embedded players: the one kind of `<iframe>` a page keeps. An iframe is kept only from a host the site allows
 * (site.yaml `embeds`), made lazy, sandboxed and given no more permissions than a video player needs; every
 * other iframe is removed with a warning. Feeds and Markdown copies get a link to the embedded page instead.
 */
import type { Element, Root as HastRoot } from 'hast';
import { SKIP, visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { reportIssue } from './markdown-issues';

/** Hosts whose iframes a site keeps when site.yaml says nothing. youtube.com is rewritten to youtube-nocookie.com. */
export const DEFAULT_EMBED_HOSTS = ['youtube-nocookie.com', 'player.vimeo.com'];

// What a video player needs and nothing more: scripts and its own origin to play, fullscreen (presentation),
// and popups for its "watch on the site" link. No forms, top navigation, modals or downloads.
const SANDBOX = ['allow-scripts', 'allow-same-origin', 'allow-presentation', 'allow-popups', 'allow-popups-to-escape-sandbox'];
const ALLOW = 'encrypted-media; fullscreen; picture-in-picture';
// YouTube refuses to play an embed that sends no referrer; the origin is all it gets.
const REFERRER_POLICY = 'strict-origin-when-cross-origin';

const YOUTUBE = /^(www\.|m\.)?youtube\.com$/;

function allowed(host: string, hosts: readonly string[]): boolean {
  return hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/**
 * The URL an iframe is kept with, or why it is not: https only, from an allowed host. A youtube.com player (or
 * watch page) becomes its youtube-nocookie.com player when that host is allowed.
 */
export function embedSource(src: string, hosts: readonly string[]): { url: string } | { removed: string } {
  let url: URL;
  try {
    url = new URL(src, 'https://invalid.invalid/');
  } catch {
    return { removed: `its src "${src}" is not a URL` };
  }
  if (url.protocol !== 'https:' || url.hostname === 'invalid.invalid') return { removed: `its src "${src}" is not an https:// URL` };
  if (YOUTUBE.test(url.hostname) && allowed('youtube-nocookie.com', hosts)) {
    const id = url.pathname === '/watch' ? url.searchParams.get('v') : /^\/embed\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (id) {
      url.searchParams.delete('v');
      return { url: `https://www.youtube-nocookie.com/embed/${id}${url.search}` };
    }
  }
  if (!allowed(url.hostname, hosts)) return { removed: `${url.hostname} is not in site.yaml embeds (${hosts.join(', ') || 'none allowed'})` };
  return { url: url.href };
}

/** The page a reader opens in place of an embedded player: the video's own page for YouTube and Vimeo. */
export function embedPageUrl(src: string): string {
  try {
    const url = new URL(src);
    const youtube = /^\/embed\/([\w-]+)$/.exec(url.pathname);
    if (youtube && /(^|\.)youtube(-nocookie)?\.com$/.test(url.hostname)) return `https://www.youtube.com/watch?v=${youtube[1]}`;
    const vimeo = /^\/video\/(\d+)$/.exec(url.pathname);
    if (vimeo && url.hostname === 'player.vimeo.com') return `https://vimeo.com/${vimeo[1]}`;
    return url.href;
  } catch {
    return src;
  }
}

/** A player's title from its host alone, as the players' own embed code names them. */
function hostTitle(host: string): string {
  if (/(^|\.)youtube(-nocookie)?\.com$/.test(host)) return 'YouTube video';
  if (/(^|\.)vimeo\.com$/.test(host)) return 'Vimeo video';
  return `Embedded content from ${host}`;
}

const dimension = (v: unknown) => (typeof v === 'number' || (typeof v === 'string' && /^\d+$/.test(v)) ? Number(v) : undefined);

/**
 * Keeps the iframes from allowed hosts, with the attributes a player needs, and removes the others. Runs after
 * the sanitiser, which lets an iframe through with its src, title and size only. A kept iframe with no title
 * is an error: a screen reader names a frame by its title.
 */
export function rehypeEmbeds() {
  return (tree: HastRoot, file: VFile) => {
    const hosts = (file.data.embedHosts as string[] | undefined) ?? DEFAULT_EMBED_HOSTS;
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'iframe' || !parent || index === undefined) return undefined;
      const src = typeof node.properties.src === 'string' ? node.properties.src : '';
      const kept = embedSource(src, hosts);
      if ('removed' in kept) {
        reportIssue(file, node, `iframe removed: ${kept.removed}`, 'warning');
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
      let title = typeof node.properties.title === 'string' ? node.properties.title.trim() : '';
      if (!title) {
        const host = new URL(kept.url).hostname;
        const lenient = file.data.untitledEmbeds === 'warn';
        reportIssue(file, node, `iframe from ${host} needs a title="…" saying what it shows (screen readers announce a frame by its title)`, lenient ? 'warning' : 'error');
        if (lenient) title = hostTitle(host);
      }
      node.properties = {
        src: kept.url,
        title,
        width: dimension(node.properties.width) ?? 560,
        height: dimension(node.properties.height) ?? 315,
        loading: 'lazy',
        referrerPolicy: REFERRER_POLICY,
        sandbox: SANDBOX,
        allow: ALLOW,
        allowFullScreen: true,
      };
      node.children = [];
      return SKIP;
    });
  };
}

/**
 * A kept player as a Markdown copy writes it: `[title](page)`, the title on one line with every character
 * Markdown or HTML would read escaped (a title cannot become markup), parentheses in the URL encoded.
 */
export function embedMarkdownLink(title: string, src: string): string {
  const text = title.replace(/\s+/g, ' ').trim().replace(/[\\`*_[\]<>&~|!]/g, '\\$&');
  const url = embedPageUrl(src).replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/\s/g, encodeURIComponent);
  return `[${text}](${url})`;
}

/** A kept iframe as feeds carry it: a link to the embedded page, named by the iframe's title. */
export function embedAsLink(node: Element): Element {
  const src = String(node.properties.src ?? '');
  const title = String(node.properties.title ?? '') || src;
  return { type: 'element', tagName: 'a', properties: { href: embedPageUrl(src) }, children: [{ type: 'text', value: title }] };
}
