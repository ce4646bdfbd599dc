/**
 * The list of agreements the actor sees (/overenskommelser), newest first, one page at a time:
 * each agreement's title, status, schools and versions from their states, never their text (the
 * education manager's list is every agreement in the municipality).
 */
import { sql, type SqlBool } from "kysely";
import type { Actor } from "~/auth/session.server";
import { db } from "~db/client.server";
import { stockholmDate, type AgreementStatus } from "./policy";
import { agreementStatusSql } from "./school-status.server";
import { SCHOOL_ROLES, scopedAgreements } from "./shared.server";

/** Agreements a page of the list shows. */
const AGREEMENT_PAGE_SIZE = 50;

interface AgreementListItem {
  id: string;
  title: string;
  districtName: string;
  status: AgreementStatus;
  schoolNames: string[];
  reviewDate: string | null;
  activeVersion: number | null;
  newestVersion: number;
}

export interface AgreementList {
  agreements: AgreementListItem[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

/**
 * Which versions of an agreement (`v`) the actor's list reads: the district manager and the
 * administrator every version, the education manager those sent, school staff those sent with
 * their school in them.
 */
function visibleVersion(actor: Actor) {
  const m = actor.membership;
  const conditions = [sql`true`];
  if (m.role !== "districtManager" && m.role !== "admin") conditions.push(sql`v.status <> 'draft'`);
  if (SCHOOL_ROLES.has(m.role)) {
    conditions.push(sql`exists (select 1 from agreement_version_schools x
      where x.version_id = v.id and x.school_id = ${m.organisationId})`);
  }
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

/**
 * The agreements the actor sees, newest first, one page and how many in all. An agreement shows
 * its newest visible version's title, its status, its active version's schools (else the newest
 * version's) and version numbers. A page past the end shows the last one.
 */
export async function listAgreements(
  actor: Actor,
  options: { page?: number; pageSize?: number } = {},
  now = new Date(),
): Promise<AgreementList> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? AGREEMENT_PAGE_SIZE) || 1);
  const requested = Math.max(1, Math.floor(options.page ?? 1) || 1);
  const rows = await agreementPage(actor, { pageSize, requested, today: stockholmDate(now) });
  const total = Number(rows[0]!.total);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  return {
    // With no agreement at all, the count comes on a row of its own (the left join's).
    agreements: rows.flatMap((r) =>
      r.id === null
        ? []
        : [
            {
              id: r.id,
              title: r.title!,
              districtName: r.districtName!,
              status: r.status,
              schoolNames: r.schoolNames,
              reviewDate: r.reviewDate,
              activeVersion: r.activeVersion,
              newestVersion: r.newestVersion!,
            },
          ],
    ),
    total,
    page: Math.min(requested, pageCount),
    pageCount,
    pageSize,
  };
}

/**
 * One page of the agreements the actor sees (a row a page's agreement, with the count in all on
 * every row; a lone row of the count when the page is empty).
 */
function agreementPage(
  actor: Actor,
  { pageSize, requested, today }: { pageSize: number; requested: number; today: string },
) {
  const visible = visibleVersion(actor);
  return db
    .with("listed", () =>
      scopedAgreements(actor)
        .select(["a.id", "a.createdAt"])
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom("agreementVersions as v")
              .select("v.id")
              .whereRef("v.agreementId", "=", "a.id")
              .where(visible),
          ),
        ),
    )
    .with("counts", (qb) => qb.selectFrom("listed").select(sql<string>`count(*)`.as("total")))
    .with("shown", (qb) =>
      qb
        .selectFrom("listed")
        .select("id")
        .orderBy("createdAt", "desc")
        .orderBy("id")
        .limit(pageSize)
        .offset(
          sql<number>`(select least(${(requested - 1) * pageSize},
            greatest(total - 1, 0) / ${pageSize} * ${pageSize}) from counts)`,
        ),
    )
    .selectFrom("counts")
    .leftJoin("shown", (join) => join.onTrue())
    .leftJoin("agreements as a", "a.id", "shown.id")
    .leftJoin("organisations as d", "d.id", "a.districtId")
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("agreementVersions as v")
          .select(["v.id", "v.versionNumber", "v.title", "v.status"])
          .whereRef("v.agreementId", "=", "a.id")
          .where(visible)
          .orderBy("v.versionNumber", "desc")
          .limit(1)
          .as("newest"),
      (join) => join.onTrue(),
    )
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom("agreementVersions as v")
          .innerJoin("agreementTemplateRevisions as r", "r.id", "v.templateRevisionId")
          .select(["v.id", "v.versionNumber", "r.revisionNumber"])
          .whereRef("v.agreementId", "=", "a.id")
          .where("v.status", "=", "active")
          .where(visible)
          .as("act"),
      (join) => join.onTrue(),
    )
    .select([
      "counts.total",
      "a.id",
      "a.reviewDate",
      "d.name as districtName",
      "newest.title",
      "newest.versionNumber as newestVersion",
      "act.versionNumber as activeVersion",
      agreementStatusSql(today, {
        activeId: "act.id",
        activeRevision: "act.revisionNumber",
        newestStatus: "newest.status",
      }).as("status"),
      // The schools of the version that binds (the active one), else of the newest.
      sql<string[]>`array(select s.name from agreement_version_schools vs
        join organisations s on s.id = vs.school_id
        where vs.version_id = coalesce(act.id, newest.id) order by s.name)`.as("schoolNames"),
    ])
    .orderBy("a.createdAt", "desc")
    .orderBy("a.id")
    .execute();
}
