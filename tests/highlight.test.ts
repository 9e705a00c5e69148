import { describe, expect, it } from 'vitest';
import { compileMarkdown, type LinkResolver } from '../lib/markdown';

const resolver = { basePath: '', resolve: async (url: string) => ({ kind: 'internal', href: url }) } as unknown as LinkResolver;
const block = (lang: string) => `\`\`\`${lang}\nconst a = 1 < 2; // <b>x</b> "s" \`t\`\nfunction f(x) { return x }\n\`\`\`\n`;

// Its own file, so no other test has loaded a grammar into this process's highlighter first.
describe('syntax highlighting is the same whatever was compiled before', () => {
  it('gives a Markdown block (which embeds other languages) the same HTML first and later', async () => {
    const langs = ['html', 'js', 'javascript', 'json', 'bash', 'sh', 'console', 'diff', 'markdown', 'md', 'jsx', 'ts', 'yaml', 'css', 'c', 'cpp', 'shell', 'xml', 'php', 'vue', 'coffee'];
    const first = await Promise.all(langs.map((l) => compileMarkdown(block(l), resolver).then((r) => r.html)));
    const again = await Promise.all(langs.map((l) => compileMarkdown(block(l), resolver).then((r) => r.html)));
    expect(again).toEqual(first);
    expect(first[8]).toContain('class="shiki');
    expect(first[8]).toContain('--shiki-dark');
  });

  it('falls back to plain text for an unknown language', async () => {
    const { html } = await compileMarkdown(block('no-such-language'), resolver);
    expect(html).toContain('<pre');
    expect(html).toContain('&#x3C;b>x&#x3C;/b>');
  });
});
