/**
 * Legal bases: recording one from the portal's list (school → social services, with the secrecy
 * assessment) and ending it.
 */
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { db } from "~db/client.server";
import type { LegalBasisValues } from "./schema";
import { activeSchool, todayOf, type ConsentContext } from "./shared.server";
import { UUID } from "~/lib/uuid";

// ---------------------------------------------------------------------------------------------
// Legal bases
// ---------------------------------------------------------------------------------------------

export type RecordLegalBasisResult =
  | { kind: "recorded"; legalBasisId: string }
  | { kind: "invalid"; field: "schoolId" | "validTo"; message: string };

/**
 * Records a legal basis from the portal's list, for school → social services (the only direction
 * a duty to provide information runs), with the secrecy assessment the actor writes.
 */
export async function recordLegalBasis(
  actor: Actor,
  childId: string,
  input: LegalBasisValues,
  context: ConsentContext = {},
): Promise<RecordLegalBasisResult> {
  const today = todayOf(context);
  if (input.validTo !== null && input.validTo < today)
    return { kind: "invalid", field: "validTo", message: "Datumet har redan passerat." };
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (!(await activeSchool(trx, input.schoolId)))
      return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." } as const;
    const basis = await trx
      .insertInto("legalBases")
      .values({
        childId: child.id,
        basisCode: input.basisCode,
        categories: input.categories,
        districtId: child.districtId,
        schoolId: input.schoolId,
        direction: "schoolToSocialServices",
        secrecyAssessment: input.secrecyAssessment,
        validTo: input.validTo,
        recordedBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "legalBasis",
      recordId: basis.id,
      childId: child.id,
      purpose: context.purpose ?? "Registrera rättslig grund med sekretessprövning",
      requestId: context.requestId ?? null,
      details: {
        basisCode: input.basisCode,
        categories: input.categories,
        schoolId: input.schoolId,
        validTo: input.validTo,
      },
    });
    return { kind: "recorded", legalBasisId: basis.id } as const;
  });
}

/** Ends a legal basis (the investigation closed, the duty no longer applies). */
export async function endLegalBasis(
  actor: Actor,
  childId: string,
  legalBasisId: string,
  context: ConsentContext = {},
): Promise<{ kind: "ended" | "alreadyEnded" }> {
  if (!UUID.test(legalBasisId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const basis = await trx
      .selectFrom("legalBases")
      .select(["id", "endedAt"])
      .where("id", "=", legalBasisId)
      .where("childId", "=", child.id)
      .forUpdate()
      .executeTakeFirst();
    if (!basis) throw new NotFoundError();
    if (basis.endedAt) return { kind: "alreadyEnded" } as const;
    await trx
      .updateTable("legalBases")
      .set({ endedAt: new Date(), endedBy: actor.user.id })
      .where("id", "=", basis.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "legalBasis",
      recordId: basis.id,
      childId: child.id,
      purpose: context.purpose ?? "Avsluta rättslig grund",
      requestId: context.requestId ?? null,
      details: { ended: true },
    });
    return { kind: "ended" } as const;
  });
}
