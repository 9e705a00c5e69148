/**
 * What Jekyll's Liquid tags and Hugo's shortcodes mean, written as Markdown, so a blog moves in as it is:
 * `highlight` becomes a fenced code block, `raw`/`endraw` go, `link` and `post_url` become the linked file
 * (which the link resolver turns into its URL), as do Hugo's `ref` and `relref`; `figure` becomes a captioned
 * image, `youtube` and `vimeo` a player.
 * Any other tag or shortcode stays as text and is reported with its line. Code blocks and code spans are
 * left alone: that is where a post about Jekyll or Hugo shows them. Every conversion keeps the line count,
 * so a line named later (a broken link, bad math) is still the author's line.
 */
import path from 'node:path';

export interface TemplateWarning {
  /** 1-based line in the body. */
  line: number;
  tag: string;
}

/** The content's Markdown files: a post by Jekyll's `post_url` name (`2010-07-21-name`), and whether a file is one. */
export interface ContentFiles {
  post(name: string): string | undefined;
  has(file: string): boolean;
}

/**
 * The file Hugo's `ref` or `relref` names: a path from the content folder (`/posts/a.md`), from the page's own
 * folder (`a.md`, `../b/index.md`), or a bare name found anywhere (`a`), its extension optional.
 */
function refFile(target: string, from: string, files: ContentFiles): string | undefined {
  const bases = target.startsWith('/') ? [target.slice(1)] : [path.posix.join(path.posix.dirname(from), target), target];
  for (const base of bases) {
    const normal = path.posix.normalize(base).replace(/\/$/, '');
    for (const file of [normal, `${normal}.md`, `${normal}.markdown`, `${normal}/index.md`, `${normal}/index.markdown`]) if (files.has(file)) return file;
  }
  return files.post(target.replace(/\.(md|markdown)$/, ''));
}

const LIQUID = /\{%-?\s*([\s\S]*?)\s*-?%\}/g;
const SHORTCODE = /\{\{([<%])\s*(\/?)\s*([\w-]+)([\s\S]*?)\s*[>%]\}\}/g;
const LIQUID_OUTPUT = /\{\{(?![<%])[\s\S]*?\}\}/g;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Named and positional arguments of a tag or shortcode: `src="a.jpg" title='T' x` → {src, title, 0: x}. */
function argumentsOf(text: string): Record<string, string> {
  const args: Record<string, string> = {};
  let position = 0;
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))|"([^"]*)"|'([^']*)'|(\S+)/g)) {
    if (m[1]) args[m[1]] = m[2] ?? m[3] ?? m[4];
    else args[String(position++)] = m[5] ?? m[6] ?? m[7];
  }
  return args;
}

const markdownText = (s: string) => s.replace(/[\\[\]]/g, '\\$&');
const markdownTitle = (s: string) => s.replace(/["\\]/g, '\\$&');
const attribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Hugo's player shortcodes: the player's URL before the video's id, and Hugo's own title when none is given. */
const PLAYERS: Record<'youtube' | 'vimeo', { src: string; title: string }> = {
  youtube: { src: 'https://www.youtube-nocookie.com/embed/', title: 'YouTube video' },
  vimeo: { src: 'https://player.vimeo.com/video/', title: 'Vimeo video' },
};

/** A player as raw HTML the embed rules keep (lib/embeds.ts). */
function player(src: string, title: string): string {
  return `<iframe src="${attribute(src)}" title="${attribute(title)}"></iframe>`;
}

/**
 * Converts the Liquid tags and Hugo shortcodes of a body it knows, and reports the others. `from` is the
 * content-relative file the body is in: `link` and `post_url` become paths relative to it.
 */
export function convertTemplates(body: string, from: string, files: ContentFiles): { markdown: string; warnings: TemplateWarning[] } {
  const warnings: TemplateWarning[] = [];
  const lines = body.split('\n');
  const relative = (file: string) => {
    const rel = path.posix.relative(path.posix.dirname(from), file);
    return rel.startsWith('.') ? rel : `./${rel}`;
  };
  // The code block the scan is in: a Markdown fence, or one a highlight tag opened (closed by its end tag).
  let fence: { mark: string; highlight: boolean } | undefined;
  let raw = false;
  let highlighted = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const fenceMark = FENCE.exec(line)?.[1];
    if (fence?.highlight) {
      if (/^\s*(\{%-?\s*endhighlight\s*-?%\}|\{\{[<%]\s*\/highlight\s*[>%]\}\})\s*$/.test(line)) {
        lines[i] = '```';
        fence = undefined;
      }
      continue;
    }
    if (fence) {
      if (fenceMark && fenceMark[0] === fence.mark[0] && fenceMark.length >= fence.mark.length && line.trim() === fenceMark) fence = undefined;
      continue;
    }
    if (fenceMark && !raw) {
      fence = { mark: fenceMark, highlight: false };
      continue;
    }
    highlighted = false;
    // Code spans are shown as written: split the line at them, convert only between.
    const parts = line.split(/(`+[^`]*`+)/);
    for (let p = 0; p < parts.length; p += 2) {
      let text = parts[p];
      if (raw) {
        const end = /\{%-?\s*endraw\s*-?%\}/.exec(text);
        if (!end) continue;
        text = text.slice(0, end.index) + text.slice(end.index + end[0].length);
        raw = false;
        parts[p] = text;
        continue;
      }
      text = text.replace(LIQUID, (written, inner: string) => {
        const [name, ...rest] = inner.trim().split(/\s+/);
        const args = rest.join(' ');
        switch (name) {
          case 'raw':
            raw = true;
            return '';
          case 'endraw':
            return '';
          case 'highlight':
            highlighted = true;
            return `\`\`\`${rest[0] ?? ''}`;
          case 'endhighlight':
            return '```';
          case 'link': {
            const target = args.replace(/^_posts\//, 'posts/').replace(/^_pages\//, 'pages/');
            return relative(target);
          }
          case 'post_url': {
            const found = files.post(args.trim());
            if (found) return relative(found);
            break;
          }
        }
        warnings.push({ line: i + 1, tag: written });
        return written;
      });
      text = text.replace(SHORTCODE, (written, _delimiter: string, closing: string, name: string, argText: string) => {
        const args = argumentsOf(argText);
        switch (`${closing}${name}`) {
          case 'highlight':
            highlighted = true;
            return `\`\`\`${args[0] ?? ''}`;
          case '/highlight':
            return '```';
          case 'figure': {
            const src = args.src ?? args[0];
            if (!src) break;
            const caption = args.title ?? args.caption;
            return `![${markdownText(args.alt ?? caption ?? '')}](${src.replace(/[()\s]/g, encodeURIComponent)}${caption ? ` "${markdownTitle(caption)}"` : ''})`;
          }
          case 'youtube':
          case 'vimeo': {
            const id = args.id ?? args[0];
            if (!id) break;
            const { src, title } = PLAYERS[name as keyof typeof PLAYERS];
            return player(src + encodeURIComponent(id), args.title ?? title);
          }
          case 'ref':
          case 'relref': {
            const [target, anchor = ''] = (args.path ?? args[0] ?? '').split('#');
            const found = target ? refFile(target, from, files) : undefined;
            if (found) return `${relative(found)}${anchor ? `#${anchor}` : ''}`;
            break;
          }
        }
        warnings.push({ line: i + 1, tag: written });
        return written;
      });
      // Liquid's output tags (`{{ site.url }}`) are templating too: kept, and named.
      for (const m of text.matchAll(LIQUID_OUTPUT)) warnings.push({ line: i + 1, tag: m[0] });
      parts[p] = text;
    }
    lines[i] = parts.join('');
    if (highlighted && FENCE.test(lines[i])) fence = { mark: '```', highlight: true };
  }
  return { markdown: lines.join('\n'), warnings };
}
