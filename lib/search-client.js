// The search page's script, the only script a built Masthead page runs (app/search/page.tsx inlines it). It reads
// ?q= from the address, asks Pagefind's index (scripts/search-index.ts) and lists what it found. Every other page
// has a plain form that sends ?q= here, so they need no script of their own.
const root = document.querySelector('[data-search]');
const base = root.dataset.base;
const form = root.querySelector('form');
const input = form.querySelector('input[name="q"]');
const status = root.querySelector('[role="status"]');
const list = root.querySelector('ol');
const query = (new URLSearchParams(location.search).get('q') ?? '').trim();
const MAX = 20;
// The page's messages, in the site's language (lib/i18n.ts): `{name}` is a value, plural forms by Intl.PluralRules.
const strings = JSON.parse(root.dataset.strings);
const plural = new Intl.PluralRules(document.documentElement.lang);
const say = (key, values = {}) => {
  const message = strings[key];
  const text = typeof message === 'string' ? message : (message[plural.select(values.n ?? 0)] ?? message.other);
  const shown = (v) => (typeof v === 'number' ? v.toLocaleString(document.documentElement.lang) : v);
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? shown(values[name]) : whole));
};

input.value = query;

/** Pagefind's excerpt as nodes: its text, and its <mark> around the matched words; nothing else of its HTML. */
function excerptNodes(html) {
  const doc = new DOMParser().parseFromString(`<p>${html}</p>`, 'text/html');
  return [...doc.body.firstChild.childNodes].map((node) => {
    if (node.nodeName !== 'MARK') return document.createTextNode(node.textContent);
    const mark = document.createElement('mark');
    mark.textContent = node.textContent;
    return mark;
  });
}

function element(tag, props = {}, children = []) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

function resultItem(data) {
  const title = data.meta.title || data.url;
  const heading = element('h2', {}, [element('a', { href: data.url, textContent: title })]);
  const item = element('li', { className: 'search-result' }, [heading]);
  if (data.meta.date) item.append(element('p', { className: 'meta', textContent: data.meta.date }));
  item.append(element('p', { className: 'excerpt' }, excerptNodes(data.excerpt)));
  // The sections whose headings matched, each linked to its heading.
  const sections = data.sub_results.filter((sub) => sub.url.includes('#') && sub.title !== title).slice(0, 3);
  if (sections.length) {
    const links = sections.flatMap((sub, i) => [...(i ? [', '] : []), element('a', { href: sub.url, textContent: sub.title })]);
    item.append(element('p', { className: 'search-sections' }, [`${say('searchIn')} `, ...links]));
  }
  return item;
}

async function run() {
  if (!query) {
    status.textContent = say('searchPrompt');
    return;
  }
  status.textContent = say('searching', { query });
  const pagefind = await import(root.dataset.index);
  await pagefind.options({ baseUrl: `${base}/`, excerptLength: 24 });
  const search = await pagefind.search(query);
  const found = await Promise.all(search.results.slice(0, MAX).map((result) => result.data()));
  list.replaceChildren(...found.map(resultItem));
  const count = search.results.length;
  const summary = count === 0 ? say('searchNoResults', { query }) : say('searchResults', { n: count, query });
  status.textContent = count > MAX ? `${summary} ${say('searchShown', { n: MAX })}` : summary;
  document.title = `${summary} · ${document.title.split(' · ').at(-1)}`;
}

run().catch((error) => {
  status.textContent = say('searchFailed', { error: error.message });
});
