/**
 * Cooperation agreements (samverkansöverenskommelser): templates and their revisions, agreements
 * and their versions, signing, the signed PDF, public verification, the overview of every school's
 * status, invitations for independent schools' principals, and the daily revision reminders.
 *
 * Every function takes the actor first and scopes its query: a district manager their district,
 * school staff the agreements their school is part of (once sent), the education manager and the
 * administrator all; anyone else, and anything outside that scope, is NotFoundError. The
 * database freezes what is sent and signed (migration 0004); this module never relies on that
 * alone, but a bug here cannot change a signed text.
 */
import { createHash } from "node:crypto";
import { sql, type Kysely, type Transaction } from "kysely";
import { ROLE_LABELS } from "~/auth/roles";
import type { Actor } from "~/auth/session.server";
import { confirmStepUp, STEP_UP_MESSAGES } from "~/auth/step-up.server";
import { formatCalendarDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { queueEmail } from "~/modules/email/email.server";
import { inviteUser, type InviteResult } from "~/modules/people/people.server";
import { db } from "../../../db/client.server";
import type { EmailProps, EmailTemplate } from "../../../emails";
import type {
  AgreementContactRole,
  AgreementMeeting,
  AgreementSection,
  AgreementVersionStatus,
  Database,
  OperatorType,
  SignatoryRole,
} from "../../../db/schema";
import {
  canonicalAgreementText,
  type AgreementDocument,
  type AgreementSignatureLine,
} from "./document";
import { renderAgreementPdf } from "./pdf.server";
import {
  addToDate,
  agreementStatus,
  mayEditAgreement,
  mayManageTemplates,
  reminderReached,
  requiredSignatories,
  REVIEW_YEARS,
  signatoryFor,
  stockholmDate,
  type AgreementStatus,
} from "./policy";
import type { AgreementTextValues, TemplateValues } from "./schema";

type Executor = Kysely<Database> | Transaction<Database>;

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

const json = (value: unknown) => JSON.stringify(value);

function agreementUrl(agreementId: string) {
  return `${env().APP_URL}/overenskommelser/${agreementId}`;
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

export interface TemplateRevisionView {
  id: string;
  templateId: string;
  revisionNumber: number;
  title: string;
  introduction: string;
  sections: AgreementSection[];
  changeNote: string | null;
  createdAt: Date;
  createdByName: string | null;
}

function revisionsQuery(executor: Executor) {
  return executor
    .selectFrom("agreementTemplateRevisions as r")
    .leftJoin("users as u", "u.id", "r.createdBy")
    .select([
      "r.id",
      "r.templateId",
      "r.revisionNumber",
      "r.title",
      "r.introduction",
      "r.sections",
      "r.changeNote",
      "r.createdAt",
      "u.name as createdByName",
    ]);
}

function latestRevisions(executor: Executor) {
  return revisionsQuery(executor).where(({ eb, selectFrom }) =>
    eb(
      "r.revisionNumber",
      "=",
      selectFrom("agreementTemplateRevisions as l")
        .select((e) => e.fn.max("l.revisionNumber").as("n"))
        .whereRef("l.templateId", "=", "r.templateId"),
    ),
  );
}

/** Templates with their current revision: administrators manage them, district managers use them. */
export async function listTemplates(actor: Actor): Promise<TemplateRevisionView[]> {
  const role = actor.membership.role;
  if (role !== "admin" && role !== "districtManager") throw new NotFoundError();
  return latestRevisions(db).orderBy("r.title").execute();
}

export async function getTemplate(actor: Actor, templateId: string) {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  const revisions = await revisionsQuery(db)
    .where("r.templateId", "=", templateId)
    .orderBy("r.revisionNumber", "desc")
    .execute();
  if (revisions.length === 0) throw new NotFoundError();
  const inUse = await db
    .selectFrom("agreements")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("templateId", "=", templateId)
    .executeTakeFirstOrThrow();
  return { latest: revisions[0]!, revisions, agreementCount: Number(inUse.n) };
}

export async function getTemplateRevision(
  actor: Actor,
  templateId: string,
  revisionNumber: number,
): Promise<TemplateRevisionView> {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  const revision = await revisionsQuery(db)
    .where("r.templateId", "=", templateId)
    .where("r.revisionNumber", "=", revisionNumber)
    .executeTakeFirst();
  if (!revision) throw new NotFoundError();
  return revision;
}

export async function createTemplate(actor: Actor, input: TemplateValues): Promise<string> {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto("agreementTemplates")
      .values({ createdBy: actor.user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("agreementTemplateRevisions")
      .values({
        templateId: id,
        revisionNumber: 1,
        title: input.title,
        introduction: input.introduction,
        sections: json(input.sections),
        changeNote: input.changeNote || null,
        createdBy: actor.user.id,
      })
      .execute();
    return id;
  });
}

export type ReviseResult = { kind: "revised"; revisionNumber: number } | { kind: "stale" };

/**
 * Saves a change to a template as its next revision. `basedOn` is the revision the form showed:
 * if someone saved another revision meanwhile, nothing is saved and the form says so.
 */
export async function reviseTemplate(
  actor: Actor,
  templateId: string,
  input: TemplateValues & { basedOn: number },
): Promise<ReviseResult> {
  if (!mayManageTemplates(actor.membership)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const template = await trx
      .selectFrom("agreementTemplates")
      .select("id")
      .where("id", "=", templateId)
      .forUpdate()
      .executeTakeFirst();
    if (!template) throw new NotFoundError();
    const latest = await trx
      .selectFrom("agreementTemplateRevisions")
      .select((eb) => eb.fn.max("revisionNumber").as("n"))
      .where("templateId", "=", templateId)
      .executeTakeFirstOrThrow();
    if (Number(latest.n) !== input.basedOn) return { kind: "stale" };
    const revisionNumber = input.basedOn + 1;
    await trx
      .insertInto("agreementTemplateRevisions")
      .values({
        templateId,
        revisionNumber,
        title: input.title,
        introduction: input.introduction,
        sections: json(input.sections),
        changeNote: input.changeNote || null,
        createdBy: actor.user.id,
      })
      .execute();
    return { kind: "revised", revisionNumber };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading agreements
// ---------------------------------------------------------------------------------------------

const SCHOOL_ROLES = new Set(["principal", "mentor", "studentHealth"]);

/** Agreements the actor may see (ids), as a subquery-ready filter on `agreements as a`. */
function scopedAgreements(actor: Actor, executor: Executor = db) {
  const m = actor.membership;
  let query = executor
    .selectFrom("agreements as a")
    .innerJoin("organisations as d", "d.id", "a.districtId");
  if (m.role === "districtManager") return query.where("a.districtId", "=", m.organisationId);
  if (m.role === "admin" || m.role === "educationManager") return query;
  if (SCHOOL_ROLES.has(m.role)) {
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("agreementVersions as v")
          .innerJoin("agreementVersionSchools as vs", "vs.versionId", "v.id")
          .select("v.id")
          .whereRef("v.agreementId", "=", "a.id")
          .where("v.status", "<>", "draft")
          .where("vs.schoolId", "=", m.organisationId),
      ),
    );
    return query;
  }
  return query.where(sql<boolean>`false`);
}

/** Whether the actor sees drafts and versions without their school (the district's own view). */
function seesEverything(actor: Actor, districtId: string) {
  const m = actor.membership;
  return m.role === "admin" || (m.role === "districtManager" && m.organisationId === districtId);
}

export interface SchoolInAgreement {
  id: string;
  name: string;
  schoolUnitCode: string;
  operatorType: OperatorType;
  principalNames: string[];
}

export interface SignatoryView {
  organisationId: string;
  organisationName: string;
  role: SignatoryRole;
  roleLabel: string;
  signature: {
    signerName: string;
    signerTitle: string | null;
    signedAt: Date;
  } | null;
}

export interface VersionView {
  id: string;
  versionNumber: number;
  status: AgreementVersionStatus;
  title: string;
  introduction: string;
  sections: AgreementSection[];
  meetings: AgreementMeeting[];
  contactRoles: AgreementContactRole[];
  contentHash: string | null;
  hasPdf: boolean;
  templateRevisionNumber: number;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  activatedAt: Date | null;
  supersededAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  declinedByName: string | null;
  schools: SchoolInAgreement[];
  signatories: SignatoryView[];
}

export interface AgreementInvitationView {
  id: string;
  schoolName: string;
  name: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  status: "pending" | "accepted" | "expired" | "revoked";
}

export interface AgreementView {
  id: string;
  districtId: string;
  districtName: string;
  reviewDate: string | null;
  templateId: string;
  latestTemplateRevision: number;
  status: AgreementStatus;
  title: string;
  canEdit: boolean;
  versions: VersionView[];
  /** The version and signatory the actor may sign now, if any. */
  toSign: { versionId: string; organisationName: string; roleLabel: string } | null;
  invitations: AgreementInvitationView[];
  /** Independent schools in the open or active version without a principal in the portal. */
  schoolsWithoutPrincipal: { id: string; name: string }[];
}

async function educationAdminId(executor: Executor): Promise<string | null> {
  const row = await executor
    .selectFrom("organisations")
    .select("id")
    .where("kind", "=", "education_admin")
    .where("deactivatedAt", "is", null)
    .orderBy("createdAt")
    .executeTakeFirst();
  return row?.id ?? null;
}

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

async function loadVersions(
  executor: Executor,
  agreementIds: string[],
  options: { includeDrafts: boolean; schoolId?: string },
) {
  if (agreementIds.length === 0) return new Map<string, VersionView[]>();
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
  const versions = await query.orderBy("v.versionNumber", "desc").execute();
  const versionIds = versions.map((v) => v.id);
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
  const principals = await principalsOf(executor, [...new Set(schools.map((s) => s.id))]);
  const roleOrder: Record<SignatoryRole, number> = {
    principal: 0,
    educationManager: 1,
    districtManager: 2,
  };
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
      signatories: signatories
        .filter((s) => s.versionId === v.id)
        .sort(
          (a, b) =>
            roleOrder[a.role] - roleOrder[b.role] ||
            a.organisationName.localeCompare(b.organisationName, "sv"),
        )
        .map((s) => {
          const signature = signatures.find(
            (g) =>
              g.versionId === v.id && g.organisationId === s.organisationId && g.role === s.role,
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
        }),
    };
    byAgreement.set(v.agreementId, [...(byAgreement.get(v.agreementId) ?? []), view]);
  }
  return byAgreement;
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

export interface AgreementListItem {
  id: string;
  title: string;
  districtName: string;
  status: AgreementStatus;
  schoolNames: string[];
  reviewDate: string | null;
  activeVersion: number | null;
  newestVersion: number;
}

/** The agreements the actor sees, newest first. */
export async function listAgreements(actor: Actor, now = new Date()): Promise<AgreementListItem[]> {
  const agreements = await scopedAgreements(actor)
    .select(["a.id", "a.districtId", "d.name as districtName", "a.reviewDate", "a.templateId"])
    .orderBy("a.createdAt", "desc")
    .execute();
  return summarise(actor, agreements, now);
}

async function summarise(
  actor: Actor,
  agreements: {
    id: string;
    districtId: string;
    districtName: string;
    reviewDate: string | null;
    templateId: string;
  }[],
  now: Date,
): Promise<AgreementListItem[]> {
  const isSchool = SCHOOL_ROLES.has(actor.membership.role);
  const [versions, latest] = await Promise.all([
    loadVersions(
      db,
      agreements.map((a) => a.id),
      {
        includeDrafts:
          actor.membership.role === "districtManager" || actor.membership.role === "admin",
        schoolId: isSchool ? actor.membership.organisationId : undefined,
      },
    ),
    latestTemplateRevisionNumbers(db, [...new Set(agreements.map((a) => a.templateId))]),
  ]);
  const today = stockholmDate(now);
  return agreements.flatMap((a) => {
    const vs = versions.get(a.id) ?? [];
    if (vs.length === 0) return [];
    const active = vs.find((v) => v.status === "active");
    return [
      {
        id: a.id,
        title: vs[0]!.title,
        districtName: a.districtName,
        status: statusOf(vs, a.reviewDate, latest.get(a.templateId) ?? 1, today),
        schoolNames: (active ?? vs[0]!).schools.map((s) => s.name),
        reviewDate: a.reviewDate,
        activeVersion: active?.versionNumber ?? null,
        newestVersion: vs[0]!.versionNumber,
      },
    ];
  });
}

/** What waits for the actor's signature: for the start pages. */
export async function listToSign(actor: Actor) {
  const m = actor.membership;
  if (m.role !== "principal" && m.role !== "districtManager" && m.role !== "educationManager") {
    return [];
  }
  return db
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
    ])
    .where("v.status", "=", "signing")
    .where("sg.organisationId", "=", m.organisationId)
    .where("sg.role", "=", m.role)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom("agreementSignatures as g")
            .select("g.id")
            .whereRef("g.versionId", "=", "sg.versionId")
            .whereRef("g.organisationId", "=", "sg.organisationId")
            .whereRef("g.role", "=", "sg.role"),
        ),
      ),
    )
    .orderBy("v.sentAt")
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Making and changing agreements
// ---------------------------------------------------------------------------------------------

/** Active schools of the district's area, for the agreement form. */
export async function listDistrictSchools(actor: Actor) {
  if (actor.membership.role !== "districtManager") throw new NotFoundError();
  return db
    .selectFrom("organisations")
    .select(["id", "name", "schoolUnitCode", "operatorType"])
    .where("kind", "=", "school")
    .where("districtId", "=", actor.membership.organisationId)
    .where("deactivatedAt", "is", null)
    .orderBy("name")
    .execute();
}

async function requireAreaSchools(trx: Executor, districtId: string, schoolIds: string[]) {
  const unique = [...new Set(schoolIds)];
  if (unique.length === 0) throw new NotFoundError();
  const found = await trx
    .selectFrom("organisations")
    .select("id")
    .where("id", "in", unique)
    .where("kind", "=", "school")
    .where("districtId", "=", districtId)
    .where("deactivatedAt", "is", null)
    .execute();
  // A school outside the district's area is one the form never offered.
  if (found.length !== unique.length) throw new NotFoundError();
  return unique;
}

/** Makes an agreement from a template's current revision: version 1, a draft. */
export async function createAgreement(
  actor: Actor,
  input: { templateId: string; schoolIds: string[] },
): Promise<string> {
  if (actor.membership.role !== "districtManager") throw new NotFoundError();
  const districtId = actor.membership.organisationId;
  return db.transaction().execute(async (trx) => {
    const revision = await latestRevisions(trx)
      .where("r.templateId", "=", input.templateId)
      .executeTakeFirst();
    if (!revision) throw new NotFoundError();
    const schoolIds = await requireAreaSchools(trx, districtId, input.schoolIds);
    const { id } = await trx
      .insertInto("agreements")
      .values({ districtId, templateId: input.templateId, createdBy: actor.user.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    const version = await trx
      .insertInto("agreementVersions")
      .values({
        agreementId: id,
        versionNumber: 1,
        templateRevisionId: revision.id,
        title: revision.title,
        introduction: revision.introduction,
        sections: json(revision.sections),
        meetings: json([]),
        contactRoles: json([]),
        createdBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("agreementVersionSchools")
      .values(schoolIds.map((schoolId) => ({ versionId: version.id, schoolId })))
      .execute();
    return id;
  });
}

async function editableAgreement(trx: Executor, actor: Actor, agreementId: string) {
  const agreement = await trx
    .selectFrom("agreements")
    .select(["id", "districtId", "templateId", "reviewDate"])
    .where("id", "=", agreementId)
    .forUpdate()
    .executeTakeFirst();
  if (!agreement || !mayEditAgreement(actor.membership, agreement)) throw new NotFoundError();
  return agreement;
}

export type DraftResult = { kind: "saved" } | { kind: "stale" } | { kind: "notDraft" };

/**
 * Saves the draft's text and schools. `updatedAt` is the version the form showed: a save made on
 * a stale page (someone else saved meanwhile) changes nothing and says so.
 */
export async function updateDraft(
  actor: Actor,
  agreementId: string,
  input: AgreementTextValues & { updatedAt: string },
): Promise<DraftResult> {
  return db.transaction().execute(async (trx) => {
    const agreement = await editableAgreement(trx, actor, agreementId);
    const draft = await trx
      .selectFrom("agreementVersions")
      .select(["id", "updatedAt"])
      .where("agreementId", "=", agreementId)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (!draft) return { kind: "notDraft" };
    if (draft.updatedAt.toISOString() !== new Date(input.updatedAt).toISOString()) {
      return { kind: "stale" };
    }
    const schoolIds = await requireAreaSchools(trx, agreement.districtId, input.schoolIds);
    await trx
      .updateTable("agreementVersions")
      .set({
        title: input.title,
        introduction: input.introduction,
        sections: json(input.sections),
        meetings: json(input.meetings),
        contactRoles: json(input.contactRoles),
        updatedAt: new Date(),
      })
      .where("id", "=", draft.id)
      .execute();
    await trx.deleteFrom("agreementVersionSchools").where("versionId", "=", draft.id).execute();
    await trx
      .insertInto("agreementVersionSchools")
      .values(schoolIds.map((schoolId) => ({ versionId: draft.id, schoolId })))
      .execute();
    return { kind: "saved" };
  });
}

/**
 * Starts a new version: a draft that copies the newest version's text (or the template's
 * current revision), always recording the template's current revision as its basis. A version
 * out for signing is withdrawn; an active version stays active until the new one is signed.
 */
export async function startNewVersion(
  actor: Actor,
  agreementId: string,
  from: "current" | "template",
): Promise<{ kind: "started" } | { kind: "draftExists" }> {
  return db.transaction().execute(async (trx) => {
    const agreement = await editableAgreement(trx, actor, agreementId);
    const versions = await trx
      .selectFrom("agreementVersions")
      .selectAll()
      .where("agreementId", "=", agreementId)
      .orderBy("versionNumber", "desc")
      .execute();
    if (versions.some((v) => v.status === "draft")) return { kind: "draftExists" };
    const newest = versions[0];
    if (!newest) throw new NotFoundError();
    const now = new Date();
    const signing = versions.find((v) => v.status === "signing");
    if (signing) {
      await trx
        .updateTable("agreementVersions")
        .set({ status: "withdrawn", withdrawnAt: now, updatedAt: now })
        .where("id", "=", signing.id)
        .execute();
    }
    const revision = await latestRevisions(trx)
      .where("r.templateId", "=", agreement.templateId)
      .executeTakeFirstOrThrow();
    const text =
      from === "template"
        ? {
            title: revision.title,
            introduction: revision.introduction,
            sections: revision.sections,
          }
        : { title: newest.title, introduction: newest.introduction, sections: newest.sections };
    const version = await trx
      .insertInto("agreementVersions")
      .values({
        agreementId,
        versionNumber: newest.versionNumber + 1,
        templateRevisionId: revision.id,
        title: text.title,
        introduction: text.introduction,
        sections: json(text.sections),
        meetings: json(newest.meetings),
        contactRoles: json(newest.contactRoles),
        createdBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const schools = await trx
      .selectFrom("agreementVersionSchools")
      .select("schoolId")
      .where("versionId", "=", newest.id)
      .execute();
    if (schools.length) {
      await trx
        .insertInto("agreementVersionSchools")
        .values(schools.map((s) => ({ versionId: version.id, schoolId: s.schoolId })))
        .execute();
    }
    return { kind: "started" };
  });
}

/** Throws away a draft that was never sent (version 1 takes the agreement with it). */
export async function discardDraft(
  actor: Actor,
  agreementId: string,
): Promise<"discarded" | "deleted"> {
  return db.transaction().execute(async (trx) => {
    await editableAgreement(trx, actor, agreementId);
    const draft = await trx
      .selectFrom("agreementVersions")
      .select(["id", "versionNumber"])
      .where("agreementId", "=", agreementId)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (!draft) throw new NotFoundError();
    await trx.deleteFrom("agreementVersionSchools").where("versionId", "=", draft.id).execute();
    await trx.deleteFrom("agreementVersions").where("id", "=", draft.id).execute();
    const left = await trx
      .selectFrom("agreementVersions")
      .select("id")
      .where("agreementId", "=", agreementId)
      .executeTakeFirst();
    if (left) return "discarded";
    await trx.deleteFrom("agreements").where("id", "=", agreementId).execute();
    return "deleted";
  });
}

/** The document of one version, exactly as it is hashed, signed and printed. */
export async function agreementDocument(
  trx: Executor,
  versionId: string,
): Promise<AgreementDocument> {
  const v = await trx
    .selectFrom("agreementVersions as v")
    .innerJoin("agreements as a", "a.id", "v.agreementId")
    .innerJoin("organisations as d", "d.id", "a.districtId")
    .innerJoin("agreementTemplateRevisions as r", "r.id", "v.templateRevisionId")
    .select([
      "v.agreementId",
      "v.versionNumber",
      "v.title",
      "v.introduction",
      "v.sections",
      "v.meetings",
      "v.contactRoles",
      "a.districtId",
      "d.name as districtName",
      "r.templateId",
      "r.revisionNumber",
    ])
    .where("v.id", "=", versionId)
    .executeTakeFirstOrThrow();
  const schools = await trx
    .selectFrom("agreementVersionSchools as vs")
    .innerJoin("organisations as s", "s.id", "vs.schoolId")
    .select(["s.id", "s.name", "s.schoolUnitCode", "s.operatorType"])
    .where("vs.versionId", "=", versionId)
    .execute();
  return {
    agreementId: v.agreementId,
    versionNumber: v.versionNumber,
    title: v.title,
    district: { id: v.districtId, name: v.districtName },
    schools: schools.map((s) => ({
      id: s.id,
      name: s.name,
      schoolUnitCode: s.schoolUnitCode ?? "",
      operatorType: s.operatorType ?? "municipal",
    })),
    introduction: v.introduction,
    sections: v.sections,
    meetings: v.meetings,
    contactRoles: v.contactRoles,
    template: { id: v.templateId, revisionNumber: v.revisionNumber },
  };
}

/** Users who hold a signatory's role in its organisation now. */
/** The district's current managers: they are told of declines, activations and reminders. */
function districtManagers(trx: Executor, districtId: string) {
  return usersFor(trx, [{ organisationId: districtId, role: "districtManager" }]);
}

/** One message to each user, in the caller's transaction, addressed by name. */
async function emailEach<K extends EmailTemplate>(
  trx: Executor,
  users: readonly { name: string; email: string }[],
  template: K,
  props: (recipientName: string) => EmailProps[K],
) {
  for (const user of users) {
    await queueEmail(trx, { to: user.email, template, props: props(user.name) });
  }
}

async function usersFor(
  trx: Executor,
  signatories: { organisationId: string; role: SignatoryRole }[],
) {
  if (signatories.length === 0) return [];
  return trx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["u.id", "u.name", "u.email", "m.organisationId", "m.role"])
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .where((eb) =>
      eb.or(
        signatories.map((s) =>
          eb.and([eb("m.organisationId", "=", s.organisationId), eb("m.role", "=", s.role)]),
        ),
      ),
    )
    .execute();
}

export type SendResult = { kind: "sent"; hash: string } | { kind: "notDraft" };

/**
 * Sends the draft for signing: freezes its text by its hash, fixes who must sign and tells each
 * of them by e-mail. A version still out for signing is withdrawn first (there is only one open).
 */
export async function sendForSigning(actor: Actor, agreementId: string): Promise<SendResult> {
  return db.transaction().execute(async (trx) => {
    const agreement = await editableAgreement(trx, actor, agreementId);
    const draft = await trx
      .selectFrom("agreementVersions")
      .select(["id", "versionNumber", "title"])
      .where("agreementId", "=", agreementId)
      .where("status", "=", "draft")
      .executeTakeFirst();
    if (!draft) return { kind: "notDraft" };
    const document = await agreementDocument(trx, draft.id);
    if (document.schools.length === 0) throw new NotFoundError();
    const hash = sha256Hex(canonicalAgreementText(document));
    const now = new Date();
    await trx
      .updateTable("agreementVersions")
      .set({
        status: "signing",
        contentHash: hash,
        sentAt: now,
        sentBy: actor.user.id,
        updatedAt: now,
      })
      .where("id", "=", draft.id)
      .execute();
    const signatories = requiredSignatories({
      districtId: agreement.districtId,
      schools: document.schools,
      educationAdminId: await educationAdminId(trx),
    });
    await trx
      .insertInto("agreementSignatories")
      .values(signatories.map((s) => ({ versionId: draft.id, ...s })))
      .execute();
    const schoolNames = document.schools
      .map((s) => s.name)
      .sort((a, b) => a.localeCompare(b, "sv"));
    await emailEach(trx, await usersFor(trx, signatories), "agreementToSign", (recipientName) => ({
      recipientName,
      districtName: document.district.name,
      agreementTitle: document.title,
      versionNumber: document.versionNumber,
      schoolNames,
      url: agreementUrl(agreementId),
    }));
    return { kind: "sent", hash };
  });
}

/** Whether the actor signs (or signed) any version of the agreement: else signing is not found. */
function isSignatory(actor: Actor, view: AgreementView): boolean {
  return view.versions.some((v) => signatoryFor(actor.membership, v.signatories) !== null);
}

export type SignResult =
  | { kind: "signed"; activated: boolean }
  | { kind: "changed" }
  | { kind: "stepUp"; message: string };

/**
 * Signs the version out for signing as the actor's own organisation and role. `documentHash` is
 * the hash of the text the signer was shown: if the version changed meanwhile, nothing is signed.
 * The last signature activates the version: the previous active version is superseded, the review
 * date is set two years ahead, and the signed PDF is made and stored.
 */
export async function signAgreement(
  actor: Actor,
  agreementId: string,
  input: { versionId: string; documentHash: string; password?: string | null },
  clientAddress: string,
  now = new Date(),
): Promise<SignResult> {
  // Scope first: an agreement the actor cannot see is not found, whatever the step-up says.
  const view = await getAgreement(actor, agreementId, now);
  if (!isSignatory(actor, view)) throw new NotFoundError();
  const signing = view.versions.find((v) => v.status === "signing");
  if (!signing || signing.id !== input.versionId) return { kind: "changed" };
  if (!signatoryFor(actor.membership, signing.signatories)) throw new NotFoundError();
  // Signed already (a double click, the back button): nothing more to do.
  if (!view.toSign) return { kind: "signed", activated: false };
  if (signing.contentHash !== input.documentHash) return { kind: "changed" };
  const stepUp = await confirmStepUp(actor, input.password, clientAddress, now);
  if (stepUp !== "ok") return { kind: "stepUp", message: STEP_UP_MESSAGES[stepUp] };

  return db.transaction().execute(async (trx) => {
    const version = await trx
      .selectFrom("agreementVersions")
      .select(["id", "status", "contentHash"])
      .where("id", "=", input.versionId)
      .where("agreementId", "=", agreementId)
      .forUpdate()
      .executeTakeFirst();
    if (!version || version.status !== "signing" || version.contentHash !== input.documentHash) {
      return { kind: "changed" };
    }
    const signatories = await trx
      .selectFrom("agreementSignatories")
      .select(["organisationId", "role"])
      .where("versionId", "=", version.id)
      .execute();
    const mine = signatoryFor(actor.membership, signatories);
    if (!mine) throw new NotFoundError();
    const inserted = await trx
      .insertInto("agreementSignatures")
      .values({
        versionId: version.id,
        organisationId: mine.organisationId,
        role: mine.role,
        signerUserId: actor.user.id,
        signerName: actor.user.name,
        signerTitle: actor.user.title,
        organisationName: actor.membership.organisationName,
        signedAt: now,
        clientAddress,
        documentHash: input.documentHash,
      })
      .onConflict((oc) => oc.columns(["versionId", "organisationId", "role"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) return { kind: "signed", activated: false };
    const signatures = await trx
      .selectFrom("agreementSignatures")
      .select(["signerUserId", "signerName", "signerTitle", "role", "organisationName", "signedAt"])
      .where("versionId", "=", version.id)
      .orderBy("signedAt")
      .execute();
    if (signatures.length < signatories.length) return { kind: "signed", activated: false };
    await activateVersion(trx, agreementId, version.id, input.documentHash, signatures, now);
    return { kind: "signed", activated: true };
  });
}

/**
 * Makes a fully signed version the active one: supersedes the previous, stores the signed PDF,
 * sets the review date two years ahead and (unless told not to, as the demo seed does) tells the
 * district managers and the signers.
 */
export async function activateVersion(
  trx: Transaction<Database>,
  agreementId: string,
  versionId: string,
  documentHash: string,
  signatures: {
    signerUserId: string;
    signerName: string;
    signerTitle: string | null;
    role: SignatoryRole;
    organisationName: string;
    signedAt: Date;
  }[],
  now: Date,
  notify = true,
) {
  const reviewDate = addToDate(stockholmDate(now), { years: REVIEW_YEARS });
  await trx
    .updateTable("agreementVersions")
    .set({ status: "superseded", supersededAt: now, updatedAt: now })
    .where("agreementId", "=", agreementId)
    .where("status", "=", "active")
    .execute();
  const document = await agreementDocument(trx, versionId);
  const pdf = await renderAgreementPdf({
    document,
    documentHash,
    activatedAt: now,
    reviewDate,
    signatures: signatures.map((s): AgreementSignatureLine => ({
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      roleLabel: ROLE_LABELS[s.role],
      organisationName: s.organisationName,
      signedAt: s.signedAt,
    })),
  });
  await trx
    .updateTable("agreementVersions")
    .set({
      status: "active",
      activatedAt: now,
      pdf: Buffer.from(pdf),
      pdfSha256: sha256Hex(pdf),
      updatedAt: now,
    })
    .where("id", "=", versionId)
    .execute();
  await trx
    .updateTable("agreements")
    .set({ reviewDate, updatedAt: now })
    .where("id", "=", agreementId)
    .execute();
  if (!notify) return;
  const managers = await districtManagers(trx, document.district.id);
  const signers = await trx
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where(
      "id",
      "in",
      signatures.map((s) => s.signerUserId),
    )
    .where("deactivatedAt", "is", null)
    .execute();
  const recipients = new Map([...managers, ...signers].map((u) => [u.id, u]));
  await emailEach(trx, [...recipients.values()], "agreementActivated", (recipientName) => ({
    recipientName,
    agreementTitle: document.title,
    versionNumber: document.versionNumber,
    districtName: document.district.name,
    reviewDate: formatCalendarDate(reviewDate),
    url: agreementUrl(agreementId),
  }));
}

/** Declines the version out for signing, with a reason; it goes back to the district. */
export async function declineAgreement(
  actor: Actor,
  agreementId: string,
  input: { versionId: string; reason: string },
  now = new Date(),
): Promise<{ kind: "declined" } | { kind: "changed" }> {
  const view = await getAgreement(actor, agreementId, now);
  if (!isSignatory(actor, view)) throw new NotFoundError();
  if (!view.toSign || view.toSign.versionId !== input.versionId) return { kind: "changed" };
  return db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("agreementVersions")
      .set({
        status: "declined",
        declinedAt: now,
        declinedBy: actor.user.id,
        declineReason: input.reason,
        updatedAt: now,
      })
      .where("id", "=", input.versionId)
      .where("status", "=", "signing")
      .returning(["title", "versionNumber"])
      .executeTakeFirst();
    if (!updated) return { kind: "changed" };
    const managers = await districtManagers(trx, view.districtId);
    await emailEach(trx, managers, "agreementDeclined", (recipientName) => ({
      recipientName,
      agreementTitle: updated.title,
      versionNumber: updated.versionNumber,
      declinedByName: actor.user.name,
      declinedByOrganisation: actor.membership.organisationName,
      reason: input.reason,
      url: agreementUrl(agreementId),
    }));
    return { kind: "declined" };
  });
}

/** The district sets the date by which the agreement is to be revised. */
export async function setReviewDate(actor: Actor, agreementId: string, reviewDate: string) {
  await db.transaction().execute(async (trx) => {
    await editableAgreement(trx, actor, agreementId);
    await trx
      .updateTable("agreements")
      .set({ reviewDate, updatedAt: new Date() })
      .where("id", "=", agreementId)
      .execute();
  });
}

/** The signed PDF of a version the actor may see. */
export async function getAgreementPdf(actor: Actor, agreementId: string, versionNumber: number) {
  const view = await getAgreement(actor, agreementId);
  const version = view.versions.find((v) => v.versionNumber === versionNumber && v.hasPdf);
  if (!version) throw new NotFoundError();
  const row = await db
    .selectFrom("agreementVersions")
    .select("pdf")
    .where("id", "=", version.id)
    .executeTakeFirstOrThrow();
  return {
    bytes: new Uint8Array(row.pdf!),
    fileName: `samverkansoverenskommelse-version-${versionNumber}.pdf`,
  };
}

// ---------------------------------------------------------------------------------------------
// Public verification
// ---------------------------------------------------------------------------------------------

export type VerifyResult =
  | { matched: false }
  | {
      matched: true;
      /** Which was matched: the signed PDF file itself, or the text's document hash. */
      by: "pdf" | "documentHash";
      title: string;
      versionNumber: number;
      status: AgreementVersionStatus;
      activatedAt: Date;
      documentHash: string;
      signatures: AgreementSignatureLine[];
    };

export const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Checks a signed PDF (its bytes) or a pasted hash against the signed versions. Public: it
 * answers only whether it matches and who signed, nothing else.
 */
export async function verifyAgreement(
  /** The PDF, or its SHA-256 as the upload was hashed while it streamed in, or a pasted hash. */
  input: { pdf: Uint8Array } | { pdfSha256: string } | { hash: string },
): Promise<VerifyResult> {
  const byPdf = "pdf" in input || "pdfSha256" in input;
  const hash =
    "pdf" in input
      ? sha256Hex(input.pdf)
      : "pdfSha256" in input
        ? input.pdfSha256
        : input.hash.trim().toLowerCase();
  if (!HASH_PATTERN.test(hash)) return { matched: false };
  let query = db
    .selectFrom("agreementVersions")
    .select(["id", "title", "versionNumber", "status", "activatedAt", "contentHash", "pdfSha256"])
    .where("activatedAt", "is not", null);
  query = byPdf
    ? query.where("pdfSha256", "=", hash)
    : query.where((eb) => eb.or([eb("pdfSha256", "=", hash), eb("contentHash", "=", hash)]));
  const version = await query.executeTakeFirst();
  if (!version) return { matched: false };
  const signatures = await db
    .selectFrom("agreementSignatures")
    .select(["signerName", "signerTitle", "role", "organisationName", "signedAt"])
    .where("versionId", "=", version.id)
    .orderBy("signedAt")
    .execute();
  return {
    matched: true,
    by: version.pdfSha256 === hash ? "pdf" : "documentHash",
    title: version.title,
    versionNumber: version.versionNumber,
    status: version.status,
    activatedAt: version.activatedAt!,
    documentHash: version.contentHash!,
    signatures: signatures.map((s) => ({
      signerName: s.signerName,
      signerTitle: s.signerTitle,
      roleLabel: ROLE_LABELS[s.role],
      organisationName: s.organisationName,
      signedAt: s.signedAt,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Independent schools: inviting a principal to join and sign
// ---------------------------------------------------------------------------------------------

export async function invitePrincipalToSign(
  actor: Actor,
  agreementId: string,
  input: { schoolId: string; name: string; email: string },
): Promise<InviteResult> {
  const view = await getAgreement(actor, agreementId);
  if (!view.canEdit) throw new NotFoundError();
  const current =
    view.versions.find((v) => v.status === "draft" || v.status === "signing") ??
    view.versions.find((v) => v.status === "active");
  const school = current?.schools.find((s) => s.id === input.schoolId);
  if (!school || school.operatorType !== "independent") throw new NotFoundError();
  return inviteUser(
    actor,
    { name: input.name, email: input.email, organisationId: school.id, role: "principal" },
    new Date(),
    {
      agreementId,
      purpose: `Du bjuds in som rektor för ${school.name} för att skriva under samverkansöverenskommelsen med ${view.districtName}.`,
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Overview: every school and its agreement status
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Revision reminders (the daily job)
// ---------------------------------------------------------------------------------------------

/**
 * Sends the district managers the reminders that are due: 60 and 14 days before an active
 * agreement's review date and on the day, and once when its template has a newer revision. Each
 * reminder is recorded, so it is sent once however often the job runs.
 */
export async function sendRevisionReminders(now = new Date()): Promise<number> {
  const today = stockholmDate(now);
  const active = await db
    .selectFrom("agreementVersions as v")
    .innerJoin("agreements as a", "a.id", "v.agreementId")
    .innerJoin("organisations as d", "d.id", "a.districtId")
    .innerJoin("agreementTemplateRevisions as r", "r.id", "v.templateRevisionId")
    .select([
      "a.id",
      "a.districtId",
      "a.reviewDate",
      "a.templateId",
      "v.title",
      "d.name as districtName",
      "r.revisionNumber",
    ])
    .where("v.status", "=", "active")
    .execute();
  if (active.length === 0) return 0;
  const latest = await latestRevisions(db)
    .where("r.templateId", "in", [...new Set(active.map((a) => a.templateId))])
    .execute();
  let sent = 0;
  for (const agreement of active) {
    const due: { kind: "days60" | "days14" | "due" | "templateRevised"; dueOn: string }[] = [];
    if (agreement.reviewDate) {
      const kind = reminderReached(agreement.reviewDate, today);
      if (kind) due.push({ kind, dueOn: agreement.reviewDate });
    }
    const newest = latest.find((r) => r.templateId === agreement.templateId);
    if (newest && newest.revisionNumber > agreement.revisionNumber) {
      due.push({ kind: "templateRevised", dueOn: stockholmDate(newest.createdAt) });
    }
    for (const reminder of due) {
      sent += await db.transaction().execute(async (trx) => {
        const recorded = await trx
          .insertInto("agreementReminders")
          .values({
            agreementId: agreement.id,
            kind: reminder.kind,
            dueOn: reminder.dueOn,
            sentAt: now,
          })
          .onConflict((oc) => oc.columns(["agreementId", "kind", "dueOn"]).doNothing())
          .returning("agreementId")
          .executeTakeFirst();
        if (!recorded) return 0;
        const managers = await districtManagers(trx, agreement.districtId);
        await emailEach(trx, managers, "agreementRevisionDue", (recipientName) => ({
          recipientName,
          agreementTitle: agreement.title,
          districtName: agreement.districtName,
          reason: reminder.kind,
          reviewDate: agreement.reviewDate ? formatCalendarDate(agreement.reviewDate) : "",
          url: agreementUrl(agreement.id),
        }));
        return managers.length;
      });
    }
  }
  return sent;
}
