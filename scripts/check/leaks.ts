/** Leaks: nothing of the build machine (local URLs, absolute paths) and nothing unpublished reaches out/. */
import type { Finding } from './report';

export interface Unpublished {
  slug: string;
  /** Site path, `/posts/draft/`. */
  path: string;
  why: 'draft' | 'future';
  /** A published entry has the same slug elsewhere: look for the path only. */
  pathOnly?: boolean;
}

export interface LeakRule {
  pattern: RegExp;
  describe: (match: string) => string;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The patterns to look for. Paths like `/home/` count only where a path starts (not inside a URL such as
 * `https://x.com/home/`). A slug of several words counts anywhere as a word; a one-word slug only as its path.
 */
export function leakRules(options: { projectDirs: string[]; unpublished: Unpublished[] }): LeakRule[] {
  const rules: LeakRule[] = [
    { pattern: /(?:\/\/|@)localhost\b|\blocalhost:\d+|\b127\.0\.0\.1\b|\b0\.0\.0\.0:\d+/g, describe: (m) => `a local address "${m}"` },
    { pattern: /file:\/\/\/\S*/g, describe: (m) => `a file URL "${m.slice(0, 60)}"` },
    { pattern: /(?<![\w.~%/:-])\/(?:home|root|tmp)\/[^\s"'<>)]*/g, describe: (m) => `a build-machine path "${m.slice(0, 60)}"` },
  ];
  for (const dir of new Set(options.projectDirs.filter((d) => d.length > 1))) {
    rules.push({ pattern: new RegExp(escape(dir), 'g'), describe: () => `the project's path "${dir}"` });
  }
  for (const item of options.unpublished) {
    const slug = escape(item.slug);
    const pattern = item.slug.includes('-') && !item.pathOnly ? `(?<![\\w-])${slug}(?![\\w-])` : escape(item.path.replace(/\/$/, '')) + '(?![\\w-])';
    rules.push({ pattern: new RegExp(pattern, 'g'), describe: () => `the ${item.why} post "${item.slug}" (${item.path})` });
  }
  return rules;
}

/** Scans one file's name and text; one finding per rule per file, naming the first match. */
export function findLeaks(page: string, text: string, rules: LeakRule[]): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    const inPath = rule.pattern.exec(page);
    rule.pattern.lastIndex = 0;
    const match = inPath ?? rule.pattern.exec(text);
    if (!match) continue;
    let count = 0;
    if (!inPath) {
      rule.pattern.lastIndex = 0;
      while (rule.pattern.exec(text)) count++;
    }
    findings.push({
      severity: 'error',
      check: 'leaks',
      page,
      message: `${inPath ? 'file path names' : 'contains'} ${rule.describe(match[0])}${count > 1 ? ` (${count} times)` : ''}`,
    });
  }
  return findings;
}
