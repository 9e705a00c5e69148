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
