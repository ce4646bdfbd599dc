import { sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { attemptLogin } from "~/auth/login.server";
import { listActiveMemberships } from "~/auth/session.server";
import { stopBoss } from "~/lib/jobs.server";
import {
  acceptInvitation,
  findValidInvitation,
  inviteUser,
  NotFoundError,
} from "~/modules/people/people.server";
import {
  createActor,
  createDistrict,
  createEducationAdmin,
  createSchool,
  createUser,
} from "../helpers/factories";

afterAll(async () => {
  await stopBoss();
});

async function tokenFor(email: string) {
  const mail = await db
    .selectFrom("emails")
    .select(["textBody", "html"])
    .where("recipient", "=", email)
    .where("template", "=", "invitation")
    .orderBy("createdAt", "desc")
    .executeTakeFirstOrThrow();
  return mail.textBody!.match(/\/inbjudan\/([A-Za-z0-9_-]{43})/)![1]!;
}

const PASSWORD = "Mitt första lösenord";

describe("invitations", () => {
  it("a principal invites a mentor, who sets a password and is in", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const principal = await createActor(school.id, "principal");
    const result = await inviteUser(principal, {
      name: "Ny Mentor",
      email: "Ny.Mentor@Skola.example",
      organisationId: school.id,
      role: "mentor",
    });
    expect(result).toEqual({ kind: "invited" });
    const token = await tokenFor("ny.mentor@skola.example");
    expect((await findValidInvitation(token))?.name).toBe("Ny Mentor");

    const userId = await acceptInvitation(token, PASSWORD);
    expect(userId).toBeTruthy();
    const memberships = await listActiveMemberships(userId!);
    expect(memberships.map((m) => [m.organisationId, m.role])).toEqual([[school.id, "mentor"]]);
    expect(
      (
        await attemptLogin({
          email: "ny.mentor@skola.example",
          password: PASSWORD,
          clientAddress: "10.8.0.1",
        })
      ).ok,
    ).toBe(true);
    // Single use.
    expect(await findValidInvitation(token)).toBeNull();
    expect(await acceptInvitation(token, "Ett annat lösenord!")).toBeNull();
  });

  it("a link older than 7 days no longer works", async () => {
    const district = await createDistrict();
    const manager = await createActor(district.id, "districtManager");
    await inviteUser(
      manager,
      {
        name: "Sen Handläggare",
        email: "sen.handlaggare@d.example",
        organisationId: district.id,
        role: "caseworker",
      },
      new Date(Date.now() - 8 * 24 * 3600_000),
    );
    const token = await tokenFor("sen.handlaggare@d.example");
    expect(await findValidInvitation(token)).toBeNull();
    expect(await acceptInvitation(token, PASSWORD)).toBeNull();
  });

  it("someone who already has an account gets the role at once", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const principal = await createActor(school.id, "principal");
    const existing = await createUser({ email: "finns.redan@skola.example" });
    expect(
      await inviteUser(principal, {
        name: "X",
        email: "finns.redan@skola.example",
        organisationId: school.id,
        role: "studentHealth",
      }),
    ).toEqual({ kind: "added" });
    expect(
      await inviteUser(principal, {
        name: "X",
        email: "finns.redan@skola.example",
        organisationId: school.id,
        role: "studentHealth",
      }),
    ).toEqual({ kind: "alreadyMember" });
    expect((await listActiveMemberships(existing.id)).map((m) => m.role)).toEqual([
      "studentHealth",
    ]);
  });

  it("nobody invites into an organisation they do not manage, or gives a role they may not give", async () => {
    const district = await createDistrict();
    const otherDistrict = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const otherSchool = await createSchool({ districtId: district.id });
    const principal = await createActor(school.id, "principal");
    const mentor = await createActor(school.id, "mentor");
    const manager = await createActor(district.id, "districtManager");
    const caseworker = await createActor(district.id, "caseworker");
    const invite = (
      organisationId: string,
      role: "mentor" | "caseworker" | "admin" | "principal",
    ) => ({
      name: "Någon",
      email: `nagon.${Math.random().toString(36).slice(2)}@x.example`,
      organisationId,
      role,
    });
    await expect(inviteUser(principal, invite(otherSchool.id, "mentor"))).rejects.toThrow(
      NotFoundError,
    );
    await expect(inviteUser(principal, invite(school.id, "caseworker"))).rejects.toThrow(
      NotFoundError,
    );
    await expect(inviteUser(principal, invite(school.id, "admin"))).rejects.toThrow(NotFoundError);
    await expect(inviteUser(mentor, invite(school.id, "mentor"))).rejects.toThrow(NotFoundError);
    await expect(inviteUser(manager, invite(otherDistrict.id, "caseworker"))).rejects.toThrow(
      NotFoundError,
    );
    await expect(inviteUser(manager, invite(school.id, "principal"))).rejects.toThrow(
      NotFoundError,
    );
    await expect(inviteUser(caseworker, invite(district.id, "caseworker"))).rejects.toThrow(
      NotFoundError,
    );
    const admin = await createActor((await createEducationAdmin()).id, "admin");
    expect(await inviteUser(admin, invite(otherSchool.id, "principal"))).toEqual({
      kind: "invited",
    });
    // Of all these attempts, only the administrator's left an invitation.
    const made = await db
      .selectFrom("invitations")
      .select("invitedBy")
      .where("organisationId", "in", [school.id, otherSchool.id, district.id, otherDistrict.id])
      .execute();
    expect(made.map((i) => i.invitedBy)).toEqual([admin.user.id]);
  });

  it("one link clicked twice at once, and two invitations to one new address accepted at once", async () => {
    const district = await createDistrict();
    const schoolA = await createSchool({ districtId: district.id });
    const schoolB = await createSchool({ districtId: district.id });
    const principalA = await createActor(schoolA.id, "principal");
    const principalB = await createActor(schoolB.id, "principal");
    await inviteUser(principalA, {
      name: "Delad Kurator",
      email: "delad.kurator@skola.example",
      organisationId: schoolA.id,
      role: "mentor",
    });
    const tokenA = await tokenFor("delad.kurator@skola.example");
    await inviteUser(principalB, {
      name: "Delad Kurator",
      email: "delad.kurator@skola.example",
      organisationId: schoolB.id,
      role: "mentor",
    });
    const tokenB = await tokenFor("delad.kurator@skola.example");
    expect(tokenB).not.toBe(tokenA);

    // Hold back every write to users until both invitations have looked for an account and
    // found none, as two people clicking at the same moment would.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = db.transaction().execute(async (trx) => {
      await sql`lock table users in share mode`.execute(trx);
      locked();
      await held;
    });
    await isLocked;
    const accepting = Promise.all([
      acceptInvitation(tokenA, PASSWORD),
      acceptInvitation(tokenA, "Ett annat lösenord!"),
      acceptInvitation(tokenB, PASSWORD),
    ]);
    // Both clicks of link A and the click of link B are all waiting before anything goes on.
    for (let tries = 0; ; tries++) {
      if (tries > 500) throw new Error("the three acceptances never all waited");
      await new Promise((resolve) => setTimeout(resolve, 20));
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock'
      `.execute(db);
      if (rows[0]!.n >= 3) break;
    }
    release();
    await holder;
    const [twiceA, alsoA, b] = await accepting;
    // The one link made one account once; the other invitation joined the same account.
    expect([twiceA, alsoA].filter((id) => id === null)).toHaveLength(1);
    const userId = twiceA ?? alsoA;
    expect(b).toBe(userId);
    const memberships = await listActiveMemberships(userId!);
    expect(memberships.map((m) => m.organisationId).sort()).toEqual(
      [schoolA.id, schoolB.id].sort(),
    );
  });

  it("a reset link from before a deactivation does not come back to life when re-invited", async () => {
    const { findValidReset } = await import("~/auth/password-reset.server");
    const { newToken } = await import("~/auth/tokens.server");
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const principal = await createActor(school.id, "principal");
    const former = await createUser({ email: "tillbaka@skola.example" });
    const { token, hash } = newToken();
    await db
      .insertInto("passwordResets")
      .values({ tokenHash: hash, userId: former.id, expiresAt: new Date(Date.now() + 3600_000) })
      .execute();
    await db
      .updateTable("users")
      .set({ deactivatedAt: new Date() })
      .where("id", "=", former.id)
      .execute();
    await inviteUser(principal, {
      name: "Tillbaka",
      email: "tillbaka@skola.example",
      organisationId: school.id,
      role: "mentor",
    });
    expect(await acceptInvitation(await tokenFor("tillbaka@skola.example"), PASSWORD)).toBe(
      former.id,
    );
    expect(await findValidReset(token)).toBeNull();
  });
});
