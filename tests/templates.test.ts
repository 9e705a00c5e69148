import { describe, expect, it } from 'vitest';
import { convertTemplates } from '@/lib/content/templates';

/** The content: two posts (one Jekyll-named, under a folder) and a page bundle. */
const FILES = ['posts/2010-07-21-name.markdown', 'posts/guides/2012-01-01-deep.md', 'pages/about/index.md', 'posts/hugo/first.md'];
const files = {
  post: (name: string) => FILES.find((f) => f.startsWith('posts/') && f.replace(/\.(md|markdown)$/, '').endsWith(`/${name.replace(/^\/+/, '').split('/').pop()}`)),
  has: (file: string) => FILES.includes(file),
};
const convert = (body: string, from = 'posts/2017-01-01-here.md') => convertTemplates(body, from, files);

describe('convertTemplates', () => {
  it('turns highlight blocks into fenced code, and converts nothing inside them', () => {
    const { markdown, warnings } = convert('{% highlight ruby linenos %}\nputs "{{ x }} {% y %}"\n{% endhighlight %}\n\n{{< highlight go >}}\nfmt.Println("{{< z >}}")\n{{< /highlight >}}\n');
    expect(markdown).toBe('```ruby\nputs "{{ x }} {% y %}"\n```\n\n```go\nfmt.Println("{{< z >}}")\n```\n');
    expect(warnings).toEqual([]);
  });

  it('drops raw and endraw, keeping what they hold as written, over several lines', () => {
    const { markdown, warnings } = convert('{% raw %}\nShow {% include x %} and {{ y }}.\n{% endraw %}\nAfter {% include z %}.\n');
    expect(markdown).toBe('\nShow {% include x %} and {{ y }}.\n\nAfter {% include z %}.\n');
    expect(warnings).toEqual([{ line: 4, tag: '{% include z %}' }]);
  });

  it('makes link and post_url paths to the file, relative to the post, which the link resolver reads', () => {
    const { markdown, warnings } = convert('[a]({% link _posts/2016-07-26-old.md %}) [b]({% post_url 2010-07-21-name %}) [c]({% post_url /guides/2012-01-01-deep %}) {% post_url gone %}', 'posts/sub/2017-01-01-here.md');
    expect(markdown).toBe('[a](../2016-07-26-old.md) [b](../2010-07-21-name.markdown) [c](../guides/2012-01-01-deep.md) {% post_url gone %}');
    expect(warnings).toEqual([{ line: 1, tag: '{% post_url gone %}' }]);
  });

  it("makes Hugo's ref and relref the file they name, from the content folder, the page's folder or by name", () => {
    const { markdown, warnings } = convert('[a]({{< ref "/pages/about" >}}) [b]({{< relref "first.md#usage" >}}) [c]({{< ref "2012-01-01-deep" >}}) [d]({{< ref "/nowhere.md" >}})', 'posts/hugo/second.md');
    expect(markdown).toBe('[a](../../pages/about/index.md) [b](./first.md#usage) [c](../guides/2012-01-01-deep.md) [d]({{< ref "/nowhere.md" >}})');
    expect(warnings).toEqual([{ line: 1, tag: '{{< ref "/nowhere.md" >}}' }]);
  });

  it('writes figure, youtube and vimeo shortcodes as an image with its caption and players with titles', () => {
    const { markdown } = convert('{{< figure src="a b.jpg" caption=\'A [b] "c"\' >}}\n{{% youtube id="abc" title="A talk" %}}\n{{< vimeo 146022717 >}}');
    expect(markdown.split('\n')).toEqual([
      '![A \\[b\\] "c"](a%20b.jpg "A [b] \\"c\\"")',
      '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="A talk"></iframe>',
      '<iframe src="https://player.vimeo.com/video/146022717" title="Vimeo video"></iframe>',
    ]);
  });

  it('leaves code blocks and code spans alone, and keeps every line where it was', () => {
    const body = '```liquid\n{% include a %}\n```\n\n~~~\n{{< b >}}\n~~~\n\nText `{{ c }}` and {{ d }}.\n';
    const { markdown, warnings } = convert(body);
    expect(markdown).toBe(body);
    expect(warnings).toEqual([{ line: 9, tag: '{{ d }}' }]);
    const tags = '{% highlight js %}\nx\n{% endhighlight %}\n{% raw %}\ny\n{% endraw %}\n{{< figure src="a.png" >}}\n';
    expect(convert(tags).markdown.split('\n')).toHaveLength(tags.split('\n').length);
  });
});
