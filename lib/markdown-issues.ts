import type { Node } from 'unist';
import type { VFile } from 'vfile';

/** Something in a Markdown body the author must fix (an error) or should know of (a warning), at a line of the body. */
export interface MarkdownIssue {
  /** 1-based, in the body (the loader adds the front matter's lines). */
  line?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** Records an issue on the file being compiled; `compileMarkdown` returns them with the body's facts. */
export function reportIssue(file: VFile, node: Node | undefined, message: string, severity: MarkdownIssue['severity'] = 'error'): void {
  const issues = ((file.data.issues as MarkdownIssue[] | undefined) ??= []);
  issues.push({ line: node?.position?.start.line, message, severity });
}
