/**
 * The status of every school's agreement, derived in SQL: the overview, its CSV and the managers'
 * start page count, filter, sort and page it there, so that no request reads an agreement's text
 * (each version's full text, ~10 kB, once made the overview read ~21 MB a request) or holds every
 * school in memory to show one page of them.
 *
 * The rules are those of `agreementStatus` (policy.ts), applied per school:
 * - an agreement's state: an active version (due for revision when its review date has come or
 *   its template has a newer revision) wins; otherwise its newest version's state (out for
 *   signing, declined, else draft). The education manager does not see drafts.
 * - the schools it covers: its active version's (or, without one, its newest version's), and
 *   those of a version out for signing. A school in the active version has the agreement's state;
 *   a school only in the version out for signing is "signing".
 * - a school in several agreements shows its best: active over due for revision over out for
 *   signing over declined over draft (the oldest agreement on a tie).
 */
import { sql, type Expression, type QueryCreator, type SqlBool } from "kysely";
import { ROLE_LABELS } from "~/auth/roles";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { Database, SignatoryRole } from "~db/schema";
import type { AgreementStatus } from "./policy";
import type { OverviewRow } from "./types";
import { signatoryHasNotSigned } from "./shared.server";

/** Who sees the overview: a district manager their area; the education manager and admins all. */
export function requireOverviewScope(actor: Actor): { districtId: string | null } {
  const m = actor.membership;
  if (m.role === "districtManager") return { districtId: m.organisationId };
  if (m.role === "educationManager" || m.role === "admin") return { districtId: null };
  throw new NotFoundError();
}

/** Swedish order for names (Å, Ä, Ö after Z), as `localeCompare("sv")` sorts them. */
export const SWEDISH = sql.raw(`"sv-x-icu"`);

/**
 * A query with the common table expression `schoolStatuses`: one row for every active school in
 * the actor's overview, with its agreement's status. Callers filter, count, sort and page it.
 */
export function withSchoolStatuses(
  actor: Actor,
  today: string,
  options: { waitingFor: boolean } = { waitingFor: true },
) {
  const scope = requireOverviewScope(actor);
  const includeDrafts = actor.membership.role !== "educationManager";
  return (
    db
      // Who has yet to sign each version out for signing, once a version (not once a school).
      .with(
        (cte) => cte("waitingSignatories").materialized(),
        (qb) => waitingSignatories(qb, scope.districtId),
      )
      // Materialised: each agreement's state is worked out once, not once per school it covers.
      .with(
        (cte) => cte("agreementStates").materialized(),
        (qb) =>
          agreementStates(qb, {
            districtId: scope.districtId,
            today,
            includeDrafts,
            waitingFor: options.waitingFor,
          }),
      )
      .with("bestAgreements", (qb) =>
        qb
          .selectFrom("agreementStates as ag")
          .innerJoin("agreementVersionSchools as vs", (join) =>
            join.on(
              sql<SqlBool>`vs.version_id = any(array[coalesce(ag.active_id, ag.newest_id), ag.signing_id])`,
            ),
          )
          .distinctOn("vs.schoolId")
          .select([
            "vs.schoolId",
            "ag.id as agreementId",
            "ag.reviewDate",
            "ag.activatedAt",
            "ag.signingId",
            "ag.waiting",
            sql<boolean>`vs.version_id is not distinct from ag.active_id`.as("inActive"),
            sql<AgreementStatus>`${schoolStatusSql}`.as("status"),
          ])
          .orderBy("vs.schoolId")
          .orderBy(sql`${statusRank(schoolStatusSql)}`, "desc")
          .orderBy("ag.createdAt")
          .orderBy("ag.id"),
      )
      .with("schoolStatuses", (qb) =>
        qb
          .selectFrom("organisations as s")
          .innerJoin("organisations as d", "d.id", "s.districtId")
          .leftJoin("bestAgreements as b", "b.schoolId", "s.id")
          .select([
            "s.id as schoolId",
            "s.name as schoolName",
            "s.schoolUnitCode",
            "s.operatorType",
            "s.districtId",
            "d.name as districtName",
            sql<AgreementStatus>`coalesce(b.status, 'none')`.as("status"),
            "b.agreementId",
            "b.signingId",
            sql<boolean>`coalesce(b.in_active, false)`.as("inActive"),
            sql<string | null>`case when b.in_active then b.review_date end`.as("reviewDate"),
            sql<Date | null>`case when b.in_active then b.activated_at end`.as("activeSince"),
            sql<boolean>`coalesce(b.status in ('active', 'revisionDue'), false)`.as("hasActive"),
            // Whom the agreement waits for, when the school is in the version out for signing.
            sql<WaitingSignatory[]>`case when b.status = 'signing' or b.in_active
            then coalesce(b.waiting, '[]') else '[]' end`.as("waitingFor"),
          ])
          .where("s.kind", "=", "school")
          .where("s.deactivatedAt", "is", null)
          .$if(scope.districtId !== null, (q) => q.where("s.districtId", "=", scope.districtId!)),
      )
  );
}

/** Who has yet to sign each version out for signing in the overview's scope, as a JSON list. */
function waitingSignatories(qb: QueryCreator<Database>, districtId: string | null) {
  return qb
    .selectFrom("agreementVersions as v")
    .innerJoin("agreementSignatories as sg", "sg.versionId", "v.id")
    .innerJoin("organisations as o", "o.id", "sg.organisationId")
    .where("v.status", "=", "signing")
    .$if(districtId !== null, (q) =>
      q.where("v.agreementId", "in", (eb) =>
        eb.selectFrom("agreements as a").select("a.id").where("a.districtId", "=", districtId!),
      ),
    )
    .where(signatoryHasNotSigned)
    .groupBy("sg.versionId")
    .select([
      "sg.versionId",
      sql<WaitingSignatory[]>`json_agg(json_build_object('organisationName', o.name,
      'role', sg.role) order by case sg.role when 'principal' then 0
        when 'educationManager' then 1 else 2 end, o.name collate ${SWEDISH})`.as("list"),
    ]);
}

/**
 * Each agreement in the actor's view with the versions that decide its state (its newest
 * visible, its active and its one out for signing) and that state. Reads no text.
 */
function agreementStates(
  qb: QueryCreator<
    Database & { waitingSignatories: { versionId: string; list: WaitingSignatory[] } }
  >,
  options: {
    districtId: string | null;
    today: string;
    includeDrafts: boolean;
    waitingFor: boolean;
  },
) {
  const { districtId, today, includeDrafts } = options;
  // The overview's scope (requireOverviewScope): a district's agreements, or all of them.
  return (
    qb
      .selectFrom("agreements as a")
      .$if(districtId !== null, (q) => q.where("a.districtId", "=", districtId!))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom("agreementVersions as v")
            .select(["v.id", "v.status"])
            .whereRef("v.agreementId", "=", "a.id")
            .$if(!includeDrafts, (q) => q.where("v.status", "<>", "draft"))
            .orderBy("v.versionNumber", "desc")
            .limit(1)
            .as("newest"),
        (join) => join.onTrue(),
      )
      .leftJoin("agreementVersions as act", (join) =>
        join.onRef("act.agreementId", "=", "a.id").on("act.status", "=", "active"),
      )
      .leftJoin("agreementTemplateRevisions as ar", "ar.id", "act.templateRevisionId")
      .leftJoin("agreementVersions as sg", (join) =>
        join.onRef("sg.agreementId", "=", "a.id").on("sg.status", "=", "signing"),
      )
      // Only when the rows are shown: counting them needs no signatories.
      .$if(options.waitingFor, (q) => q.leftJoin("waitingSignatories as w", "w.versionId", "sg.id"))
      .select([
        "a.id",
        "a.createdAt",
        "a.reviewDate",
        "newest.id as newestId",
        "act.id as activeId",
        "act.activatedAt",
        "sg.id as signingId",
        (options.waitingFor
          ? sql<WaitingSignatory[] | null>`w.list`
          : sql<WaitingSignatory[] | null>`null::json`
        ).as("waiting"),
        agreementStatusSql(today, {
          activeId: "act.id",
          activeRevision: "ar.revisionNumber",
          newestStatus: "newest.status",
        }).as("status"),
      ])
  );
}

/**
 * agreementStatus (policy.ts) in SQL, for `agreements as a` joined to its active version and its
 * newest visible version (the references name their columns): an active version wins, due for
 * revision when its review date has come or its template has a newer revision; otherwise the
 * newest version's state.
 */
export function agreementStatusSql(
  today: string,
  refs: { activeId: string; activeRevision: string; newestStatus: string },
) {
  return sql<AgreementStatus>`case
    when ${sql.ref(refs.activeId)} is not null then
      case when a.review_date <= ${today}::date
        or (select max(r.revision_number) from agreement_template_revisions r
            where r.template_id = a.template_id) > ${sql.ref(refs.activeRevision)}
      then 'revisionDue' else 'active' end
    when ${sql.ref(refs.newestStatus)} = 'signing' then 'signing'
    when ${sql.ref(refs.newestStatus)} = 'declined' then 'declined'
    else 'draft' end`;
}

/**
 * A school's status through one of its agreement's versions (`vs` joined to `ag`): the
 * agreement's own in its active version (and in its newest, without one), else out for signing.
 */
const schoolStatusSql = sql`case
  when vs.version_id = coalesce(ag.active_id, ag.newest_id) then ag.status
  when ag.signing_id is not null then 'signing'
  else ag.status end`;

/** Which status wins when a school is in several agreements. */
function statusRank(status: Expression<unknown>) {
  return sql<number>`case ${status} when 'active' then 5 when 'revisionDue' then 4
    when 'signing' then 3 when 'declined' then 2 when 'draft' then 1 else 0 end`;
}

interface WaitingSignatory {
  organisationName: string;
  role: SignatoryRole;
}

/**
 * `st` is a row of schoolStatuses: an invitation for a principal is out and not yet accepted.
 * "in", not "exists": the pending invitations are read once (a hashed subplan), and the planner
 * does not price the whole list as one look-up a row (which turned on JIT compiling, ~2 s).
 */
function invitationPendingSql(now: Date) {
  return sql<boolean>`st.school_id in (select i.organisation_id from invitations i
    where i.agreement_id is not null and i.accepted_at is null and i.revoked_at is null
      and i.expires_at > ${now})`;
}

/** The columns of schoolStatuses a page or the CSV shows, as `st`. */
export function overviewColumns(now: Date) {
  return [
    "st.schoolId",
    "st.schoolName",
    "st.schoolUnitCode",
    "st.operatorType",
    "st.districtId",
    "st.districtName",
    "st.status",
    "st.agreementId",
    "st.reviewDate",
    "st.activeSince",
    "st.waitingFor",
    invitationPendingSql(now).as("invitationPending"),
  ] as const;
}

export function asOverviewRow(row: {
  schoolId: string;
  schoolName: string;
  schoolUnitCode: string | null;
  operatorType: OverviewRow["operatorType"] | null;
  districtId: string | null;
  districtName: string;
  status: AgreementStatus;
  agreementId: string | null;
  reviewDate: string | null;
  activeSince: Date | null;
  waitingFor: WaitingSignatory[];
  invitationPending: boolean;
}): OverviewRow {
  return {
    schoolId: row.schoolId,
    schoolName: row.schoolName,
    schoolUnitCode: row.schoolUnitCode ?? "",
    operatorType: row.operatorType ?? "municipal",
    districtId: row.districtId!,
    districtName: row.districtName,
    status: row.status,
    agreementId: row.agreementId,
    waitingFor: row.waitingFor.map(
      (s) => `${s.organisationName} (${ROLE_LABELS[s.role].toLowerCase()})`,
    ),
    reviewDate: row.reviewDate,
    activeSince: row.activeSince ? new Date(row.activeSince) : null,
    invitationPending: row.invitationPending,
  };
}
