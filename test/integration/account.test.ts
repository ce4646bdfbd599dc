/** One's own account: the password change ends other sessions; the profile is what schools see. */
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { changePassword } from "~/auth/account.server";
import { attemptLogin } from "~/auth/login.server";
import { LOGIN_LIMITS } from "~/auth/rate-limit.server";
import { profileSchema } from "~/modules/people/schema";
import { stopBoss } from "~/lib/jobs.server";
import { assignContact, getSchoolContactPanel } from "~/modules/contacts/contacts.server";
import { updateOwnProfile } from "~/modules/people/people.server";
import { createActor, createDistrict, createSchool, TEST_PASSWORD } from "../helpers/factories";

afterAll(async () => {
  await stopBoss();
});

async function openSession(userId: string, id: string) {
  await db
    .insertInto("sessions")
    .values({ id, userId, expiresAt: new Date(Date.now() + 3600_000) })
    .execute();
}

describe("changing one's password", () => {
  it("refuses a wrong current password and changes nothing", async () => {
    const district = await createDistrict();
    const actor = await createActor(district.id, "caseworker");
    await openSession(actor.user.id, "wrong-1");
    const result = await changePassword(actor.user.id, "wrong-1", {
      currentPassword: "inte mitt lösenord",
      password: "Ett helt nytt lösenord",
      clientAddress: "10.7.0.1",
    });
    expect(result).toEqual({ ok: false, reason: "invalid" });
    const login = await attemptLogin({
      email: actor.user.email,
      password: TEST_PASSWORD,
      clientAddress: "10.7.0.1",
    });
    expect(login.ok).toBe(true);
  });

  it("sets the new password, ends every other session and renews this one", async () => {
    const district = await createDistrict();
    const actor = await createActor(district.id, "caseworker");
    await openSession(actor.user.id, "this-device");
    await openSession(actor.user.id, "lost-phone");
    const result = await changePassword(actor.user.id, "this-device", {
      currentPassword: TEST_PASSWORD,
      password: "Ett helt nytt lösenord",
      clientAddress: "10.7.0.2",
    });
    expect(result.ok).toBe(true);
    const sessions = await db
      .selectFrom("sessions")
      .select("id")
      .where("userId", "=", actor.user.id)
      .execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).not.toBe("this-device");
    expect(sessions[0]!.id).not.toBe("lost-phone");
    expect(result.ok && result.cookie).toContain(sessions[0]!.id);
    const login = (password: string) =>
      attemptLogin({ email: actor.user.email, password, clientAddress: "10.7.0.2" });
    expect((await login("Ett helt nytt lösenord")).ok).toBe(true);
    expect((await login(TEST_PASSWORD)).ok).toBe(false);
  });
});

describe("guessing the current password", () => {
  it("counts towards the login throttle, also when 40 guesses arrive at once", async () => {
    const district = await createDistrict();
    const actor = await createActor(district.id, "caseworker");
    await openSession(actor.user.id, "borrowed-computer");
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        changePassword(actor.user.id, "borrowed-computer", {
          currentPassword: `gissning-${i}`,
          password: "Ett helt nytt lösenord",
          clientAddress: `10.8.${i}.1`,
        }),
      ),
    );
    const reasons = results.map((r) => (r.ok ? "ok" : r.reason));
    expect(reasons.filter((r) => r === "invalid")).toHaveLength(LOGIN_LIMITS.failuresPerAccount);
    expect(reasons.filter((r) => r === "throttled")).toHaveLength(
      40 - LOGIN_LIMITS.failuresPerAccount,
    );
    // Throttled, the right password is refused too, and nothing changes.
    const right = await changePassword(actor.user.id, "borrowed-computer", {
      currentPassword: TEST_PASSWORD,
      password: "Ett helt nytt lösenord",
      clientAddress: "10.8.99.1",
    });
    expect(right).toEqual({ ok: false, reason: "throttled" });
  });

  it("two changes racing with the same current password: only one of them is made", async () => {
    const district = await createDistrict();
    const actor = await createActor(district.id, "caseworker");
    await openSession(actor.user.id, "device-a");
    await openSession(actor.user.id, "device-b");
    const [a, b] = await Promise.all([
      changePassword(actor.user.id, "device-a", {
        currentPassword: TEST_PASSWORD,
        password: "Lösenord från dator A",
        clientAddress: "10.9.1.1",
      }),
      changePassword(actor.user.id, "device-b", {
        currentPassword: TEST_PASSWORD,
        password: "Lösenord från dator B",
        clientAddress: "10.9.1.2",
      }),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    const winner = a.ok ? "Lösenord från dator A" : "Lösenord från dator B";
    const loser = a.ok ? "Lösenord från dator B" : "Lösenord från dator A";
    const login = (password: string) =>
      attemptLogin({ email: actor.user.email, password, clientAddress: "10.9.1.3" });
    expect((await login(winner)).ok).toBe(true);
    expect((await login(loser)).ok).toBe(false);
    // The winner's session is the only one left.
    const sessions = await db
      .selectFrom("sessions")
      .select("id")
      .where("userId", "=", actor.user.id)
      .execute();
    expect(sessions).toHaveLength(1);
  });
});

describe("one's own profile", () => {
  it("a contact person's title and phone reach the school's start page", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const manager = await createActor(district.id, "districtManager");
    const caseworker = await createActor(district.id, "caseworker");
    const mentor = await createActor(school.id, "mentor");
    await assignContact(manager, {
      schoolId: school.id,
      contactUserId: caseworker.user.id,
      deputyUserId: null,
    });
    await updateOwnProfile(caseworker, {
      name: "Vera Kontakt",
      title: "Skolsamordnare",
      phone: "0611-35 00 99",
    });
    const panel = await getSchoolContactPanel(mentor);
    expect(panel?.contact).toMatchObject({
      name: "Vera Kontakt",
      title: "Skolsamordnare",
      phone: "0611-35 00 99",
    });
    // Empty optional fields are stored as nothing, not as empty text.
    await updateOwnProfile(caseworker, { name: "Vera Kontakt", title: " ", phone: "" });
    expect((await getSchoolContactPanel(mentor))?.contact).toMatchObject({
      title: null,
      phone: null,
    });
  });

  it("the form refuses a phone number without digits and an empty name, in Swedish", () => {
    const result = profileSchema.safeParse({ name: " ", title: "", phone: "ring mig" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => [i.path[0], i.message]);
    expect(messages).toEqual([
      ["name", "Skriv ditt namn."],
      ["phone", "Skriv ett telefonnummer med siffror, till exempel 0611-35 00 22."],
    ]);
    expect(
      profileSchema.safeParse({ name: "A", title: "", phone: "+46 611-35 00 22" }).success,
    ).toBe(true);
  });
});
