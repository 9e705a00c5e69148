// Cases found by building the real Node.js blog: what real authors write must not be called broken.
import { describe, expect, it } from 'vitest';
import { compileMarkdown, countWords, plainText, type LinkResolver } from '@/lib/markdown';
import { findLeaks, leakRules } from '../scripts/check/leaks';
import { checkLlmsTxt } from '../scripts/check/llms';

/** The page the Markdown is compiled for: where its feed copy's URLs resolve. */
const PAGE = { site: { url: 'https://example.com' }, path: '/posts/a/' };

const resolver: LinkResolver = { basePath: '', resolve: async (url) => ({ kind: 'external', url }) };

describe('derived descriptions', () => {
  it('skip a first paragraph made only of links and describe with the next', async () => {
    const compiled = await compileMarkdown('[https://nodejs.org/meetup/](https://nodejs.org/meetup/)\n\nThree companies will describe their apps.\n', resolver, PAGE);
    expect(compiled.firstParagraph).toBe('Three companies will describe their apps.');
  });

  it('keep a first paragraph that has words around its link', async () => {
    const compiled = await compileMarkdown('See https://nodejs.org/meetup/ for the details.\n\nSecond.\n', resolver, PAGE);
    expect(compiled.firstParagraph).toBe('See https://nodejs.org/meetup/ for the details.');
  });
});

describe('leak check and the author’s own text', () => {
  const rules = leakRules({ projectDirs: ['/srv/blog'], unpublished: [], authored: 'curl http://127.0.0.1:8080 and node /home/example.js' });

  it('lets through local addresses and paths the author wrote', () => {
    expect(findLeaks('/posts/a/', '<code>curl http://127.0.0.1:8080</code> <code>node /home/example.js</code>', rules)).toEqual([]);
  });

  it('lets through paths under a top folder the author writes about, however the page renders them', () => {
    expect(findLeaks('/posts/a/', '<code>ls /home/node/.ssh/*.pub</code>', rules)).toEqual([]);
  });

  it('still reports ones the author did not write', () => {
    const found = findLeaks('/posts/a/', 'img src="/root/build/x.png" and http://localhost:3000/ and /srv/blog/out', rules);
    expect(found.map((f) => f.message)).toEqual([
      expect.stringContaining('localhost'),
      expect.stringContaining('/root/build/x.png'),
      expect.stringContaining('/srv/blog'),
    ]);
  });
});

describe('llms.txt notes', () => {
  it('may begin with a URL, which GFM reads as a link', () => {
    const text = '# Site\n\n> Summary.\n\n## Posts\n\n- [Meetup](https://example.com/meetup/index.html.md): https://example.com/meetup/\n';
    expect(checkLlmsTxt('/llms.txt', text).findings).toEqual([]);
  });

  it('still require ": " between link and notes', () => {
    const text = '# Site\n\n> Summary.\n\n## Posts\n\n- [Meetup](https://example.com/meetup/index.html.md) notes without a colon\n';
    expect(checkLlmsTxt('/llms.txt', text).findings.length).toBeGreaterThan(0);
  });
});

describe('plainText', () => {
  it('gives the words of a compiled post without markup, matching its word count', async () => {
    const compiled = await compileMarkdown('# Title\n\nSome *emphasis* and `code`.\n\n| a | b |\n|---|---|\n| c | d |\n', resolver, PAGE);
    const text = plainText(compiled.html);
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain('Some emphasis and code.');
    expect(countWords(text)).toBe(compiled.wordCount);
  });
});
