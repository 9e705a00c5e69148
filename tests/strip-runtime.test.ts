import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Element } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import { stripHtml, stripRuntime } from '../scripts/strip-runtime';
import { builtOut, type BuildName } from './helpers/builds';

async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

function elements(html: string, tagName: string): Element[] {
  const found: Element[] = [];
  visit(fromHtml(html), 'element', (node: Element) => {
    if (node.tagName === tagName) found.push(node);
  });
  return found;
}

describe('stripHtml', () => {
  const page = `<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>
<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>
<link rel="stylesheet" href="/_next/static/chunks/site.css"/>
<script src="/_next/static/chunks/b.js" async=""></script>
<script type="application/ld+json">{"@type":"BlogPosting","headline":"A &lt; B"}</script>
</head><body><main><h1>Title</h1><p>Body text</p></main>
<script>(self.__next_f=self.__next_f||[]).push([0])</script>
<script>self.__next_f.push([1,"payload"])</script></body></html>`;

  it('removes every script but JSON-LD, and script preloads', () => {
    const { html, removed } = stripHtml(page);
    expect(removed).toBe(4);
    const scripts = elements(html, 'script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0].properties.type).toBe('application/ld+json');
    expect(html).not.toContain('__next_f');
    expect(elements(html, 'link').map((l) => l.properties.rel)).toEqual([['stylesheet']]);
  });

  it('keeps the content, the doctype and the JSON-LD text intact', () => {
    const { html, refs } = stripHtml(page);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(elements(html, 'h1')).toHaveLength(1);
    expect(html).toContain('<p>Body text</p>');
    expect(html).toContain('{"@type":"BlogPosting","headline":"A &lt; B"}');
    expect(refs).toEqual(['/_next/static/chunks/site.css']);
  });

  it('leaves a page without scripts unchanged in content', () => {
    const plain = '<!DOCTYPE html><html><head><title>x</title></head><body><p>ok</p></body></html>';
    const { html, removed } = stripHtml(plain);
    expect(removed).toBe(0);
    expect(html).toContain('<title>x</title>');
  });
});

describe('stripHtml splicing', () => {
  it('keeps every byte outside what it removes, as Next wrote it', () => {
    const head = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A &amp; B</title>';
    const body = '</head><body class="x"><p>Keep <b>this</b>&nbsp;as is</p></body></html>';
    const { html, removed } = stripHtml(`${head}<script src="/_next/a.js" async=""></script>${body}`);
    expect(removed).toBe(1);
    expect(html).toBe(head + body);
  });

  it('writes React markup as HTML does: lower-case names, boolean attributes bare, void elements open, > in text escaped', () => {
    const react = '<head><meta charSet="utf-8"/><link rel="icon" href="/a.png"/></head><body><div hidden=""><!--$--></div><img srcSet="a.png 1w" fetchPriority="high" alt=""/><input type="checkbox" checked="" disabled=""/><p>A --> B</p><time dateTime="2025-01-01">x</time><svg viewBox="0 0 1 1"><path d="M0 0"/></svg><style>a>b{}</style><script type="application/ld+json">{"a":"x>y"}</script></body>';
    expect(stripHtml(react).html).toBe(
      '<head><meta charset="utf-8"><link rel="icon" href="/a.png"></head><body><div hidden><!--$--></div><img srcset="a.png 1w" fetchpriority="high" alt=""><input type="checkbox" checked disabled><p>A --&gt; B</p><time datetime="2025-01-01">x</time><svg viewBox="0 0 1 1"><path d="M0 0"/></svg><style>a>b{}</style><script type="application/ld+json">{"a":"x>y"}</script></body>',
    );
    // CDATA (in SVG) is text as written, and a comment is no text.
    expect(stripHtml('<svg><text><![CDATA[x > y]]></text></svg><!-- a > b -->').html).toBe('<svg><text><![CDATA[x > y]]></text></svg><!-- a > b -->');
  });

  it('drops the file pointers of inlined CSS and nothing else of the tag', () => {
    const { html, refs } = stripHtml('<html><head><style data-precedence="next" nonce="n" data-href="/_next/static/a.css">p{color:red}</style></head></html>');
    expect(html).toBe('<html><head><style nonce="n">p{color:red}</style></head></html>');
    expect(refs).toEqual([]);
  });

  it('removes modulepreload links for scripts and keeps other preloads', () => {
    const { html, removed } = stripHtml('<head><link rel="modulepreload" as="script" href="/a.js"><link rel="preload" as="font" href="/f.woff2"></head>');
    expect(removed).toBe(1);
    expect(html).toBe('<head><link rel="preload" as="font" href="/f.woff2"></head>');
  });

  it('removes a script whose text holds markup, and an unclosed one to the end', () => {
    const { html, removed } = stripHtml('<body><p>a</p><script>self.__next_f.push([1,"<div>x</div>"])</script><p>b</p><script>never closed');
    expect(removed).toBe(2);
    expect(html).toBe('<body><p>a</p><p>b</p>');
  });

  it('removes scripts inside <noscript> too', () => {
    expect(stripHtml('<body><noscript><script>x</script><img src="/a.png"></noscript></body>')).toEqual({
      html: '<body><noscript><img src="/a.png"></noscript></body>',
      removed: 1,
      refs: [],
    });
  });

  it('gives the same bytes for the same page', () => {
    const page = '<html><head><script>a</script><style data-href="/_next/x.css">b</style></head><body><img src="/_next/static/media/c.png"></body></html>';
    expect(stripHtml(page)).toEqual(stripHtml(page));
    expect(stripHtml(page).refs).toEqual(['/_next/static/media/c.png']);
  });
});

describe('stripRuntime', () => {
  it('only reads pages already stripped, and keeps the build files they use', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'strip-'));
    try {
      const write = async (file: string, text: string) => {
        await mkdir(path.dirname(path.join(out, file)), { recursive: true });
        await writeFile(path.join(out, file), text);
      };
      // A restored page: its script would go if it were stripped; the image it shows must stay.
      const restored = '<html><body><script>kept()</script><img src="/_next/static/media/old.png"></body></html>';
      await write('a/index.html', restored);
      await write('b/index.html', '<html><body><script src="/_next/static/chunks/x.js"></script><img src="/_next/static/media/new.png"></body></html>');
      for (const file of ['_next/static/media/old.png', '_next/static/media/new.png', '_next/static/media/unused.png', '_next/static/chunks/x.js', 'b/index.txt']) await write(file, 'x');
      const report = await stripRuntime(out, new Set([path.join(out, 'a/index.html')]));
      expect(report.pages).toBe(1);
      expect(await readFile(path.join(out, 'a/index.html'), 'utf8')).toBe(restored);
      expect(await readFile(path.join(out, 'b/index.html'), 'utf8')).not.toContain('<script');
      expect((await filesIn(out)).sort()).toEqual(['_next/static/media/new.png', '_next/static/media/old.png', 'a/index.html', 'b/index.html']);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe.each(['sample', 'basepath'] as BuildName[])('built site without a client runtime (%s)', (name) => {
  it('has no script in any page but JSON-LD, and the search page its own inline one', async () => {
    const out = builtOut(name);
    const pages = (await filesIn(out)).filter((f) => f.endsWith('.html'));
    expect(pages.length).toBeGreaterThan(10);
    expect(pages).toContain('search/index.html');
    for (const page of pages) {
      const html = await readFile(path.join(out, page), 'utf8');
      const scripts = elements(html, 'script').filter((script) => script.properties.type !== 'application/ld+json');
      if (page === 'search/index.html') {
        expect(scripts.map((s) => [s.properties.type, s.properties.src, s.properties.dataMasthead])).toEqual([['module', undefined, 'true']]);
      } else expect(scripts.map((s) => s.properties.type), `${page} has a script`).toEqual([]);
      for (const script of elements(html, 'script')) expect(script.properties.src, `${page} loads a script`).toBeUndefined();
      for (const link of elements(html, 'link')) {
        expect(link.properties.as, `${page} preloads a script`).not.toBe('script');
      }
      expect(html, `${page} carries an RSC payload`).not.toContain('__next_f');
    }
  });

  it('has no RSC payload files and no unreferenced _next file', async () => {
    const out = builtOut(name);
    const files = await filesIn(out);
    expect(files.filter((f) => /(^|\/)(__next\.[^/]*\.txt|index\.txt)$/.test(f))).toEqual([]);
    const referenced = new Set<string>();
    for (const page of files.filter((f) => f.endsWith('.html'))) {
      const html = await readFile(path.join(out, page), 'utf8');
      for (const match of html.matchAll(/\/_next\/[^"'\s)]+/g)) referenced.add(match[0].slice(1));
    }
    for (const file of files.filter((f) => f.startsWith('_next/'))) expect(referenced, `${file} is not used by any page`).toContain(file);
  });

  it('writes two files in a post’s folder besides its own images: the page and its Markdown copy', async () => {
    const out = builtOut(name);
    const own = (await readdir(path.join(out, 'posts', 'why-static'), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    expect(own.sort()).toEqual(['index.html', 'index.html.md']);
  });
});
