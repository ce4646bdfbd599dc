/**
 * Consent records: recording a consent given on paper (with the scanned form) or orally,
 * revoking one, reading the scanned form, and the maturity assessment that decides whether the
 * child's own consent is asked too.
 */
import { fileTypeFromBuffer } from "file-type";
import { createHash } from "node:crypto";
import type { Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";
import type { ConsentValues, MaturityValues } from "./schema";
import { activeSchool, todayOf, type ConsentContext } from "./shared.server";
import { UUID } from "~/lib/uuid";

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
const DOCUMENT_TYPES = ["application/pdf", "image/jpeg", "image/png"] as const;

// ---------------------------------------------------------------------------------------------
// Recording and revoking
// ---------------------------------------------------------------------------------------------

export interface UploadedDocument {
  fileName: string;
  bytes: Uint8Array;
}

export type RecordConsentResult =
  | { kind: "recorded"; consentId: string }
  | { kind: "invalid"; field: "document" | "schoolId" | "obtainedOn"; message: string };

/** What a scanned form really is, judged by its content, never by its name or declared type. */
export async function checkDocument(
  document: UploadedDocument | null,
): Promise<
  { ok: true; mediaType: (typeof DOCUMENT_TYPES)[number] } | { ok: false; message: string }
> {
  if (!document || document.bytes.byteLength === 0)
    return { ok: false, message: "Ladda upp den inskannade blanketten (PDF, JPEG eller PNG)." };
  if (document.bytes.byteLength > MAX_DOCUMENT_BYTES)
    return { ok: false, message: "Filen är större än 10 MB. Skanna med lägre upplösning." };
  const type = await fileTypeFromBuffer(document.bytes);
  const mediaType = DOCUMENT_TYPES.find((t) => t === type?.mime);
  if (!mediaType)
    return {
      ok: false,
      message:
        "Filen är inte en PDF, JPEG eller PNG. Skanna blanketten till något av dessa format.",
    };
  return { ok: true, mediaType };
}

/**
 * Records a consent given on a signed paper form (with the scan) or orally, as noted by the
 * actor now. One giver per record.
 */
export async function recordConsent(
  actor: Actor,
  childId: string,
  input: ConsentValues,
  document: UploadedDocument | null,
  context: ConsentContext = {},
): Promise<RecordConsentResult> {
  const today = todayOf(context);
  if (input.obtainedOn > today)
    return { kind: "invalid", field: "obtainedOn", message: "Dagen kan inte vara i framtiden." };
  const checked = input.method === "signedPaper" ? await checkDocument(document) : null;
  if (checked && !checked.ok)
    return { kind: "invalid", field: "document", message: checked.message };
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (!(await activeSchool(trx, input.schoolId)))
      return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." } as const;
    let documentId: string | null = null;
    if (checked?.ok && document) {
      const bytes = Buffer.from(document.bytes);
      const stored = await trx
        .insertInto("consentDocuments")
        .values({
          childId: child.id,
          fileName: safeFileName(document.fileName, checked.mediaType),
          mediaType: checked.mediaType,
          byteSize: bytes.byteLength,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          content: bytes,
          uploadedBy: actor.user.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      documentId = stored.id;
    }
    const consent = await trx
      .insertInto("consents")
      .values({
        childId: child.id,
        givenBy: input.givenBy,
        giverName: input.giverName,
        categories: input.categories,
        districtId: child.districtId,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
        method: input.method,
        obtainedOn: input.obtainedOn,
        recordedBy: actor.user.id,
        documentId,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "consent",
      recordId: consent.id,
      childId: child.id,
      purpose: context.purpose ?? "Registrera samtycke",
      requestId: context.requestId ?? null,
      details: {
        method: input.method,
        givenBy: input.givenBy,
        categories: input.categories,
        schoolId: input.schoolId,
        validFrom: input.validFrom,
        validTo: input.validTo,
        documentId,
      },
    });
    return { kind: "recorded", consentId: consent.id } as const;
  });
}

function safeFileName(name: string, mediaType: (typeof DOCUMENT_TYPES)[number]) {
  const base =
    name
      .split(/[\\/]/)
      .pop()
      ?.replace(/[^\p{L}\p{N} ._-]/gu, "")
      .replace(/\.[^.]*$/, "")
      .trim() ?? "";
  const extension = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" }[
    mediaType
  ];
  // The extension follows the content, whatever the uploaded name said.
  // Cut by characters, never inside one (a UTF-16 slice may split a pair).
  return `${[...(base || "samtycke")].slice(0, 190).join("")}.${extension}`;
}

/** Whose consent it is: scoped through the child. */
async function consentInScope(actor: Actor, trx: Transaction<Database>, consentId: string) {
  if (!UUID.test(consentId)) throw new NotFoundError();
  const consent = await trx
    .selectFrom("consents")
    .select(["id", "childId", "givenBy", "revokedAt"])
    .where("id", "=", consentId)
    .forUpdate()
    .executeTakeFirst();
  if (!consent) throw new NotFoundError();
  await loadChild(actor, consent.childId, trx);
  return consent;
}

/**
 * Revokes a consent at the giver's word, at once: from now on the gate refuses what only it
 * allowed. Revoking twice changes nothing (the first revocation stands).
 */
export async function revokeConsent(
  actor: Actor,
  childId: string,
  consentId: string,
  context: ConsentContext = {},
): Promise<{ kind: "revoked" | "alreadyRevoked" }> {
  return db.transaction().execute(async (trx) => {
    const consent = await consentInScope(actor, trx, consentId);
    if (consent.childId !== childId) throw new NotFoundError();
    if (consent.revokedAt) return { kind: "alreadyRevoked" } as const;
    const now = new Date();
    await trx
      .updateTable("consents")
      .set({ revokedAt: now, revokedBy: actor.user.id })
      .where("id", "=", consent.id)
      .execute();
    // The same giver's unanswered links would let an old e-mail give the consent again.
    const withdrawn = await trx
      .updateTable("consentRequests")
      .set({ withdrawnAt: now, withdrawnBy: actor.user.id })
      .where("childId", "=", consent.childId)
      .where("givenBy", "=", consent.givenBy)
      .where("answeredAt", "is", null)
      .where("withdrawnAt", "is", null)
      .returning("id")
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "consent",
      recordId: consent.id,
      childId: consent.childId,
      purpose: context.purpose ?? "Återkalla samtycke",
      requestId: context.requestId ?? null,
      details: { revoked: true, withdrawnLinks: withdrawn.map((w) => w.id) },
    });
    return { kind: "revoked" } as const;
  });
}

/** The scanned form, for someone who may open the child (logged). */
export async function getConsentDocument(
  actor: Actor,
  childId: string,
  documentId: string,
  context: ConsentContext = {},
) {
  if (!UUID.test(documentId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const document = await trx
      .selectFrom("consentDocuments")
      .select(["id", "fileName", "mediaType", "content"])
      .where("id", "=", documentId)
      .where("childId", "=", child.id)
      .executeTakeFirst();
    if (!document) throw new NotFoundError();
    await recordAudit(trx, actor, {
      action: "read",
      recordType: "consentDocument",
      recordId: document.id,
      childId: child.id,
      purpose: context.purpose ?? "Visa inskannad samtyckesblankett",
      requestId: context.requestId ?? null,
    });
    return document;
  });
}

// ---------------------------------------------------------------------------------------------
// Maturity
// ---------------------------------------------------------------------------------------------

/**
 * Records the caseworker's assessment of whether a child under the municipal age is mature
 * enough to decide together with the guardians (then the child's own consent is asked too). A
 * new assessment replaces the last one for the gate; all are kept.
 */
export async function recordMaturityAssessment(
  actor: Actor,
  childId: string,
  input: MaturityValues,
  context: ConsentContext = {},
): Promise<{ kind: "recorded"; assessmentId: string }> {
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    const assessment = await trx
      .insertInto("maturityAssessments")
      .values({
        childId: child.id,
        mature: input.mature,
        motivation: input.motivation,
        assessedBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "maturityAssessment",
      recordId: assessment.id,
      childId: child.id,
      purpose: context.purpose ?? "Bedöma barnets mognad att själv ta ställning",
      requestId: context.requestId ?? null,
      details: { mature: input.mature },
    });
    return { kind: "recorded", assessmentId: assessment.id } as const;
  });
}
