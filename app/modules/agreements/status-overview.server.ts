/**
 * The overview of agreements: every school in the actor's view and the status of its agreement
 * (filtered and exported as CSV in overview.server.ts).
 */
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "../../../db/client.server";
import type { OperatorType } from "../../../db/schema";
import { stockholmDate, type AgreementStatus } from "./policy";
import { latestTemplateRevisionNumbers, loadVersions, statusOf } from "./reading.server";
import { scopedAgreements } from "./shared.server";

export interface OverviewRow {
  schoolId: string;
  schoolName: string;
  schoolUnitCode: string;
  operatorType: OperatorType;
  districtId: string;
  districtName: string;
  status: AgreementStatus;
  agreementId: string | null;
  /** For an agreement out for signing: the organisations (and roles) that have not signed. */
  waitingFor: string[];
  reviewDate: string | null;
  activeSince: Date | null;
  /** An invitation for a principal is out and not yet accepted. */
  invitationPending: boolean;
}

const STATUS_RANK: Record<AgreementStatus, number> = {
  active: 5,
  revisionDue: 4,
  signing: 3,
  declined: 2,
  draft: 1,
  none: 0,
};

/**
 * Every school in the actor's view (a district manager their area; the education manager and the
 * administrator all districts) with the status of its agreement. A school's status is its best
 * agreement's: active (or due for revision) over out for signing over declined over draft.
 * Schools with no active agreement come first.
 */
export async function agreementOverview(actor: Actor, now = new Date()): Promise<OverviewRow[]> {
  const m = actor.membership;
  if (m.role !== "districtManager" && m.role !== "educationManager" && m.role !== "admin") {
    throw new NotFoundError();
  }
  let schoolsQuery = db
    .selectFrom("organisations as s")
    .innerJoin("organisations as d", "d.id", "s.districtId")
    .select([
      "s.id",
      "s.name",
      "s.schoolUnitCode",
      "s.operatorType",
      "s.districtId",
      "d.name as districtName",
    ])
    .where("s.kind", "=", "school")
    .where("s.deactivatedAt", "is", null);
  if (m.role === "districtManager")
    schoolsQuery = schoolsQuery.where("s.districtId", "=", m.organisationId);
  const schools = await schoolsQuery.orderBy("d.name").orderBy("s.name").execute();
  const agreements = await scopedAgreements(actor)
    .select(["a.id", "a.districtId", "d.name as districtName", "a.reviewDate", "a.templateId"])
    .execute();
  const [versions, latest] = await Promise.all([
    loadVersions(
      db,
      agreements.map((a) => a.id),
      { includeDrafts: m.role !== "educationManager" },
    ),
    latestTemplateRevisionNumbers(db, [...new Set(agreements.map((a) => a.templateId))]),
  ]);
  const pendingInvitations = new Set(
    (
      await db
        .selectFrom("invitations")
        .select("organisationId")
        .where("agreementId", "is not", null)
        .where("acceptedAt", "is", null)
        .where("revokedAt", "is", null)
        .where("expiresAt", ">", now)
        .execute()
    ).map((i) => i.organisationId),
  );
  const today = stockholmDate(now);
  const best = new Map<
    string,
    Omit<
      OverviewRow,
      | "schoolId"
      | "schoolName"
      | "schoolUnitCode"
      | "operatorType"
      | "districtId"
      | "districtName"
      | "invitationPending"
    >
  >();
  for (const a of agreements) {
    const vs = versions.get(a.id) ?? [];
    if (vs.length === 0) continue;
    const status = statusOf(vs, a.reviewDate, latest.get(a.templateId) ?? 1, today);
    const active = vs.find((v) => v.status === "active");
    const signing = vs.find((v) => v.status === "signing");
    // The schools an agreement covers: its active version's, and those of a version under way.
    const covering = active ?? vs[0]!;
    const schoolIds = new Set([...covering.schools, ...(signing?.schools ?? [])].map((s) => s.id));
    for (const schoolId of schoolIds) {
      const inActive = active?.schools.some((s) => s.id === schoolId) ?? false;
      const schoolStatus: AgreementStatus = inActive
        ? status
        : signing
          ? "signing"
          : status === "active" || status === "revisionDue"
            ? "draft"
            : status;
      const previous = best.get(schoolId);
      if (previous && STATUS_RANK[previous.status] >= STATUS_RANK[schoolStatus]) continue;
      best.set(schoolId, {
        status: schoolStatus,
        agreementId: a.id,
        waitingFor:
          signing && (schoolStatus === "signing" || inActive)
            ? signing.signatories
                .filter((s) => !s.signature)
                .map((s) => `${s.organisationName} (${s.roleLabel.toLowerCase()})`)
            : [],
        reviewDate: inActive ? a.reviewDate : null,
        activeSince: inActive ? active!.activatedAt : null,
      });
    }
  }
  const rows = schools.map((s): OverviewRow => ({
    schoolId: s.id,
    schoolName: s.name,
    schoolUnitCode: s.schoolUnitCode ?? "",
    operatorType: s.operatorType ?? "municipal",
    districtId: s.districtId!,
    districtName: s.districtName,
    invitationPending: pendingInvitations.has(s.id),
    ...(best.get(s.id) ?? {
      status: "none",
      agreementId: null,
      waitingFor: [],
      reviewDate: null,
      activeSince: null,
    }),
  }));
  const hasActive = (r: OverviewRow) => r.status === "active" || r.status === "revisionDue";
  return rows.sort(
    (a, b) =>
      Number(hasActive(a)) - Number(hasActive(b)) ||
      a.districtName.localeCompare(b.districtName, "sv") ||
      a.schoolName.localeCompare(b.schoolName, "sv"),
  );
}
