/**
 * Cooperation agreements (issue 4) against the real database: making, editing and sending an
 * agreement, what the database itself refuses once a version is sent or signed, signing (scope,
 * stale text, step-up, activation with its PDF), new versions, declining, public verification,
 * "not found" for everyone outside an agreement, the daily revision reminders, inviting an
 * independent school's principal, and the overview of every school's status.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { listActiveMemberships, type Actor } from "~/auth/session.server";
import { STEP_UP_MESSAGES } from "~/auth/step-up.server";
import { stopBoss } from "~/lib/jobs.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  agreementDocument,
  agreementOverview,
  createAgreement,
  createTemplate,
  declineAgreement,
  getAgreement,
  getAgreementPdf,
  invitePrincipalToSign,
  reviseTemplate,
  sendForSigning,
  sendRevisionReminders,
  setReviewDate,
  signAgreement,
  startNewVersion,
  updateDraft,
  verifyAgreement,
} from "~/modules/agreements/agreements.server";
import { canonicalAgreementText } from "~/modules/agreements/document";
import { addToDate, stockholmDate } from "~/modules/agreements/policy";
import type { AgreementTextValues, TemplateValues } from "~/modules/agreements/schema";
import { acceptInvitation, inviteUser } from "~/modules/people/people.server";
import { createActor, createSchool, TEST_PASSWORD } from "../helpers/factories";
import { staff, districtWithStaff, schoolWithStaff, educationWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

const CLIENT = "10.20.30.40";
const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
/** A Swedish personal identity number, with or without century and separator. */
const PERSONAL_NUMBER = /\b(?:19|20)?\d{6}[-+]?\d{4}\b/;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const squash = (text: string | null) => (text ?? "").replace(/\s+/g, " ");

const TEMPLATE: TemplateValues = {
  title: "Samverkansöverenskommelse skola och socialtjänst",
  introduction: "Skolan och socialtjänsten samverkar kring barn och elever.",
  sections: [
    { heading: "Syfte", body: "Att tidigt upptäcka barn som behöver stöd." },
    { heading: "Ansvar", body: "Rektor ansvarar för skolans del.\n\nEnhetschefen för sin." },
  ],
  changeNote: "",
};

// The module co-signs with the oldest education administration, so there is one for the file.
let sharedOrganisations:
  Promise<{ education: { id: string; name: string }; admin: Actor }> | undefined;
function shared() {
  sharedOrganisations ??= educationWithStaff({ staff: { admin: "admin" } });
  return sharedOrganisations;
}

async function world() {
  const { education, admin } = await shared();
  const { district, ...ours } = await districtWithStaff();
  const { district: otherDistrict, otherManager } = await districtWithStaff({
    staff: { otherManager: "districtManager" },
  });
  const { school: municipal, ...municipalStaff } = await schoolWithStaff({
    districtId: district.id,
    operatorType: "municipal",
    staff: { principalA: "principal", mentor: "mentor" },
  });
  const { school: independent, principalB } = await schoolWithStaff({
    districtId: district.id,
    operatorType: "independent",
    staff: { principalB: "principal" },
  });
  // In the district's area but in none of the agreements the helpers make.
  const { school: outside, outsidePrincipal } = await schoolWithStaff({
    districtId: district.id,
    staff: { outsidePrincipal: "principal" },
  });
  // An independent school of the area that has no principal in the portal yet.
  const unstaffed = await createSchool({ districtId: district.id, operatorType: "independent" });
  const { school: elsewhere, elsewherePrincipal } = await schoolWithStaff({
    districtId: otherDistrict.id,
    staff: { elsewherePrincipal: "principal" },
  });
  const { educationManager } = await staff(education.id, { educationManager: "educationManager" });
  const templateId = await createTemplate(admin, TEMPLATE);
  return {
    education,
    admin,
    district,
    otherDistrict,
    municipal,
    independent,
    outside,
    unstaffed,
    elsewhere,
    templateId,
    ...ours,
    otherManager,
    ...municipalStaff,
    principalB,
    outsidePrincipal,
    elsewherePrincipal,
    educationManager,
  };
}
type World = Awaited<ReturnType<typeof world>>;

/** The signatories of an agreement with the municipal and the independent school. */
const signers = (w: World) => [w.principalA, w.principalB, w.educationManager, w.manager];

async function draftAgreement(w: World, schoolIds = [w.municipal.id, w.independent.id]) {
  return createAgreement(w.manager, { templateId: w.templateId, schoolIds });
}

async function signingVersion(agreementId: string) {
  return db
    .selectFrom("agreementVersions")
    .select(["id", "versionNumber", "contentHash"])
    .where("agreementId", "=", agreementId)
    .where("status", "=", "signing")
    .executeTakeFirstOrThrow();
}

async function send(w: World, agreementId: string) {
  const sent = await sendForSigning(w.manager, agreementId);
  if (sent.kind !== "sent") throw new Error(`not sent: ${sent.kind}`);
  const version = await signingVersion(agreementId);
  return { id: agreementId, versionId: version.id, hash: sent.hash };
}

async function sentAgreement(w: World, schoolIds?: string[]) {
  return send(w, await draftAgreement(w, schoolIds));
}

/** Signs what the actor is shown, as the signing page does. */
async function sign(actor: Actor, agreementId: string, now = new Date()) {
  const view = await getAgreement(actor, agreementId, now);
  const signing = view.versions.find((v) => v.status === "signing");
  if (!signing) throw new Error("nothing out for signing");
  return signAgreement(
    actor,
    agreementId,
    { versionId: signing.id, documentHash: signing.contentHash! },
    CLIENT,
    now,
  );
}

async function signAll(w: World, agreementId: string) {
  const results = [];
  for (const actor of signers(w)) results.push(await sign(actor, agreementId));
  return results;
}

async function activeAgreement(w: World) {
  const sent = await sentAgreement(w);
  await signAll(w, sent.id);
  return sent;
}

async function version(id: string) {
  return db
    .selectFrom("agreementVersions")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function versionsOf(agreementId: string) {
  return db
    .selectFrom("agreementVersions")
    .select(["id", "versionNumber", "status", "title", "supersededAt", "activatedAt"])
    .where("agreementId", "=", agreementId)
    .orderBy("versionNumber")
    .execute();
}

/** The e-mails of a template about one agreement (their links carry its id). */
async function mails(template: string, agreementId: string) {
  return db
    .selectFrom("emails")
    .select(["recipient", "subject", "textBody", "html", "createdAt"])
    .where("template", "=", template)
    .where("textBody", "like", `%${agreementId}%`)
    .orderBy("createdAt")
    .execute();
}

const edit = (w: World): AgreementTextValues => ({
  title: "Samverkan i stadsdelen",
  introduction: "Så här samverkar vi.",
  sections: [
    { heading: "Syfte", body: "Tidig upptäckt.\n\nGemensamt ansvar." },
    { heading: "Möten", body: "Vi ses varje termin." },
  ],
  meetings: [{ name: "Samverkansmöte", frequency: "två gånger per termin" }],
  contactRoles: [{ role: "Kontaktperson", responsibility: "tar emot frågor från skolan" }],
  schoolIds: [w.municipal.id, w.independent.id],
});

describe("making and sending an agreement", () => {
  it("a district manager makes an agreement from a template, edits the draft and sends it to every signatory", async () => {
    const w = await world();
    const id = await draftAgreement(w);
    let view = await getAgreement(w.manager, id);
    expect(view.status).toBe("draft");
    expect(view.canEdit).toBe(true);
    expect(view.districtId).toBe(w.district.id);
    const draft = view.versions[0]!;
    expect(view.versions).toHaveLength(1);
    expect(draft).toMatchObject({
      versionNumber: 1,
      status: "draft",
      title: TEMPLATE.title,
      introduction: TEMPLATE.introduction,
      sections: TEMPLATE.sections,
      contentHash: null,
      templateRevisionNumber: 1,
    });
    expect(draft.schools.map((s) => s.id).sort()).toEqual(
      [w.municipal.id, w.independent.id].sort(),
    );

    const values = edit(w);
    expect(
      await updateDraft(w.manager, id, { ...values, updatedAt: draft.updatedAt.toISOString() }),
    ).toEqual({ kind: "saved" });
    // The same (now stale) form saved again changes nothing.
    expect(
      await updateDraft(w.manager, id, {
        ...values,
        title: "Någon annans ändring",
        updatedAt: draft.updatedAt.toISOString(),
      }),
    ).toEqual({ kind: "stale" });
    view = await getAgreement(w.manager, id);
    expect(view.versions[0]).toMatchObject({
      title: values.title,
      introduction: values.introduction,
      sections: values.sections,
      meetings: values.meetings,
      contactRoles: values.contactRoles,
    });

    const sent = await sendForSigning(w.manager, id);
    expect(sent.kind).toBe("sent");
    if (sent.kind !== "sent") return;
    expect(sent.hash).toMatch(/^[0-9a-f]{64}$/);
    view = await getAgreement(w.manager, id);
    expect(view.status).toBe("signing");
    const signing = view.versions[0]!;
    expect(signing.status).toBe("signing");
    expect(signing.contentHash).toBe(sent.hash);
    expect(signing.sentAt).not.toBeNull();
    // The hash is that of the version's canonical text.
    expect(sent.hash).toBe(sha256(canonicalAgreementText(await agreementDocument(db, signing.id))));
    expect(signing.signatories.map((s) => `${s.role}:${s.organisationId}`).sort()).toEqual(
      [
        `principal:${w.municipal.id}`,
        `principal:${w.independent.id}`,
        `educationManager:${w.education.id}`,
        `districtManager:${w.district.id}`,
      ].sort(),
    );
    expect(signing.signatories.every((s) => s.signature === null)).toBe(true);

    const toSign = await mails("agreementToSign", id);
    const recipients = toSign.map((m) => m.recipient);
    for (const actor of signers(w)) {
      expect(
        recipients.filter((r) => r === actor.user.email),
        actor.membership.role,
      ).toHaveLength(1);
    }
    expect(recipients).not.toContain(w.mentor.user.email);
    expect(recipients).not.toContain(w.outsidePrincipal.user.email);
    expect(recipients).not.toContain(w.otherManager.user.email);
    for (const mail of toSign) {
      expect(mail.textBody).toContain(values.title);
      expect(mail.textBody!.replace(UUID, "")).not.toMatch(PERSONAL_NUMBER);
      expect(mail.html!.replace(UUID, "")).not.toMatch(PERSONAL_NUMBER);
    }

    // Sent is sent: no second sending, no more editing.
    expect(await sendForSigning(w.manager, id)).toEqual({ kind: "notDraft" });
    expect(
      await updateDraft(w.manager, id, {
        ...values,
        updatedAt: signing.updatedAt.toISOString(),
      }),
    ).toEqual({ kind: "notDraft" });
  });

  it("a school outside the district's area cannot be put in an agreement", async () => {
    const w = await world();
    await expect(draftAgreement(w, [w.municipal.id, w.elsewhere.id])).rejects.toThrow(
      NotFoundError,
    );
    const id = await draftAgreement(w);
    const draft = (await getAgreement(w.manager, id)).versions[0]!;
    await expect(
      updateDraft(w.manager, id, {
        ...edit(w),
        schoolIds: [w.elsewhere.id],
        updatedAt: draft.updatedAt.toISOString(),
      }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("the database refuses changes to what was sent or signed", () => {
  let w: World;
  let signing: Awaited<ReturnType<typeof sentAgreement>>;
  let active: Awaited<ReturnType<typeof sentAgreement>>;
  const frozen = { constraint: "agreement_record_frozen" };

  beforeAll(async () => {
    w = await world();
    active = await activeAgreement(w);
    signing = await sentAgreement(w);
    // One signature on the version out for signing, to try to change.
    await sign(w.principalA, signing.id);
  });

  it.each(["signing", "active"] as const)(
    "a version that is %s: its title, sections and hash cannot change",
    async (which) => {
      const target = which === "signing" ? signing : active;
      const before = await version(target.versionId);
      expect(before.status).toBe(which);
      await expect(
        sql`update agreement_versions set title = 'Ändrad titel' where id = ${target.versionId}`.execute(
          db,
        ),
      ).rejects.toMatchObject(frozen);
      await expect(
        sql`update agreement_versions set sections = '[{"heading":"X","body":"Y"}]'::jsonb where id = ${target.versionId}`.execute(
          db,
        ),
      ).rejects.toMatchObject(frozen);
      await expect(
        db
          .updateTable("agreementVersions")
          .set({ contentHash: "0".repeat(64) })
          .where("id", "=", target.versionId)
          .execute(),
      ).rejects.toMatchObject(frozen);
      await expect(
        db
          .updateTable("agreementVersions")
          .set({ introduction: "Ny inledning", status: "draft" })
          .where("id", "=", target.versionId)
          .execute(),
      ).rejects.toMatchObject(frozen);
      const after = await version(target.versionId);
      expect(after.title).toBe(before.title);
      expect(after.sections).toEqual(before.sections);
      expect(after.contentHash).toBe(before.contentHash);
    },
  );

  it("an active version's stored PDF cannot be replaced", async () => {
    await expect(
      db
        .updateTable("agreementVersions")
        .set({ pdf: Buffer.from("%PDF-1.7 falsk"), pdfSha256: "1".repeat(64) })
        .where("id", "=", active.versionId)
        .execute(),
    ).rejects.toMatchObject(frozen);
  });

  it.each(["signing", "active"] as const)(
    "a version that is %s cannot be deleted",
    async (which) => {
      const target = which === "signing" ? signing : active;
      await expect(
        sql`delete from agreement_versions where id = ${target.versionId}`.execute(db),
      ).rejects.toMatchObject(frozen);
      expect((await version(target.versionId)).status).toBe(which);
    },
  );

  it("signatures can be neither changed nor deleted", async () => {
    for (const versionId of [signing.versionId, active.versionId]) {
      await expect(
        sql`update agreement_signatures set signer_name = 'Någon annan' where version_id = ${versionId}`.execute(
          db,
        ),
      ).rejects.toMatchObject(frozen);
      await expect(
        db
          .updateTable("agreementSignatures")
          .set({ documentHash: "0".repeat(64) })
          .where("versionId", "=", versionId)
          .execute(),
      ).rejects.toMatchObject(frozen);
      await expect(
        sql`delete from agreement_signatures where version_id = ${versionId}`.execute(db),
      ).rejects.toMatchObject(frozen);
    }
    const rows = await db
      .selectFrom("agreementSignatures")
      .select("versionId")
      .where("versionId", "in", [signing.versionId, active.versionId])
      .execute();
    expect(rows.filter((r) => r.versionId === signing.versionId)).toHaveLength(1);
    expect(rows.filter((r) => r.versionId === active.versionId)).toHaveLength(4);
  });

  it("a signature must carry the version's hash, and only a version out for signing can be signed", async () => {
    const signature = (versionId: string, documentHash: string) =>
      db
        .insertInto("agreementSignatures")
        .values({
          versionId,
          organisationId: w.district.id,
          role: "districtManager",
          signerUserId: w.manager.user.id,
          signerName: w.manager.user.name,
          signerTitle: null,
          organisationName: w.district.name,
          clientAddress: CLIENT,
          documentHash,
        })
        .execute();
    await expect(signature(signing.versionId, "0".repeat(64))).rejects.toMatchObject({
      constraint: "agreement_signature_hash",
    });
    // The right hash, but the version is no longer out for signing.
    const activeHash = (await version(active.versionId)).contentHash!;
    await expect(signature(active.versionId, activeHash)).rejects.toThrow();
    expect(
      await db
        .selectFrom("agreementSignatures")
        .select("id")
        .where("versionId", "=", signing.versionId)
        .where("role", "=", "districtManager")
        .execute(),
    ).toEqual([]);
  });

  it("the schools of a sent version cannot change", async () => {
    for (const versionId of [signing.versionId, active.versionId]) {
      await expect(
        db
          .insertInto("agreementVersionSchools")
          .values({ versionId, schoolId: w.outside.id })
          .execute(),
      ).rejects.toMatchObject(frozen);
      await expect(
        sql`delete from agreement_version_schools where version_id = ${versionId} and school_id = ${w.independent.id}`.execute(
          db,
        ),
      ).rejects.toMatchObject(frozen);
      await expect(
        sql`update agreement_version_schools set school_id = ${w.outside.id} where version_id = ${versionId} and school_id = ${w.independent.id}`.execute(
          db,
        ),
      ).rejects.toMatchObject(frozen);
      const schools = await db
        .selectFrom("agreementVersionSchools")
        .select("schoolId")
        .where("versionId", "=", versionId)
        .execute();
      expect(schools.map((s) => s.schoolId).sort()).toEqual(
        [w.municipal.id, w.independent.id].sort(),
      );
    }
  });

  it("the signatories of a sent version cannot be removed", async () => {
    await expect(
      sql`delete from agreement_signatories where version_id = ${signing.versionId} and role = 'districtManager'`.execute(
        db,
      ),
    ).rejects.toMatchObject(frozen);
  });

  it("no signatory can be added once someone has signed", async () => {
    // The version out for signing already carries the municipal principal's signature.
    await expect(
      sql`insert into agreement_signatories (version_id, organisation_id, role)
          values (${signing.versionId}, ${w.outside.id}, 'principal')`.execute(db),
    ).rejects.toMatchObject(frozen);
  });

  it("a template revision can be neither changed nor deleted", async () => {
    const revision = await db
      .selectFrom("agreementTemplateRevisions")
      .selectAll()
      .where("templateId", "=", w.templateId)
      .executeTakeFirstOrThrow();
    await expect(
      sql`update agreement_template_revisions set title = 'Ändrad mall' where id = ${revision.id}`.execute(
        db,
      ),
    ).rejects.toMatchObject(frozen);
    await expect(
      db
        .updateTable("agreementTemplateRevisions")
        .set({ sections: JSON.stringify([]) })
        .where("id", "=", revision.id)
        .execute(),
    ).rejects.toMatchObject(frozen);
    await expect(
      sql`delete from agreement_template_revisions where id = ${revision.id}`.execute(db),
    ).rejects.toMatchObject(frozen);
    const after = await db
      .selectFrom("agreementTemplateRevisions")
      .selectAll()
      .where("id", "=", revision.id)
      .executeTakeFirstOrThrow();
    expect(after.title).toBe(revision.title);
    expect(after.sections).toEqual(revision.sections);
  });
});

describe("signing", () => {
  it("a principal of a school that is not in the agreement cannot sign it", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    for (const actor of [w.outsidePrincipal, w.elsewherePrincipal]) {
      await expect(
        signAgreement(actor, a.id, { versionId: a.versionId, documentHash: a.hash }, CLIENT),
      ).rejects.toThrow(NotFoundError);
    }
    expect(
      await db
        .selectFrom("agreementSignatures")
        .select("id")
        .where("versionId", "=", a.versionId)
        .execute(),
    ).toEqual([]);
  });

  it("a principal of a school in the agreement signs for it once", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    const input = { versionId: a.versionId, documentHash: a.hash };
    expect(await signAgreement(w.principalA, a.id, input, CLIENT)).toEqual({
      kind: "signed",
      activated: false,
    });
    const rows = await db
      .selectFrom("agreementSignatures")
      .selectAll()
      .where("versionId", "=", a.versionId)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      organisationId: w.municipal.id,
      role: "principal",
      signerUserId: w.principalA.user.id,
      signerName: w.principalA.user.name,
      organisationName: w.municipal.name,
      clientAddress: CLIENT,
      documentHash: a.hash,
    });
    const view = await getAgreement(w.principalA, a.id);
    expect(view.toSign).toBeNull();
    expect(
      view.versions[0]!.signatories.find((s) => s.organisationId === w.municipal.id)?.signature
        ?.signerName,
    ).toBe(w.principalA.user.name);
  });

  it("signing a second time (a double click, the back button) signs nothing more and does not fail", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    const input = { versionId: a.versionId, documentHash: a.hash };
    expect(await signAgreement(w.principalA, a.id, input, CLIENT)).toEqual({
      kind: "signed",
      activated: false,
    });
    await expect(signAgreement(w.principalA, a.id, input, CLIENT)).resolves.toEqual({
      kind: "signed",
      activated: false,
    });
    expect(
      await db
        .selectFrom("agreementSignatures")
        .select("id")
        .where("versionId", "=", a.versionId)
        .execute(),
    ).toHaveLength(1);
    expect((await version(a.versionId)).status).toBe("signing");
  });

  it("a signer shown an older text signs nothing", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    expect(
      await signAgreement(
        w.principalA,
        a.id,
        { versionId: a.versionId, documentHash: "f".repeat(64) },
        CLIENT,
      ),
    ).toEqual({ kind: "changed" });
    expect(
      await db
        .selectFrom("agreementSignatures")
        .select("id")
        .where("versionId", "=", a.versionId)
        .execute(),
    ).toEqual([]);
  });

  it("ten minutes after logging in, signing asks for the password again", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    const authenticatedAt = new Date(Date.now() - 10 * 60_000);
    const sessionId = `session-${w.principalB.user.id}`;
    await db
      .insertInto("sessions")
      .values({
        id: sessionId,
        userId: w.principalB.user.id,
        expiresAt: new Date(Date.now() + 3600_000),
        activeMembershipId: w.principalB.membership.id,
        authenticatedAt,
      })
      .execute();
    const actor: Actor = {
      ...w.principalB,
      session: { id: sessionId, activeMembershipId: w.principalB.membership.id, authenticatedAt },
    };
    const input = { versionId: a.versionId, documentHash: a.hash };

    expect(await signAgreement(actor, a.id, input, CLIENT)).toEqual({
      kind: "stepUp",
      message: STEP_UP_MESSAGES.missing,
    });
    expect(
      await signAgreement(actor, a.id, { ...input, password: "Fel-lösenord-123" }, CLIENT),
    ).toEqual({ kind: "stepUp", message: STEP_UP_MESSAGES.invalid });
    expect(
      await db
        .selectFrom("agreementSignatures")
        .select("id")
        .where("versionId", "=", a.versionId)
        .execute(),
    ).toEqual([]);

    const now = new Date();
    expect(
      await signAgreement(actor, a.id, { ...input, password: TEST_PASSWORD }, CLIENT, now),
    ).toEqual({ kind: "signed", activated: false });
    const session = await db
      .selectFrom("sessions")
      .select("authenticatedAt")
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(session.authenticatedAt.getTime()).toBe(now.getTime());
    expect(
      await db
        .selectFrom("agreementSignatures")
        .select(["organisationId", "signerUserId"])
        .where("versionId", "=", a.versionId)
        .execute(),
    ).toEqual([{ organisationId: w.independent.id, signerUserId: w.principalB.user.id }]);
  });

  it("the last signature activates the version: its PDF, the review date two years on, and e-mails", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    const results = await signAll(w, a.id);
    expect(results).toEqual([
      { kind: "signed", activated: false },
      { kind: "signed", activated: false },
      { kind: "signed", activated: false },
      { kind: "signed", activated: true },
    ]);
    const v = await version(a.versionId);
    expect(v.status).toBe("active");
    expect(v.activatedAt).not.toBeNull();
    expect(v.contentHash).toBe(a.hash);
    expect(v.pdf).not.toBeNull();
    expect(v.pdf!.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(v.pdfSha256).toBe(sha256(v.pdf!));

    const activationDay = stockholmDate(v.activatedAt!);
    const expectedReview = `${Number(activationDay.slice(0, 4)) + 2}${activationDay.slice(4)}`;
    const agreement = await db
      .selectFrom("agreements")
      .select("reviewDate")
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    expect(agreement.reviewDate).toBe(expectedReview);

    const view = await getAgreement(w.manager, a.id);
    expect(view.status).toBe("active");
    expect(view.reviewDate).toBe(expectedReview);
    expect(view.versions[0]!.hasPdf).toBe(true);
    expect(view.versions[0]!.signatories.every((s) => s.signature !== null)).toBe(true);

    const pdf = await getAgreementPdf(w.principalA, a.id, 1);
    expect(sha256(pdf.bytes)).toBe(v.pdfSha256);

    const activated = (await mails("agreementActivated", a.id)).map((m) => m.recipient);
    for (const actor of signers(w)) {
      expect(
        activated.filter((r) => r === actor.user.email),
        actor.membership.role,
      ).toHaveLength(1);
    }
  });
});

describe("a new version", () => {
  it("is a draft while version 1 stays active, and supersedes it once everyone has signed", async () => {
    const w = await world();
    const a = await activeAgreement(w);
    expect(await startNewVersion(w.manager, a.id, "current")).toEqual({ kind: "started" });
    expect(await startNewVersion(w.manager, a.id, "current")).toEqual({ kind: "draftExists" });
    let view = await getAgreement(w.manager, a.id);
    expect(view.status).toBe("active");
    expect(view.versions.map((v) => [v.versionNumber, v.status])).toEqual([
      [2, "draft"],
      [1, "active"],
    ]);
    expect(view.versions[0]!.sections).toEqual(view.versions[1]!.sections);
    expect(view.versions[0]!.schools.map((s) => s.id).sort()).toEqual(
      view.versions[1]!.schools.map((s) => s.id).sort(),
    );

    const v2 = await send(w, a.id);
    expect(v2.hash).not.toBe(a.hash);
    view = await getAgreement(w.manager, a.id);
    expect(view.status).toBe("active");
    expect((await versionsOf(a.id)).map((v) => v.status)).toEqual(["active", "signing"]);

    const results = await signAll(w, a.id);
    expect(results.at(-1)).toEqual({ kind: "signed", activated: true });
    const versions = await versionsOf(a.id);
    expect(versions.map((v) => [v.versionNumber, v.status])).toEqual([
      [1, "superseded"],
      [2, "active"],
    ]);
    expect(versions[0]!.supersededAt).not.toBeNull();
    expect((await getAgreement(w.manager, a.id)).status).toBe("active");
    // Version 1's signed PDF is still what it was, and still verifies.
    const old = await getAgreementPdf(w.manager, a.id, 1);
    expect(await verifyAgreement({ pdf: old.bytes })).toMatchObject({
      matched: true,
      versionNumber: 1,
      status: "superseded",
    });
  });
});

describe("declining", () => {
  it("a signatory declines with a reason; the district manager is told and the agreement is declined", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    await sign(w.principalA, a.id);
    const reason = "Avsnittet om ansvar stämmer inte med hur vår elevhälsa arbetar.";
    expect(await declineAgreement(w.principalB, a.id, { versionId: a.versionId, reason })).toEqual({
      kind: "declined",
    });
    const v = await version(a.versionId);
    expect(v).toMatchObject({
      status: "declined",
      declineReason: reason,
      declinedBy: w.principalB.user.id,
    });
    expect(v.declinedAt).not.toBeNull();

    const declined = await mails("agreementDeclined", a.id);
    expect(declined.map((m) => m.recipient)).toEqual([w.manager.user.email]);
    expect(squash(declined[0]!.textBody)).toContain(reason);

    const view = await getAgreement(w.manager, a.id);
    expect(view.status).toBe("declined");
    expect(view.versions[0]).toMatchObject({ status: "declined", declineReason: reason });
    // Nothing is left to sign.
    expect(
      await signAgreement(
        w.manager,
        a.id,
        { versionId: a.versionId, documentHash: a.hash },
        CLIENT,
      ),
    ).toEqual({ kind: "changed" });
  });

  it("a signatory who declines a version someone else has just declined is told it changed", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    const input = { versionId: a.versionId, reason: "Texten stämmer inte." };
    expect(await declineAgreement(w.principalB, a.id, input)).toEqual({ kind: "declined" });
    // The district manager had the signing page open: the same answer as signAgreement gives.
    await expect(declineAgreement(w.manager, a.id, input)).resolves.toEqual({ kind: "changed" });
    expect((await mails("agreementDeclined", a.id)).map((m) => m.recipient)).toEqual([
      w.manager.user.email,
    ]);
  });

  it("only a signatory can decline", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    await expect(
      declineAgreement(w.mentor, a.id, { versionId: a.versionId, reason: "Nej" }),
    ).rejects.toThrow(NotFoundError);
    expect((await version(a.versionId)).status).toBe("signing");
  });
});

describe("public verification", () => {
  it("matches a signed PDF and its document hash, and nothing else", async () => {
    const w = await world();
    const a = await activeAgreement(w);
    const { bytes } = await getAgreementPdf(w.manager, a.id, 1);
    const v = await version(a.versionId);

    const byPdf = await verifyAgreement({ pdf: bytes });
    expect(byPdf).toMatchObject({
      matched: true,
      by: "pdf",
      title: TEMPLATE.title,
      versionNumber: 1,
      status: "active",
      documentHash: a.hash,
      activatedAt: v.activatedAt,
    });
    if (!byPdf.matched) return;
    expect(byPdf.signatures.map((s) => s.signerName).sort()).toEqual(
      signers(w)
        .map((s) => s.user.name)
        .sort(),
    );
    expect(byPdf.signatures.map((s) => s.organisationName).sort()).toEqual(
      [w.municipal.name, w.independent.name, w.education.name, w.district.name].sort(),
    );

    // Only the title, version, status, activation, hash and the signatures: no schools, no
    // district, no ids, no e-mail or client addresses.
    expect(Object.keys(byPdf).sort()).toEqual(
      [
        "activatedAt",
        "by",
        "documentHash",
        "matched",
        "signatures",
        "status",
        "title",
        "versionNumber",
      ].sort(),
    );
    for (const signature of byPdf.signatures) {
      expect(Object.keys(signature).sort()).toEqual(
        ["organisationName", "roleLabel", "signedAt", "signerName", "signerTitle"].sort(),
      );
    }
    const published = JSON.stringify(byPdf);
    for (const secret of [
      a.id,
      a.versionId,
      w.district.id,
      w.municipal.id,
      w.municipal.schoolUnitCode!,
      w.independent.schoolUnitCode!,
      CLIENT,
      ...signers(w).map((s) => s.user.email),
    ]) {
      expect(published).not.toContain(secret);
    }

    expect(await verifyAgreement({ hash: a.hash })).toMatchObject({
      matched: true,
      by: "documentHash",
      versionNumber: 1,
      documentHash: a.hash,
    });
    expect(await verifyAgreement({ hash: ` ${a.hash.toUpperCase()} ` })).toMatchObject({
      matched: true,
    });
    expect(await verifyAgreement({ hash: v.pdfSha256! })).toMatchObject({
      matched: true,
      by: "pdf",
    });

    const tampered = Uint8Array.from(bytes);
    const at = Math.floor(tampered.length / 2);
    tampered[at] = tampered[at]! ^ 0x01;
    expect(await verifyAgreement({ pdf: tampered })).toEqual({ matched: false });
    expect(await verifyAgreement({ hash: randomBytes(32).toString("hex") })).toEqual({
      matched: false,
    });
    expect(await verifyAgreement({ hash: "inte en kontrollsumma" })).toEqual({ matched: false });
  });

  it("a version that is only out for signing does not verify", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    expect(await verifyAgreement({ hash: a.hash })).toEqual({ matched: false });
  });
});

describe("nobody outside an agreement reaches it", () => {
  // An agreement with version 1 active and version 2 out for signing, and a second agreement
  // that is a draft with the unstaffed independent school in it.
  let w: World;
  let agreementId: string;
  let v2: { versionId: string; hash: string };
  let draftId: string;
  let draftUpdatedAt: string;

  beforeAll(async () => {
    w = await world();
    const a = await activeAgreement(w);
    agreementId = a.id;
    await startNewVersion(w.manager, a.id, "current");
    v2 = await send(w, a.id);
    draftId = await draftAgreement(w, [w.municipal.id, w.unstaffed.id]);
    draftUpdatedAt = (await getAgreement(w.manager, draftId)).versions[0]!.updatedAt.toISOString();
  });

  const outsiders = [
    "a district manager of another district",
    "a principal of a school not in the agreement",
    "a principal of another district's school",
    "a caseworker of the same district",
    "an intake officer of the same district",
  ] as const;
  const actorFor = (who: (typeof outsiders)[number]): Actor =>
    ({
      "a district manager of another district": w.otherManager,
      "a principal of a school not in the agreement": w.outsidePrincipal,
      "a principal of another district's school": w.elsewherePrincipal,
      "a caseworker of the same district": w.caseworker,
      "an intake officer of the same district": w.intake,
    })[who];

  const calls: Record<string, (actor: Actor) => Promise<unknown>> = {
    getAgreement: (actor) => getAgreement(actor, agreementId),
    "getAgreement (draft)": (actor) => getAgreement(actor, draftId),
    updateDraft: (actor) =>
      updateDraft(actor, draftId, {
        ...edit(w),
        schoolIds: [w.municipal.id],
        updatedAt: draftUpdatedAt,
      }),
    sendForSigning: (actor) => sendForSigning(actor, draftId),
    startNewVersion: (actor) => startNewVersion(actor, agreementId, "template"),
    setReviewDate: (actor) => setReviewDate(actor, agreementId, "2040-01-01"),
    getAgreementPdf: (actor) => getAgreementPdf(actor, agreementId, 1),
    invitePrincipalToSign: (actor) =>
      invitePrincipalToSign(actor, draftId, {
        schoolId: w.unstaffed.id,
        name: "Obehörig Inbjudan",
        email: `obehorig.${randomBytes(3).toString("hex")}@x.example`,
      }),
    declineAgreement: (actor) =>
      declineAgreement(actor, agreementId, { versionId: v2.versionId, reason: "Nej." }),
    signAgreement: (actor) =>
      signAgreement(
        actor,
        agreementId,
        { versionId: v2.versionId, documentHash: v2.hash, password: TEST_PASSWORD },
        CLIENT,
      ),
  };
  const cases = outsiders.flatMap((who) => Object.keys(calls).map((call) => ({ who, call })));

  it.each(cases)("$who: $call is not found", async ({ who, call }) => {
    await expect(calls[call]!(actorFor(who))).rejects.toThrow(NotFoundError);
  });

  it("and nothing changed", async () => {
    expect((await versionsOf(agreementId)).map((v) => v.status)).toEqual(["active", "signing"]);
    const draft = (await versionsOf(draftId))[0]!;
    expect(draft.status).toBe("draft");
    expect(draft.title).toBe(TEMPLATE.title);
    const agreement = await db
      .selectFrom("agreements")
      .select("reviewDate")
      .where("id", "=", agreementId)
      .executeTakeFirstOrThrow();
    expect(agreement.reviewDate).not.toBe("2040-01-01");
    expect(
      await db
        .selectFrom("agreementSignatures")
        .select("id")
        .where("versionId", "=", v2.versionId)
        .execute(),
    ).toEqual([]);
    expect(
      await db.selectFrom("invitations").select("id").where("agreementId", "=", draftId).execute(),
    ).toEqual([]);
  });

  it("a mentor of an included school reads the agreement once it is sent, never a draft", async () => {
    const w2 = await world();
    const id = await draftAgreement(w2);
    await expect(getAgreement(w2.mentor, id)).rejects.toThrow(NotFoundError);
    const sent = await send(w2, id);
    const view = await getAgreement(w2.mentor, id);
    expect(view.status).toBe("signing");
    expect(view.canEdit).toBe(false);
    expect(view.toSign).toBeNull();
    expect(view.versions.map((v) => v.versionNumber)).toEqual([1]);
    // A mentor is not a signatory.
    await expect(
      signAgreement(w2.mentor, id, { versionId: sent.versionId, documentHash: sent.hash }, CLIENT),
    ).rejects.toThrow(NotFoundError);
    // A new draft (the version out for signing is withdrawn) is not shown to the school.
    expect(await startNewVersion(w2.manager, id, "current")).toEqual({ kind: "started" });
    const after = await getAgreement(w2.mentor, id);
    expect(after.versions.map((v) => [v.versionNumber, v.status])).toEqual([[1, "withdrawn"]]);
    // A mentor of a school of the area that is not in the agreement sees nothing.
    const outsideMentor = await createActor(w2.outside.id, "mentor");
    await expect(getAgreement(outsideMentor, id)).rejects.toThrow(NotFoundError);
  });
});

describe("revision reminders", () => {
  it("reminds the district manager 60 and 14 days before the review date, on the day, and when the template is revised, each once", async () => {
    const w = await world();
    const a = await activeAgreement(w);
    const review = "2031-03-15";
    await setReviewDate(w.manager, a.id, review);
    const at = (daysBefore: number) =>
      new Date(`${addToDate(review, { days: -daysBefore })}T05:00:00Z`);
    const reminders = async () => {
      const rows = await mails("agreementRevisionDue", a.id);
      for (const row of rows) expect(row.recipient).toBe(w.manager.user.email);
      return rows;
    };

    await sendRevisionReminders(at(61));
    expect(await reminders()).toHaveLength(0);

    await sendRevisionReminders(at(60));
    let sent = await reminders();
    expect(sent).toHaveLength(1);
    expect(squash(sent[0]!.textBody)).toContain("om 60 dagar");
    await sendRevisionReminders(at(60));
    expect(await reminders()).toHaveLength(1);
    await sendRevisionReminders(at(59));
    expect(await reminders()).toHaveLength(1);

    await sendRevisionReminders(at(14));
    sent = await reminders();
    expect(sent).toHaveLength(2);
    expect(squash(sent[1]!.textBody)).toContain("om 14 dagar");
    await sendRevisionReminders(at(14));
    await sendRevisionReminders(at(13));
    expect(await reminders()).toHaveLength(2);

    await sendRevisionReminders(at(0));
    sent = await reminders();
    expect(sent).toHaveLength(3);
    expect(squash(sent[2]!.textBody)).toContain("i dag");
    await sendRevisionReminders(at(0));
    await sendRevisionReminders(at(-1));
    expect(await reminders()).toHaveLength(3);

    expect(
      await reviseTemplate(w.admin, w.templateId, {
        ...TEMPLATE,
        sections: [...TEMPLATE.sections, { heading: "Uppföljning", body: "Varje år." }],
        changeNote: "Nytt avsnitt om uppföljning.",
        basedOn: 1,
      }),
    ).toEqual({ kind: "revised", revisionNumber: 2 });
    await sendRevisionReminders(at(-2));
    sent = await reminders();
    expect(sent).toHaveLength(4);
    expect(squash(sent[3]!.textBody)).toContain("Stödmaterialet");
    await sendRevisionReminders(at(-2));
    await sendRevisionReminders(at(-3));
    expect(await reminders()).toHaveLength(4);

    const recorded = await db
      .selectFrom("agreementReminders")
      .select("kind")
      .where("agreementId", "=", a.id)
      .execute();
    expect(recorded.map((r) => r.kind).sort()).toEqual(
      ["days14", "days60", "due", "templateRevised"].sort(),
    );
    expect((await getAgreement(w.manager, a.id, at(-3))).status).toBe("revisionDue");
  });

  it("an agreement that is not active is not reminded about", async () => {
    const w = await world();
    const a = await sentAgreement(w);
    await setReviewDate(w.manager, a.id, "2031-03-15");
    await sendRevisionReminders(new Date("2031-03-15T05:00:00Z"));
    expect(await mails("agreementRevisionDue", a.id)).toHaveLength(0);
  });
});

describe("inviting an independent school's principal to sign", () => {
  it("invites the principal of an independent school in the agreement, with the purpose in the e-mail", async () => {
    const w = await world();
    const id = await draftAgreement(w, [w.municipal.id, w.unstaffed.id]);
    expect((await getAgreement(w.manager, id)).schoolsWithoutPrincipal).toEqual([
      { id: w.unstaffed.id, name: w.unstaffed.name },
    ]);
    const email = `rut.rektor.${randomBytes(3).toString("hex")}@friskola.example`;
    expect(
      await invitePrincipalToSign(w.manager, id, {
        schoolId: w.unstaffed.id,
        name: "Rut Rektor",
        email: email.toUpperCase(),
      }),
    ).toEqual({ kind: "invited" });
    const invitation = await db
      .selectFrom("invitations")
      .selectAll()
      .where("email", "=", email)
      .executeTakeFirstOrThrow();
    expect(invitation).toMatchObject({
      organisationId: w.unstaffed.id,
      role: "principal",
      agreementId: id,
      invitedBy: w.manager.user.id,
    });
    const mail = await db
      .selectFrom("emails")
      .select(["template", "textBody"])
      .where("recipient", "=", email)
      .executeTakeFirstOrThrow();
    expect(mail.template).toBe("invitation");
    expect(squash(mail.textBody)).toContain(
      `Du bjuds in som rektor för ${w.unstaffed.name} för att skriva under samverkansöverenskommelsen med ${w.district.name}.`,
    );
    const view = await getAgreement(w.manager, id);
    expect(view.invitations).toMatchObject([
      { schoolName: w.unstaffed.name, email, status: "pending" },
    ]);
    expect(
      (await agreementOverview(w.manager)).find((r) => r.schoolId === w.unstaffed.id)
        ?.invitationPending,
    ).toBe(true);

    // The new principal joins, and signs for the school once the agreement is sent.
    const token = mail.textBody!.match(/\/inbjudan\/([A-Za-z0-9_-]{43})/)![1]!;
    const userId = await acceptInvitation(token, "Rektorns eget lösenord 1");
    expect(userId).toBeTruthy();
    const [membership] = await listActiveMemberships(userId!);
    expect(membership).toMatchObject({ organisationId: w.unstaffed.id, role: "principal" });
    const sent = await send(w, id);
    const principal: Actor = {
      user: { id: userId!, email, name: "Rut Rektor", title: null, phone: null },
      session: { id: "s", activeMembershipId: membership!.id, authenticatedAt: new Date() },
      membership: membership!,
    };
    expect(
      await signAgreement(
        principal,
        id,
        { versionId: sent.versionId, documentHash: sent.hash },
        CLIENT,
      ),
    ).toEqual({ kind: "signed", activated: false });
  });

  it("refuses a municipal school, a school not in the agreement, and a general principal invitation", async () => {
    const w = await world();
    const id = await draftAgreement(w, [w.municipal.id, w.unstaffed.id]);
    const invite = (schoolId: string) => ({
      schoolId,
      name: "Någon Rektor",
      email: `rektor.${randomBytes(3).toString("hex")}@x.example`,
    });
    await expect(invitePrincipalToSign(w.manager, id, invite(w.municipal.id))).rejects.toThrow(
      NotFoundError,
    );
    await expect(invitePrincipalToSign(w.manager, id, invite(w.independent.id))).rejects.toThrow(
      NotFoundError,
    );
    // Without an agreement, a district manager still may not make anyone a principal.
    await expect(
      inviteUser(w.manager, {
        name: "Någon Rektor",
        email: `rektor.${randomBytes(3).toString("hex")}@x.example`,
        organisationId: w.unstaffed.id,
        role: "principal",
      }),
    ).rejects.toThrow(NotFoundError);
    expect(
      await db
        .selectFrom("invitations")
        .select("id")
        .where("organisationId", "in", [w.municipal.id, w.unstaffed.id, w.independent.id])
        .execute(),
    ).toEqual([]);
  });
});

describe("the overview", () => {
  it("a district manager sees their area's schools and each one's status, those without an active agreement first", async () => {
    const w = await world();
    const a = await activeAgreement(w);
    const draftId = await draftAgreement(w, [w.outside.id]);
    const rows = await agreementOverview(w.manager);
    expect(rows.map((r) => r.schoolId).sort()).toEqual(
      [w.municipal.id, w.independent.id, w.outside.id, w.unstaffed.id].sort(),
    );
    expect(rows.every((r) => r.districtId === w.district.id)).toBe(true);
    const status = Object.fromEntries(rows.map((r) => [r.schoolId, r.status]));
    expect(status).toEqual({
      [w.municipal.id]: "active",
      [w.independent.id]: "active",
      [w.outside.id]: "draft",
      [w.unstaffed.id]: "none",
    });
    const isActive = (r: (typeof rows)[number]) =>
      r.status === "active" || r.status === "revisionDue";
    const firstActive = rows.findIndex(isActive);
    expect(firstActive).toBe(2);
    expect(rows.slice(firstActive).every(isActive)).toBe(true);
    const municipalRow = rows.find((r) => r.schoolId === w.municipal.id)!;
    expect(municipalRow.agreementId).toBe(a.id);
    expect(municipalRow.reviewDate).not.toBeNull();
    expect(municipalRow.activeSince).not.toBeNull();
    expect(rows.find((r) => r.schoolId === w.outside.id)!.agreementId).toBe(draftId);
    expect(rows.find((r) => r.schoolId === w.unstaffed.id)!.agreementId).toBeNull();

    // Out for signing, and waiting for the parties that have not signed.
    await send(w, draftId);
    await sign(w.outsidePrincipal, draftId);
    const outsideRow = (await agreementOverview(w.manager)).find(
      (r) => r.schoolId === w.outside.id,
    )!;
    expect(outsideRow.status).toBe("signing");
    expect(outsideRow.waitingFor.some((x) => x.startsWith(w.district.name))).toBe(true);
    expect(outsideRow.waitingFor.some((x) => x.startsWith(w.outside.name))).toBe(false);
  });

  it("the education manager sees every district; other roles see no overview", async () => {
    const w = await world();
    await activeAgreement(w);
    const rows = await agreementOverview(w.educationManager);
    const districts = new Set(rows.map((r) => r.districtId));
    expect(districts.has(w.district.id)).toBe(true);
    expect(districts.has(w.otherDistrict.id)).toBe(true);
    expect(rows.find((r) => r.schoolId === w.municipal.id)?.status).toBe("active");
    expect(rows.find((r) => r.schoolId === w.elsewhere.id)?.status).toBe("none");
    const otherRows = await agreementOverview(w.otherManager);
    expect(otherRows.map((r) => r.schoolId)).toEqual([w.elsewhere.id]);
    for (const actor of [w.principalA, w.mentor, w.caseworker, w.intake]) {
      await expect(agreementOverview(actor)).rejects.toThrow(NotFoundError);
    }
  });
});
