/**
 * Managing people: role changes, ended memberships, deactivated accounts, and the rule that a
 * contact person cannot leave until someone takes over. Each refusal across organisations is
 * "not found", so a guessed id confirms nothing.
 */
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Role } from "../../db/schema";
import { attemptLogin } from "~/auth/login.server";
import type { Actor } from "~/auth/session.server";
import { stopBoss } from "~/lib/jobs.server";
import { NotFoundError } from "~/lib/not-found.server";
import { assignContact, handOverContactDuties } from "~/modules/contacts/contacts.server";
import {
  changeMembershipRole,
  deactivateUser,
  endMembership,
  getManagedPerson,
  listDeactivatedUsers,
  reactivateUser,
} from "~/modules/people/people.server";
import { addMembership, TEST_PASSWORD } from "../helpers/factories";
import { districtWithStaff, schoolWithStaff, educationWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

async function sessionFor(actor: Actor) {
  const id = `session-${actor.user.id}`;
  await db
    .insertInto("sessions")
    .values({
      id,
      userId: actor.user.id,
      expiresAt: new Date(Date.now() + 3600_000),
      activeMembershipId: actor.membership.id,
    })
    .execute();
  return id;
}

async function membership(id: string) {
  return db.selectFrom("memberships").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function world() {
  const { district, ...ours } = await districtWithStaff({
    staff: { manager: "districtManager", caseworker: "caseworker", colleague: "caseworker" },
  });
  const { district: otherDistrict, ...theirs } = await districtWithStaff({
    staff: { otherManager: "districtManager", otherCaseworker: "caseworker" },
  });
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal", mentor: "mentor" },
  });
  const { school: otherSchool, otherMentor } = await schoolWithStaff({
    districtId: district.id,
    staff: { otherMentor: "mentor" },
  });
  const { admin } = await educationWithStaff();
  return {
    district,
    otherDistrict,
    school,
    otherSchool,
    admin,
    ...schoolStaff,
    otherMentor,
    ...ours,
    ...theirs,
  };
}

describe("changing a role", () => {
  it("a principal makes a mentor student health; the history keeps the old role", async () => {
    const w = await world();
    const session = await sessionFor(w.mentor);
    const result = await changeMembershipRole(w.principal, w.mentor.membership.id, "studentHealth");
    expect(result).toEqual({ kind: "done" });
    const old = await membership(w.mentor.membership.id);
    expect(old.endedAt).not.toBeNull();
    expect(old.endedBy).toBe(w.principal.user.id);
    const person = await getManagedPerson(w.principal, w.mentor.user.id);
    const current = person!.memberships.filter((m) => m.endedAt === null);
    expect(current.map((m) => m.role)).toEqual(["studentHealth"]);
    expect(person!.memberships.filter((m) => m.endedAt !== null).map((m) => m.role)).toEqual([
      "mentor",
    ]);
    // The mentor's open session now acts for the new role instead of falling out.
    const moved = await db
      .selectFrom("sessions")
      .select("activeMembershipId")
      .where("id", "=", session)
      .executeTakeFirstOrThrow();
    expect(moved.activeMembershipId).toBe(current[0]!.id);
  });

  it("refuses a role that does not belong to the organisation, and one's own role", async () => {
    const w = await world();
    await expect(
      changeMembershipRole(w.principal, w.mentor.membership.id, "caseworker"),
    ).rejects.toThrow(NotFoundError);
    expect(await changeMembershipRole(w.principal, w.principal.membership.id, "mentor")).toEqual({
      kind: "self",
    });
    expect(await changeMembershipRole(w.principal, w.mentor.membership.id, "mentor")).toEqual({
      kind: "unchanged",
    });
  });

  it("an administrator changes roles anywhere", async () => {
    const w = await world();
    expect(
      await changeMembershipRole(w.admin, w.caseworker.membership.id, "intakeOfficer"),
    ).toEqual({ kind: "done" });
  });
});

describe("nobody manages a foreign organisation", () => {
  const cases: {
    who: string;
    actor: (w: Awaited<ReturnType<typeof world>>) => Actor;
    target: (w: Awaited<ReturnType<typeof world>>) => Actor;
    role: Role;
  }[] = [
    {
      who: "a principal, another school's mentor",
      actor: (w) => w.principal,
      target: (w) => w.otherMentor,
      role: "studentHealth",
    },
    {
      who: "a principal, a district's caseworker",
      actor: (w) => w.principal,
      target: (w) => w.caseworker,
      role: "intakeOfficer",
    },
    {
      who: "a district manager, a school's mentor",
      actor: (w) => w.manager,
      target: (w) => w.mentor,
      role: "studentHealth",
    },
    {
      who: "a district manager, another district's caseworker",
      actor: (w) => w.otherManager,
      target: (w) => w.caseworker,
      role: "intakeOfficer",
    },
    {
      who: "a mentor, a colleague",
      actor: (w) => w.mentor,
      target: (w) => w.principal,
      role: "mentor",
    },
    {
      who: "a caseworker, a colleague",
      actor: (w) => w.caseworker,
      target: (w) => w.colleague,
      role: "intakeOfficer",
    },
  ];
  for (const c of cases) {
    it(`${c.who}: not found for reading, role change and ending`, async () => {
      const w = await world();
      const actor = c.actor(w);
      const target = c.target(w);
      expect(await getManagedPerson(actor, target.user.id)).toBeNull();
      await expect(changeMembershipRole(actor, target.membership.id, c.role)).rejects.toThrow(
        NotFoundError,
      );
      await expect(endMembership(actor, target.membership.id)).rejects.toThrow(NotFoundError);
      await expect(deactivateUser(actor, target.user.id)).rejects.toThrow(NotFoundError);
      await expect(reactivateUser(actor, target.user.id)).rejects.toThrow(NotFoundError);
      expect((await membership(target.membership.id)).endedAt).toBeNull();
    });
  }

  it("a district manager cannot hand over another district's contact duties", async () => {
    const w = await world();
    await assignContact(w.manager, {
      schoolId: w.school.id,
      contactUserId: w.caseworker.user.id,
      deputyUserId: null,
    });
    await expect(
      handOverContactDuties(w.otherManager, {
        fromUserId: w.caseworker.user.id,
        districtId: w.district.id,
        successorUserId: w.otherCaseworker.user.id,
      }),
    ).rejects.toThrow(NotFoundError);
    // Nor give the duties to someone outside the district.
    await expect(
      handOverContactDuties(w.manager, {
        fromUserId: w.caseworker.user.id,
        districtId: w.district.id,
        successorUserId: w.otherCaseworker.user.id,
      }),
    ).rejects.toThrow(NotFoundError);
  });
});

describe("ending a membership and deactivating an account", () => {
  it("ending someone's last membership deactivates the account and ends every session", async () => {
    const w = await world();
    await sessionFor(w.mentor);
    const result = await endMembership(w.principal, w.mentor.membership.id);
    expect(result).toEqual({ kind: "done", accountDeactivated: true });
    const user = await db
      .selectFrom("users")
      .selectAll()
      .where("id", "=", w.mentor.user.id)
      .executeTakeFirstOrThrow();
    expect(user.deactivatedAt).not.toBeNull();
    expect(user.deactivatedBy).toBe(w.principal.user.id);
    const sessions = await db
      .selectFrom("sessions")
      .select("id")
      .where("userId", "=", w.mentor.user.id)
      .execute();
    expect(sessions).toEqual([]);
    expect(
      (
        await attemptLogin({
          email: w.mentor.user.email,
          password: TEST_PASSWORD,
          clientAddress: "10.9.0.1",
        })
      ).ok,
    ).toBe(false);
    // The principal no longer sees them; the administrator finds the account to reactivate.
    expect(await getManagedPerson(w.principal, w.mentor.user.id)).toBeNull();
    expect((await listDeactivatedUsers(w.admin)).map((u) => u.id)).toContain(w.mentor.user.id);
    expect(await listDeactivatedUsers(w.principal)).toEqual([]);
  });

  it("ending one of two memberships keeps the account", async () => {
    const w = await world();
    await addMembership(w.mentor.user.id, w.otherSchool.id, "mentor");
    expect(await endMembership(w.principal, w.mentor.membership.id)).toEqual({
      kind: "done",
      accountDeactivated: false,
    });
  });

  it("an administrator deactivates and reactivates an account", async () => {
    const w = await world();
    await sessionFor(w.mentor);
    expect(await deactivateUser(w.admin, w.mentor.user.id)).toEqual({
      kind: "done",
      accountDeactivated: true,
    });
    expect(
      await db.selectFrom("sessions").select("id").where("userId", "=", w.mentor.user.id).execute(),
    ).toEqual([]);
    expect(await deactivateUser(w.admin, w.mentor.user.id)).toEqual({ kind: "unchanged" });
    expect(await reactivateUser(w.admin, w.mentor.user.id)).toEqual({ kind: "done" });
    const login = await attemptLogin({
      email: w.mentor.user.email,
      password: TEST_PASSWORD,
      clientAddress: "10.9.0.2",
    });
    expect(login.ok).toBe(true);
    expect(await deactivateUser(w.admin, w.admin.user.id)).toEqual({ kind: "self" });
  });

  it("a reset link asked for before a deactivation does not work after reactivation", async () => {
    const { findValidReset } = await import("~/auth/password-reset.server");
    const { newToken } = await import("~/auth/tokens.server");
    const w = await world();
    const { token, hash } = newToken();
    await db
      .insertInto("passwordResets")
      .values({
        tokenHash: hash,
        userId: w.mentor.user.id,
        expiresAt: new Date(Date.now() + 3600_000),
      })
      .execute();
    expect(await deactivateUser(w.admin, w.mentor.user.id)).toMatchObject({ kind: "done" });
    expect(await reactivateUser(w.admin, w.mentor.user.id)).toEqual({ kind: "done" });
    expect(await findValidReset(token)).toBeNull();
  });
});

describe("a contact person cannot leave until someone takes over", () => {
  it("refuses ending and deactivating, then allows both after the handover", async () => {
    const w = await world();
    await assignContact(w.manager, {
      schoolId: w.school.id,
      contactUserId: w.caseworker.user.id,
      deputyUserId: w.colleague.user.id,
    });
    await assignContact(w.manager, {
      schoolId: w.otherSchool.id,
      contactUserId: w.colleague.user.id,
      deputyUserId: w.caseworker.user.id,
    });
    await assignContact(w.manager, {
      schoolId: null,
      contactUserId: w.caseworker.user.id,
      deputyUserId: null,
    });

    const refused = await endMembership(w.manager, w.caseworker.membership.id);
    expect(refused.kind).toBe("handoverFirst");
    expect(
      refused.kind === "handoverFirst" && refused.duties.map((d) => [d.schoolName, d.as]),
    ).toEqual(
      expect.arrayContaining([
        [w.school.name, "contact"],
        [w.otherSchool.name, "deputy"],
        [null, "contact"],
      ]),
    );
    expect((await deactivateUser(w.admin, w.caseworker.user.id)).kind).toBe("handoverFirst");
    expect((await membership(w.caseworker.membership.id)).endedAt).toBeNull();

    // The database refuses it too, whatever code path tries.
    await expect(
      db
        .updateTable("users")
        .set({ deactivatedAt: new Date() })
        .where("id", "=", w.caseworker.user.id)
        .execute(),
    ).rejects.toThrow(/hand over first/);
    await expect(
      db
        .updateTable("memberships")
        .set({ endedAt: new Date() })
        .where("id", "=", w.caseworker.membership.id)
        .execute(),
    ).rejects.toThrow(/hand over first/);

    const moved = await handOverContactDuties(w.manager, {
      fromUserId: w.caseworker.user.id,
      districtId: w.district.id,
      successorUserId: w.colleague.user.id,
    });
    expect(moved).toBe(3);
    const current = await db
      .selectFrom("contactAssignments")
      .select(["schoolId", "contactUserId", "deputyUserId"])
      .where("districtId", "=", w.district.id)
      .where("validTo", "is", null)
      .execute();
    const bySchool = new Map(current.map((a) => [a.schoolId, a]));
    // Contact here: the successor takes over; the successor was the deputy, so none is left.
    expect(bySchool.get(w.school.id)).toMatchObject({
      contactUserId: w.colleague.user.id,
      deputyUserId: null,
    });
    // Deputy there, where the successor is already the contact person: no deputy.
    expect(bySchool.get(w.otherSchool.id)).toMatchObject({
      contactUserId: w.colleague.user.id,
      deputyUserId: null,
    });
    expect(bySchool.get(null)).toMatchObject({ contactUserId: w.colleague.user.id });
    // The history keeps the ended assignments.
    const history = await db
      .selectFrom("contactAssignments")
      .select("id")
      .where("schoolId", "=", w.school.id)
      .execute();
    expect(history).toHaveLength(2);
    // The principal of the school whose contact person changed is told.
    const mails = await db
      .selectFrom("emails")
      .select("recipient")
      .where("template", "=", "contactPersonChanged")
      .where("recipient", "=", w.principal.user.email)
      .execute();
    expect(mails.length).toBeGreaterThanOrEqual(2); // the first assignment, and the handover

    expect(await endMembership(w.manager, w.caseworker.membership.id)).toEqual({
      kind: "done",
      accountDeactivated: true,
    });
  });

  it("a deputy in one district can still end a membership in another organisation", async () => {
    const w = await world();
    await addMembership(w.caseworker.user.id, w.school.id, "mentor");
    await assignContact(w.manager, {
      schoolId: w.school.id,
      contactUserId: w.colleague.user.id,
      deputyUserId: w.caseworker.user.id,
    });
    const schoolMembership = await db
      .selectFrom("memberships")
      .select("id")
      .where("userId", "=", w.caseworker.user.id)
      .where("organisationId", "=", w.school.id)
      .executeTakeFirstOrThrow();
    expect(await endMembership(w.principal, schoolMembership.id)).toEqual({
      kind: "done",
      accountDeactivated: false,
    });
  });
});
