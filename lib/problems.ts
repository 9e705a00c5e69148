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

/** A short, quoted rendering of a value the author wrote, for "got ..." in messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  const s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The candidate a mistyped word most likely meant (at most 2 edits, and fewer than half its letters), if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor((word.length - 1) / 2)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit (`tilte` for `title`). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/** The 1-based line of a key at `keys` (`['theme', 'accent']`) in a YAML file's text: each key searched below its parent's line, more indented. */
export function lineOfPath(text: string, keys: PropertyKey[]): number | undefined {
  // A list item's first key is read as a key of the item: `  - page: x` is `    page: x`.
  const lines = text.split('\n').map((l) => l.replace(/^(\s*)- /, '$1  '));
  const dashes = text.split('\n').map((l) => /^(\s*)- /.exec(l)?.[1].length);
  let from = 0;
  let indent = -1;
  let found: number | undefined;
  /** The dash column of the list item the keys are read in, once a number has picked one. */
  let item: number | undefined;
  for (const key of keys) {
    let hit: number | undefined;
    // Zod names a list item by its number: the nth `- ` under the key found last.
    if (typeof key === 'number') {
      // The nth item of a block list under the key found last.
      let listIndent: number | undefined;
      let n = -1;
      for (let i = from; i < lines.length; i++) {
        const lineIndent = /^\s*/.exec(lines[i])![0].length;
        if (lines[i].trim() && lineIndent <= indent && dashes[i] === undefined) break;
        const dash = dashes[i];
        if (dash === undefined || dash < indent || (listIndent !== undefined && dash !== listIndent)) continue;
        listIndent = dash;
        if (++n === Number(key)) {
          hit = i;
          break;
        }
      }
      if (hit === undefined) break;
      found = hit + 1;
      from = hit;
      indent = listIndent!;
      item = listIndent;
      continue;
    }
    if (typeof key !== 'string') break;
    // `key:` in YAML, `key =` in TOML, `"key":` in JSON.
    const re = new RegExp(`^(\\s*)"?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?\\s*[:=]`);
    for (let i = from; i < lines.length; i++) {
      const m = re.exec(lines[i]);
      const lineIndent = /^\s*/.exec(lines[i])![0].length;
      if (indent >= 0 && lines[i].trim() && lineIndent <= indent) break;
      // The next item of the list: the key is not in this one.
      if (item !== undefined && i > from && dashes[i] === item) break;
      if (m && m[1].length > indent) {
        hit = i;
        indent = m[1].length;
        break;
      }
    }
    if (hit === undefined) break;
    found = hit + 1;
    from = hit + 1;
  }
  return found;
}
