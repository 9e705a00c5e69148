/** One thing wrong with what the author wrote: where, which field, what was expected. */
export interface Problem {
  file: string;
  line?: number;
  field?: string;
  message: string;
}

/** Formats one problem as `file:line "field": message`. */
export function formatProblem(p: Problem): string {
  const where = p.line ? `${p.file}:${p.line}` : p.file;
  return p.field ? `${where} "${p.field}": ${p.message}` : `${where}: ${p.message}`;
}

/** Every problem found in the content, reported at once. */
export class ContentError extends Error {
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    const files = new Set(problems.map((p) => p.file)).size;
    super(
      `Invalid content in ${files} file${files === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.name = 'ContentError';
    this.problems = problems;
  }
}

/** Finds the 1-based line of a top-level YAML key in a file's text, for error messages. */
export function lineOfKey(text: string, key: string, firstLine = 1): number | undefined {
  const lines = text.split('\n');
  const re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`);
  const i = lines.findIndex((l) => re.test(l));
  return i === -1 ? undefined : i + firstLine;
}

/** A short, quoted rendering of a value the author wrote, for "got ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
