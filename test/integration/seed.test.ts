import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { ROLES } from "../../db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../../db/seed";
import { FORMER_PRINCIPALS } from "../../db/seed-agreements";
import { createActor } from "../helpers/factories";
import { verifyPassword } from "~/auth/password.server";
import {
  agreementDocument,
  agreementOverview,
  sha256Hex,
} from "~/modules/agreements/agreements.server";
import { canonicalAgreementText } from "~/modules/agreements/document";
import { agreementStatus, stockholmDate } from "~/modules/agreements/policy";

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
