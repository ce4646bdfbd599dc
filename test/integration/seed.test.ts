import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { ROLES } from "../../db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../../scripts/seed/seed";
import { FORMER_PRINCIPALS } from "../../scripts/seed/seed-agreements";
import { demoChildren } from "../../scripts/seed/seed-children";
import { COSIGN_SCHOOL, NORRLJUS_MENTOR } from "../../scripts/seed/seed-reports";
import { createActor } from "../helpers/factories";
import { verifyPassword } from "~/auth/password.server";
import type { Actor } from "~/auth/session.server";
import { listChildren } from "~/modules/children/children.server";
import {
  decideDisclosureFor,
  checkDocument,
  consentOverview,
} from "~/modules/consent/consent.server";
import {
  agreementDocument,
  agreementOverview,
  sha256Hex,
} from "~/modules/agreements/agreements.server";
import { canonicalAgreementText } from "~/modules/agreements/document";
import { agreementStatus, stockholmDate } from "~/modules/agreements/policy";
import { consentDefaultValidTo } from "~/modules/consent/policy";
import { getSchoolReport, listInbox } from "~/modules/reports/reports.server";
import { IDENTITY_NUMBER_LIKE, reportDraftSchema, reportSchema } from "~/modules/reports/schema";

async function counts() {
  const [organisations, users, memberships] = await Promise.all([
    db.selectFrom("organisations").select(["kind", "operatorType", "schoolForms"]).execute(),
    db.selectFrom("users").select(["email", "passwordHash"]).execute(),
    db.selectFrom("memberships").select(["role"]).execute(),
  ]);
  return { organisations, users, memberships };
}

async function agreementCounts() {
  const count = async (
    table:
      | "agreementTemplates"
      | "agreementTemplateRevisions"
      | "agreements"
      | "agreementVersions"
      | "agreementVersionSchools"
      | "agreementSignatories"
      | "agreementSignatures",
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    templates: await count("agreementTemplates"),
    revisions: await count("agreementTemplateRevisions"),
    agreements: await count("agreements"),
    versions: await count("agreementVersions"),
    schools: await count("agreementVersionSchools"),
    signatories: await count("agreementSignatories"),
    signatures: await count("agreementSignatures"),
  };
}

async function organisationId(name: string) {
  const row = await db
    .selectFrom("organisations")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Each seeded agreement with its state as the portal names it, read from the tables. */
async function seededAgreements() {
  const today = stockholmDate(new Date());
  const agreements = await db
    .selectFrom("agreements as a")
    .innerJoin("organisations as d", "d.id", "a.districtId")
    .select(["a.id", "a.templateId", "a.reviewDate", "d.name as districtName"])
    .execute();
  return Promise.all(
    agreements.map(async (a) => {
      const versions = await db
        .selectFrom("agreementVersions as v")
        .innerJoin("agreementTemplateRevisions as r", "r.id", "v.templateRevisionId")
        .select(["v.id", "v.versionNumber", "v.status", "r.revisionNumber"])
        .where("v.agreementId", "=", a.id)
        .execute();
      const latest = await db
        .selectFrom("agreementTemplateRevisions")
        .select((eb) => eb.fn.max("revisionNumber").as("n"))
        .where("templateId", "=", a.templateId)
        .executeTakeFirstOrThrow();
      const active = versions.find((v) => v.status === "active");
      const schools = await db
        .selectFrom("agreementVersionSchools as vs")
        .innerJoin("organisations as s", "s.id", "vs.schoolId")
        .select("s.name")
        .where(
          "vs.versionId",
          "in",
          versions.map((v) => v.id),
        )
        .orderBy("s.name")
        .execute();
      return {
        ...a,
        versions,
        activeTemplateRevision: active?.revisionNumber ?? null,
        latestTemplateRevision: Number(latest.n),
        schoolNames: schools.map((s) => s.name),
        status: agreementStatus({
          versions,
          reviewDate: a.reviewDate,
          today,
          activeTemplateRevision: active?.revisionNumber ?? null,
          latestTemplateRevision: Number(latest.n),
        }),
      };
    }),
  );
}

describe("demo data", () => {
  it("builds a believable municipality and seeding twice duplicates nothing", async () => {
    await seedDemo(db);
    const first = await counts();
    await seedDemo(db);
    const second = await counts();

    expect(second.organisations.length).toBe(first.organisations.length);
    expect(second.users.length).toBe(first.users.length);
    expect(second.memberships.length).toBe(first.memberships.length);

    const schools = first.organisations.filter((o) => o.kind === "school");
    expect(first.organisations.filter((o) => o.kind === "district").length).toBeGreaterThanOrEqual(
      3,
    );
    expect(first.organisations.filter((o) => o.kind === "education_admin")).toHaveLength(1);
    expect(schools.length).toBeGreaterThanOrEqual(12);
    expect(schools.some((s) => s.operatorType === "municipal")).toBe(true);
    expect(schools.some((s) => s.operatorType === "independent")).toBe(true);
    expect(schools.some((s) => s.schoolForms.includes("grundskola"))).toBe(true);
    expect(schools.some((s) => s.schoolForms.includes("gymnasieskola"))).toBe(true);

    const roles = new Set(first.memberships.map((m) => m.role));
    for (const role of ROLES) {
      expect(roles.has(role), role).toBe(true);
    }
  });

  it("gives every demo user the demo password", async () => {
    await seedDemo(db);
    for (const demo of DEMO_USERS) {
      const user = await db
        .selectFrom("users")
        .select("passwordHash")
        .where("email", "=", demo.email)
        .executeTakeFirstOrThrow();
      expect(await verifyPassword(user.passwordHash, DEMO_PASSWORD), demo.email).toBe(true);
    }
  });

  it("puts the independent school's principal at an independent school", async () => {
    await seedDemo(db);
    const row = await db
      .selectFrom("users as u")
      .innerJoin("memberships as m", "m.userId", "u.id")
      .innerJoin("organisations as o", "o.id", "m.organisationId")
      .select(["o.operatorType", "m.role"])
      .where("u.email", "=", "rektor.fristaende@demo.test")
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ operatorType: "independent", role: "principal" });
  });

  it("keeps the principals who signed in 2024 as former, deactivated members without a login", async () => {
    await seedDemo(db);
    for (const person of FORMER_PRINCIPALS) {
      const rows = await db
        .selectFrom("users as u")
        .innerJoin("memberships as m", "m.userId", "u.id")
        .innerJoin("organisations as o", "o.id", "m.organisationId")
        .select(["u.passwordHash", "u.deactivatedAt", "m.role", "m.endedAt", "o.name"])
        .where("u.email", "=", person.email)
        .execute();
      expect(rows, person.email).toHaveLength(1);
      expect(rows[0]).toMatchObject({ passwordHash: null, role: "principal", name: person.school });
      expect(rows[0]!.deactivatedAt).not.toBeNull();
      expect(rows[0]!.endedAt).not.toBeNull();
      expect(DEMO_USERS.some((u) => u.email === person.email)).toBe(false);
    }
  });
});

describe("demo agreements", () => {
  it("has exactly one agreement in each state: active, due for revision, declined, out for signing", async () => {
    await seedDemo(db);
    const agreements = await seededAgreements();
    expect(agreements.map((a) => a.status).sort()).toEqual([
      "active",
      "declined",
      "revisionDue",
      "signing",
    ]);
    const byStatus = new Map(agreements.map((a) => [a.status, a]));
    const today = stockholmDate(new Date());

    const active = byStatus.get("active")!;
    expect(active.districtName).toBe("Centrums stadsdelsförvaltning");
    expect(active.schoolNames).toEqual(["Torgskolan"]);
    expect(active.reviewDate).toBe("2028-10-05");

    // Due both ways: the review date has passed and the template has a newer revision.
    const due = byStatus.get("revisionDue")!;
    expect(due.schoolNames).toEqual(["Kvarnbackens skola", "Älvgymnasiet"]);
    expect(due.reviewDate).toBe("2026-05-20");
    expect(due.reviewDate! < today).toBe(true);
    expect(due.activeTemplateRevision).toBeLessThan(due.latestTemplateRevision);

    const declined = byStatus.get("declined")!;
    expect(declined.schoolNames).toEqual(["Ådalsviks Montessoriskola"]);
    const declinedVersion = await db
      .selectFrom("agreementVersions as v")
      .innerJoin("users as u", "u.id", "v.declinedBy")
      .select(["u.email", "v.declineReason", "v.declinedAt"])
      .where("v.agreementId", "=", declined.id)
      .executeTakeFirstOrThrow();
    expect(declinedVersion.email).toBe("rektor.montessori@demo.test");
    expect(declinedVersion.declineReason).toMatch(/fristående skola/);

    // Out for signing, waiting for exactly Norrstrand's district manager.
    const signing = byStatus.get("signing")!;
    expect(signing.districtName).toBe("Norrstrands stadsdelsförvaltning");
    expect(signing.schoolNames).toEqual(["Norrstrands gymnasium"]);
    const waiting = await db
      .selectFrom("agreementSignatories as sg")
      .select(["sg.organisationId", "sg.role"])
      .where("sg.versionId", "=", signing.versions[0]!.id)
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
      .execute();
    expect(waiting).toEqual([
      {
        organisationId: await organisationId("Norrstrands stadsdelsförvaltning"),
        role: "districtManager",
      },
    ]);
  });

  it("stores the real document hash and the signed PDF's hash of every active version", async () => {
    await seedDemo(db);
    const versions = await db
      .selectFrom("agreementVersions")
      .select(["id", "contentHash", "pdf", "pdfSha256"])
      .where("status", "=", "active")
      .execute();
    expect(versions).toHaveLength(2);
    for (const version of versions) {
      const document = await agreementDocument(db, version.id);
      expect(version.contentHash).toBe(sha256Hex(canonicalAgreementText(document)));
      expect(version.pdf).not.toBeNull();
      expect(version.pdfSha256).toBe(sha256Hex(version.pdf!));
      const signatures = await db
        .selectFrom("agreementSignatures")
        .select(["documentHash", "clientAddress"])
        .where("versionId", "=", version.id)
        .execute();
      expect(signatures.length).toBeGreaterThanOrEqual(3);
      for (const signature of signatures) {
        expect(signature).toEqual({
          documentHash: version.contentHash,
          clientAddress: "192.0.2.10",
        });
      }
    }
  });

  it("shows the overview alive, and leaves the schools the browser tests use without one", async () => {
    await seedDemo(db);
    const admin = await createActor(
      await organisationId("Utbildningsförvaltningen i Ådalsviks kommun"),
      "admin",
    );
    const rows = await agreementOverview(admin);
    const status = (school: string) => rows.find((r) => r.schoolName === school)?.status;
    expect(status("Torgskolan")).toBe("active");
    expect(status("Kvarnbackens skola")).toBe("revisionDue");
    expect(status("Älvgymnasiet")).toBe("revisionDue");
    expect(status("Ådalsviks Montessoriskola")).toBe("declined");
    expect(status("Norrstrands gymnasium")).toBe("signing");
    expect(rows.find((r) => r.schoolName === "Norrstrands gymnasium")?.waitingFor).toEqual([
      "Norrstrands stadsdelsförvaltning (enhetschef)",
    ]);
    for (const school of ["Björkdalsskolan", "Strandängsskolan", "Friskolan Norrljus"]) {
      expect(status(school), school).toBe("none");
    }
    expect(
      rows.filter((r) => r.districtName === "Söderåsens stadsdelsförvaltning").map((r) => r.status),
    ).toEqual(["none", "none", "none", "none"]);
  });

  it("seeding twice adds no template, agreement, version or signature", async () => {
    await seedDemo(db);
    const first = await agreementCounts();
    await seedDemo(db);
    expect(await agreementCounts()).toEqual(first);
    expect(first).toMatchObject({ templates: 1, revisions: 2, agreements: 4, versions: 4 });
    expect(first.signatures).toBe(3 + 4 + 0 + 2);
  });
});

/** A demo login as the domain functions receive it, acting for its (only) membership. */
async function demoActor(email: string): Promise<Actor> {
  const row = await db
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.userId", "u.id")
    .innerJoin("organisations as o", "o.id", "m.organisationId")
    .select([
      "u.id as userId",
      "u.email",
      "u.name",
      "m.id as membershipId",
      "m.role",
      "m.organisationId",
      "m.organisationKind",
      "o.name as organisationName",
    ])
    .where("u.email", "=", email)
    .where("m.endedAt", "is", null)
    .executeTakeFirstOrThrow();
  return {
    user: { id: row.userId, email: row.email, name: row.name, title: null, phone: null },
    session: {
      id: "test-session",
      activeMembershipId: row.membershipId,
      authenticatedAt: new Date(),
    },
    membership: {
      id: row.membershipId,
      role: row.role,
      organisationId: row.organisationId,
      organisationKind: row.organisationKind,
      organisationName: row.organisationName,
    },
  };
}

async function childCounts() {
  const count = async (
    table:
      | "children"
      | "consents"
      | "consentRequests"
      | "consentDocuments"
      | "legalBases"
      | "auditEvents",
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    children: await count("children"),
    consents: await count("consents"),
    consentRequests: await count("consentRequests"),
    consentDocuments: await count("consentDocuments"),
    legalBases: await count("legalBases"),
    auditEvents: await count("auditEvents"),
  };
}

/** The caseworker's children with the gate's answer for district → school, attendance. */
async function gateForChildrenOf(email: string) {
  const children = await db
    .selectFrom("children as c")
    .innerJoin("users as u", "u.id", "c.caseworkerUserId")
    .select([
      "c.id",
      "c.firstName",
      "c.personalIdentityNumber",
      "c.districtId",
      "c.schoolId",
      "c.placementType",
      "c.protectedIdentity",
    ])
    .where("u.email", "=", email)
    .execute();
  return Promise.all(
    children.map(async (child) => {
      const consents = await db
        .selectFrom("consents")
        .select(["validTo", "revokedAt"])
        .where("childId", "=", child.id)
        .execute();
      const decision = await decideDisclosureFor(db, {
        childId: child.id,
        from: { organisationId: child.districtId, kind: "district" },
        receiving: { organisationId: child.schoolId!, kind: "school" },
        category: "attendance",
      });
      return { ...child, consents, decision };
    }),
  );
}

describe("demo children", () => {
  it("gives handlaggare@demo.test children with active, expired and no consent, and one protected", async () => {
    await seedDemo(db);
    const today = stockholmDate(new Date());
    const children = await gateForChildrenOf("handlaggare@demo.test");
    expect(children).toHaveLength(5);
    for (const child of children) expect(child.schoolId, child.firstName).not.toBeNull();

    const active = children.filter(
      (c) => c.decision.allowed && c.decision.basis.kind === "consent",
    );
    const expired = children.filter(
      (c) =>
        !c.decision.allowed &&
        c.consents.length > 0 &&
        c.consents.every((consent) => consent.validTo < today),
    );
    const none = children.filter((c) => !c.decision.allowed && c.consents.length === 0);
    expect(active.length).toBeGreaterThanOrEqual(1);
    expect(expired).toHaveLength(1);
    expect(none).toHaveLength(1);
    for (const child of expired) {
      expect(child.decision.allowed ? null : child.decision.reason).toMatch(/har gått ut/);
    }

    const revoked = children.filter((c) => c.consents.some((consent) => consent.revokedAt));
    expect(revoked).toHaveLength(1);
    expect(revoked[0]!.decision.allowed ? null : revoked[0]!.decision.reason).toMatch(
      /återkallades/,
    );

    const protectedChildren = children.filter((c) => c.protectedIdentity);
    expect(protectedChildren).toHaveLength(1);
    expect(protectedChildren[0]!.placementType).toBe("skyddatBoende");
    // A protected-identity child never gets an e-mailed consent link.
    const links = await db
      .selectFrom("consentRequests")
      .select("id")
      .where("childId", "=", protectedChildren[0]!.id)
      .execute();
    expect(links).toEqual([]);

    // Each child is in the state the seed describes.
    const declared = new Map(
      demoChildren(today).map((c) => [c.personalIdentityNumber, c.consentState]),
    );
    for (const child of children) {
      const state = declared.get(child.personalIdentityNumber);
      const expected = {
        active: active,
        expired: expired,
        missing: none,
        revoked: revoked,
      }[state!];
      expect(
        expected.map((c) => c.id),
        child.firstName,
      ).toContain(child.id);
    }
  });

  it("shows the states on the caseworker's consent pages: active, expired, missing, a waiting link", async () => {
    await seedDemo(db);
    const caseworker = await demoActor("handlaggare@demo.test");
    const children = await listChildren(caseworker);
    const overview = async (firstName: string) =>
      consentOverview(caseworker, children.find((c) => c.firstName === firstName)!.id);

    const wilma = await overview("Wilma");
    expect(wilma.status.kind).toBe("active");
    expect(wilma.status.validTo).toBe(consentDefaultValidTo(stockholmDate(new Date())));
    // This school year's: two by link, one on paper; last year's, noted orally, carry the
    // previous term's school card (scripts/seed/seed-school-cards.ts).
    expect(
      wilma.consents
        .filter((c) => c.current)
        .map((c) => c.method)
        .sort(),
    ).toEqual(["digitalLink", "digitalLink", "signedPaper"]);
    expect(wilma.consents.filter((c) => !c.current).map((c) => c.method)).toEqual([
      "oral",
      "oral",
      "oral",
    ]);
    expect(wilma.requests.map((r) => r.state)).toEqual(["given", "given"]);

    expect((await overview("Elias")).status.kind).toBe("expired");

    const liam = await overview("Liam");
    expect(liam.status.kind).toBe("missing");
    expect(liam.requests.map((r) => r.state)).toEqual(["waiting"]);
    expect(liam.legalBases.map((b) => b.basisCode)).toEqual(["investigationInformationDuty"]);
    // The legal basis lets the school report to social services; the other way needs consent.
    const attendance = liam.decisions.find((d) => d.category === "attendance")!;
    expect(attendance.toSocialServices.allowed).toBe(true);
    expect(attendance.toSchool.allowed).toBe(false);

    const ebba = await overview("Ebba");
    expect(ebba.status.kind).toBe("active");
    expect(ebba.linkAllowed).toBe(false);
    expect(ebba.consents.every((c) => c.method === "oral")).toBe(true);
  });

  it("stores each signed form as a PDF the upload check accepts, and points its consents to it", async () => {
    await seedDemo(db);
    const documents = await db
      .selectFrom("consentDocuments")
      .select(["id", "childId", "fileName", "content", "byteSize", "sha256"])
      .execute();
    expect(documents.length).toBeGreaterThanOrEqual(2);
    const names = await db.selectFrom("children").select(["firstName", "lastName"]).execute();
    for (const document of documents) {
      expect(await checkDocument({ fileName: document.fileName, bytes: document.content })).toEqual(
        { ok: true, mediaType: "application/pdf" },
      );
      expect(document.byteSize).toBe(document.content.byteLength);
      expect(document.sha256).toBe(sha256Hex(document.content));
      const pdf = await PDFDocument.load(document.content);
      expect(pdf.getPageCount()).toBe(1);
      const metadata = [
        pdf.getTitle(),
        pdf.getAuthor(),
        pdf.getSubject(),
        pdf.getKeywords(),
      ].join();
      for (const name of names) expect(metadata).not.toContain(name.lastName);
    }
    const paper = await db
      .selectFrom("consents as c")
      .leftJoin("consentDocuments as d", "d.id", "c.documentId")
      .select(["c.childId", "d.childId as documentChildId"])
      .where("c.method", "=", "signedPaper")
      .execute();
    expect(paper.length).toBeGreaterThanOrEqual(2);
    for (const consent of paper) expect(consent.documentChildId).toBe(consent.childId);
  });

  it("lets the district manager see the district's children with both caseworkers", async () => {
    await seedDemo(db);
    const manager = await demoActor("chef@demo.test");
    const children = await listChildren(manager);
    expect(new Set(children.map((c) => c.caseworkerName))).toEqual(
      new Set(["Maria Nyström", "Kerstin Falk"]),
    );
  });

  it("uses only official test identity numbers, and none that a test types", async () => {
    await seedDemo(db);
    const official = new Set(
      (await readFile(path.resolve("test/fixtures/testpersonnummer.csv"), "utf8"))
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => /^\d{12}$/.test(line)),
    );
    expect(official.size).toBeGreaterThan(100);
    const seeded = await db.selectFrom("children").select("personalIdentityNumber").execute();
    expect(seeded.length).toBeGreaterThan(0);
    for (const { personalIdentityNumber } of seeded) {
      expect(official.has(personalIdentityNumber), personalIdentityNumber).toBe(true);
    }

    // A test that types a seeded number would meet it as a duplicate in the district.
    const testFiles = (await readdir(path.resolve("test"), { recursive: true }))
      .filter((file) => /\.(ts|tsx)$/.test(file))
      .filter((file) => path.basename(file) !== "seed.test.ts");
    const texts = await Promise.all(
      testFiles.map((file) => readFile(path.resolve("test", file), "utf8")),
    );
    for (const { personalIdentityNumber: n } of seeded) {
      const forms = [
        n,
        n.slice(2),
        `${n.slice(0, 8)}-${n.slice(8)}`,
        `${n.slice(2, 8)}-${n.slice(8)}`,
      ];
      for (const [i, text] of texts.entries()) {
        for (const form of forms)
          expect(text.includes(form), `${form} in ${testFiles[i]}`).toBe(false);
      }
    }
  });

  it("seeding twice adds no child, consent, link, document, legal basis or log line", async () => {
    await seedDemo(db);
    const first = await childCounts();
    await seedDemo(db);
    expect(await childCounts()).toEqual(first);
    expect(first.children).toBe(6);
    expect(first.legalBases).toBe(1);
  });
});

describe("the demo school cards", () => {
  it("give Wilma an accepted card from the previous term, on consents valid then", async () => {
    const cards = await db
      .selectFrom("schoolCards as k")
      .innerJoin("children as c", "c.id", "k.childId")
      .select(["k.term", "k.status", "k.answers", "k.requestedAt", "c.firstName"])
      .execute();
    expect(cards.map((k) => [k.firstName, k.status])).toEqual([["Wilma", "accepted"]]);
    const card = cards[0]!;
    const { previousTerm } = await import("../../scripts/seed/seed-school-cards");
    const { termOf } = await import("~/modules/school-cards/schema");
    expect(card.term).toBe(previousTerm(termOf(stockholmDate(new Date()))));
    expect(
      (card.answers as { attendance: { presentPercent: number } }).attendance.presentPercent,
    ).toBe(78);
    // The gate allowed it then: every required giver's consent covered the day it was asked.
    const asked = stockholmDate(card.requestedAt);
    const consents = await db
      .selectFrom("consents as s")
      .innerJoin("children as c", "c.id", "s.childId")
      .select(["s.givenBy", "s.validFrom", "s.validTo"])
      .where("c.firstName", "=", "Wilma")
      .execute();
    for (const giver of ["guardian1", "guardian2", "child"]) {
      expect(
        consents.some((s) => s.givenBy === giver && s.validFrom <= asked && asked <= s.validTo),
        giver,
      ).toBe(true);
    }
  });
});

async function reportCounts() {
  const count = async (
    table:
      | "concernReports"
      | "concernReportEvents"
      | "concernReportForwards"
      | "concernReportMeetings"
      | "concernReportNotes"
      | "consultations"
      | "consultationMessages"
      | "emails",
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const sequence = await sql<{
    lastValue: string;
  }>`select last_value from concern_report_reference_seq`.execute(db);
  return {
    reports: await count("concernReports"),
    events: await count("concernReportEvents"),
    forwards: await count("concernReportForwards"),
    meetings: await count("concernReportMeetings"),
    notes: await count("concernReportNotes"),
    consultations: await count("consultations"),
    messages: await count("consultationMessages"),
    emails: await count("emails"),
    lastReference: Number(sequence.rows[0]!.lastValue),
  };
}

/** Every seeded report with its school, district and author. */
async function seededReports() {
  return db
    .selectFrom("concernReports as r")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .innerJoin("organisations as d", "d.id", "r.districtId")
    .innerJoin("users as u", "u.id", "r.createdBy")
    .selectAll("r")
    .select([
      "s.name as schoolName",
      "d.name as districtName",
      "u.email as authorEmail",
      sql<string | null>`to_char(r.decision_on, 'YYYY-MM-DD')`.as("decisionOnText"),
    ])
    .orderBy("r.receivedAt")
    .execute();
}

describe("the demo reports of concern", () => {
  it("give Norrstrand's intake a report in every state, and only the unacknowledged old one overdue", async () => {
    await seedDemo(db);
    const now = new Date();
    const intake = await demoActor("mottagning@demo.test");
    // The open view and the closed one, one page each, hold them all.
    const open = await listInbox(intake, { now });
    const closed = await listInbox(intake, { now }, { view: "avslutade" });
    expect(closed.pageCount).toBe(1);
    const items = [...open.items, ...closed.items];
    const { forwarded } = await listInbox(intake, { now }, { view: "vidarebefordrade" });
    expect(new Set(items.map((i) => i.state))).toEqual(
      new Set(["new", "acknowledged", "feedbackRequested", "feedbackGiven", "closed"]),
    );

    // The one forwarded to Centrum is listed apart.
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]).toMatchObject({
      schoolName: "Björkdalsskolan",
      toDistrictName: "Centrums stadsdelsförvaltning",
    });
    expect(forwarded[0]!.reference).toMatch(/^ORO-\d{4}-\d{5}$/);
    expect(items.map((i) => i.id)).not.toContain(forwarded[0]!.reportId);

    // Exactly one overdue: received days ago and never acknowledged.
    const overdue = items.filter((i) => i.overdue);
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ state: "new" });
    expect(overdue[0]!.deadlines.acknowledgementOverdue).toBe(true);
    // Received at 10:40 five (or more) calendar days ago: at least four whole days old at any
    // hour of today (at 02:00 it is four days and a bit).
    expect(overdue[0]!.ageDays).toBeGreaterThanOrEqual(4);

    // A new one from a few hours ago, still in time.
    const fresh = items.filter((i) => i.state === "new" && !i.overdue);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.ageDays).toBe(0);
    const hoursOld = (now.getTime() - fresh[0]!.receivedAt.getTime()) / 3_600_000;
    expect(hoursOld).toBeGreaterThanOrEqual(3);
    expect(hoursOld).toBeLessThan(3.5);
    // It is about a child the school does not know.
    expect(fresh[0]!.childLabel).toBe("Barnet är okänt");

    const rows = new Map((await seededReports()).map((r) => [r.id, r]));
    const row = (state: string) => {
      const found = items.filter((i) => i.state === state).map((i) => rows.get(i.id)!);
      expect(found.length, state).toBeGreaterThanOrEqual(1);
      return found;
    };

    // Acknowledged: the unit as contact once, a named officer with his phone otherwise.
    const erik = await db
      .selectFrom("users")
      .select(["id", "name", "phone"])
      .where("email", "=", "mottagning@demo.test")
      .executeTakeFirstOrThrow();
    expect(erik.phone).toBeTruthy();
    const acknowledged = items.filter((i) => i.state !== "new").map((i) => rows.get(i.id)!);
    expect(acknowledged.every((r) => r.acknowledgedAt && r.acknowledgedBy === erik.id)).toBe(true);
    expect(
      acknowledged
        .filter((r) => r.contactName === "Mottagningen Norrstrand")
        .map((r) => r.contactPhone),
    ).toEqual(["0611-35 00 00"]);
    const named = acknowledged.filter((r) => r.contactName === erik.name);
    expect(named.length).toBeGreaterThanOrEqual(1);
    for (const r of named)
      expect(r).toMatchObject({ contactUserId: erik.id, contactPhone: erik.phone });

    // Feedback asked for and not given; given, with the decision "opened" a few days ago.
    for (const r of row("feedbackRequested")) {
      expect(r.feedbackRequestedAt).not.toBeNull();
      expect(r.feedbackGivenAt).toBeNull();
    }
    const today = stockholmDate(now);
    const given = row("feedbackGiven");
    expect(given.some((r) => r.decisionOutcome === "opened")).toBe(true);
    for (const r of given) {
      expect(r.decisionOnText! < today).toBe(true);
      expect(r.decisionRecordedAt).not.toBeNull();
      expect(r.feedbackGivenAt!.getTime()).toBeGreaterThanOrEqual(r.feedbackRequestedAt!.getTime());
    }
    // A decision recorded where the school asked for no feedback.
    expect(
      row("acknowledged").filter((r) => r.decisionOutcome && !r.feedbackRequestedAt),
    ).toHaveLength(1);
    for (const r of row("closed")) {
      expect(r).toMatchObject({ status: "closed" });
      expect(r.closedAt).not.toBeNull();
    }

    // Report meetings: one proposed for a time ahead, one the school accepted.
    const meetings = await db
      .selectFrom("concernReportMeetings as m")
      .innerJoin("concernReports as r", "r.id", "m.reportId")
      .select(["m.status", "m.startsAt", "m.place", "m.answeredAt", "r.districtId"])
      .execute();
    expect(meetings.map((m) => m.status).sort()).toEqual(["accepted", "proposed"]);
    const proposed = meetings.find((m) => m.status === "proposed")!;
    expect(proposed.startsAt.getTime()).toBeGreaterThan(now.getTime());
    expect(proposed.place.length).toBeGreaterThan(2);
    expect(meetings.find((m) => m.status === "accepted")!.answeredAt).not.toBeNull();

    // A correction note, on the timeline too.
    const notes = await db
      .selectFrom("concernReportNotes as n")
      .innerJoin("concernReports as r", "r.id", "n.reportId")
      .select(["n.id", "n.reportId", "n.writtenBy", "r.createdBy", "r.acknowledgedAt"])
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.writtenBy).toBe(notes[0]!.createdBy);
    const noteEvent = await db
      .selectFrom("concernReportEvents")
      .select("details")
      .where("reportId", "=", notes[0]!.reportId)
      .where("kind", "=", "noteAdded")
      .executeTakeFirstOrThrow();
    expect(noteEvent.details).toEqual({ noteId: notes[0]!.id });
  });

  it("put the forwarded report in Centrum's inbox, acknowledged there, and leave Söderås's empty", async () => {
    await seedDemo(db);
    const centrum = await listInbox(await demoActor("mottagning.centrum@demo.test"));
    const fromNorrstrand = centrum.items.find((i) => i.schoolName === "Björkdalsskolan");
    expect(fromNorrstrand).toMatchObject({ state: "acknowledged", overdue: false });
    const forward = await db
      .selectFrom("concernReportForwards as f")
      .innerJoin("organisations as a", "a.id", "f.fromDistrictId")
      .innerJoin("organisations as b", "b.id", "f.toDistrictId")
      .innerJoin("concernReports as r", "r.id", "f.reportId")
      .innerJoin("users as u", "u.id", "r.acknowledgedBy")
      .select(["f.reportId", "a.name as fromName", "b.name as toName", "u.email as acknowledgedBy"])
      .executeTakeFirstOrThrow();
    expect(forward).toEqual({
      reportId: fromNorrstrand!.id,
      fromName: "Norrstrands stadsdelsförvaltning",
      toName: "Centrums stadsdelsförvaltning",
      acknowledgedBy: "mottagning.centrum@demo.test",
    });
    expect(centrum.items.find((i) => i.schoolName === "Torgskolan")).toMatchObject({
      state: "new",
      overdue: false,
    });
    expect(centrum.counts.vidarebefordrade).toBe(0);

    const soderas = await listInbox(await demoActor("mottagning.soderas@demo.test"));
    expect(soderas.items).toEqual([]);
    expect(Object.values(soderas.counts).every((n) => n === 0)).toBe(true);
  });

  it("have one report waiting for the principal's co-signature at an independent school", async () => {
    await seedDemo(db);
    const waiting = (await seededReports()).filter((r) => r.status === "awaitingCosign");
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({
      schoolName: COSIGN_SCHOOL,
      districtName: "Norrstrands stadsdelsförvaltning",
      authorEmail: NORRLJUS_MENTOR.email,
      cosignRequired: true,
      reference: null,
      receivedAt: null,
    });
    expect(waiting[0]!.submittedAt).not.toBeNull();
    const schools = await db
      .selectFrom("organisations")
      .select(["name", "operatorType", "reportCosignRequired", "districtId"])
      .where("kind", "=", "school")
      .execute();
    expect(schools.filter((s) => s.reportCosignRequired).map((s) => s.name)).toEqual([
      COSIGN_SCHOOL,
    ]);
    expect(schools.find((s) => s.name === COSIGN_SCHOOL)!.operatorType).toBe("independent");

    // kurator@demo.test's and mentor@demo.test's schools send straight to Norrstrand.
    const norrstrand = await organisationId("Norrstrands stadsdelsförvaltning");
    for (const email of ["kurator@demo.test", "mentor@demo.test"]) {
      const memberships = await db
        .selectFrom("memberships as m")
        .innerJoin("users as u", "u.id", "m.userId")
        .innerJoin("organisations as o", "o.id", "m.organisationId")
        .select(["o.name", "o.reportCosignRequired", "o.districtId"])
        .where("u.email", "=", email)
        .execute();
      for (const m of memberships) {
        expect(m, `${email} at ${m.name}`).toMatchObject({
          reportCosignRequired: false,
          districtId: norrstrand,
        });
      }
    }

    // The principal sees it and may co-sign it.
    const principal = await demoActor("rektor.fristaende@demo.test");
    const view = await getSchoolReport(principal, waiting[0]!.id);
    expect(view).toMatchObject({ access: "principal", mayCosign: true, status: "awaitingCosign" });
  });

  it("have a mentor's draft, unsent and seen by no one else", async () => {
    await seedDemo(db);
    const drafts = (await seededReports()).filter((r) => r.status === "draft");
    expect(drafts).toHaveLength(1);
    const draft = drafts[0]!;
    expect(draft).toMatchObject({ submittedAt: null, reference: null, receivedAt: null });
    expect(draft.savedAt).not.toBeNull();
    expect(draft.content).toEqual(reportDraftSchema.parse(draft.content));
    const role = await db
      .selectFrom("memberships")
      .select("role")
      .where("userId", "=", draft.createdBy)
      .where("organisationId", "=", draft.schoolId)
      .where("endedAt", "is", null)
      .executeTakeFirstOrThrow();
    expect(role.role).toBe("mentor");
    const events = await db
      .selectFrom("concernReportEvents")
      .select("id")
      .where("reportId", "=", draft.id)
      .execute();
    expect(events).toEqual([]);
  });

  it("hold what the report form produces, with consistent rows and timelines", async () => {
    await seedDemo(db);
    const now = new Date();
    const reports = await seededReports();
    const sent = reports.filter((r) => r.status !== "draft");
    expect(sent.length).toBeGreaterThanOrEqual(12);
    const official = new Set(
      (await readFile(path.resolve("test/fixtures/testpersonnummer.csv"), "utf8"))
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => /^\d{12}$/.test(line)),
    );
    const children = new Set(
      (await db.selectFrom("children").select("personalIdentityNumber").execute()).map(
        (c) => c.personalIdentityNumber,
      ),
    );
    const numbers: string[] = [];
    for (const r of sent) {
      const content = reportSchema.parse(r.content);
      expect(r.content, r.schoolName).toEqual(content);
      expect(r.wantsFeedback).toBe(content.wantsFeedback);
      expect(r.wantsMeeting).toBe(content.wantsMeeting);
      if (content.childIdentityNumber) numbers.push(content.childIdentityNumber);
    }
    expect(sent.filter((r) => (r.content as { childUnknown: boolean }).childUnknown)).toHaveLength(
      1,
    );
    expect(numbers.length).toBeGreaterThanOrEqual(1);
    for (const n of numbers) {
      expect(official.has(n), n).toBe(true);
      expect(children.has(n), n).toBe(false);
    }

    // References in the module's form, in order of receipt.
    const received = reports.filter((r) => r.receivedAt);
    const references = received.map((r) => r.reference!);
    expect(references.every((ref) => /^ORO-\d{4}-\d{5}$/.test(ref))).toBe(true);
    expect(new Set(references).size).toBe(references.length);
    expect(references.map((ref) => ref.slice(9))).toEqual(
      references.map((ref) => ref.slice(9)).sort(),
    );
    for (const r of received) {
      expect(r.reference!.slice(4, 8)).toBe(stockholmDate(r.receivedAt!).slice(0, 4));
    }

    // Each timeline starts with the sending and stays in the past.
    const events = await db
      .selectFrom("concernReportEvents")
      .select(["reportId", "kind", "occurredAt", "actorName", "actorOrganisationName"])
      .orderBy("occurredAt")
      .execute();
    for (const r of sent) {
      const timeline = events.filter((e) => e.reportId === r.id);
      // (Sending and receipt share one instant, as when the module writes them.)
      const submitted = timeline.filter((e) => e.kind === "submitted");
      expect(submitted, r.reference ?? r.status).toHaveLength(1);
      expect(submitted[0]!.occurredAt).toEqual(r.submittedAt);
      expect(timeline[0]!.occurredAt).toEqual(r.submittedAt);
      expect(timeline.every((e) => e.occurredAt.getTime() <= now.getTime())).toBe(true);
      const kinds = timeline.map((e) => e.kind);
      expect(kinds.includes("received")).toBe(r.receivedAt !== null);
      expect(kinds.includes("acknowledged")).toBe(r.acknowledgedAt !== null);
      expect(kinds.includes("decisionRecorded")).toBe(r.decisionRecordedAt !== null);
      expect(kinds.includes("feedbackGiven")).toBe(r.feedbackGivenAt !== null);
      expect(kinds.includes("closed")).toBe(r.closedAt !== null);
      expect(timeline.every((e) => e.actorName && e.actorOrganisationName)).toBe(true);
    }
  });

  it("include consultation threads that name no child", async () => {
    await seedDemo(db);
    const threads = await db
      .selectFrom("consultations as c")
      .innerJoin("organisations as s", "s.id", "c.schoolId")
      .select(["c.id", "c.subject", "c.districtId", "s.districtId as schoolDistrictId"])
      .execute();
    expect(threads.length).toBeGreaterThanOrEqual(2);
    const messages = await db
      .selectFrom("consultationMessages")
      .select(["consultationId", "side", "body", "writtenAt"])
      .orderBy("writtenAt")
      .execute();
    for (const thread of threads) {
      expect(thread.districtId).toBe(thread.schoolDistrictId);
      expect(IDENTITY_NUMBER_LIKE.test(thread.subject)).toBe(false);
      const own = messages.filter((m) => m.consultationId === thread.id);
      expect(own[0]?.side, thread.subject).toBe("school");
      for (const m of own) expect(IDENTITY_NUMBER_LIKE.test(m.body), m.body).toBe(false);
    }
    const answered = threads.filter((t) =>
      messages.some((m) => m.consultationId === t.id && m.side === "district"),
    );
    expect(answered.length).toBeGreaterThanOrEqual(1);
    expect(answered.length).toBeLessThan(threads.length);
  });

  it("seeding twice adds no report, event, thread or reference, and queues no e-mail", async () => {
    await seedDemo(db);
    const first = await reportCounts();
    await seedDemo(db);
    expect(await reportCounts()).toEqual(first);
    expect(first).toMatchObject({
      reports: 13,
      forwards: 1,
      meetings: 2,
      notes: 1,
      consultations: 3,
    });
    expect(first.lastReference).toBe(11);
    const mails = await db
      .selectFrom("emails")
      .select("template")
      .where("template", "in", [
        "concernReportToIntake",
        "concernReportToSchool",
        "consultationMessage",
      ])
      .execute();
    expect(mails).toEqual([]);
  });
});
