/** What the checker finds, and how it reads to a human. */

export type Severity = 'error' | 'warning';

/** The job that found a problem; one module under scripts/check/ each. */
export type CheckName = 'links' | 'sitemap' | 'feeds' | 'llms' | 'head' | 'leaks' | 'types' | 'files' | 'search';

/** One problem in one file of the built site. */
export interface Finding {
  severity: Severity;
  check: CheckName;
  /** The site path of the file the problem is in (`/posts/a/`, `/rss.xml`), base path left out. */
  page: string;
  message: string;
}

export interface CheckReport {
  ok: boolean;
  errors: number;
  warnings: number;
  /** Sorted by page, then check, then message. */
  findings: Finding[];
  files: number;
  pages: number;
  ms: number;
  /** One line per finding, then the summary: what `npm run check` prints. */
  text: string;
}

/** Sorts findings and writes the report: one line per problem, then counts. */
export function formatReport(findings: Finding[], stats: { outDir: string; files: number; pages: number; ms: number }): CheckReport {
  const sorted = [...findings].sort(
    (a, b) => cmp(a.page, b.page) || cmp(a.check, b.check) || cmp(a.message, b.message) || cmp(a.severity, b.severity),
  );
  const errors = sorted.filter((f) => f.severity === 'error').length;
  const warnings = sorted.length - errors;
  const byCheck = new Map<string, number>();
  for (const f of sorted) byCheck.set(f.check, (byCheck.get(f.check) ?? 0) + 1);
  const counts = [...byCheck].map(([check, n]) => `${check} ${n}`).join(', ');
  const lines = sorted.map((f) => `  ${f.severity.padEnd(7)} ${f.page}  ${f.check}: ${f.message}`);
  const summary =
    `masthead check: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${counts ? ` (${counts})` : ''} ` +
    `in ${plural(stats.files, 'file')} (${plural(stats.pages, 'HTML page')}) of ${stats.outDir}, ${(stats.ms / 1000).toFixed(2)} s`;
  return {
    ok: errors === 0,
    errors,
    warnings,
    findings: sorted,
    files: stats.files,
    pages: stats.pages,
    ms: stats.ms,
    text: [...lines, summary].join('\n'),
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
