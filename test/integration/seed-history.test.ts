/**
 * The demo's history for the follow-up (scripts/seed/seed-history.ts): enough in every term for
 * the figures to show, the differences the seed promises, all of it finished, and nothing
 * added by a second seeding.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import { seedDemo } from "../../scripts/seed/seed";
import { demoChildren } from "../../scripts/seed/seed-children";
import { HISTORY_IDENTITY_NUMBERS, historyTerms } from "../../scripts/seed/seed-history";
import { stockholmDate } from "~/lib/dates";
import { acknowledgementDueOn } from "~/lib/working-days";

const TZ = sql.lit("Europe/Stockholm");
const termOf = (column: string) =>
  sql<string>`case when extract(month from (${sql.ref(column)} at time zone ${TZ})) >= 7
    then 'HT' else 'VT' end || extract(year from (${sql.ref(column)} at time zone ${TZ}))::text`;

async function historyCounts() {
  const count = async (
    table:
      | "concernReports"
      | "concernReportEvents"
      | "concernReportForwards"
      | "concernReportMeetings"
      | "consultations"
      | "consultationMessages"
      | "children"
      | "consents"
      | "consentRequests"
      | "schoolCards"
      | "schoolCardSchedules"
      | "contactAssignments"
      | "users"
      | "memberships",
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    reports: await count("concernReports"),
    events: await count("concernReportEvents"),
    forwards: await count("concernReportForwards"),
    meetings: await count("concernReportMeetings"),
    consultations: await count("consultations"),
    messages: await count("consultationMessages"),
    children: await count("children"),
    consents: await count("consents"),
    consentRequests: await count("consentRequests"),
    cards: await count("schoolCards"),
    schedules: await count("schoolCardSchedules"),
    contactAssignments: await count("contactAssignments"),
    users: await count("users"),
    memberships: await count("memberships"),
  };
}

/** The history's reports: those with a submission key that the demo's own reports never have. */
function historyReports() {
  return db
    .selectFrom("concernReports as r")
    .innerJoin("organisations as d", "d.id", "r.districtId")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .select([
      "r.id",
      "r.status",
      "r.reference",
      "r.receivedAt",
      "r.arrivedAt",
      "r.acknowledgedAt",
      "r.closedAt",
      "d.name as districtName",
      "s.name as schoolName",
      termOf("r.arrivedAt").as("term"),
    ])
    .where("r.submissionKey", "is not", null);
}

describe("demo history", () => {
  it("gives every district and school figures in every term, all of it finished", async () => {
    const before = Date.now();
    await seedDemo(db, { history: true });
    // The seed stays quick: the demo alone takes a few seconds on a busy machine.
    expect(Date.now() - before).toBeLessThan(15_000);
    const now = new Date();
    const { terms } = historyTerms(stockholmDate(now));
    const whole = terms.filter((t) => t.share === 1).map((t) => t.code);
    expect(whole).toHaveLength(4);

    const reports = await historyReports().execute();
    expect(reports.length).toBeGreaterThan(150);
    for (const r of reports) {
      expect(r.status, r.reference!).toBe("closed");
      expect(r.closedAt!.getTime()).toBeLessThan(now.getTime());
    }
    // At least five reports a district and whole term, so the small-number rule hides nothing.
    for (const district of [
      "Norrstrands stadsdelsförvaltning",
      "Centrums stadsdelsförvaltning",
      "Söderåsens stadsdelsförvaltning",
    ]) {
      for (const term of whole) {
        const n = reports.filter((r) => r.districtName === district && r.term === term).length;
        expect(n, `${district} ${term}`).toBeGreaterThanOrEqual(5);
      }
    }

    // Norrstrand acknowledges in time far more often than Söderås, which improves.
    const onTimeShare = (district: string, term?: string) => {
      const own = reports.filter(
        (r) => r.districtName === district && (term === undefined || r.term === term),
      );
      const onTime = own.filter(
        (r) => stockholmDate(r.acknowledgedAt!) <= acknowledgementDueOn(r.arrivedAt!),
      );
      return onTime.length / own.length;
    };
    expect(onTimeShare("Norrstrands stadsdelsförvaltning")).toBeGreaterThan(0.8);
    expect(onTimeShare("Söderåsens stadsdelsförvaltning")).toBeLessThan(0.7);
    expect(onTimeShare("Söderåsens stadsdelsförvaltning")).toBeGreaterThan(0.35);
    expect(onTimeShare("Söderåsens stadsdelsförvaltning", whole.at(-1))).toBeGreaterThan(
      onTimeShare("Söderåsens stadsdelsförvaltning", whole[0]),
    );

    // References in order of receipt, and the history's before the demo's own.
    const all = await db
      .selectFrom("concernReports")
      .select(["reference", "receivedAt"])
      .where("receivedAt", "is not", null)
      .orderBy("receivedAt")
      .execute();
    const numbers = all.map((r) => Number(r.reference!.slice(9)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));

    // Cards: each school asked for in every whole term, all accepted or stopped; one school
    // returns few on time.
    const cards = await db
      .selectFrom("schoolCards as c")
      .innerJoin("organisations as s", "s.id", "c.schoolId")
      .innerJoin("children as ch", "ch.id", "c.childId")
      .select(["c.status", "c.term", "c.dueOn", "c.submittedAt", "s.name as schoolName"])
      .where("ch.personalIdentityNumber", "in", HISTORY_IDENTITY_NUMBERS)
      .execute();
    expect(new Set(cards.map((c) => c.status))).toEqual(new Set(["accepted", "stopped"]));
    const schools = [...new Set(cards.map((c) => c.schoolName))];
    expect(schools).toHaveLength(12);
    for (const school of schools) {
      for (const term of whole) {
        const n = cards.filter((c) => c.schoolName === school && c.term === term).length;
        expect(n, `${school} ${term}`).toBeGreaterThanOrEqual(4);
      }
    }
    const returnedOnTime = (school: string) => {
      const returned = cards.filter((c) => c.schoolName === school && c.submittedAt);
      return (
        returned.filter((c) => stockholmDate(c.submittedAt!) <= (c.dueOn as unknown as string))
          .length / returned.length
      );
    };
    expect(returnedOnTime("Strandängsskolan")).toBeLessThan(0.55);
    for (const school of schools.filter((s) => s !== "Strandängsskolan")) {
      expect(returnedOnTime(school), school).toBeGreaterThan(0.6);
    }

    // Nothing open anywhere: consultations closed, meetings past, no card waiting.
    const open = await db
      .selectFrom("consultations")
      .select("id")
      .where("closedAt", "is", null)
      .execute();
    const demoOpenThreads = 3;
    expect(open.length).toBeLessThanOrEqual(demoOpenThreads);
    const futureMeetings = await db
      .selectFrom("concernReportMeetings as m")
      .innerJoin("concernReports as r", "r.id", "m.reportId")
      .select("m.id")
      .where("r.submissionKey", "is not", null)
      .where("m.startsAt", ">", now)
      .execute();
    expect(futureMeetings).toEqual([]);

    // Contact persons changed this year, and Strandängsskolan's ended.
    const changes = await db
      .selectFrom("contactAssignments")
      .select("id")
      .where("validTo", "is not", null)
      .execute();
    expect(changes.length).toBeGreaterThanOrEqual(3);
  });

  it("gives its children only official test numbers that no other seed and no test uses", async () => {
    await seedDemo(db, { history: true });
    const official = new Set(
      (await readFile(path.resolve("test/fixtures/testpersonnummer.csv"), "utf8"))
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => /^\d{12}$/.test(line)),
    );
    const demo = new Set(
      demoChildren(stockholmDate(new Date())).map((c) => c.personalIdentityNumber),
    );
    const seeded = await db
      .selectFrom("children")
      .select("personalIdentityNumber")
      .where("personalIdentityNumber", "in", HISTORY_IDENTITY_NUMBERS)
      .execute();
    expect(seeded.length).toBeGreaterThan(90);
    const testFiles = (await readdir(path.resolve("test"), { recursive: true })).filter((file) =>
      /\.(ts|tsx)$/.test(file),
    );
    const texts = await Promise.all(
      testFiles.map((file) => readFile(path.resolve("test", file), "utf8")),
    );
    for (const n of HISTORY_IDENTITY_NUMBERS) {
      expect(official.has(n), n).toBe(true);
      expect(demo.has(n), n).toBe(false);
      for (const form of [n, n.slice(2), `${n.slice(0, 8)}-${n.slice(8)}`]) {
        for (const text of texts) expect(text.includes(form), form).toBe(false);
      }
    }
  });

  it("seeding twice adds nothing", async () => {
    await seedDemo(db, { history: true });
    const first = await historyCounts();
    await seedDemo(db, { history: true });
    expect(await historyCounts()).toEqual(first);
  });
});
