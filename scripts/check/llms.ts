/**
 * llms.txt: the grammar of https://llmstxt.org/ — an H1 title, an optional `>` summary, optional prose
 * without headings, then H2 sections holding only lists of `[name](url)` or `[name](url): notes` items.
 */
import type { Link, ListItem, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { LinkRef } from './html';
import { markdownLinks } from './links';
import type { Finding } from './report';

const parser = unified().use(remarkParse);

function at(node: { position?: { start: { line: number } } }): string {
  return node.position ? ` (line ${node.position.start.line})` : '';
}

function itemProblem(item: ListItem): string | undefined {
  const [first, ...rest] = item.children;
  if (!first || first.type !== 'paragraph' || rest.length) return 'expected one line "- [name](url)" or "- [name](url): notes"';
  const [link, ...after] = first.children;
  if (!link || link.type !== 'link') return 'expected the item to start with a Markdown link [name](url)';
  if (!toString(link as Link).trim()) return 'the link has no name';
  if (after.length) {
    const notes = after.map((n) => toString(n)).join('');
    // Notes are Markdown: they may begin with a link (a URL autolinked by GFM), so test the text, not the first node.
    if (after[0].type !== 'text' || !/^:\s*\S/.test(notes)) {
      return `expected ": notes" after the link, got "${notes.trim().slice(0, 40)}"`;
    }
  }
  return undefined;
}

/** Checks one llms.txt; returns its problems and its links (checked like every generated link). */
export function checkLlmsTxt(page: string, text: string): { findings: Finding[]; links: LinkRef[] } {
  const findings: Finding[] = [];
  const problem = (message: string) => findings.push({ severity: 'error', check: 'llms', page, message });
  const tree = parser.parse(text);
  const nodes: RootContent[] = tree.children;
  const first = nodes[0];
  if (!first || first.type !== 'heading' || first.depth !== 1) problem('must start with an H1 title ("# Site name")');
  let section: string | undefined;
  nodes.forEach((node, i) => {
    if (node.type === 'heading') {
      if (node.depth === 1 && i > 0) problem(`a second H1 "${toString(node)}"${at(node)}; only the title is an H1`);
      if (node.depth >= 3) problem(`H${node.depth} "${toString(node)}"${at(node)}; llms.txt allows only H1 and H2 headings`);
      if (node.depth === 2) section = toString(node);
      return;
    }
    if (section === undefined) return; // prose between the title and the first section: any Markdown but headings
    if (node.type !== 'list') {
      problem(`${node.type === 'paragraph' ? 'prose' : node.type} inside section "${section}"${at(node)}; H2 sections hold only lists of links`);
      return;
    }
    for (const item of node.children) {
      const wrong = itemProblem(item);
      if (wrong) problem(`item "${toString(item).trim().slice(0, 60)}" in section "${section}"${at(item)}: ${wrong}`);
    }
  });
  return { findings, links: markdownLinks(text, false).map((l) => ({ ...l, where: l.where.replace('Markdown', 'llms.txt') })) };
}
