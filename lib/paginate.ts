/** One page of a paginated list. */
export interface PageSlice<T> {
  items: T[];
  /** 1-based. */
  page: number;
  pageCount: number;
}

/** Splits items into pages of `size`; an empty list still has one (empty) page. */
export function paginate<T>(items: T[], size: number): PageSlice<T>[] {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: pageCount }, (_, i) => ({ items: items.slice(i * size, (i + 1) * size), page: i + 1, pageCount }));
}

/** The site path of page `n` of a list rooted at `base` (`/` or `/tags/x/`): page 1 is the base itself. */
export function pagePath(base: string, n: number): string {
  return n <= 1 ? base : `${base}page/${n}/`;
}

/**
 * The page numbers a pagination shows for page `page` of `count`: the first and last, and two either side
 * of this one; a run left out is one `'gap'`, and a gap of a single page shows that page instead.
 */
export function pageNumbers(page: number, count: number): (number | 'gap')[] {
  const shown = new Set([1, count]);
  for (let n = page - 2; n <= page + 2; n++) if (n >= 1 && n <= count) shown.add(n);
  const sorted = [...shown].sort((a, b) => a - b);
  const out: (number | 'gap')[] = [];
  for (const n of sorted) {
    const last = out.at(-1);
    if (typeof last === 'number' && n - last === 2) out.push(n - 1);
    else if (typeof last === 'number' && n - last > 2) out.push('gap');
    out.push(n);
  }
  return out;
}
