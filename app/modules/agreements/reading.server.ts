/**
 * Reading agreements within the actor's scope: one agreement with its versions, schools,
 * signatories and invitations, and what waits for the actor's signature. (The list of agreements
 * is agreement-list.server.ts.)
 */
import { sql } from "kysely";
import { ROLE_LABELS } from "~/auth/roles";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { SignatoryRole } from "~db/schema";
import {
  agreementStatus,
  mayEditAgreement,
  signatoryFor,
  stockholmDate,
  type AgreementStatus,
} from "./policy";
import {
  SCHOOL_ROLES,
  scopedAgreements,
  seesEverything,
  type Executor,
  signatoryHasNotSigned,
} from "./shared.server";
import type { AgreementInvitationView, AgreementView, SignatoryView, VersionView } from "./types";

async function principalsOf(executor: Executor, schoolIds: string[]) {
  if (schoolIds.length === 0) return new Map<string, string[]>();
  const rows = await executor
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["m.organisationId", "u.name"])
    .where("m.organisationId", "in", schoolIds)
    .where("m.role", "=", "principal")
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .orderBy("u.name")
    .execute();
  const map = new Map<string, string[]>();
  for (const row of rows)
    map.set(row.organisationId, [...(map.get(row.organisationId) ?? []), row.name]);
  return map;
}

/** The order signatories are listed in: the school first, the district last. */
const ROLE_ORDER: Record<SignatoryRole, number> = {
  principal: 0,
  educationManager: 1,
  districtManager: 2,
};

async function loadVersions(
  executor: Executor,
  agreementIds: string[],
  options: { includeDrafts: boolean; schoolId?: string },
) {
  if (agreementIds.length === 0) return new Map<string, VersionView[]>();
  const versions = await versionRows(executor, agreementIds, options);
  const { schools, signatories, signatures } = await versionParts(
    executor,
    versions.map((v) => v.id),
  );
  const principals = await principalsOf(executor, [...new Set(schools.map((s) => s.id))]);
  const byAgreement = new Map<string, VersionView[]>();
  for (const v of versions) {
    const view: VersionView = {
      ...v,
      hasPdf: Boolean(v.hasPdf),
      schools: schools
        .filter((s) => s.versionId === v.id)
        .map((s) => ({
          id: s.id,
          name: s.name,
          schoolUnitCode: s.schoolUnitCode ?? "",
          operatorType: s.operatorType ?? "municipal",
          principalNames: principals.get(s.id) ?? [],
        })),
      signatories: signatoriesOf(v.id, signatories, signatures),
    };
    byAgreement.set(v.agreementId, [...(byAgreement.get(v.agreementId) ?? []), view]);
  }
  return byAgreement;
}

/** The agreements' versions, newest first: drafts only when asked, a school's only when given. */
function versionRows(
  executor: Executor,
  agreementIds: string[],
  options: { includeDrafts: boolean; schoolId?: string },
) {
  let query = executor
    .selectFrom("agreementVersions as v")
    .innerJoin("agreementTemplateRevisions as r", "r.id", "v.templateRevisionId")
    .leftJoin("users as db", "db.id", "v.declinedBy")
    .select([
      "v.id",
      "v.agreementId",
      "v.versionNumber",
      "v.status",
      "v.title",
      "v.introduction",
      "v.sections",
      "v.meetings",
      "v.contactRoles",
      "v.contentHash",
      sql<boolean>`v.pdf_sha256 is not null`.as("hasPdf"),
      "r.revisionNumber as templateRevisionNumber",
      "v.createdAt",
      "v.updatedAt",
      "v.sentAt",
      "v.activatedAt",
      "v.supersededAt",
      "v.declinedAt",
      "v.declineReason",
      "db.name as declinedByName",
    ])
    .where("v.agreementId", "in", agreementIds);
  if (!options.includeDrafts) query = query.where("v.status", "<>", "draft");
  if (options.schoolId) {
    const schoolId = options.schoolId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("agreementVersionSchools as vs")
          .select("vs.versionId")
          .whereRef("vs.versionId", "=", "v.id")
          .where("vs.schoolId", "=", schoolId),
      ),
    );
  }
  return query.orderBy("v.versionNumber", "desc").execute();
}

/** The versions' schools, signatories and signatures, in three queries at once. */
async function versionParts(executor: Executor, versionIds: string[]) {
  const [schools, signatories, signatures] = versionIds.length
    ? await Promise.all([
        executor
          .selectFrom("agreementVersionSchools as vs")
          .innerJoin("organisations as s", "s.id", "vs.schoolId")
          .select(["vs.versionId", "s.id", "s.name", "s.schoolUnitCode", "s.operatorType"])
          .where("vs.versionId", "in", versionIds)
          .orderBy("s.name")
          .execute(),
        executor
          .selectFrom("agreementSignatories as sg")
          .innerJoin("organisations as o", "o.id", "sg.organisationId")
          .select(["sg.versionId", "sg.organisationId", "sg.role", "o.name as organisationName"])
          .where("sg.versionId", "in", versionIds)
          .execute(),
        executor
          .selectFrom("agreementSignatures")
          .select(["versionId", "organisationId", "role", "signerName", "signerTitle", "signedAt"])
          .where("versionId", "in", versionIds)
          .execute(),
      ])
    : [[], [], []];
  return { schools, signatories, signatures };
}

type VersionParts = Awaited<ReturnType<typeof versionParts>>;

/** Who must sign one version, in ROLE_ORDER then by name, each with their signature if any. */
function signatoriesOf(
  versionId: string,
  signatories: VersionParts["signatories"],
  signatures: VersionParts["signatures"],
): SignatoryView[] {
  return signatories
    .filter((s) => s.versionId === versionId)
    .sort(
      (a, b) =>
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role] ||
        a.organisationName.localeCompare(b.organisationName, "sv"),
    )
    .map((s) => {
      const signature = signatures.find(
        (g) =>
          g.versionId === versionId && g.organisationId === s.organisationId && g.role === s.role,
      );
      return {
        organisationId: s.organisationId,
        organisationName: s.organisationName,
        role: s.role,
        roleLabel: ROLE_LABELS[s.role],
        signature: signature
          ? {
              signerName: signature.signerName,
              signerTitle: signature.signerTitle,
              signedAt: signature.signedAt,
            }
          : null,
      };
    });
}

async function latestTemplateRevisionNumbers(executor: Executor, templateIds: string[]) {
  if (templateIds.length === 0) return new Map<string, number>();
  const rows = await executor
    .selectFrom("agreementTemplateRevisions")
    .select(["templateId", (eb) => eb.fn.max("revisionNumber").as("n")])
    .where("templateId", "in", templateIds)
    .groupBy("templateId")
    .execute();
  return new Map(rows.map((r) => [r.templateId, Number(r.n)]));
}

function statusOf(
  versions: VersionView[],
  reviewDate: string | null,
  latestTemplateRevision: number,
  today: string,
): AgreementStatus {
  const active = versions.find((v) => v.status === "active");
  return agreementStatus({
    versions,
    reviewDate,
    today,
    activeTemplateRevision: active?.templateRevisionNumber ?? null,
    latestTemplateRevision,
  });
}

export async function getAgreement(
  actor: Actor,
  agreementId: string,
  now = new Date(),
): Promise<AgreementView> {
  const agreement = await scopedAgreements(actor)
    .select(["a.id", "a.districtId", "d.name as districtName", "a.reviewDate", "a.templateId"])
    .where("a.id", "=", agreementId)
    .executeTakeFirst();
  if (!agreement) throw new NotFoundError();
  const everything = seesEverything(actor, agreement.districtId);
  const isSchool = SCHOOL_ROLES.has(actor.membership.role);
  const versions =
    (
      await loadVersions(db, [agreement.id], {
        includeDrafts: everything,
        schoolId: isSchool ? actor.membership.organisationId : undefined,
      })
    ).get(agreement.id) ?? [];
  if (versions.length === 0) throw new NotFoundError();
  const latestTemplateRevision =
    (await latestTemplateRevisionNumbers(db, [agreement.templateId])).get(agreement.templateId) ??
    1;
  const signing = versions.find((v) => v.status === "signing");
  const mine = signing ? signatoryFor(actor.membership, signing.signatories) : null;
  const pending = mine
    ? signing!.signatories.find(
        (s) => s.organisationId === mine.organisationId && s.role === mine.role && !s.signature,
      )
    : undefined;
  const canEdit = mayEditAgreement(actor.membership, agreement);
  const current =
    versions.find((v) => v.status === "draft" || v.status === "signing") ??
    versions.find((v) => v.status === "active");
  const schoolsWithoutPrincipal = canEdit
    ? (current?.schools ?? [])
        .filter((s) => s.operatorType === "independent" && s.principalNames.length === 0)
        .map((s) => ({ id: s.id, name: s.name }))
    : [];
  return {
    ...agreement,
    latestTemplateRevision,
    status: statusOf(versions, agreement.reviewDate, latestTemplateRevision, stockholmDate(now)),
    title: versions[0]!.title,
    canEdit,
    versions,
    toSign:
      signing && pending
        ? {
            versionId: signing.id,
            organisationName: pending.organisationName,
            roleLabel: pending.roleLabel,
          }
        : null,
    invitations: canEdit ? await listAgreementInvitations(agreement.id, now) : [],
    schoolsWithoutPrincipal,
  };
}

async function listAgreementInvitations(
  agreementId: string,
  now: Date,
): Promise<AgreementInvitationView[]> {
  const rows = await db
    .selectFrom("invitations as i")
    .innerJoin("organisations as s", "s.id", "i.organisationId")
    .select([
      "i.id",
      "s.name as schoolName",
      "i.name",
      "i.email",
      "i.createdAt",
      "i.expiresAt",
      "i.acceptedAt",
      "i.revokedAt",
    ])
    .where("i.agreementId", "=", agreementId)
    .orderBy("i.createdAt", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    schoolName: r.schoolName,
    name: r.name,
    email: r.email,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    status: r.acceptedAt
      ? "accepted"
      : r.revokedAt
        ? "revoked"
        : r.expiresAt < now
          ? "expired"
          : "pending",
  }));
}

/** How many of the versions waiting for the actor's signature the start pages list. */
const TO_SIGN_LIMIT = 20;

export interface ToSign {
  /** Those that have waited longest, at most TO_SIGN_LIMIT. */
  items: {
    agreementId: string;
    title: string;
    versionNumber: number;
    sentAt: Date | null;
    districtName: string;
  }[];
  /** How many wait in all. */
  total: number;
}

/**
 * What waits for the actor's signature, for the start pages: the oldest first, and how many in
 * all, in one statement. The education manager co-signs every municipal school's agreement, so
 * their list can be long; the signatory index (migration 0019) finds their rows.
 */
export async function listToSign(actor: Actor, limit = TO_SIGN_LIMIT): Promise<ToSign> {
  const m = actor.membership;
  if (m.role !== "principal" && m.role !== "districtManager" && m.role !== "educationManager") {
    return { items: [], total: 0 };
  }
  const rows = await db
    .selectFrom("agreementSignatories as sg")
    .innerJoin("agreementVersions as v", "v.id", "sg.versionId")
    .innerJoin("agreements as a", "a.id", "v.agreementId")
    .innerJoin("organisations as d", "d.id", "a.districtId")
    .select([
      "a.id as agreementId",
      "v.title",
      "v.versionNumber",
      "v.sentAt",
      "d.name as districtName",
      sql<string>`count(*) over ()`.as("total"),
    ])
    .where("v.status", "=", "signing")
    .where("sg.organisationId", "=", m.organisationId)
    .where("sg.role", "=", m.role)
    .where(signatoryHasNotSigned)
    .orderBy("v.sentAt")
    .orderBy("v.id")
    .limit(limit)
    .execute();
  return {
    items: rows.map(({ total: _total, ...item }) => item),
    total: Number(rows[0]?.total ?? 0),
  };
}
