import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { addMembership, createDistrict, createSchool, createUser } from "../helpers/factories";

describe("the database refuses what breaks the organisation rules", () => {
  it("refuses a school without a school-unit code, and a code that is not 8 digits", async () => {
    const district = await createDistrict();
    const base = {
      kind: "school" as const,
      name: "Utan kod",
      schoolForms: ["grundskola" as const],
      operatorType: "municipal" as const,
      operatorName: "Kommunen",
      districtId: district.id,
    };
    await expect(db.insertInto("organisations").values(base).execute()).rejects.toThrow(
      /school_fields/,
    );
    await expect(
      db
        .insertInto("organisations")
        .values({ ...base, schoolUnitCode: "1234567" })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      db
        .insertInto("organisations")
        .values({ ...base, schoolUnitCode: "1234567a" })
        .execute(),
    ).rejects.toThrow(/check constraint/);
  });

  it("refuses two schools with the same school-unit code", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    await expect(
      db
        .insertInto("organisations")
        .values({
          kind: "school",
          name: "Kopian",
          schoolUnitCode: school.schoolUnitCode,
          schoolForms: ["grundskola"],
          operatorType: "municipal",
          operatorName: "Kommunen",
          districtId: district.id,
        })
        .execute(),
    ).rejects.toThrow(/duplicate key/);
  });

  it("refuses a school whose area is another school instead of a district", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    await expect(createSchool({ districtId: school.id })).rejects.toThrow(/foreign key/);
  });

  it("refuses an unknown school form and a district with school fields", async () => {
    const district = await createDistrict();
    await expect(
      db
        .insertInto("organisations")
        .values({
          kind: "school",
          name: "Fel skolform",
          schoolUnitCode: "12345678",
          schoolForms: ["universitet" as never],
          operatorType: "municipal",
          operatorName: "Kommunen",
          districtId: district.id,
        })
        .execute(),
    ).rejects.toThrow(/check constraint/);
    await expect(
      db
        .insertInto("organisations")
        .values({ kind: "district", name: "Distrikt med kod", schoolUnitCode: "87654321" })
        .execute(),
    ).rejects.toThrow(/school_fields/);
  });

  it("allows only roles that fit the kind of organisation", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const user = await createUser();
    await expect(addMembership(user.id, school.id, "caseworker")).rejects.toThrow(
      /role_fits_organisation/,
    );
    await expect(addMembership(user.id, district.id, "principal")).rejects.toThrow(
      /role_fits_organisation/,
    );
    await expect(addMembership(user.id, school.id, "educationManager")).rejects.toThrow(
      /role_fits_organisation/,
    );
    const ok = await addMembership(user.id, school.id, "mentor");
    expect(ok.role).toBe("mentor");
    // The same current membership twice is refused.
    await expect(addMembership(user.id, school.id, "mentor")).rejects.toThrow(/duplicate key/);
  });

  it("stores e-mail addresses only in lower case, once", async () => {
    await expect(createUser({ email: "Versaler@Test.example" })).rejects.toThrow(
      /check constraint/,
    );
    await createUser({ email: "en@test.example" });
    await expect(createUser({ email: "en@test.example" })).rejects.toThrow(/duplicate key/);
  });
});
