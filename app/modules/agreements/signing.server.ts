/**
 * Sending a version for signing, signing and declining it, activating it with its signed PDF,
 * the public verification of a signed agreement, and inviting an independent school's principal
 * to join and sign.
 */
import type { Transaction } from "kysely";
import { ROLE_LABELS } from "~/auth/roles";
import type { Actor } from "~/auth/session.server";
import { confirmStepUp, STEP_UP_MESSAGES } from "~/auth/step-up.server";
import { formatCalendarDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { inviteUser, type InviteResult } from "~/modules/people/people.server";
import { db } from "~db/client.server";
import type { AgreementVersionStatus, Database, SignatoryRole } from "~db/schema";
import {
  canonicalAgreementText,
  type AgreementDocument,
  type AgreementSignatureLine,
} from "./document";
import { renderAgreementPdf } from "./pdf.server";
import {
  addToDate,
  requiredSignatories,
  REVIEW_YEARS,
  signatoryFor,
  stockholmDate,
} from "./policy";
import { getAgreement } from "./reading.server";
import {
  agreementUrl,
  districtManagers,
  editableAgreement,
  emailEach,
  sha256Hex,
  usersFor,
  type Executor,
} from "./shared.server";
import type { AgreementView } from "./types";

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

const HASH_PATTERN = /^[0-9a-f]{64}$/;

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
