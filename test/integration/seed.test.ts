import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { ROLES } from "../../db/schema";
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from "../../db/seed";
import { verifyPassword } from "~/auth/password.server";

async function counts() {
  const [organisations, users, memberships] = await Promise.all([
    db.selectFrom("organisations").select(["kind", "operatorType", "schoolForms"]).execute(),
    db.selectFrom("users").select(["email", "passwordHash"]).execute(),
    db.selectFrom("memberships").select(["role"]).execute(),
  ]);
  return { organisations, users, memberships };
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
});
