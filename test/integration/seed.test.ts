import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { ROLES } from "../../db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../../db/seed";
import { FORMER_PRINCIPALS } from "../../db/seed-agreements";
import { demoChildren } from "../../db/seed-children";
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
    // previous term's school card (db/seed-school-cards.ts).
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
    const { previousTerm } = await import("../../db/seed-school-cards");
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
