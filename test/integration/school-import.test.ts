import { readFileSync } from "node:fs";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { deactivateDistrict } from "~/modules/organisations/organisations.server";
import {
  applySchoolImport,
  decodeCsvBytes,
  previewSchoolImport,
} from "~/modules/organisations/school-import.server";
import { createActor, createDistrict, createEducationAdmin } from "../helpers/factories";
import { educationWithStaff } from "../helpers/worlds";

const csv = decodeCsvBytes(
  readFileSync(new URL("../fixtures/skolenhetsregister-exempel.csv", import.meta.url)),
);
const FIXTURE_NEW_CODES = ["95010001", "95010002", "95010003"];

/**
 * A district with the two schools the fixture knows (as in the demo data): Lärkängens skola,
 * which the file gives a municipality, and Söderåsskolan, which the file leaves as it is.
 */
async function world() {
  const district = await createDistrict();
  const other = await createDistrict();
  const existing = await db
    .insertInto("organisations")
    .values(
      [
        { name: "Lärkängens skola", code: "91000011", forms: ["forskoleklass", "grundskola"] },
        { name: "Söderåsskolan", code: "91000010", forms: ["grundskola"] },
      ].map((s) => ({
        kind: "school" as const,
        name: s.name,
        schoolUnitCode: s.code,
        schoolForms: s.forms as ("forskoleklass" | "grundskola")[],
        operatorType: "municipal" as const,
        operatorName: "Ådalsviks kommun",
        districtId: other.id,
      })),
    )
    .returningAll()
    .execute();
  const { admin } = await educationWithStaff();
  return {
    admin,
    district,
    other,
    larkangen: existing.find((s) => s.schoolUnitCode === "91000011")!,
    soderas: existing.find((s) => s.schoolUnitCode === "91000010")!,
  };
}

async function schoolsWithCodes(codes: string[]) {
  return db
    .selectFrom("organisations")
    .selectAll()
    .where("schoolUnitCode", "in", codes)
    .orderBy("schoolUnitCode")
    .execute();
}

async function schoolCount() {
  const { n } = await db
    .selectFrom("organisations")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("kind", "=", "school")
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function preview(admin: Actor, districtId: string) {
  const result = await previewSchoolImport(admin, { csv, defaultDistrictId: districtId });
  if (!result?.ok) throw new Error(`preview failed: ${JSON.stringify(result)}`);
  return result;
}

// Each test starts from the same world, so codes are cleared between them.
async function clearImported() {
  const codes = [...FIXTURE_NEW_CODES, "91000011", "91000010"];
  const ids = db.selectFrom("organisations").select("id").where("schoolUnitCode", "in", codes);
  await db.deleteFrom("memberships").where("organisationId", "in", ids).execute();
  await db.deleteFrom("organisations").where("schoolUnitCode", "in", codes).execute();
}

describe("importing schools from Skolverket's register", () => {
  it("previews the fixture row by row and saves nothing", async () => {
    await clearImported();
    const { admin, district } = await world();
    const before = await schoolCount();
    const { plan } = await preview(admin, district.id);

    expect(plan.counts).toEqual({ create: 3, update: 1, unchanged: 1, refused: 6 });
    const status = Object.fromEntries(plan.rows.map((r) => [r.line, r.status]));
    expect(status).toEqual({
      2: "create",
      3: "create",
      4: "create",
      5: "update",
      6: "unchanged",
      7: "refused",
      8: "refused",
      9: "refused",
      10: "refused",
      11: "refused",
      12: "refused",
    });
    const reasons = plan.rows.flatMap((r) => (r.status === "refused" ? r.reasons : []));
    expect(reasons).toEqual([
      "Skolenhetskoden måste vara 8 siffror (filen har ”9501004”)",
      "Okänd huvudmannatyp: Region (ska vara Kommun eller Enskild)",
      "Okänd skolform: Cirkusskola",
      "Koden finns två gånger i filen (rad 10 och 12)",
      "Namn saknas",
      "Koden finns två gånger i filen (rad 10 och 12)",
    ]);
    const update = plan.rows.find((r) => r.status === "update");
    expect(update?.status === "update" && update.changes).toEqual([
      { field: "municipality", label: "Kommun", from: "–", to: "Ådalsvik" },
    ]);

    expect(await schoolCount()).toBe(before);
    expect(await schoolsWithCodes(FIXTURE_NEW_CODES)).toEqual([]);
    const larkangen = await schoolsWithCodes(["91000011"]);
    expect(larkangen[0]?.municipality).toBeNull();
  });

  it("saves exactly the good rows: new schools in the chosen district, updates keep theirs", async () => {
    await clearImported();
    const { admin, district, other, larkangen, soderas } = await world();
    const before = await schoolCount();
    const { fingerprint } = await preview(admin, district.id);

    const result = await applySchoolImport(admin, {
      csv,
      defaultDistrictId: district.id,
      fingerprint,
    });
    expect(result).toEqual({
      kind: "applied",
      counts: { create: 3, update: 1, unchanged: 1, refused: 6 },
    });
    expect(await schoolCount()).toBe(before + 3);
    const created = await schoolsWithCodes(FIXTURE_NEW_CODES);
    expect(
      created.map((s) => [s.schoolUnitCode, s.name, s.operatorType, s.schoolForms, s.districtId]),
    ).toEqual([
      ["95010001", "Ekbackens skola", "municipal", ["forskoleklass", "grundskola"], district.id],
      [
        "95010002",
        "Fyrtornets friskola",
        "independent",
        ["grundskola", "anpassad_grundskola"],
        district.id,
      ],
      [
        "95010003",
        "Hamnstadens gymnasium",
        "municipal",
        ["gymnasieskola", "anpassad_gymnasieskola"],
        district.id,
      ],
    ]);
    expect(created.every((s) => s.municipality === "Ådalsvik" && s.deactivatedAt === null)).toBe(
      true,
    );
    const [updated] = await schoolsWithCodes(["91000011"]);
    expect(updated).toMatchObject({ municipality: "Ådalsvik", districtId: other.id });
    expect(updated!.updatedAt.getTime()).toBeGreaterThan(larkangen.updatedAt.getTime());
    const [unchanged] = await schoolsWithCodes(["91000010"]);
    expect(unchanged!.updatedAt).toEqual(soderas.updatedAt);
    // None of the refused rows' codes was saved.
    expect(
      await schoolsWithCodes(["9501004", "95010005", "95010006", "95010007", "95010008"]),
    ).toEqual([]);

    // Importing the same file again creates nothing more: everything is unchanged now.
    const again = await preview(admin, district.id);
    expect(again.plan.counts).toEqual({ create: 0, update: 0, unchanged: 5, refused: 6 });
  });

  it("saves nothing and shows the new plan when the portal changed after the preview", async () => {
    await clearImported();
    const { admin, district } = await world();
    const { fingerprint } = await preview(admin, district.id);
    // Meanwhile someone adds one of the file's schools by hand.
    await db
      .insertInto("organisations")
      .values({
        kind: "school",
        name: "Ekbackens skola",
        schoolUnitCode: "95010001",
        schoolForms: ["grundskola"],
        operatorType: "municipal",
        operatorName: "Ådalsviks kommun",
        districtId: district.id,
      })
      .execute();
    const before = await schoolCount();

    const result = await applySchoolImport(admin, {
      csv,
      defaultDistrictId: district.id,
      fingerprint,
    });
    expect(result?.kind).toBe("changed");
    expect(result?.kind === "changed" && result.plan.counts).toEqual({
      create: 2,
      update: 2,
      unchanged: 1,
      refused: 6,
    });
    expect(await schoolCount()).toBe(before);
    expect((await schoolsWithCodes(["91000011"]))[0]?.municipality).toBeNull();
  });

  it("refuses new schools when the chosen district was deactivated meanwhile", async () => {
    await clearImported();
    const { admin } = await world();
    const spare = await createDistrict();
    const { fingerprint } = await preview(admin, spare.id);
    expect(await deactivateDistrict(admin, spare.id)).toEqual({ ok: true });
    const result = await applySchoolImport(admin, {
      csv,
      defaultDistrictId: spare.id,
      fingerprint,
    });
    expect(result?.kind).toBe("changed");
    expect(await schoolsWithCodes(FIXTURE_NEW_CODES)).toEqual([]);
  });

  it("rolls everything back when the database refuses a row halfway through", async () => {
    await clearImported();
    const { admin, district } = await world();
    const before = await schoolCount();
    const { fingerprint } = await preview(admin, district.id);
    // A constraint the planner knows nothing about: the last new school breaks it, after the
    // update of Lärkängens skola has been written in the same transaction.
    await sql`alter table organisations add constraint test_refuse_hamnstaden
      check (school_unit_code is distinct from '95010003') not valid`.execute(db);
    try {
      await expect(
        applySchoolImport(admin, { csv, defaultDistrictId: district.id, fingerprint }),
      ).rejects.toMatchObject({ code: "23514" });
    } finally {
      await sql`alter table organisations drop constraint test_refuse_hamnstaden`.execute(db);
    }
    expect(await schoolCount()).toBe(before);
    expect(await schoolsWithCodes(FIXTURE_NEW_CODES)).toEqual([]);
    expect((await schoolsWithCodes(["91000011"]))[0]?.municipality).toBeNull();
  });

  it("reads a file the administrator gets wrong as one Swedish message", async () => {
    await clearImported();
    const { admin, district } = await world();
    expect(
      await previewSchoolImport(admin, {
        csv: "Namn;Adress\nA;B\n",
        defaultDistrictId: district.id,
      }),
    ).toEqual({
      ok: false,
      error: expect.stringMatching(/^Filen saknar kolumnerna Skolenhetskod/),
    });
    expect(
      await applySchoolImport(admin, {
        csv: "",
        defaultDistrictId: district.id,
        fingerprint: "x",
      }),
    ).toEqual({ kind: "error", error: "Filen är tom." });
  });

  it("refuses anyone but an administrator, and saves nothing for them", async () => {
    await clearImported();
    const { admin, district, larkangen } = await world();
    const { fingerprint } = await preview(admin, district.id);
    const school = larkangen;
    const actors = [
      await createActor(school.id, "principal"),
      await createActor(district.id, "districtManager"),
      await createActor((await createEducationAdmin()).id, "educationManager"),
    ];
    for (const actor of actors) {
      const role = actor.membership.role;
      expect(await previewSchoolImport(actor, { csv, defaultDistrictId: district.id }), role).toBe(
        null,
      );
      expect(
        await applySchoolImport(actor, { csv, defaultDistrictId: district.id, fingerprint }),
        role,
      ).toBeNull();
    }
    expect(await schoolsWithCodes(FIXTURE_NEW_CODES)).toEqual([]);
  });
});
