/**
 * Several portal processes behind a load balancer, one PostgreSQL: everything a user or a job
 * relies on lives in the database, never in one process's memory. Two built portal processes
 * on this file's database:
 * - a session made on one works on the other, and logging out on one ends it on both;
 * - the login throttle counts failures made on both;
 * - a report sent twice with one submission key, to each process at once, is stored once;
 * - the daily school-card reminder job, taken by both processes' workers at once, sends its
 *   e-mails once, and both processes registered one schedule.
 * Needs the production build (npm test builds it first).
 */
import { randomUUID } from "node:crypto";
import { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { LOGIN_LIMITS } from "~/auth/rate-limit.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { stopBoss } from "~/lib/jobs.server";
import { recordConsent } from "~/modules/consent/consent.server";
import { consentSchema } from "~/modules/consent/schema";
import { SCHOOL_CARD_REMINDER_QUEUE } from "~/modules/school-cards/reminders.server";
import { requestSchoolCard } from "~/modules/school-cards/school-cards.server";
import { createChildWithIdentityNumber, TEST_PASSWORD } from "../helpers/factories";
import { districtWithStaff, schoolWithStaff } from "../helpers/worlds";
import {
  demoReportForm,
  logIn,
  sleep,
  startPortalProcess,
  type Cleanups,
  type PortalProcess,
} from "../helpers/portal-process";

// This file's own job queue (the module calls below queue e-mail) stops last, before the
// database is dropped.
const cleanups: Cleanups = [() => stopBoss()];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const today = stockholmDate(new Date());

async function world() {
  const { district, caseworker } = await districtWithStaff({ staff: { caseworker: "caseworker" } });
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    staff: { principal: "principal", mentor: "mentor", other: "studentHealth" },
  });
  return { district, school, caseworker, ...schoolStaff };
}

let w: Awaited<ReturnType<typeof world>>;
let a: PortalProcess;
let b: PortalProcess;

beforeAll(async () => {
  w = await world();
  const env = { DATABASE_URL: process.env.DATABASE_URL!, SEED_DEMO_DATA: "false" };
  // One after the other: the first migrates (nothing to do here) and creates the job queue.
  a = await startPortalProcess(cleanups, env);
  b = await startPortalProcess(cleanups, env);
}, 240_000);

async function page(portal: PortalProcess, path: string, cookie: string) {
  return fetch(`${portal.base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
}

describe("two portal processes on one database", () => {
  it("a session made on one works on the other; logging out on one ends it on both", async () => {
    const cookie = await logIn(a.base, w.principal.user.email, TEST_PASSWORD);
    const onB = await page(b, "/skola", cookie);
    expect(onB.status).toBe(200);
    expect(await onB.text()).toContain(w.school.name);

    const logout = await fetch(`${b.base}/logout`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: b.base, Cookie: cookie },
    });
    expect(logout.status).toBe(302);
    const onA = await page(a, "/skola", cookie);
    expect(onA.status).toBe(302);
    expect(onA.headers.get("location")).toMatch(/^\/login/);
  });

  it("the login throttle counts the failures made on both", async () => {
    const email = w.other.user.email;
    for (let attempt = 0; attempt < LOGIN_LIMITS.failuresPerAccount; attempt++) {
      const portal = attempt % 2 === 0 ? a : b;
      const response = await fetch(`${portal.base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: portal.base },
        body: new URLSearchParams({ email, password: `fel-losenord-${attempt}` }),
      });
      expect(response.status).toBe(200);
    }
    // Five failures on each: neither process alone saw the limit, together they reached it,
    // so even the right password is refused now, on either.
    for (const portal of [a, b]) {
      const response = await fetch(`${portal.base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: portal.base },
        body: new URLSearchParams({ email, password: TEST_PASSWORD }),
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("För många misslyckade inloggningsförsök");
    }
  });

  it("a report sent to both with one submission key is stored once", async () => {
    const cookieA = await logIn(a.base, w.mentor.user.email, TEST_PASSWORD);
    const cookieB = await logIn(b.base, w.mentor.user.email, TEST_PASSWORD);
    const key = randomUUID();
    const childName = `Testbarn ${key.slice(0, 8)}`;
    const answers = await Promise.all(
      [
        [a, cookieA],
        [b, cookieB],
        [a, cookieA],
        [b, cookieB],
      ].map(([portal, cookie]) =>
        fetch(`${(portal as PortalProcess).base}/orosanmalan/ny`, {
          method: "POST",
          redirect: "manual",
          headers: { Origin: (portal as PortalProcess).base, Cookie: cookie as string },
          body: demoReportForm(key, childName),
        }),
      ),
    );
    // Every sender is sent on to the one report (its receipt), none gets an error.
    const locations = new Set(answers.map((answer) => answer.headers.get("location")));
    expect(answers.map((answer) => answer.status)).toEqual([302, 302, 302, 302]);
    expect(locations.size).toBe(1);
    const stored = await db
      .selectFrom("concernReports")
      .select("id")
      .where("submissionKey", "=", key)
      .execute();
    expect(stored).toHaveLength(1);
    expect([...locations][0]).toContain(stored[0]!.id);
  });

  it("the daily reminder job, taken by both processes at once, sends its e-mails once", async () => {
    // A card 8 days past its last day: whatever today is, it is due for the escalation to the
    // principal (and the two earlier reminders are recorded as passed).
    const child = await createChildWithIdentityNumber({
      districtId: w.district.id,
      caseworkerUserId: w.caseworker.user.id,
      schoolId: w.school.id,
      firstName: "Signe",
      lastName: `Tvåprocess${randomUUID().slice(0, 4)}`,
    });
    for (const givenBy of ["guardian1", "guardian2", "child"] as const) {
      const result = await recordConsent(
        w.caseworker,
        child.id,
        consentSchema.parse({
          givenBy,
          giverName: `Givare ${givenBy}`,
          method: "oral",
          obtainedOn: today,
          categories: ["attendance", "results"],
          schoolId: w.school.id,
          validFrom: addToDate(today, { days: -30 }),
          validTo: addToDate(today, { days: 200 }),
        }),
        null,
      );
      expect(result.kind).toBe("recorded");
    }
    const requested = await requestSchoolCard(w.caseworker, child.id, {
      term: "HT2026",
      dueOn: addToDate(today, { days: 10 }),
      schoolId: w.school.id,
      mentorUserId: w.mentor.user.id,
      message: null,
    });
    if (requested.kind !== "requested") throw new Error(JSON.stringify(requested));
    await db
      .updateTable("schoolCards")
      .set({ dueOn: addToDate(today, { days: -8 }) })
      .where("id", "=", requested.cardId)
      .execute();

    // Both processes registered the daily schedule: pg-boss keeps one row per queue, so the
    // schedule puts one job a day in the queue however many processes run.
    const boss = new PgBoss({ connectionString: process.env.DATABASE_URL!, schema: "pgboss" });
    boss.on("error", () => undefined);
    await boss.start();
    cleanups.push(() => boss.stop({ graceful: false }));
    const schedules = (await boss.getSchedules()).filter(
      (s) => s.name === SCHOOL_CARD_REMINDER_QUEUE,
    );
    expect(schedules).toHaveLength(1);

    // Even if the job came twice (a retry, a second schedule), the workers of the two processes
    // taking them at once send each reminder once.
    const jobs = await Promise.all([
      boss.send(SCHOOL_CARD_REMINDER_QUEUE, {}),
      boss.send(SCHOOL_CARD_REMINDER_QUEUE, {}),
    ]);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const states = await Promise.all(
        jobs.map((id) => boss.getJobById(SCHOOL_CARD_REMINDER_QUEUE, id!)),
      );
      if (states.every((job) => job?.state === "completed")) break;
      if (Date.now() > deadline)
        throw new Error(`jobs not completed: ${states.map((j) => j?.state).join(", ")}`);
      await sleep(250);
    }
    const reminders = await db
      .selectFrom("schoolCardReminders")
      .select("kind")
      .where("schoolCardId", "=", requested.cardId)
      .execute();
    expect(reminders.map((r) => r.kind).sort()).toEqual(["beforeDue", "escalation", "onDue"]);
    const escalations = (
      await db
        .selectFrom("emails")
        .select(["recipient", "textBody"])
        .where("template", "=", "schoolCardReminder")
        .execute()
    ).filter((e) => e.textBody?.includes(`/skolkort/${requested.cardId}`));
    expect(escalations.map((e) => e.recipient)).toEqual([w.principal.user.email]);
  });
});
