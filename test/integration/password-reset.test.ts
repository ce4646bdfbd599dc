import { COMPLETE_SIGN_IN } from "../helpers/sign-in";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { db } from "../../db/client.server";
import { attemptLogin } from "~/auth/login.server";
import {
  findValidReset,
  RESET_LIMITS,
  requestPasswordReset,
  resetPassword,
  sendPasswordReset,
} from "~/auth/password-reset.server";
import { getAuth, startSession } from "~/auth/session.server";
import { stopBoss } from "~/lib/jobs.server";
import { addMembership, createDistrict, createUser } from "../helpers/factories";

afterAll(async () => {
  await stopBoss();
});

/** Does what the queue's worker does in the portal: every request not yet handled. */
async function runQueuedRequests(now?: Date) {
  const pending = await db
    .selectFrom("passwordResetRequests")
    .select("id")
    .where("processedAt", "is", null)
    .orderBy("requestedAt")
    .execute();
  for (const { id } of pending) await sendPasswordReset(id, now);
  return pending.length;
}

async function linksFor(email: string) {
  const mails = await db
    .selectFrom("emails")
    .select("textBody")
    .where("recipient", "=", email)
    .where("template", "=", "passwordReset")
    .orderBy("createdAt", "asc")
    .execute();
  return mails.map(
    (mail) => mail.textBody!.match(/\/aterstall-losenord\/([A-Za-z0-9_-]{43})/)![1]!,
  );
}

async function linkFor(email: string) {
  const links = await linksFor(email);
  return links[links.length - 1]!;
}

const NEW_PASSWORD = "Ett helt nytt lösenord 2026";
let address = 0;
const client = () => `10.20.0.${++address}`;

describe("password reset", () => {
  it("mails a link that sets a new password once and ends every session", async () => {
    const district = await createDistrict();
    const user = await createUser({ email: "glomsk@skola.example" });
    await addMembership(user.id, district.id, "caseworker");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN);
    const request = new Request("http://localhost/", {
      headers: { Cookie: cookie.split(";")[0]! },
    });
    expect(await getAuth(request)).not.toBeNull();

    await requestPasswordReset({ email: "Glomsk@Skola.example", clientAddress: client() });
    expect(await runQueuedRequests()).toBe(1);
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
    await requestPasswordReset({ email: "sen@skola.example", clientAddress: client() }, asked);
    await runQueuedRequests(asked);
    const token = await linkFor("sen@skola.example");
    expect(await findValidReset(token)).toBeNull();
    expect(await resetPassword(token, NEW_PASSWORD)).toBeNull();
  });

  it("an unknown address gets the same (silent) answer and no e-mail", async () => {
    await expect(
      requestPasswordReset({ email: "finns.inte@skola.example", clientAddress: client() }),
    ).resolves.toBeUndefined();
    await runQueuedRequests();
    const mails = await db
      .selectFrom("emails")
      .select("id")
      .where("recipient", "=", "finns.inte@skola.example")
      .execute();
    expect(mails).toEqual([]);
  });

  it("answers before any work that depends on whether the address has an account", async () => {
    await createUser({ email: "finns@skola.example" });
    const emailsBefore = await db.selectFrom("emails").select("id").execute();
    const resetsBefore = await db.selectFrom("passwordResets").select("id").execute();
    const jobsBefore = await queuedJobs();

    await requestPasswordReset({ email: "finns@skola.example", clientAddress: "10.21.0.1" });
    await requestPasswordReset({ email: "saknas@skola.example", clientAddress: "10.21.0.1" });

    // The answer has not waited for a link or an e-mail, for either address: both requests did
    // the same thing, one row each and one job each, holding nothing that tells them apart.
    expect(await db.selectFrom("emails").select("id").execute()).toEqual(emailsBefore);
    expect(await db.selectFrom("passwordResets").select("id").execute()).toEqual(resetsBefore);
    const requests = await db
      .selectFrom("passwordResetRequests")
      .selectAll()
      .where("email", "in", ["finns@skola.example", "saknas@skola.example"])
      .orderBy("email")
      .execute();
    expect(requests.map((r) => [r.email, r.processedAt])).toEqual([
      ["finns@skola.example", null],
      ["saknas@skola.example", null],
    ]);
    const jobs = (await queuedJobs()).slice(jobsBefore.length);
    expect(jobs).toHaveLength(2);
    expect(jobs.map((job) => Object.keys(job as object))).toEqual([["requestId"], ["requestId"]]);

    await runQueuedRequests();
    expect(await linksFor("finns@skola.example")).toHaveLength(1);
    expect(await linksFor("saknas@skola.example")).toHaveLength(0);
  });

  it("sends at most three e-mails an hour per account, however many ask at once", async () => {
    await createUser({ email: "spammad@skola.example" });
    const now = new Date();
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        requestPasswordReset(
          { email: "spammad@skola.example", clientAddress: `10.22.${i}.1` },
          now,
        ),
      ),
    );
    await runQueuedRequests(now);
    const links = await linksFor("spammad@skola.example");
    expect(links).toHaveLength(RESET_LIMITS.perAccount);
    // Only the newest link works.
    expect(await findValidReset(links[links.length - 1]!)).not.toBeNull();
    for (const older of links.slice(0, -1)) expect(await findValidReset(older)).toBeNull();

    // An hour later the account may ask again.
    const later = new Date(now.getTime() + 61 * 60_000);
    await requestPasswordReset(
      { email: "spammad@skola.example", clientAddress: "10.22.99.1" },
      later,
    );
    await runQueuedRequests(later);
    expect(await linksFor("spammad@skola.example")).toHaveLength(RESET_LIMITS.perAccount + 1);
  });

  it("limits the requests from one client address, known and unknown addresses alike", async () => {
    const now = new Date();
    await Promise.all(
      Array.from({ length: RESET_LIMITS.perClientAddress + 15 }, (_, i) =>
        requestPasswordReset(
          { email: `person-${i}@skola.example`, clientAddress: "203.0.113.9" },
          now,
        ),
      ),
    );
    const recorded = await db
      .selectFrom("passwordResetRequests")
      .select("id")
      .where("clientAddress", "=", "203.0.113.9")
      .execute();
    expect(recorded).toHaveLength(RESET_LIMITS.perClientAddress);
  });

  it("a newer link voids the older one", async () => {
    const user = await createUser({ email: "tva-lankar@skola.example" });
    await requestPasswordReset({ email: "tva-lankar@skola.example", clientAddress: client() });
    await runQueuedRequests();
    const first = await linkFor("tva-lankar@skola.example");
    await requestPasswordReset({ email: "tva-lankar@skola.example", clientAddress: client() });
    await runQueuedRequests();
    const second = await linkFor("tva-lankar@skola.example");
    expect(second).not.toBe(first);
    expect(await findValidReset(first)).toBeNull();
    expect(await resetPassword(first, NEW_PASSWORD)).toBeNull();
    expect(await resetPassword(second, NEW_PASSWORD)).toBe(user.id);
  });

  it("a link used twice at the same moment sets the password once", async () => {
    const user = await createUser({ email: "dubbelklick@skola.example" });
    await requestPasswordReset({ email: "dubbelklick@skola.example", clientAddress: client() });
    await runQueuedRequests();
    const token = await linkFor("dubbelklick@skola.example");
    const results = await Promise.all([
      resetPassword(token, "Första lösenordet 2026"),
      resetPassword(token, "Andra lösenordet 2026"),
    ]);
    expect(results.filter((r) => r === user.id)).toHaveLength(1);
    expect(results.filter((r) => r === null)).toHaveLength(1);
  });

  it("a password changed another way voids a link still out", async () => {
    const { changePassword } = await import("~/auth/account.server");
    const { TEST_PASSWORD } = await import("../helpers/factories");
    const user = await createUser({ email: "andrat@skola.example" });
    await requestPasswordReset({ email: "andrat@skola.example", clientAddress: client() });
    await runQueuedRequests();
    const token = await linkFor("andrat@skola.example");
    await db
      .insertInto("sessions")
      .values({ id: "andrat-session", userId: user.id, expiresAt: new Date(Date.now() + 3600_000) })
      .execute();
    const changed = await changePassword(user.id, "andrat-session", {
      currentPassword: TEST_PASSWORD,
      password: NEW_PASSWORD,
      clientAddress: client(),
    });
    expect(changed.ok).toBe(true);
    expect(await findValidReset(token)).toBeNull();
  });

  it("a link of an account deactivated since does not log anyone in", async () => {
    const user = await createUser({ email: "avslutad@skola.example" });
    await requestPasswordReset({ email: "avslutad@skola.example", clientAddress: client() });
    await runQueuedRequests();
    const token = await linkFor("avslutad@skola.example");
    await db
      .updateTable("users")
      .set({ deactivatedAt: new Date() })
      .where("id", "=", user.id)
      .execute();
    expect(await resetPassword(token, NEW_PASSWORD)).toBeNull();
  });
});

async function queuedJobs(): Promise<unknown[]> {
  const { rows } = await sql<{ data: unknown }>`
    select data from pgboss.job where name = 'password-reset' order by created_on, id
  `.execute(db);
  return rows.map((row) => row.data);
}
