/**
 * The daily clean-up of login records (app/auth/prune.server.ts), against this file's own
 * database with the clock passed in as `now`: exactly what is due goes (ended sessions, login
 * attempts and reset links past the retention, forgot-password requests older than a day), and
 * what is not due, or what other features still show (invitations, recovery codes), stays. Then
 * the job as the portal wires it: scheduled daily, and a job in its queue does the clean-up.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { AUTH_CLEAN_UP_QUEUE, pruneAuthRecords, startAuthCleanUpJob } from "~/auth/prune.server";
import { getBoss, stopBoss } from "~/lib/jobs.server";
import { createDistrict, createUser } from "../helpers/factories";

afterAll(async () => {
  await stopBoss();
});

const NOW = new Date("2026-12-08T02:30:00Z");
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const hex = () => randomBytes(32).toString("hex");

async function session(userId: string, name: string, times: { created: Date; expires: Date }) {
  await db
    .insertInto("sessions")
    .values({
      id: `${name}-${hex().slice(0, 16)}`,
      userId,
      createdAt: times.created,
      lastSeenAt: times.created,
      authenticatedAt: times.created,
      expiresAt: times.expires,
    })
    .execute();
}

async function names(table: "sessions") {
  const rows = await db.selectFrom(table).select("id").execute();
  return rows.map((row) => row.id.split("-")[0]).sort();
}

describe("the daily clean-up of login records", () => {
  it("deletes exactly what is due and keeps the rest", async () => {
    const user = await createUser();
    const other = await createUser();
    const third = await createUser();

    // Sessions: ended by expiry, past the absolute 12 hours (though its expiry is later), alive.
    await session(user.id, "expired", { created: ago(2 * HOUR), expires: ago(1000) });
    await session(user.id, "atexpiry", { created: ago(2 * HOUR), expires: NOW });
    await session(user.id, "tooold", { created: ago(12 * HOUR), expires: ago(-HOUR) });
    await session(user.id, "alive", { created: ago(11 * HOUR), expires: ago(-HOUR) });
    await session(other.id, "fresh", { created: ago(MINUTE), expires: ago(-30 * MINUTE) });

    // Login attempts: kept 30 days (AUTH_RECORDS_RETENTION_DAYS).
    const attempt = (email: string, at: Date) =>
      db
        .insertInto("loginAttempts")
        .values({ email, clientAddress: "192.0.2.1", succeeded: false, attemptedAt: at })
        .execute();
    await attempt("old@test.example", ago(30 * DAY + MINUTE));
    await attempt("kept@test.example", ago(30 * DAY - MINUTE));
    await attempt("now@test.example", ago(MINUTE));

    // Reset links: gone once their expiry is 30 days past, used or not.
    const reset = (userId: string, name: string, expires: Date, used: Date | null) =>
      db
        .insertInto("passwordResets")
        .values({
          tokenHash: `${name}${hex()}`.slice(0, 64),
          userId,
          createdAt: new Date(expires.getTime() - HOUR),
          expiresAt: expires,
          usedAt: used,
        })
        .execute();
    await reset(user.id, "a", ago(31 * DAY), ago(31 * DAY + 30 * MINUTE)); // used, old: goes
    await reset(other.id, "b", ago(31 * DAY), null); // expired unused, old: goes
    await reset(user.id, "c", ago(2 * DAY), ago(2 * DAY + 10 * MINUTE)); // used recently: stays
    await reset(third.id, "d", ago(-30 * MINUTE), null); // live: stays

    // Forgot-password requests: a day.
    const request = (email: string, at: Date) =>
      db
        .insertInto("passwordResetRequests")
        .values({ email, clientAddress: "192.0.2.2", requestedAt: at })
        .execute();
    await request("old@test.example", ago(DAY + MINUTE));
    await request("kept@test.example", ago(DAY - MINUTE));

    // What other features show stays, however old: an invitation's history, recovery codes.
    const district = await createDistrict();
    await db
      .insertInto("invitations")
      .values({
        tokenHash: hex(),
        email: "inbjuden@test.example",
        name: "Inbjuden",
        organisationId: district.id,
        organisationKind: "district",
        role: "caseworker",
        invitedBy: user.id,
        createdAt: ago(400 * DAY),
        expiresAt: ago(393 * DAY),
      })
      .execute();
    await db
      .insertInto("recoveryCodes")
      .values({
        userId: user.id,
        codeHash: hex(),
        usedAt: ago(200 * DAY),
        createdAt: ago(300 * DAY),
      })
      .execute();

    expect(await pruneAuthRecords(NOW)).toEqual({
      sessions: 3,
      loginAttempts: 1,
      passwordResets: 2,
      passwordResetRequests: 1,
    });
    expect(await names("sessions")).toEqual(["alive", "fresh"]);
    const attempts = await db
      .selectFrom("loginAttempts")
      .select("email")
      .orderBy("email")
      .execute();
    expect(attempts.map((a) => a.email)).toEqual(["kept@test.example", "now@test.example"]);
    const resets = await db.selectFrom("passwordResets").select("tokenHash").execute();
    expect(resets.map((r) => r.tokenHash[0]).sort()).toEqual(["c", "d"]);
    const requests = await db.selectFrom("passwordResetRequests").select("email").execute();
    expect(requests.map((r) => r.email)).toEqual(["kept@test.example"]);
    expect(await db.selectFrom("invitations").select("id").execute()).toHaveLength(1);
    expect(await db.selectFrom("recoveryCodes").select("id").execute()).toHaveLength(1);

    // Run again at once: nothing more is due.
    expect(await pruneAuthRecords(NOW)).toEqual({
      sessions: 0,
      loginAttempts: 0,
      passwordResets: 0,
      passwordResetRequests: 0,
    });
  });

  it("is scheduled daily at night, and a job in its queue cleans up", async () => {
    const user = await createUser();
    const now = new Date();
    const id = `ended-${hex().slice(0, 16)}`;
    await db
      .insertInto("sessions")
      .values({
        id,
        userId: user.id,
        createdAt: new Date(now.getTime() - HOUR),
        lastSeenAt: new Date(now.getTime() - HOUR),
        authenticatedAt: new Date(now.getTime() - HOUR),
        expiresAt: new Date(now.getTime() - MINUTE),
      })
      .execute();

    await startAuthCleanUpJob();
    const boss = await getBoss();
    const schedules = await boss.getSchedules(AUTH_CLEAN_UP_QUEUE);
    expect(schedules.map((s) => [s.cron, s.timezone])).toEqual([
      ["30 3 * * *", "Europe/Stockholm"],
    ]);

    await boss.send(AUTH_CLEAN_UP_QUEUE, {});
    const deadline = Date.now() + 30_000;
    let row = await db.selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst();
    while (row && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      row = await db.selectFrom("sessions").select("id").where("id", "=", id).executeTakeFirst();
    }
    expect(row).toBeUndefined();
  });
});
