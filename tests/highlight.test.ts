import { describe, expect, it, vi } from 'vitest';
import { compileMarkdown, type LinkResolver } from '../lib/markdown';

/** The page the Markdown is compiled for: where its feed copy's URLs resolve. */
const PAGE = { site: { url: 'https://example.com' }, path: '/posts/a/' };

const resolver = { basePath: '', resolve: async (url: string) => ({ kind: 'internal', href: url }) } as unknown as LinkResolver;
const block = (lang: string) => `\`\`\`${lang}\nconst a = 1 < 2; // <b>x</b> "s" \`t\`\nfunction f(x) { return x }\n\`\`\`\n`;

// Its own file, so no other test has loaded a grammar into this process's highlighter first.
describe('syntax highlighting is the same whatever was compiled before', () => {
  it('gives a Markdown block (which embeds other languages) the same HTML first and later', async () => {
    const langs = ['html', 'js', 'javascript', 'json', 'bash', 'sh', 'console', 'diff', 'markdown', 'md', 'jsx', 'ts', 'yaml', 'css', 'c', 'cpp', 'shell', 'xml', 'php', 'vue', 'coffee'];
    const first = await Promise.all(langs.map((l) => compileMarkdown(block(l), resolver, PAGE).then((r) => r.html + r.css)));
    const again = await Promise.all(langs.map((l) => compileMarkdown(block(l), resolver, PAGE).then((r) => r.html + r.css)));
    expect(again).toEqual(first);
    expect(first[8]).toContain('class="shiki');
    expect(first[8]).toContain('--shiki-dark');
  });

  it('falls back to plain text for an unknown language', async () => {
    const { html } = await compileMarkdown(block('no-such-language'), resolver, PAGE);
    expect(html).toContain('<pre');
    expect(html).toContain('&#x3C;b>x&#x3C;/b>');
  });
});

describe('syntax highlighting is the same however busy the machine is', () => {
  it('colours a whole line even when tokenizing it takes longer than Shiki\'s default half second', async () => {
    const code = '```ts\nexport function readingMinutes(words: number): number {\n  return Math.max(1, Math.round(words / 230));\n}\n```\n';
    const calm = (await compileMarkdown(code, resolver, PAGE)).feedHtml;
    // The tokenizer times each line with Date.now(); here every call is a second later than the one before,
    // as on a loaded machine. Shiki's default limit (500 ms a line) stops colouring such a line half-way.
    let now = Date.now();
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => (now += 1000));
    try {
      const busy = (await compileMarkdown(code, resolver, PAGE)).feedHtml;
      expect(busy).toBe(calm);
    } finally {
      clock.mockRestore();
    }
    expect(calm).toContain('005CC5');
  });
});
