/**
 * The overview of agreements: every school in the actor's view and the status of its agreement,
 * as one page (filtered, sorted and counted in SQL), as every row (the CSV export), and as the
 * counts on the managers' start page. The statuses come from school-status.server.ts.
 */
import { sql, type RawBuilder, type SqlBool } from "kysely";
import type { Actor } from "~/auth/session.server";
import { db } from "~db/client.server";
import { stockholmDate } from "./policy";
import {
  asOverviewRow,
  overviewColumns,
  requireOverviewScope,
  SWEDISH,
  withSchoolStatuses,
} from "./school-status.server";
import type { OverviewFilter, OverviewRow } from "./types";
import { UUID } from "~/lib/uuid";

/** Schools a page of the overview shows. */
const OVERVIEW_PAGE_SIZE = 100;

export const NO_OVERVIEW_FILTER: OverviewFilter = {
  q: "",
  status: "",
  operatorType: "",
  districtId: "",
};

/** The filter as a condition on `st`, a row of schoolStatuses. */
function matches(filter: OverviewFilter) {
  const conditions = [sql`true`];
  if (filter.q) {
    conditions.push(sql`(strpos(lower(st.school_name collate ${SWEDISH}),
      lower(${filter.q}::text collate ${SWEDISH})) > 0 or strpos(st.school_unit_code, ${filter.q}) > 0)`);
  }
  if (filter.status) conditions.push(sql`st.status = ${filter.status}`);
  if (filter.operatorType) conditions.push(sql`st.operator_type = ${filter.operatorType}`);
  // An address with a district that is no id matches nothing, as before (not a database error).
  if (filter.districtId) {
    conditions.push(
      UUID.test(filter.districtId.toLowerCase())
        ? sql`st.district_id = ${filter.districtId}`
        : sql`false`,
    );
  }
  return sql<SqlBool>`${sql.join(conditions, sql` and `)}`;
}

/** Schools without an active agreement first, then by district and name, in Swedish order. */
const listOrder = [
  sql`st.has_active`,
  sql`st.district_name collate ${SWEDISH}`,
  sql`st.school_name collate ${SWEDISH}`,
  sql`st.school_id`,
];

/** Sorts a query by each key in turn. */
function orderedBy(keys: RawBuilder<unknown>[]) {
  return <QB extends { orderBy(key: RawBuilder<unknown>): QB }>(qb: QB): QB =>
    keys.reduce((query, key) => query.orderBy(key), qb);
}

/**
 * Every school in the actor's view (a district manager their area; the education manager and the
 * administrator all districts) with the status of its agreement, those without an active
 * agreement first: the rows of the CSV export. Reads no agreement text.
 */
export async function agreementOverview(
  actor: Actor,
  now = new Date(),
  filter: OverviewFilter = NO_OVERVIEW_FILTER,
): Promise<OverviewRow[]> {
  const rows = await withSchoolStatuses(actor, stockholmDate(now))
    .selectFrom("schoolStatuses as st")
    .select(overviewColumns(now))
    .where(matches(filter))
    .$call(orderedBy(listOrder))
    .execute();
  return rows.map(asOverviewRow);
}

export interface OverviewPage {
  /** The schools on this page: the municipal ones first, each kind in the list's order. */
  rows: OverviewRow[];
  /** Schools in the actor's view, before any filter. */
  total: number;
  /** Schools the filter matches; of them, those without an active agreement, and each kind. */
  matching: number;
  withoutActive: number;
  municipal: number;
  independent: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

/**
 * One page of the overview with the counts it states, in one statement. The municipal and the
 * independent schools are shown in two tables, so the list runs through the municipal ones first.
 * A page past the end shows the last one.
 */
export async function overviewPage(
  actor: Actor,
  filter: OverviewFilter,
  options: { page?: number; pageSize?: number } = {},
  now = new Date(),
): Promise<OverviewPage> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? OVERVIEW_PAGE_SIZE) || 1);
  const requested = Math.max(1, Math.floor(options.page ?? 1) || 1);
  const order = [sql`st.operator_type = 'independent'`, ...listOrder];
  const result = await withSchoolStatuses(actor, stockholmDate(now))
    .with("counts", (qb) =>
      qb
        .selectFrom("schoolStatuses as st")
        .select([
          sql<string>`count(*)`.as("total"),
          sql<string>`count(*) filter (where ${matches(filter)})`.as("matching"),
          sql<string>`count(*) filter (where ${matches(filter)} and not st.has_active)`.as(
            "withoutActive",
          ),
          sql<string>`count(*) filter (where ${matches(filter)} and st.operator_type = 'municipal')`.as(
            "municipal",
          ),
        ]),
    )
    .with("shown", (qb) =>
      qb
        .selectFrom("schoolStatuses as st")
        .selectAll("st")
        .where(matches(filter))
        .$call(orderedBy(order))
        .limit(pageSize)
        // The requested page, or the last one when it is past the end.
        .offset(
          sql<number>`(select least(${(requested - 1) * pageSize},
            greatest(counts.matching - 1, 0) / ${pageSize} * ${pageSize}) from counts)`,
        ),
    )
    .selectFrom("counts")
    .leftJoin("shown as st", (join) => join.onTrue())
    .select(["counts.total", "counts.matching", "counts.withoutActive", "counts.municipal"])
    .select(overviewColumns(now))
    .$call(orderedBy(order))
    .execute();
  const counts = result[0]!;
  const matching = Number(counts.matching);
  const pageCount = Math.max(1, Math.ceil(matching / pageSize));
  return {
    // Without a school on the page, the counts come on a row of their own (the left join's).
    rows: result.flatMap((r) =>
      r.schoolId === null ? [] : [asOverviewRow(r as Parameters<typeof asOverviewRow>[0])],
    ),
    total: Number(counts.total),
    matching,
    withoutActive: Number(counts.withoutActive),
    municipal: Number(counts.municipal),
    independent: matching - Number(counts.municipal),
    page: Math.min(requested, pageCount),
    pageCount,
    pageSize,
  };
}

/** The districts the overview's filter offers: those with schools in the actor's view. */
export async function overviewDistricts(actor: Actor): Promise<{ id: string; name: string }[]> {
  const scope = requireOverviewScope(actor);
  return db
    .selectFrom("organisations as d")
    .select(["d.id", "d.name"])
    .where("d.kind", "=", "district")
    .$if(scope.districtId !== null, (q) => q.where("d.id", "=", scope.districtId!))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom("organisations as s")
          .select("s.id")
          .whereRef("s.districtId", "=", "d.id")
          .where("s.kind", "=", "school")
          .where("s.deactivatedAt", "is", null),
      ),
    )
    .orderBy(sql`d.name collate ${SWEDISH}`)
    .execute();
}

/** How many schools in the actor's view have an active agreement, and how many are due. */
export async function agreementCounts(actor: Actor, now = new Date()) {
  const row = await withSchoolStatuses(actor, stockholmDate(now), { waitingFor: false })
    .selectFrom("schoolStatuses as st")
    .select([
      sql<string>`count(*)`.as("schools"),
      sql<string>`count(*) filter (where st.has_active)`.as("active"),
      sql<string>`count(*) filter (where st.status = 'revisionDue')`.as("revisionDue"),
    ])
    .executeTakeFirstOrThrow();
  return {
    schools: Number(row.schools),
    active: Number(row.active),
    revisionDue: Number(row.revisionDue),
  };
}
