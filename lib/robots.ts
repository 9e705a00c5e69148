import { aiCrawlerAgents, type AiCrawlerPurpose } from './ai-crawlers';
import type { Content } from './content/types';
import { absoluteUrl, type SiteConfig } from './site';

// robots.txt: RFC 9309, https://www.rfc-editor.org/rfc/rfc9309

type Preset = SiteConfig['robots']['preset'];

const BLOCKED: Record<Preset, readonly AiCrawlerPurpose[]> = {
  'allow-all': [],
  'block-ai-training': ['training'],
  'block-ai': ['training', 'retrieval'],
};

/** The user agents a robots preset disallows, from the one list in lib/ai-crawlers.ts. */
export function blockedAgents(preset: Preset): string[] {
  return aiCrawlerAgents(BLOCKED[preset]);
}

interface Group {
  agents: string[];
  allow: string[];
  disallow: string[];
}

function checkValue(value: string, field: string): string {
  // A line break or `#` would start a new line or a comment and change what the file says.
  if (/[\r\n#]/.test(value) || value.trim() === '') throw new Error(`site.yaml "${field}": expected a single-line value without "#", got ${JSON.stringify(value)}`);
  return value.trim();
}

/** A rule path on the host: the site lives under its base path, and crawlers match the full URL path. */
function hostPath(site: Pick<SiteConfig, 'basePath'>, rulePath: string): string {
  return rulePath.startsWith('/') ? site.basePath + rulePath : rulePath;
}

function renderGroup(group: Group): string {
  return [
    ...group.agents.map((a) => `User-agent: ${a}`),
    ...group.allow.map((p) => `Allow: ${p}`),
    ...group.disallow.map((p) => `Disallow: ${p}`),
  ].join('\n');
}

/** robots.txt: the preset's groups, then the custom rules from site.yaml, then the absolute Sitemap line. */
export function buildRobots(content: Pick<Content, 'site'>): string {
  const { site } = content;
  const root = hostPath(site, '/');
  const groups: Group[] = [];
  const blocked = blockedAgents(site.robots.preset);
  if (blocked.length > 0) groups.push({ agents: blocked, allow: [], disallow: [root] });
  groups.push({ agents: ['*'], allow: [root], disallow: [] });
  site.robots.rules.forEach((rule, i) => {
    const agents = Array.isArray(rule.userAgent) ? rule.userAgent : [rule.userAgent];
    if (agents.length === 0) throw new Error(`site.yaml "robots.rules.${i}.userAgent": expected at least one user agent`);
    groups.push({
      agents: agents.map((a, j) => checkValue(a, `robots.rules.${i}.userAgent${Array.isArray(rule.userAgent) ? `.${j}` : ''}`)),
      allow: rule.allow.map((p, j) => hostPath(site, checkValue(p, `robots.rules.${i}.allow.${j}`))),
      disallow: rule.disallow.map((p, j) => hostPath(site, checkValue(p, `robots.rules.${i}.disallow.${j}`))),
    });
  });
  const header = `# robots.txt for ${site.title}. Preset: ${site.robots.preset}.`;
  return `${[header, ...groups.map(renderGroup), `Sitemap: ${absoluteUrl(site, '/sitemap.xml')}`].join('\n\n')}\n`;
}
