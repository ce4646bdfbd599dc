/**
 * The follow-up's trend: the last six terms up to the period's end, cards returned on time of
 * those due and reports acknowledged by the next working day of those received, term by term.
 * Counted live here by the same queries as the page's tables; from the night's count in
 * rollup.server.ts.
 */
import { sql } from "kysely";
import { db } from "~db/client.server";
import { cardQuery, reportQuery } from "./figures.server";
import { lastTerms, termPeriod } from "./period";
import type { FollowUpNarrowing, FollowUpScope } from "./policy";

export interface TrendPoint {
  term: string;
  requested: number;
  due: number;
  returnedOnTime: number;
  received: number;
  acknowledgedOnTime: number;
}

export async function liveTrend(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  lastTerm: string,
  today: string,
): Promise<TrendPoint[]> {
  const terms = lastTerms(lastTerm, 6);
  const span = { from: termPeriod(terms[0]!)!.from, to: termPeriod(terms.at(-1)!)!.to };
  const result = await sql<TrendPoint>`
    with c as (${cardQuery(scope, narrowing, span, today, "term")}),
    r as (${reportQuery(scope, narrowing, span, today, "term")}),
    cards as (
      select c."term", sum(c."requested") as requested, sum(c."due") as due,
        sum(c."returnedOnTime") as returned_on_time
      from c group by 1
    ),
    reports as (
      select r."term", sum(r."received") as received,
        sum(r."acknowledgedOnTime") as acknowledged_on_time
      from r group by 1
    )
    select t.term, coalesce(cards.requested, 0)::int as "requested",
      coalesce(cards.due, 0)::int as "due",
      coalesce(cards.returned_on_time, 0)::int as "returnedOnTime",
      coalesce(reports.received, 0)::int as "received",
      coalesce(reports.acknowledged_on_time, 0)::int as "acknowledgedOnTime"
    from unnest(${terms}::text[]) with ordinality as t(term, n)
    left join cards on cards."term" = t.term
    left join reports on reports."term" = t.term
    order by t.n`.execute(db);
  return result.rows;
}
