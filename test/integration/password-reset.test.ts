import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { attemptLogin } from "~/auth/login.server";
import { findValidReset, requestPasswordReset, resetPassword } from "~/auth/password-reset.server";
import { getAuth, startSession } from "~/auth/session.server";
import { stopBoss } from "~/lib/jobs.server";
import { addMembership, createDistrict, createUser } from "../helpers/factories";

afterAll(async () => {
  await stopBoss();
});

async function linkFor(email: string) {
  const mail = await db
    .selectFrom("emails")
    .select("textBody")
    .where("recipient", "=", email)
    .where("template", "=", "passwordReset")
    .orderBy("createdAt", "desc")
    .executeTakeFirstOrThrow();
  const match = mail.textBody!.match(/\/aterstall-losenord\/([A-Za-z0-9_-]{43})/);
  return match![1]!;
}

const NEW_PASSWORD = "Ett helt nytt lösenord 2026";

describe("password reset", () => {
  it("mails a link that sets a new password once and ends every session", async () => {
    const district = await createDistrict();
    const user = await createUser({ email: "glomsk@skola.example" });
    await addMembership(user.id, district.id, "caseworker");
    const { cookie } = await startSession(user.id, null);
    const request = new Request("http://localhost/", {
      headers: { Cookie: cookie.split(";")[0]! },
    });
    expect(await getAuth(request)).not.toBeNull();

    await requestPasswordReset("Glomsk@Skola.example");
    const token = await linkFor("glomsk@skola.example");
    expect((await findValidReset(token))?.userId).toBe(user.id);
    // Only the hash is stored.
    const stored = await db.selectFrom("passwordResets").select("tokenHash").execute();
    expect(stored.map((r) => r.tokenHash)).not.toContain(token);

    expect(await resetPassword(token, NEW_PASSWORD)).toBe(user.id);
    expect(await getAuth(request)).toBeNull();
    expect(
      (await attemptLogin({ email: user.email, password: NEW_PASSWORD, clientAddress: "10.9.0.1" }))
        .ok,
    ).toBe(true);

    // The link works once.
    expect(await findValidReset(token)).toBeNull();
    expect(await resetPassword(token, "Ännu ett annat lösenord")).toBeNull();
  });

  it("a link older than an hour no longer works", async () => {
    await createUser({ email: "sen@skola.example" });
    const asked = new Date(Date.now() - 61 * 60_000);
    await requestPasswordReset("sen@skola.example", asked);
    const token = await linkFor("sen@skola.example");
    expect(await findValidReset(token)).toBeNull();
    expect(await resetPassword(token, NEW_PASSWORD)).toBeNull();
  });

  it("an unknown address gets the same (silent) answer and no e-mail", async () => {
    await expect(requestPasswordReset("finns.inte@skola.example")).resolves.toBeUndefined();
    const mails = await db
      .selectFrom("emails")
      .select("id")
      .where("recipient", "=", "finns.inte@skola.example")
      .execute();
    expect(mails).toEqual([]);
  });
});
