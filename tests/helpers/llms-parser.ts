/**
 * A strict reader of llms.txt written from the proposal's grammar (https://llmstxt.org), independent of
 * lib/llms.ts: an H1 title; an optional `> ` summary; optional non-heading blocks; then H2 sections whose
 * every block is a Markdown list of `[name](url)` with optional `: notes`. Throws on anything else.
 */
export interface LlmsLink {
  title: string;
  url: string;
  notes?: string;
}

export interface LlmsFile {
  title: string;
  summary?: string;
  details: string[];
  sections: { name: string; links: LlmsLink[] }[];
}

function readLinkText(line: string, start: number): [string, number] {
  let text = '';
  let i = start;
  while (i < line.length) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length && /[\\[\]]/.test(line[i + 1])) {
      text += line[i + 1];
      i += 2;
    } else if (c === '[') {
      throw new Error(`unescaped "[" in link text: ${line}`);
    } else if (c === ']') {
      return [text, i + 1];
    } else {
      text += c;
      i++;
    }
  }
  throw new Error(`unclosed link text: ${line}`);
}

function parseItem(line: string): LlmsLink {
  if (!line.startsWith('- [')) throw new Error(`expected a list item "- [name](url)", got: ${line}`);
  const [title, after] = readLinkText(line, 3);
  if (line[after] !== '(') throw new Error(`expected "(" after the link text: ${line}`);
  const close = line.indexOf(')', after);
  if (close === -1) throw new Error(`unclosed URL: ${line}`);
  const url = line.slice(after + 1, close);
  if (/[\s(]/.test(url)) throw new Error(`URL with a space or "(" (should be percent-encoded): ${line}`);
  const rest = line.slice(close + 1);
  if (rest !== '' && !rest.startsWith(': ')) throw new Error(`expected ": notes" after the link, got "${rest}"`);
  return { title, url, ...(rest ? { notes: rest.slice(2) } : {}) };
}

/** Parses llms.txt, throwing with the offending line when the file breaks the grammar. */
export function parseLlmsTxt(text: string): LlmsFile {
  const blocks = text.replace(/\r\n/g, '\n').trim().split(/\n{2,}/);
  const first = blocks.shift() ?? '';
  if (!/^# [^\n]+$/.test(first)) throw new Error(`expected an H1 title line first, got: ${first}`);
  const result: LlmsFile = { title: first.slice(2), details: [], sections: [] };
  if (blocks[0]?.startsWith('> ')) {
    const quote = blocks.shift()!;
    if (quote.includes('\n')) throw new Error(`the summary should be one "> " line: ${quote}`);
    result.summary = quote.slice(2);
  }
  for (const block of blocks) {
    const lines = block.split('\n');
    for (const line of lines) if (/^#{3,} /.test(line)) throw new Error(`heading deeper than H2: ${line}`);
    if (/^# /.test(lines[0])) throw new Error(`a second H1: ${lines[0]}`);
    if (/^## /.test(lines[0])) {
      if (lines.length > 1) throw new Error(`the H2 "${lines[0]}" should be followed by a blank line`);
      result.sections.push({ name: lines[0].slice(3), links: [] });
      continue;
    }
    const section = result.sections.at(-1);
    if (!section) {
      if (lines.some((l) => /^#/.test(l))) throw new Error(`unexpected heading: ${block}`);
      result.details.push(block);
      continue;
    }
    section.links.push(...lines.map(parseItem));
  }
  return result;
}

/**
 * A port of the llmstxt.org reference parser (AnswerDotAI/llms-txt, `llms_txt/core.py`: `parse_link`,
 * `_parse_llms`, `parse_llms_file`), regular expressions kept as written. Where Python's `re.search(...)` returns
 * None and the reference code crashes on `.groupdict()`, this throws.
 */
export function referenceParseLlms(txt: string): { title: string; summary?: string; info: string; sections: Record<string, { title: string; url: string; desc?: string }[]> } {
  const parseLink = (line: string) => {
    const m = /-\s*\[(?<title>[^\]]+)\]\((?<url>[^)]+)\)(?::\s*(?<desc>.*))?/.exec(line);
    if (!m) throw new Error(`reference parse_link: no match in ${JSON.stringify(line)}`);
    return { title: m.groups!.title, url: m.groups!.url, ...(m.groups!.desc !== undefined ? { desc: m.groups!.desc } : {}) };
  };
  // re.split with one capture group: text, then name and body pairs.
  const [start, ...rest] = txt.split(/^##\s*(.*?)$/m);
  const sections: Record<string, ReturnType<typeof parseLink>[]> = {};
  for (let i = 0; i < rest.length; i += 2) {
    sections[rest[i]] = rest[i + 1]
      .trim()
      .split(/\n+/)
      .filter((l) => l.trim())
      .map(parseLink);
  }
  // Python's `.` does not match a newline even with DOTALL off; `$` with MULTILINE is an end of line.
  const m = /^#\s*(?<title>[^\n]+?)$\n+(?:^>\s*(?<summary>[^\n]+?)$)?\n+(?<info>[\s\S]*)/m.exec(start.trim());
  if (!m) throw new Error('reference parse_llms_file: no title');
  return { title: m.groups!.title, summary: m.groups!.summary, info: m.groups!.info, sections };
}
