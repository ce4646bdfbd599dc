/**
 * Paging for the organisation module's long lists (schools, staff): the page size, the page
 * asked for, and an OFFSET that falls back to the last page when the one asked for is past the
 * end, computed in the same statement from a `counts` common table expression.
 */
import { sql } from "kysely";

/** Rows a page of a school or staff list shows. */
const LIST_PAGE_SIZE = 50;

export interface Paged {
  /** How many in all (every page). */
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

export function paging(options: { page?: number; pageSize?: number }) {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? LIST_PAGE_SIZE) || 1);
  const requested = Math.max(1, Math.floor(options.page ?? 1) || 1);
  return {
    pageSize,
    requested,
    /** The requested page's first row, or the last page's when it is past the end. */
    offset: (count: string) =>
      sql<number>`(select least(${(requested - 1) * pageSize},
        greatest(${sql.ref(count)} - 1, 0) / ${pageSize} * ${pageSize}) from counts)`,
    finish: (total: number): Paged => {
      const pageCount = Math.max(1, Math.ceil(total / pageSize));
      return { total, page: Math.min(requested, pageCount), pageCount, pageSize };
    },
  };
}
