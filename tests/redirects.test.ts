import { describe, expect, it } from 'vitest';
import { collectRedirects, redirectPath } from '@/lib/content/redirects';
import { buildRedirectsFile } from '@/lib/redirects-file';
import { makeContent, makeSite } from './helpers/make-content';

const PAGES = new Set(['/posts/new/', '/about/', '/rss.xml']);
const exists = (p: string) => PAGES.has(p);

describe('redirectPath', () => {
  it('reads an old URL as a folder, or as a file when its last segment has an extension', () => {
    expect(redirectPath('/2013/05/06/old.html', '/')).toBe('/2013/05/06/old.html');
    expect(redirectPath('/old', '/')).toBe('/old/');
    expect(redirectPath('/old/?x=1#y', '/')).toBe('/old/');
    // Hugo reads a relative alias against the page's folder.
    expect(redirectPath('older-name/', '/posts/')).toBe('/posts/older-name/');
    expect(redirectPath('/caf%C3%A9/', '/')).toBe('/café/');
    for (const bad of ['https://elsewhere.example/x', '//elsewhere.example/x', '/', '']) expect(redirectPath(bad, '/')).toBeUndefined();
  });
});

describe('collectRedirects', () => {
  it('collects the old URLs of entries and of site.yaml, sorted, each leading to its page or URL', () => {
    const { redirects, problems } = collectRedirects(
      [{ file: 'posts/new.md', path: '/posts/new/', field: 'aliases', from: ['/2013/05/06/new.html', 'newer/'] }],
      { '/old-about': '/about/', '/feed/': 'https://feeds.example.org/x' },
      'site.yaml',
      exists,
    );
    expect(problems).toEqual([]);
    expect(redirects).toEqual([
      { from: '/2013/05/06/new.html', to: '/posts/new/', file: 'posts/new.md' },
      { from: '/feed/', to: 'https://feeds.example.org/x', file: 'site.yaml' },
      { from: '/old-about/', to: '/about/', file: 'site.yaml' },
      { from: '/posts/newer/', to: '/posts/new/', file: 'posts/new.md' },
    ]);
  });

  it('refuses an old URL that is a page, one asked for twice, and a target that is not there', () => {
    const { redirects, problems } = collectRedirects(
      [
        { file: 'posts/a.md', path: '/posts/new/', field: 'aliases', from: ['/about/', '/twice/'] },
        { file: 'posts/b.md', path: '/posts/new/', field: 'redirect_from', from: ['/twice'] },
      ],
      { '/gone/': '/nowhere/', '/x/': 'not a path' },
      'site.yaml',
      exists,
    );
    expect(redirects.map((r) => r.from)).toEqual(['/twice/']);
    expect(problems).toEqual([
      { file: 'posts/a.md', field: 'aliases', message: '/about/ is a page or file the site publishes: a redirect cannot replace it' },
      { file: 'posts/b.md', field: 'redirect_from', message: '/twice/ is also redirected by posts/a.md (to /posts/new/); keep one' },
      { file: 'site.yaml', field: 'redirects./gone/', message: 'expected a page of this site or an http(s) URL to lead to, got "/nowhere/" (no page at /nowhere/)' },
      { file: 'site.yaml', field: 'redirects./x/', message: 'expected a page of this site or an http(s) URL to lead to, got "not a path" (no page at not a path)' },
    ]);
  });
});

describe('buildRedirectsFile', () => {
  it('writes a 301 a line, folders with and without their slash, under the base path', () => {
    const site = makeSite({ url: 'https://user.github.io/blog' });
    const content = { ...makeContent({ site }), redirects: [
      { from: '/old.html', to: '/posts/new/', file: 'posts/new.md' },
      { from: '/feed/', to: 'https://feeds.example.org/x', file: 'site.yaml' },
    ] };
    const rules = buildRedirectsFile(content).split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(' '));
    expect(rules).toEqual([
      ['/blog/old.html', '/blog/posts/new/', '301'],
      ['/blog/feed', 'https://feeds.example.org/x', '301'],
      ['/blog/feed/', 'https://feeds.example.org/x', '301'],
    ]);
  });
});
