/**
 * Making and changing an agreement as its district: a new agreement from a template, saving the
 * draft, starting a new version, discarding a draft and setting the review date.
 */
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { AgreementTextValues } from "./schema";
import { editableAgreement, json, type Executor } from "./shared.server";
import { latestRevisions } from "./templates.server";

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
