/**
 * The agreements' figures for the follow-up (issue 18): how many schools in the actor's
 * overview have an active agreement, one due for revision, one out for signing for more than 30
 * days, one declined, grouped as the follow-up asks, and how long signing took. Counted in SQL
 * from the overview's own statuses (school-status.server.ts), so both pages always agree.
 */
import { sql } from "kysely";
import type { Actor } from "~/auth/session.server";
import { db } from "~db/client.server";
import type { OperatorType } from "~db/schema";
import { requireOverviewScope, withSchoolStatuses } from "./school-status.server";

export interface AgreementFigureRow {
  /** The district or the school the row counts, as `groupBy` asked. */
  groupId: string;
  operatorType: OperatorType;
  schools: number;
  active: number;
  revisionDue: number;
  signingOver30Days: number;
  declined: number;
}

export interface AgreementFigureFilter {
  districtId: string;
  schoolId: string;
  operatorType: OperatorType | "";
}

/** Schools by the status of their agreement today, per district or school and operator type. */
export async function agreementFigures(
  actor: Actor,
  today: string,
  filter: AgreementFigureFilter,
  groupBy: "district" | "school",
): Promise<AgreementFigureRow[]> {
  const group = groupBy === "district" ? sql.ref("st.districtId") : sql.ref("st.schoolId");
  return withSchoolStatuses(actor, today, { waitingFor: false })
    .selectFrom("schoolStatuses as st")
    .leftJoin("agreementVersions as sv", "sv.id", "st.signingId")
    .$if(filter.districtId !== "", (q) => q.where("st.districtId", "=", filter.districtId))
    .$if(filter.schoolId !== "", (q) => q.where("st.schoolId", "=", filter.schoolId))
    .$if(filter.operatorType !== "", (q) =>
      q.where("st.operatorType", "=", filter.operatorType as OperatorType),
    )
    .select([
      sql<string>`${group}`.as("groupId"),
      sql<OperatorType>`coalesce(st.operator_type, 'municipal')`.as("operatorType"),
      sql<number>`count(*)::int`.as("schools"),
      sql<number>`(count(*) filter (where st.has_active))::int`.as("active"),
      sql<number>`(count(*) filter (where st.status = 'revisionDue'))::int`.as("revisionDue"),
      sql<number>`(count(*) filter (where st.status = 'signing'
        and sv.sent_at < (${today}::date - 30)::timestamp at time zone 'Europe/Stockholm'))::int`.as(
        "signingOver30Days",
      ),
      sql<number>`(count(*) filter (where st.status = 'declined'))::int`.as("declined"),
    ])
    .groupBy([sql`1`, sql`2`])
    .execute();
}

/**
 * Versions that became active in the period, in the actor's overview: how many, and the median
 * days from sending to the last signature (which is when a version becomes active).
 */
export async function signingTimes(
  actor: Actor,
  period: { from: string; to: string },
  filter: Pick<AgreementFigureFilter, "districtId">,
): Promise<{ activated: number; medianDays: number | null }> {
  const scope = requireOverviewScope(actor);
  const districtId = scope.districtId ?? (filter.districtId || null);
  const row = await db
    .selectFrom("agreementVersions as v")
    .innerJoin("agreements as a", "a.id", "v.agreementId")
    .where("v.activatedAt", "is not", null)
    .where("v.sentAt", "is not", null)
    .where(
      sql`v.activated_at`,
      ">=",
      sql`(${period.from}::date)::timestamp at time zone 'Europe/Stockholm'`,
    )
    .where(
      sql`v.activated_at`,
      "<",
      sql`(${period.to}::date + 1)::timestamp at time zone 'Europe/Stockholm'`,
    )
    .$if(districtId !== null, (q) => q.where("a.districtId", "=", districtId!))
    .select([
      sql<number>`count(*)::int`.as("activated"),
      sql<number | null>`percentile_cont(0.5) within group
        (order by extract(epoch from v.activated_at - v.sent_at) / 86400)`.as("medianDays"),
    ])
    .executeTakeFirstOrThrow();
  return {
    activated: row.activated,
    medianDays: row.medianDays === null ? null : Number(row.medianDays),
  };
}
