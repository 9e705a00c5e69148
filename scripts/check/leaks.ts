/** Leaks: nothing of the build machine (local URLs, absolute paths) and nothing unpublished reaches out/. */
import type { UnpublishedEntry } from '../../lib/content/types';
import type { Finding } from './report';

/** A draft or future post (its site path is `/posts/draft/`), as the leak check looks for it. */
export interface Unpublished extends UnpublishedEntry {
  /** A published entry has the same slug elsewhere: look for the path only. */
  pathOnly?: boolean;
}

export interface LeakRule {
  pattern: RegExp;
  describe: (match: string) => string;
  /** Matches the author wrote in the content itself (a `127.0.0.1` in a code sample): theirs, not a leak. */
  allowed?: Set<string>;
  /** What a match is compared by against the author's text (default: the match itself). */
  key?: (match: string) => string;
  /** Every match contains one of these: a text holding none is passed over without running the pattern. */
  literals?: string[];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What belongs to the build machine, not the site. */
const MACHINE_RULES: LeakRule[] = [
  {
    pattern: /(?:\/\/|@)localhost\b|\blocalhost:\d+|\b127\.0\.0\.1\b|\b0\.0\.0\.0:\d+/g,
    describe: (m) => `a local address "${m}"`,
    literals: ['localhost', '127.0.0.1', '0.0.0.0:'],
  },
  // A path after the slashes: `file:///${root}` in a bundler's runtime code is a template, not a leak.
  { pattern: /file:\/\/\/[\w.~%-][^\s"'<>)]*/g, describe: (m) => `a file URL "${m.slice(0, 60)}"`, literals: ['file:///'] },
  {
    pattern: /(?<![\w.~%/:-])\/(?:home|root|tmp)\/[^\s"'<>)]*/g,
    literals: ['/home/', '/root/', '/tmp/'],
    describe: (m) => `a build-machine path "${m.slice(0, 60)}"`,
    // By top folder: the page shows an author's `/home/node/.ssh/\*.pub` unescaped, or split by highlighting.
    key: (m) => m.slice(0, m.indexOf('/', 1) + 1),
  },
];

/**
 * For each build-machine rule, the matches the author wrote themselves (compared by the rule's key): all of the
 * author's text that leakRules needs, small enough to send to worker threads.
 */
export function authoredMatches(authored: string): string[][] {
  return MACHINE_RULES.map((rule) => [...new Set((authored.match(rule.pattern) ?? []).map(rule.key ?? ((m: string) => m)))]);
}

/** What leakRules is built from; `allowed` is authoredMatches() of everything the author wrote. */
export interface LeakInput {
  projectDirs: string[];
  unpublished: Unpublished[];
  allowed?: string[][];
}

/**
 * The patterns to look for. Paths like `/home/` count only where a path starts (not inside a URL such as
 * `https://x.com/home/`). A slug of several words counts anywhere as a word; a one-word slug only as its path.
 */
export function leakRules(options: LeakInput & { authored?: string }): LeakRule[] {
  const allowed = options.allowed ?? authoredMatches(options.authored ?? '');
  const rules: LeakRule[] = MACHINE_RULES.map((rule, i) => ({ ...rule, key: rule.key ?? ((m: string) => m), allowed: new Set(allowed[i]) }));
  for (const dir of new Set(options.projectDirs.filter((d) => d.length > 1))) {
    rules.push({ pattern: new RegExp(escape(dir), 'g'), describe: () => `the project's path "${dir}"`, literals: [dir] });
  }
  for (const item of options.unpublished) {
    const slug = escape(item.slug);
    const bySlug = item.slug.includes('-') && !item.pathOnly;
    const literal = bySlug ? item.slug : item.path.replace(/\/$/, '');
    const pattern = bySlug ? `(?<![\\w-])${slug}(?![\\w-])` : escape(literal) + '(?![\\w-])';
    rules.push({ pattern: new RegExp(pattern, 'g'), describe: () => `the ${item.why} post "${item.slug}" (${item.path})`, literals: [literal] });
  }
  return rules;
}

/** Scans one file's name and text; one finding per rule per file, naming the first match. */
export function findLeaks(page: string, text: string, rules: LeakRule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const key = rule.key ?? ((m: string) => m);
    const leaked = (source: string) =>
      rule.literals && !rule.literals.some((literal) => source.includes(literal))
        ? []
        : [...source.matchAll(rule.pattern)].map((m) => m[0]).filter((m) => !rule.allowed?.has(key(m)));
    const inPath = leaked(page);
    const matches = inPath.length ? inPath : leaked(text);
    if (matches.length === 0) continue;
    findings.push({
      severity: 'error',
      check: 'leaks',
      page,
      message: `${inPath.length ? 'file path names' : 'contains'} ${rule.describe(matches[0])}${!inPath.length && matches.length > 1 ? ` (${matches.length} times)` : ''}`,
    });
  }
  return findings;
}
