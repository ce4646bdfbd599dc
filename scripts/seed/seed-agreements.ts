/**
 * Demo cooperation agreements (samverkansöverenskommelser), called by seedDemo inside its
 * transaction: the model template in two revisions and four agreements, one in each state the
 * overview shows.
 *
 * - Centrum, active: Torgskolan, from revision 2, signed in autumn 2026.
 * - Centrum, due for revision: Kvarnbackens skola and Älvgymnasiet, from revision 1, signed in
 *   May 2024 by two principals who have since left (their accounts are deactivated); its review
 *   date has passed and its template has a newer revision.
 * - Centrum, declined: Ådalsviks Montessoriskola, whose principal declined with a reason.
 * - Norrstrand, out for signing: Norrstrands gymnasium, waiting for the district manager.
 *
 * Söderås has none, and Björkdalsskolan, Strandängsskolan and Friskolan Norrljus are left out on
 * purpose: the browser tests make agreements for them.
 *
 * The rows go in the way the portal makes them, so that the database's triggers accept them and
 * the hashes are real: a draft version with its schools, then sent (its document hash frozen and
 * its signatories fixed), then signatures carrying that hash, then activation through
 * `activateVersion` (which stores the signed PDF) or a decline. Nothing is e-mailed.
 *
 * Idempotent: the template is found by its first revision's text, and the agreements are made
 * only while that template has none.
 */
import type { Transaction } from "kysely";
import {
  activateVersion,
  agreementDocument,
  sha256Hex,
} from "../../app/modules/agreements/agreements.server";
import { canonicalAgreementText } from "../../app/modules/agreements/document";
import { requiredSignatories } from "../../app/modules/agreements/policy";
import {
  DEFAULT_AGREEMENT_TEMPLATE,
  DEFAULT_AGREEMENT_TEMPLATE_CHANGE_NOTE,
  DEFAULT_AGREEMENT_TEMPLATE_REVISION_1,
  DEFAULT_CONTACT_ROLES,
  DEFAULT_MEETINGS,
  type AgreementTemplateText,
} from "./agreement-template-text";
import type { Database, SignatoryRole } from "../../db/schema";

/** Signatures are recorded with the client's address; the demo uses a documentation address. */
const DEMO_CLIENT_ADDRESS = "192.0.2.10";

const ADMIN = "admin@demo.test";

/**
 * Principals who signed the 2024 agreement and have since left: no password, deactivated, and
 * their membership ended. Not demo logins.
 */
export const FORMER_PRINCIPALS = [
  {
    email: "birgitta.ek@demo.test",
    name: "Birgitta Ek",
    title: "Rektor",
    school: "Kvarnbackens skola",
  },
  {
    email: "olof.strand@demo.test",
    name: "Olof Strand",
    title: "Rektor",
    school: "Älvgymnasiet",
  },
] as const;
const FORMER_PRINCIPALS_JOINED = new Date("2019-08-01T08:00:00+02:00");
const FORMER_PRINCIPALS_LEFT = new Date("2025-06-30T16:00:00+02:00");

const TEMPLATE_REVISIONS: {
  text: AgreementTemplateText;
  createdAt: Date;
  changeNote: string | null;
}[] = [
  {
    text: DEFAULT_AGREEMENT_TEMPLATE_REVISION_1,
    createdAt: new Date("2024-03-01T10:00:00+01:00"),
    changeNote: null,
  },
  {
    text: DEFAULT_AGREEMENT_TEMPLATE,
    createdAt: new Date("2026-09-01T10:00:00+02:00"),
    changeNote: DEFAULT_AGREEMENT_TEMPLATE_CHANGE_NOTE,
  },
];

/** Stands for the education administration, found by its kind as the portal finds it. */
const EDUCATION_ADMIN = Symbol("education administration");

interface DemoSignature {
  email: string;
  /** The organisation signed for, by name. */
  organisation: string | typeof EDUCATION_ADMIN;
  role: SignatoryRole;
  at: Date;
}

interface DemoAgreement {
  district: string;
  schools: string[];
  templateRevision: 1 | 2;
  createdBy: string;
  createdAt: Date;
  sentAt: Date;
  signatures: DemoSignature[];
  outcome:
    | { kind: "active"; at: Date }
    | { kind: "declined"; by: string; at: Date; reason: string }
    | { kind: "signing" };
}

const CENTRUM = "Centrums stadsdelsförvaltning";
const NORRSTRAND = "Norrstrands stadsdelsförvaltning";

const DEMO_AGREEMENTS: DemoAgreement[] = [
  // Active and signed.
  {
    district: CENTRUM,
    schools: ["Torgskolan"],
    templateRevision: 2,
    createdBy: "chef.centrum@demo.test",
    createdAt: new Date("2026-09-14T13:20:00+02:00"),
    sentAt: new Date("2026-09-20T10:05:00+02:00"),
    signatures: [
      {
        email: "rektor.torgskolan@demo.test",
        organisation: "Torgskolan",
        role: "principal",
        at: new Date("2026-09-22T08:47:00+02:00"),
      },
      {
        email: "grundskolechef@demo.test",
        organisation: EDUCATION_ADMIN,
        role: "educationManager",
        at: new Date("2026-09-29T15:12:00+02:00"),
      },
      {
        email: "chef.centrum@demo.test",
        organisation: CENTRUM,
        role: "districtManager",
        at: new Date("2026-10-05T11:30:00+02:00"),
      },
    ],
    outcome: { kind: "active", at: new Date("2026-10-05T11:30:00+02:00") },
  },
  // Signed in 2024: its review date (2026-05-20) has passed and the template has been revised.
  {
    district: CENTRUM,
    schools: ["Kvarnbackens skola", "Älvgymnasiet"],
    templateRevision: 1,
    createdBy: "chef.centrum@demo.test",
    createdAt: new Date("2024-04-22T09:40:00+02:00"),
    sentAt: new Date("2024-05-10T14:00:00+02:00"),
    signatures: [
      {
        email: "birgitta.ek@demo.test",
        organisation: "Kvarnbackens skola",
        role: "principal",
        at: new Date("2024-05-13T09:15:00+02:00"),
      },
      {
        email: "olof.strand@demo.test",
        organisation: "Älvgymnasiet",
        role: "principal",
        at: new Date("2024-05-14T16:02:00+02:00"),
      },
      {
        email: "grundskolechef@demo.test",
        organisation: EDUCATION_ADMIN,
        role: "educationManager",
        at: new Date("2024-05-16T10:48:00+02:00"),
      },
      {
        email: "chef.centrum@demo.test",
        organisation: CENTRUM,
        role: "districtManager",
        at: new Date("2024-05-20T13:25:00+02:00"),
      },
    ],
    outcome: { kind: "active", at: new Date("2024-05-20T13:25:00+02:00") },
  },
  // Declined by the independent school's principal, with a reason.
  {
    district: CENTRUM,
    schools: ["Ådalsviks Montessoriskola"],
    templateRevision: 2,
    createdBy: "chef.centrum@demo.test",
    createdAt: new Date("2026-10-12T10:10:00+02:00"),
    sentAt: new Date("2026-10-20T09:30:00+02:00"),
    signatures: [],
    outcome: {
      kind: "declined",
      by: "rektor.montessori@demo.test",
      at: new Date("2026-10-28T14:40:00+01:00"),
      reason:
        "Avsnittet om skolfrånvaro behöver beskriva hur vi som fristående skola anmäler frånvaro till hemkommunen. Vi vill också ha ett gemensamt möte innan vi skriver under.",
    },
  },
  // Out for signing: the principal and the education manager have signed, the district manager
  // (chef@demo.test) has not.
  {
    district: NORRSTRAND,
    schools: ["Norrstrands gymnasium"],
    templateRevision: 2,
    createdBy: "chef@demo.test",
    createdAt: new Date("2026-11-09T13:00:00+01:00"),
    sentAt: new Date("2026-11-16T10:20:00+01:00"),
    signatures: [
      {
        email: "rektor.gymnasium@demo.test",
        organisation: "Norrstrands gymnasium",
        role: "principal",
        at: new Date("2026-11-17T08:55:00+01:00"),
      },
      {
        email: "grundskolechef@demo.test",
        organisation: EDUCATION_ADMIN,
        role: "educationManager",
        at: new Date("2026-11-18T14:30:00+01:00"),
      },
    ],
    outcome: { kind: "signing" },
  },
];

type Trx = Transaction<Database>;

export async function seedAgreements(trx: Trx): Promise<void> {
  await seedFormerPrincipals(trx);

  const organisations = new Map(
    (await trx.selectFrom("organisations").select(["id", "name", "kind"]).execute())
      .filter((o) => o.kind !== "education_admin")
      .map((o) => [o.name, o]),
  );
  // The education administration that co-signs, chosen as the portal chooses it.
  const educationAdmin = await trx
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "education_admin")
    .where("deactivatedAt", "is", null)
    .orderBy("createdAt")
    .executeTakeFirstOrThrow();
  const users = new Map(
    (await trx.selectFrom("users").select(["id", "email", "name", "title"]).execute()).map((u) => [
      u.email,
      u,
    ]),
  );
  const organisation = (name: string | typeof EDUCATION_ADMIN) => {
    if (name === EDUCATION_ADMIN) return educationAdmin;
    const found = organisations.get(name);
    if (!found) throw new Error(`Demo agreements: no organisation named ${name}`);
    return found;
  };
  const user = (email: string) => {
    const found = users.get(email);
    if (!found) throw new Error(`Demo agreements: no user ${email}`);
    return found;
  };

  const { templateId, revisionIds } = await seedTemplate(trx, user(ADMIN).id);
  const existing = await trx
    .selectFrom("agreements")
    .select("id")
    .where("templateId", "=", templateId)
    .executeTakeFirst();
  if (existing) return;

  for (const demo of DEMO_AGREEMENTS) {
    const districtId = organisation(demo.district).id;
    const createdBy = user(demo.createdBy).id;
    const revision =
      demo.templateRevision === 1
        ? DEFAULT_AGREEMENT_TEMPLATE_REVISION_1
        : DEFAULT_AGREEMENT_TEMPLATE;

    const { id: agreementId } = await trx
      .insertInto("agreements")
      .values({
        districtId,
        templateId,
        createdBy,
        createdAt: demo.createdAt,
        updatedAt: demo.sentAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: versionId } = await trx
      .insertInto("agreementVersions")
      .values({
        agreementId,
        versionNumber: 1,
        templateRevisionId: revisionIds[demo.templateRevision - 1]!,
        status: "draft",
        title: revision.title,
        introduction: revision.introduction,
        sections: JSON.stringify(revision.sections),
        meetings: JSON.stringify(DEFAULT_MEETINGS),
        contactRoles: JSON.stringify(DEFAULT_CONTACT_ROLES),
        createdBy,
        createdAt: demo.createdAt,
        updatedAt: demo.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("agreementVersionSchools")
      .values(demo.schools.map((name) => ({ versionId, schoolId: organisation(name).id })))
      .execute();

    // Sent for signing: the text is frozen by its hash and the signatories are fixed.
    const document = await agreementDocument(trx, versionId);
    const hash = sha256Hex(canonicalAgreementText(document));
    await trx
      .updateTable("agreementVersions")
      .set({
        status: "signing",
        contentHash: hash,
        sentAt: demo.sentAt,
        sentBy: createdBy,
        updatedAt: demo.sentAt,
      })
      .where("id", "=", versionId)
      .execute();
    const signatories = requiredSignatories({
      districtId,
      schools: document.schools,
      educationAdminId: educationAdmin.id,
    });
    await trx
      .insertInto("agreementSignatories")
      .values(signatories.map((s) => ({ versionId, ...s })))
      .execute();

    for (const signature of demo.signatures) {
      const signer = user(signature.email);
      const signedFor = organisation(signature.organisation);
      await trx
        .insertInto("agreementSignatures")
        .values({
          versionId,
          organisationId: signedFor.id,
          role: signature.role,
          signerUserId: signer.id,
          signerName: signer.name,
          signerTitle: signer.title,
          organisationName: signedFor.name,
          signedAt: signature.at,
          clientAddress: DEMO_CLIENT_ADDRESS,
          documentHash: hash,
        })
        .execute();
    }

    const outcome = demo.outcome;
    if (outcome.kind === "active") {
      if (demo.signatures.length !== signatories.length) {
        throw new Error(`Demo agreements: ${demo.schools.join(", ")} is not fully signed`);
      }
      const signatures = await trx
        .selectFrom("agreementSignatures")
        .select([
          "signerUserId",
          "signerName",
          "signerTitle",
          "role",
          "organisationName",
          "signedAt",
        ])
        .where("versionId", "=", versionId)
        .orderBy("signedAt")
        .execute();
      await activateVersion(trx, agreementId, versionId, hash, signatures, outcome.at, false);
    } else if (outcome.kind === "declined") {
      await trx
        .updateTable("agreementVersions")
        .set({
          status: "declined",
          declinedAt: outcome.at,
          declinedBy: user(outcome.by).id,
          declineReason: outcome.reason,
          updatedAt: outcome.at,
        })
        .where("id", "=", versionId)
        .execute();
      await trx
        .updateTable("agreements")
        .set({ updatedAt: outcome.at })
        .where("id", "=", agreementId)
        .execute();
    }
  }
}

/** The model template: found by its first revision's text, else made with both revisions. */
async function seedTemplate(
  trx: Trx,
  adminId: string,
): Promise<{ templateId: string; revisionIds: string[] }> {
  const first = TEMPLATE_REVISIONS[0]!;
  const found = await trx
    .selectFrom("agreementTemplateRevisions")
    .select("templateId")
    .where("revisionNumber", "=", 1)
    .where("title", "=", first.text.title)
    .where("introduction", "=", first.text.introduction)
    .orderBy("createdAt")
    .executeTakeFirst();
  if (found) {
    const revisions = await trx
      .selectFrom("agreementTemplateRevisions")
      .select("id")
      .where("templateId", "=", found.templateId)
      .orderBy("revisionNumber")
      .execute();
    return { templateId: found.templateId, revisionIds: revisions.map((r) => r.id) };
  }
  const { id: templateId } = await trx
    .insertInto("agreementTemplates")
    .values({ createdBy: adminId, createdAt: first.createdAt })
    .returning("id")
    .executeTakeFirstOrThrow();
  const revisionIds: string[] = [];
  for (const [index, revision] of TEMPLATE_REVISIONS.entries()) {
    const { id } = await trx
      .insertInto("agreementTemplateRevisions")
      .values({
        templateId,
        revisionNumber: index + 1,
        title: revision.text.title,
        introduction: revision.text.introduction,
        sections: JSON.stringify(revision.text.sections),
        changeNote: revision.changeNote,
        createdBy: adminId,
        createdAt: revision.createdAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    revisionIds.push(id);
  }
  return { templateId, revisionIds };
}

/** The two principals who signed in 2024 and have left: deactivated, membership ended. */
async function seedFormerPrincipals(trx: Trx): Promise<void> {
  const admin = await trx
    .selectFrom("users")
    .select("id")
    .where("email", "=", ADMIN)
    .executeTakeFirstOrThrow();
  for (const person of FORMER_PRINCIPALS) {
    await trx
      .insertInto("users")
      .values({
        email: person.email,
        name: person.name,
        title: person.title,
        passwordHash: null,
        deactivatedAt: FORMER_PRINCIPALS_LEFT,
        deactivatedBy: admin.id,
        createdAt: FORMER_PRINCIPALS_JOINED,
        updatedAt: FORMER_PRINCIPALS_LEFT,
      })
      .onConflict((oc) => oc.column("email").doNothing())
      .execute();
    const { id: userId } = await trx
      .selectFrom("users")
      .select("id")
      .where("email", "=", person.email)
      .executeTakeFirstOrThrow();
    const { id: schoolId } = await trx
      .selectFrom("organisations")
      .select("id")
      .where("kind", "=", "school")
      .where("name", "=", person.school)
      .executeTakeFirstOrThrow();
    // Ended memberships are not covered by the unique index, so look before inserting.
    const membership = await trx
      .selectFrom("memberships")
      .select("id")
      .where("userId", "=", userId)
      .where("organisationId", "=", schoolId)
      .where("role", "=", "principal")
      .executeTakeFirst();
    if (membership) continue;
    await trx
      .insertInto("memberships")
      .values({
        userId,
        organisationId: schoolId,
        organisationKind: "school",
        role: "principal",
        createdAt: FORMER_PRINCIPALS_JOINED,
        endedAt: FORMER_PRINCIPALS_LEFT,
        endedBy: admin.id,
      })
      .execute();
  }
}
