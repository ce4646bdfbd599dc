/**
 * Paging for a long list: "Föregående" and "Nästa" links and where the reader is, in a navigation
 * landmark of its own. Keeps the rest of the address's query but the notices of an earlier action
 * (`klart`, `begart`, `overlamnat`), and sets `sida`. Renders nothing when everything fits on one page.
 */
import { Link, useSearchParams } from "@remix-run/react";

/** Query parameters that show a notice once, after an action: not repeated on the next page. */
const NOTICE_PARAMS = ["klart", "begart", "overlamnat"];

interface PagerProps {
  page: number;
  pageCount: number;
  /** Names the landmark, e.g. "Sidor med avslutade anmälningar". */
  label: string;
}

export function Pager({ page, pageCount, label }: PagerProps) {
  const [params] = useSearchParams();
  if (pageCount <= 1) return null;
  const to = (n: number) => {
    const next = new URLSearchParams(params);
    for (const notice of NOTICE_PARAMS) next.delete(notice);
    if (n === 1) next.delete("sida");
    else next.set("sida", String(n));
    return `?${next.toString()}`;
  };
  return (
    <nav aria-label={label} className="pager">
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          Föregående sida
        </Link>
      ) : null}
      <span>
        Sida {page} av {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={to(page + 1)} rel="next">
          Nästa sida
        </Link>
      ) : null}
    </nav>
  );
}
