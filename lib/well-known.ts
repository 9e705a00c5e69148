/**
 * The files of /.well-known/ (RFC 8615) that site.yaml asks for: security.txt (`security:`, RFC 9116), the
 * Bluesky handle file atproto-did (`identity.bluesky`) and a WebFinger answer (`identity.fediverse`, RFC 7033).
 * app/.well-known/[file]/route.ts writes each.
 */
import { absoluteUrl, type SiteConfig } from './site';

/** Each file's Content-Type, as its clients expect it. */
export const WELL_KNOWN_TYPES = {
  'security.txt': 'text/plain; charset=utf-8',
  'atproto-did': 'text/plain; charset=utf-8',
  webfinger: 'application/jrd+json',
} as const;

export type WellKnownName = keyof typeof WELL_KNOWN_TYPES;

/** The site path of one of them: `/.well-known/security.txt`. */
export function wellKnownPath(name: WellKnownName | string): string {
  return `/.well-known/${name}`;
}

/** The files of /.well-known/ this site publishes. */
export function wellKnownNames(site: Pick<SiteConfig, 'security' | 'identity'>): WellKnownName[] {
  return [
    ...(site.security ? (['security.txt'] as const) : []),
    ...(site.identity.bluesky ? (['atproto-did'] as const) : []),
    ...(site.identity.fediverse ? (['webfinger'] as const) : []),
  ];
}

/**
 * security.txt (RFC 9116): Contact and Expires, which the RFC requires, then the optional fields in the RFC's
 * order, and Canonical, the file's own URL. Paths on the site (`/security/`) become absolute URLs.
 */
export function securityTxt(site: SiteConfig): string {
  const security = site.security;
  if (!security) throw new Error('security.txt asked of a site without security settings');
  const url = (value: string) => absoluteUrl(site, value);
  const fields: [string, string[] | undefined][] = [
    ['Contact', security.contact],
    ['Expires', [security.expires.toISOString()]],
    ['Encryption', security.encryption?.map(url)],
    ['Acknowledgments', security.acknowledgments?.map(url)],
    ['Preferred-Languages', security.preferredLanguages && [security.preferredLanguages.join(', ')]],
    ['Canonical', [absoluteUrl(site, wellKnownPath('security.txt'))]],
    ['Policy', security.policy?.map(url)],
    ['Hiring', security.hiring?.map(url)],
  ];
  return fields.flatMap(([name, values]) => (values ?? []).map((value) => `${name}: ${value}\n`)).join('');
}

/**
 * The WebFinger answer (a JRD, RFC 7033) that makes `@anything@<this domain>` find the fediverse account:
 * a static file answers every `?resource=`. The profile and actor URLs are Mastodon's (`/@user`,
 * `/users/user`), which GoToSocial, Pleroma and Akkoma also answer.
 */
export function webfinger(site: SiteConfig): string {
  const account = site.identity.fediverse;
  if (!account) throw new Error('webfinger asked of a site without identity.fediverse');
  const [user, host] = account.slice('acct:'.length).split('@');
  const profile = `https://${host}/@${user}`;
  const actor = `https://${host}/users/${user}`;
  return `${JSON.stringify(
    {
      subject: account,
      aliases: [profile, actor],
      links: [
        { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: profile },
        { rel: 'self', type: 'application/activity+json', href: actor },
      ],
    },
    null,
    2,
  )}\n`;
}

/** The text of one of the site's /.well-known/ files. */
export function wellKnownFile(site: SiteConfig, name: WellKnownName): string {
  if (name === 'security.txt') return securityTxt(site);
  if (name === 'webfinger') return webfinger(site);
  // The DID alone, as Bluesky's resolvers read it: no line break after it.
  return site.identity.bluesky ?? '';
}
