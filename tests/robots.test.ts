import robotsParser from 'robots-parser';
import { describe, expect, it } from 'vitest';
import { AI_CRAWLERS, AI_CRAWLERS_CHECKED } from '@/lib/ai-crawlers';
import { buildRobots } from '@/lib/robots';
import { makeSite, type SiteInput } from './helpers/make-content';

function robots(input: SiteInput) {
  const site = makeSite(input);
  const text = buildRobots({ site });
  return { text, robot: robotsParser(`${site.origin}/robots.txt`, text), site };
}

const TRAINING = ['GPTBot', 'Google-Extended', 'CCBot', 'ClaudeBot', 'Applebot-Extended', 'Bytespider', 'meta-externalagent'];
const RETRIEVAL = ['OAI-SearchBot', 'ChatGPT-User', 'Claude-User', 'PerplexityBot'];
const SEARCH = ['Googlebot', 'Bingbot', 'Applebot', 'DuckDuckBot'];

describe('buildRobots', () => {
  it('allows everyone by default and names the absolute sitemap', () => {
    const { robot } = robots({});
    for (const agent of [...TRAINING, ...RETRIEVAL, ...SEARCH]) expect(robot.isAllowed('https://example.com/posts/a/', agent), agent).toBe(true);
    expect(robot.getSitemaps()).toEqual(['https://example.com/sitemap.xml']);
  });

  it('block-ai-training blocks training crawlers and keeps search and AI retrieval', () => {
    const { robot } = robots({ robots: { preset: 'block-ai-training', rules: [] } });
    for (const agent of TRAINING) expect(robot.isAllowed('https://example.com/posts/a/', agent), agent).toBe(false);
    for (const agent of [...RETRIEVAL, ...SEARCH]) expect(robot.isAllowed('https://example.com/posts/a/', agent), agent).toBe(true);
  });

  it('block-ai blocks every listed AI crawler and keeps search engines', () => {
    const { robot } = robots({ robots: { preset: 'block-ai', rules: [] } });
    for (const agent of [...TRAINING, ...RETRIEVAL, ...AI_CRAWLERS.map((c) => c.userAgent)]) expect(robot.isAllowed('https://example.com/', agent), agent).toBe(false);
    for (const agent of SEARCH) expect(robot.isAllowed('https://example.com/', agent), agent).toBe(true);
  });

  it('adds custom rules, combined with the preset for the same agent (RFC 9309 longest match)', () => {
    const { robot } = robots({
      robots: {
        preset: 'block-ai-training',
        rules: [
          { userAgent: '*', allow: [], disallow: ['/drafts/'] },
          { userAgent: ['GPTBot'], allow: ['/public/'], disallow: [] },
        ],
      },
    });
    expect(robot.isAllowed('https://example.com/drafts/x/', 'Googlebot')).toBe(false);
    expect(robot.isAllowed('https://example.com/posts/x/', 'Googlebot')).toBe(true);
    expect(robot.isAllowed('https://example.com/public/x/', 'GPTBot')).toBe(true);
    expect(robot.isAllowed('https://example.com/posts/x/', 'GPTBot')).toBe(false);
  });

  it('prefixes the base path to rule paths and the sitemap', () => {
    const { robot } = robots({ url: 'https://user.github.io/field-notes', robots: { preset: 'block-ai', rules: [{ userAgent: 'Googlebot', allow: [], disallow: ['/private/'] }] } });
    expect(robot.getSitemaps()).toEqual(['https://user.github.io/field-notes/sitemap.xml']);
    expect(robot.isAllowed('https://user.github.io/field-notes/private/a', 'Googlebot')).toBe(false);
    expect(robot.isAllowed('https://user.github.io/field-notes/posts/a/', 'Googlebot')).toBe(true);
    expect(robot.isAllowed('https://user.github.io/field-notes/posts/a/', 'GPTBot')).toBe(false);
    // Another project on the same host is not this site's to block.
    expect(robot.isAllowed('https://user.github.io/other-repo/', 'GPTBot')).toBe(true);
  });

  it('rejects values that would break out of their line, naming the field', () => {
    expect(() => robots({ robots: { preset: 'allow-all', rules: [{ userAgent: 'Bot\nDisallow: /', allow: [], disallow: [] }] } })).toThrow(/robots\.rules\.0\.userAgent/);
    expect(() => robots({ robots: { preset: 'allow-all', rules: [{ userAgent: 'Bot', allow: [], disallow: ['/a # b'] }] } })).toThrow(/robots\.rules\.0\.disallow\.0/);
  });
});

describe('AI crawler list', () => {
  it('is dated, unique and documented per agent, with each preset agent in it', () => {
    expect(AI_CRAWLERS_CHECKED).toBe('2026-11');
    const agents = AI_CRAWLERS.map((c) => c.userAgent.toLowerCase());
    expect(new Set(agents).size).toBe(agents.length);
    for (const c of AI_CRAWLERS) expect(c.note.length, c.userAgent).toBeGreaterThan(10);
    for (const a of TRAINING) expect(AI_CRAWLERS.find((c) => c.userAgent === a)?.purpose, a).toBe('training');
    for (const a of RETRIEVAL) expect(AI_CRAWLERS.find((c) => c.userAgent === a)?.purpose, a).toBe('retrieval');
    for (const a of SEARCH) expect(agents).not.toContain(a.toLowerCase());
  });
});
