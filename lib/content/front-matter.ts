import { isUtf8 } from 'node:buffer';
import matter from 'gray-matter';
import { parse as parseToml, TomlError } from 'smol-toml';

/** What is wrong with a file before its fields are read: the line (1-based) when one is to blame. */
export interface SourceProblem {
  line?: number;
  message: string;
}

export interface Source {
  /** The front matter as parsed. */
  data: Record<string, unknown>;
  /** The front matter's YAML text (empty for TOML or JSON front matter, which read dates strictly). */
  yaml: string;
  body: string;
  /** Lines of the file before the body (0-based line of its first line). */
  bodyLine: number;
}

/**
 * A file's bytes as text: UTF-8, its byte-order mark dropped and CRLF line ends made LF. Anything else (a Latin-1
 * file from an old blog) is a problem naming the line of the first byte that is not UTF-8, rather than a `�` in
 * every output.
 */
export function decodeSource(bytes: Uint8Array): { text: string } | SourceProblem {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) {
    let start = 0;
    for (let line = 1; ; line++) {
      const end = buffer.indexOf(10, start);
      if (!isUtf8(buffer.subarray(start, end === -1 ? buffer.length : end))) {
        return { line, message: 'not UTF-8 text (Latin-1 or Windows-1252?): save the file as UTF-8' };
      }
      start = end + 1;
    }
  }
  return { text: buffer.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n/g, '\n') };
}

/** A post or page file's bytes, decoded and split: its text, front matter and body, or what is wrong with it. */
export function readSource(bytes: Uint8Array): (Source & { text: string }) | SourceProblem {
  const decoded = decodeSource(bytes);
  if (!('text' in decoded)) return decoded;
  const source = parseSource(decoded.text);
  return 'data' in source ? { ...source, text: decoded.text } : source;
}

const BLANK_LINES = /^(?:[ \t]*\n)*/;
const YAML_KEY = /^[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)/;

/**
 * Splits a post or page into front matter and body with gray-matter. Blank lines before the opening `---` are
 * allowed (real blogs have them); an empty file, YAML keys with no opening `---`, and YAML that does not parse
 * are problems with the line to look at. `yamlIs` names the YAML in messages (site.yaml is plain YAML).
 */
export function parseSource(text: string, yamlIs = 'YAML front matter'): Source | SourceProblem {
  if (text.trim() === '') return { message: 'the file is empty: a post starts with front matter (---, then title: and date:, then ---)' };
  const lead = BLANK_LINES.exec(text)![0];
  const offset = lead.split('\n').length - 1;
  const rest = text.slice(lead.length);
  // Hugo's other two forms: TOML between +++ lines, and a JSON object.
  if (rest.startsWith('+++')) return tomlSource(rest, offset);
  if (rest.startsWith('{')) return jsonSource(rest, offset);
  if (!rest.startsWith('---')) {
    const lines = rest.split('\n');
    if (YAML_KEY.test(lines[0]) && lines.some((l) => l.trimEnd() === '---')) {
      return { line: offset + 1, message: 'the front matter has no opening "---": add a line "---" above this one' };
    }
    return { line: offset + 1, message: 'no front matter: start the file with a line "---", then title: (and date: for a post), then "---"' };
  }
  // gray-matter closes front matter at the next line that starts with `---`; with none, it reads the body as YAML.
  if (!/\n---/.test(rest.slice(3))) {
    return { line: offset + 1, message: 'the front matter that starts here is never closed: add a line "---" after its last field' };
  }
  let file: matter.GrayMatterFile<string>;
  try {
    file = matter(rest, {}); // options given, so gray-matter does not cache every file
  } catch (error) {
    const { reason, mark } = error as { reason?: string; mark?: { line?: number } };
    const yaml = rest.slice(rest.indexOf('\n') + 1);
    // gray-matter hands js-yaml the text from the end of the opening `---` line: js-yaml's line 0 is that line.
    const opened = reason ? (unclosedAt(yaml, reason) ?? closedEarly(yaml.slice(0, yaml.search(/^---/m)), mark?.line)) : undefined;
    const line = opened ? opened.line + 1 : (mark?.line ?? 0);
    return { line: offset + line + 1, message: `invalid ${yamlIs}: ${opened?.message ?? reason ?? (error as Error).message.split('\n')[0]}` };
  }
  const bodyLine = offset + rest.slice(0, rest.length - file.content.length).split('\n').length - 1;
  return { data: file.data as Record<string, unknown>, yaml: file.matter, body: file.content, bodyLine };
}

/** The line (1-based) of character `index` of `text`. */
const lineAt = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** Front matter in TOML between `+++` lines, as Hugo writes it. */
function tomlSource(rest: string, offset: number): Source | SourceProblem {
  const close = /^\+\+\+[ \t]*$/m.exec(rest.slice(3));
  if (!close) return { line: offset + 1, message: 'the TOML front matter that starts here is never closed with a line "+++"' };
  const toml = rest.slice(rest.indexOf('\n') + 1, 3 + close.index);
  const end = 3 + close.index + close[0].length;
  let data: Record<string, unknown>;
  try {
    data = parseToml(toml) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    return { line: offset + 1 + error.line, message: `invalid TOML front matter: ${error.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}` };
  }
  const body = rest.slice(end).replace(/^\n/, '');
  return { data: { ...data }, yaml: '', body, bodyLine: offset + lineAt(rest, rest.length - body.length) - 1 };
}

/** Front matter as a JSON object at the top of the file, as Hugo reads it: the object ends where its braces close. */
function jsonSource(rest: string, offset: number): Source | SourceProblem {
  let depth = 0;
  let inString = false;
  let end = -1;
  for (let i = 0; i < rest.length && end === -1; i++) {
    const c = rest[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) end = i + 1;
  }
  if (end === -1) return { line: offset + 1, message: 'the JSON front matter that starts here is never closed with "}"' };
  let data: unknown;
  try {
    data = JSON.parse(rest.slice(0, end));
  } catch (error) {
    const at = /at position (\d+)/.exec((error as Error).message);
    return { line: offset + (at ? lineAt(rest, Number(at[1])) : 1), message: `invalid JSON front matter: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}` };
  }
  const body = rest.slice(end).replace(/^[ \t]*\n/, '');
  return { data: data as Record<string, unknown>, yaml: '', body, bodyLine: offset + lineAt(rest, rest.length - body.length) - 1 };
}

/**
 * js-yaml reports an unclosed string or list where the text ends; the author needs the line where it opens:
 * that of the last quote or bracket that opens a value and is not closed.
 */
function unclosedAt(yaml: string, reason: string): { line: number; message: string } | undefined {
  const kind = /double quoted/.test(reason) ? '"' : /single quoted/.test(reason) ? "'" : /flow collection/.test(reason) ? '[{' : undefined;
  if (!kind) return undefined;
  const { quotes, flows } = scanYaml(yaml);
  if (kind === '[{') {
    const last = flows.at(-1);
    return last && { line: last.line, message: `this "${last.char}" is never closed with "${last.char === '[' ? ']' : '}'}"` };
  }
  const quote = quotes.at(-1);
  return quote && quote.close === undefined && quote.char === kind ? { line: quote.open, message: `the ${kind === '"' ? 'double' : 'single'}-quoted text that starts on this line is never closed with ${kind}` } : undefined;
}

interface Quoted {
  char: string;
  /** Lines (0-based) it opens and closes on; no close when the text ends first. */
  open: number;
  close?: number;
  /** The rest of the line it closes on. */
  after: string;
}

/**
 * The quoted values of YAML text, and the flow collections (`[`, `{`) left open at its end. A quote or bracket
 * opens a value at the start of a line, after `key: ` or `- `, or in a flow collection after `[`, `{` or `,`;
 * anywhere else (`rock-'n'-roll`, `Hello, 'world'`) it is a character of a plain value. A quote may run over lines.
 */
function scanYaml(yaml: string): { quotes: Quoted[]; flows: { char: string; line: number }[] } {
  const quotes: Quoted[] = [];
  const flows: { char: string; line: number }[] = [];
  let quote: Quoted | undefined;
  for (const [n, line] of yaml.split('\n').entries()) {
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (quote.char === '"' && c === '\\') i++;
        else if (c === "'" && quote.char === "'" && line[i + 1] === "'") i++;
        else if (c === quote.char) {
          quote.close = n;
          quote.after = line.slice(i + 1);
          quote = undefined;
        }
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
      const before = line.slice(0, i).trimEnd();
      const spaced = i === 0 || /\s/.test(line[i - 1]);
      const startsValue = before === '' || (spaced && /(^|\s)-$|:$/.test(before)) || /[[{]$/.test(before) || (flows.length > 0 && before.endsWith(','));
      if ((c === '"' || c === "'") && startsValue) quotes.push((quote = { char: c, open: n, after: '' }));
      else if ((c === '[' || c === '{') && (startsValue || flows.length)) flows.push({ char: c, line: n });
      else if ((c === ']' || c === '}') && flows.length) flows.pop();
    }
  }
  return { quotes, flows };
}

/**
 * The quoted value a YAML mistake most often comes from: one closed before its text ends, as `title: 'It's here'`
 * (js-yaml then reports, in its own words, a line below, `errorLine`). A quote may run over lines, so the one
 * closed early can have opened lines above: the line named is where it opens.
 */
function closedEarly(yaml: string, errorLine: number | undefined): { line: number; message: string } | undefined {
  // What may follow a quoted value: nothing, a comment, or the `:` of a quoted key and the `,]}` of a list.
  const early = scanYaml(yaml).quotes.find((q) => q.close !== undefined && !/^\s*(#.*)?$/.test(q.after) && !/^\s*[:,\]}]/.test(q.after));
  // js-yaml stops on the line the quote closes on or the next (its line 0 is the opening `---` line's): one that
  // stops elsewhere found another mistake.
  if (!early || errorLine === undefined || errorLine < early.close! + 1 || errorLine > early.close! + 2) return undefined;
  const what = early.char === '"' ? 'double' : 'single';
  const fix = early.char === "'" ? `write '' for an apostrophe inside single quotes, or quote the value with "` : 'write \\" for a quote inside double quotes';
  const lines = early.close! - early.open;
  const where = `ends at the ${early.char} ${lines ? `${lines} line${lines > 1 ? 's' : ''} below, ` : ''}before ${JSON.stringify(early.after.trimEnd())}`;
  return { line: early.open, message: `the ${what}-quoted text that starts on this line ${where}: ${fix}` };
}

/**
 * What to say of a required field the parsed YAML lacks, at `line` (1-based, of `text`) where lineOfPath puts it:
 * missing; or, where `key:` is written on that line after all, taken in by a quoted value opened above and closed
 * only below (or never), which YAML allows, so nothing else says so; or by the value above it otherwise.
 */
export function missingField(text: string, line: number | undefined, key: string): { line?: number; message: string } {
  // A top-level key, at the start of its line: one of the same name below another key is another field.
  const written = line !== undefined && new RegExp(`^["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`).test(text.split('\n')[line - 1] ?? '');
  if (line === undefined || !written) return { line, message: 'required, missing' };
  const run = scanYaml(text).quotes.find((q) => q.open < line - 1 && (q.close === undefined || q.close >= line - 1));
  if (!run) return { line, message: 'required: written on this line, but read as part of the value above it' };
  const never = run.close === undefined ? 'never closed' : `closed only on line ${run.close + 1}`;
  return { line: run.open + 1, message: `required: written on line ${line}, but read as part of the ${run.char === '"' ? 'double' : 'single'}-quoted text that starts on this line, ${never}` };
}
