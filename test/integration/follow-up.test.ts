/**
 * Follow-up figures (issue 18) on small crafted worlds with known answers: reports, cards,
 * consultations and consent in a district of their own, dated to the day (Easter 2026 among
 * them), counted through the page's own functions; the small-number rule; and scope, where a
 * filter outside what the actor sees is NotFoundError and never the figures.
 */
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { fromStockholmLocal } from "~/lib/dates";
import { stopBoss } from "~/lib/jobs.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  followUpCsv,
  followUpPage,
  followUpYearlyReport,
  parseFollowUpFilter,
  refreshFollowUpFigures,
  type FollowUpFilter,
} from "~/modules/follow-up/follow-up.server";
import { schoolYearPeriod, termPeriod, yearPeriod } from "~/modules/follow-up/period";
import { DEFAULT_AGREEMENT_TEMPLATE } from "../../scripts/seed/agreement-template-text";
import { assignContact } from "~/modules/contacts/contacts.server";
import { createChild } from "../helpers/factories";
import { readPdf } from "../helpers/pdf-text";
import { districtWithStaff, educationWithStaff, schoolWithStaff } from "../helpers/worlds";

afterAll(async () => {
  await stopBoss();
});

const at = (local: string) => fromStockholmLocal(local);
/** A moment after every date below: the figures are asked for "now". */
const NOW = at("2026-12-01T09:00");
const VT2026 = termPeriod("VT2026")!;

let referenceNumber = 90000 + Math.floor(Math.random() * 9000);

interface ReportTimes {
  arrived: string;
  acknowledged?: string;
  decisionOn?: string;
  decisionRecorded?: string;
  outcome?: "opened" | "notOpened" | "alreadyOngoing";
  feedbackRequested?: string;
  feedbackGiven?: string;
  feedbackWithheld?: string;
}

/** A report received by the district, dated as given (Stockholm wall-clock times). */
async function report(
  world: { schoolId: string; districtId: string; reporterId: string },
  times: ReportTimes,
) {
  const arrived = at(times.arrived);
  return db
    .insertInto("concernReports")
    .values({
      reference: `ORO-2026-${referenceNumber++}`,
      status: "received",
      schoolId: world.schoolId,
      districtId: world.districtId,
      createdBy: world.reporterId,
      createdAt: arrived,
      submittedAt: arrived,
      receivedAt: arrived,
      arrivedAt: arrived,
      acknowledgedAt: times.acknowledged ? at(times.acknowledged) : null,
      contactName: times.acknowledged ? "Mottagningen" : null,
      contactPhone: times.acknowledged ? "010-100 00 00" : null,
      decisionOutcome: times.decisionOn ? (times.outcome ?? "opened") : null,
      decisionOn: times.decisionOn ?? null,
      decisionRecordedAt: times.decisionOn
        ? at(times.decisionRecorded ?? `${times.decisionOn}T15:00`)
        : null,
      feedbackRequestedAt: times.feedbackRequested ? at(times.feedbackRequested) : null,
      feedbackGivenAt: times.feedbackGiven ? at(times.feedbackGiven) : null,
      feedbackWithheldAt: times.feedbackWithheld ? at(times.feedbackWithheld) : null,
      feedbackWithheldReason: times.feedbackWithheld ? "Olämpligt just nu." : null,
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
}

interface CardTimes {
  requested: string;
  dueOn: string;
  submitted?: string;
  completionAsked?: string;
  stopped?: string;
}

async function card(
  world: { schoolId: string; districtId: string; caseworkerId: string },
  times: CardTimes,
) {
  const child = await createChild({
    districtId: world.districtId,
    caseworkerUserId: world.caseworkerId,
  });
  const status = times.stopped ? "stopped" : times.submitted ? "returned" : "requested";
  await db
    .insertInto("schoolCards")
    .values({
      childId: child.id,
      districtId: world.districtId,
      schoolId: world.schoolId,
      term: "VT2026",
      dueOn: times.dueOn,
      categories: ["attendance"],
      status,
      requestedBy: world.caseworkerId,
      requestedAt: at(times.requested),
      submittedAt: times.submitted ? at(times.submitted) : null,
      submittedBy: times.submitted ? world.caseworkerId : null,
      completionAskedAt: times.completionAsked ? at(times.completionAsked) : null,
      stoppedAt: times.stopped ? at(times.stopped) : null,
      stoppedReason: times.stopped ? "Samtycket återkallades." : null,
    } as never)
    .execute();
}

async function consultation(
  world: { schoolId: string; districtId: string; reporterId: string; answererId: string },
  asked: string,
  answered: string | null,
) {
  const row = await db
    .insertInto("consultations")
    .values({
      schoolId: world.schoolId,
      districtId: world.districtId,
      subject: "Fråga om frånvaro",
      askedBy: world.reporterId,
      askedAt: at(asked),
    } as never)
    .returning("id")
    .executeTakeFirstOrThrow();
  if (answered) {
    await db
      .insertInto("consultationMessages")
      .values({
        consultationId: row.id,
        authorUserId: world.answererId,
        side: "district",
        body: "Ring oss gärna.",
        writtenAt: at(answered),
      } as never)
      .execute();
  }
}

function filterFor(period = VT2026, narrowing: Partial<FollowUpFilter["narrowing"]> = {}) {
  return {
    period,
    narrowing: { districtId: "", schoolId: "", operatorType: "" as const, ...narrowing },
  };
}

function table(page: Awaited<ReturnType<typeof followUpPage>>, id: string) {
  const found = page.tables.find((t) => t.id === id);
  if (!found) throw new Error(`no table ${id}`);
  const header = found.columns.map((c) => c.label);
  const cell = (cells: string[] | null, label: string) => cells?.[header.indexOf(label)];
  return {
    ...found,
    total: (label: string) => cell(found.total, label),
    row: (name: string, label: string) =>
      cell(found.rows.find((r) => r.name === name)?.cells ?? null, label),
  };
}

let district: { id: string; name: string };
let otherDistrict: { id: string; name: string };
let school: { id: string; name: string };
let smallSchool: { id: string; name: string };
let otherSchool: { id: string; name: string };
let manager: Actor;
let otherManager: Actor;
let principal: Actor;
let otherPrincipal: Actor;
let educationManager: Actor;
let caseworkerId: string;
let intakeId: string;

beforeAll(async () => {
  const ours = await districtWithStaff({
    staff: { manager: "districtManager", caseworker: "caseworker", intake: "intakeOfficer" },
  });
  district = ours.district;
  manager = ours.manager;
  caseworkerId = ours.caseworker.user.id;
  intakeId = ours.intake.user.id;
  const theirs = await districtWithStaff({ staff: { otherManager: "districtManager" } });
  otherDistrict = theirs.district;
  otherManager = theirs.otherManager;
  const big = await schoolWithStaff({
    districtId: district.id,
    name: `Storskolan ${district.id.slice(0, 6)}`,
    staff: { principal: "principal", counsellor: "studentHealth" },
  });
  school = big.school;
  principal = big.principal;
  const small = await schoolWithStaff({
    districtId: district.id,
    name: `Lillskolan ${district.id.slice(0, 6)}`,
    operatorType: "independent",
    staff: { smallPrincipal: "principal" },
  });
  smallSchool = small.school;
  const other = await schoolWithStaff({
    districtId: otherDistrict.id,
    staff: { otherPrincipal: "principal" },
  });
  otherSchool = other.school;
  otherPrincipal = other.otherPrincipal;
  const education = await educationWithStaff({ staff: { chief: "educationManager" } });
  educationManager = education.chief;

  const big4 = {
    schoolId: school.id,
    districtId: district.id,
    reporterId: big.counsellor.user.id,
  };
  // Maundy Thursday 2026 is 2 April; Good Friday, Easter Sunday and Monday follow: the next
  // working day after the Thursday is Tuesday 7 April.
  await report(big4, {
    arrived: "2026-04-02T10:00",
    acknowledged: "2026-04-07T09:00",
    // 14 days after 2 April is Thursday 16 April, a working day.
    decisionOn: "2026-04-16",
    feedbackRequested: "2026-04-03T08:00",
    // A week after the decision: 23 April.
    feedbackGiven: "2026-04-23T16:00",
  });
  await report(big4, {
    arrived: "2026-04-02T11:00",
    acknowledged: "2026-04-08T09:00",
    decisionOn: "2026-04-17",
    feedbackRequested: "2026-04-03T08:00",
    // Due 24 April, a week after the decision on the 17th: late.
    feedbackGiven: "2026-04-30T10:00",
  });
  await report(big4, {
    // A Friday; Monday is the next working day.
    arrived: "2026-03-06T15:00",
    acknowledged: "2026-03-09T08:00",
    decisionOn: "2026-03-10",
    decisionRecorded: "2026-03-10T11:00",
    // Asked after the decision was recorded: due at once, the same day.
    feedbackRequested: "2026-03-12T09:00",
    feedbackGiven: "2026-03-12T14:00",
  });
  await report(big4, {
    arrived: "2026-05-04T09:00",
    acknowledged: "2026-05-04T13:00",
    decisionOn: "2026-05-05",
    feedbackRequested: "2026-05-04T10:00",
    feedbackWithheld: "2026-05-06T10:00",
  });
  // The small school's two reports, one not yet acknowledged.
  const small2 = {
    schoolId: smallSchool.id,
    districtId: district.id,
    reporterId: small.smallPrincipal.user.id,
  };
  await report(small2, { arrived: "2026-02-10T09:00", acknowledged: "2026-02-11T09:00" });
  await report(small2, { arrived: "2026-02-12T09:00" });
  // Outside the term: not counted in VT 2026.
  await report(big4, { arrived: "2025-12-30T09:00", acknowledged: "2025-12-30T10:00" });
  // Another district's report, that nobody of ours may count.
  await report(
    {
      schoolId: otherSchool.id,
      districtId: otherDistrict.id,
      reporterId: other.otherPrincipal.user.id,
    },
    { arrived: "2026-03-03T09:00", acknowledged: "2026-03-03T10:00" },
  );

  const cards = {
    schoolId: school.id,
    districtId: district.id,
    caseworkerId: ours.caseworker.user.id,
  };
  // Returned after 4, 10 and 20 days; the last after its due date. One stopped, one still open
  // with its due date passed, one open and not yet due (the "now" of a test is 1 Dec 2026).
  await card(cards, {
    requested: "2026-02-01T10:00",
    dueOn: "2026-02-20",
    submitted: "2026-02-05T10:00",
  });
  await card(cards, {
    requested: "2026-02-01T10:00",
    dueOn: "2026-02-20",
    submitted: "2026-02-11T10:00",
    completionAsked: "2026-02-12T10:00",
  });
  await card(cards, {
    requested: "2026-03-01T10:00",
    dueOn: "2026-03-15",
    submitted: "2026-03-21T10:00",
  });
  await card(cards, {
    requested: "2026-03-01T10:00",
    dueOn: "2026-03-15",
    stopped: "2026-03-05T10:00",
  });
  await card(cards, { requested: "2026-04-01T10:00", dueOn: "2026-04-20" });
  await card(cards, { requested: "2026-06-29T10:00", dueOn: "2027-01-20" });

  const talk = {
    schoolId: school.id,
    districtId: district.id,
    reporterId: big.counsellor.user.id,
    answererId: ours.intake.user.id,
  };
  // Asked on Maundy Thursday, answered on Tuesday after Easter: one working day.
  await consultation(talk, "2026-04-02T09:00", "2026-04-07T09:00");
  // Monday to Thursday: three working days.
  await consultation(talk, "2026-03-02T09:00", "2026-03-05T09:00");
  await consultation(talk, "2026-03-02T09:00", null);
});

describe("the district's figures, as its manager sees them", () => {
  it("counts reports by the working-day calendar: a report on Maundy Thursday acknowledged the Tuesday after Easter is on time", async () => {
    const page = await followUpPage(manager, filterFor(), NOW);
    const reports = table(page, "anmalningar");
    // The district's own totals are shown whole, small as they are.
    expect(reports.total("Inkomna")).toBe("6");
    // On time: Maundy Thursday → Tuesday, Friday → Monday, same day, next day. Late: Wednesday
    // after Easter. Not acknowledged: one.
    expect(reports.total("Bekräftade i tid")).toBe("4");
    expect(reports.total("Andel bekräftade i tid")).toBe("67 %");
    // 16 April is in time for a report received 2 April; the 17th is not.
    expect(reports.total("Beslut inom 14 dagar")).toBe("3");
    expect(reports.total("Återkoppling begärd")).toBe("4");
    // In time: a week after the decision (23 April), and at once when asked after it.
    expect(reports.total("Återkoppling i tid")).toBe("2");
    expect(reports.total("Återkoppling lämnas inte")).toBe("1");
  });

  it("shows each school of the district by the small-number rule, and the district's total whole", async () => {
    const page = await followUpPage(manager, filterFor(), NOW);
    const reports = table(page, "anmalningar");
    expect(reports.row(school.name, "Inkomna")).toBe("färre än 5");
    expect(reports.row(smallSchool.name, "Inkomna")).toBe("färre än 5");
    // A share of fewer than five is not shown.
    expect(reports.row(school.name, "Andel bekräftade i tid")).toBe("–");
    expect(reports.masked).toBe(true);
    // The other district's school is not among the rows.
    expect(reports.rows.map((r) => r.name)).not.toContain(otherSchool.name);
  });

  it("counts school cards: returned, on time, the median days, completion and stopped", async () => {
    const page = await followUpPage(manager, filterFor(), NOW);
    const cards = table(page, "skolkort");
    expect(cards.total("Begärda")).toBe("6");
    expect(cards.total("Återlämnade")).toBe("3");
    expect(cards.total("I tid")).toBe("2");
    // Two in time of four due (three returned, one open past its date); the stopped card and the
    // one not yet due do not count.
    expect(cards.total("Andel i tid")).toBe("50 %");
    expect(cards.total("Mediantid till inlämning (dagar)")).toBe("10");
    expect(cards.total("Komplettering begärd")).toBe("1");
    expect(cards.total("Stoppade")).toBe("1");
  });

  it("counts consultations and the median working days to the first answer, Easter excluded", async () => {
    const page = await followUpPage(manager, filterFor(), NOW);
    const talks = table(page, "moten-och-konsultation");
    expect(talks.total("Konsultationer")).toBe("3");
    expect(talks.total("Besvarade")).toBe("2");
    // One working day (Thursday before Easter to Tuesday after) and three: the median is two.
    expect(talks.total("Median arbetsdagar till svar")).toBe("2");
    const tile = page.tiles.find((t) => t.id === "konsultation-svarstid");
    expect(tile?.value).toBe("2");
  });

  it("compares with the term before, and follows the last six terms", async () => {
    const page = await followUpPage(manager, filterFor(), NOW);
    expect(page.previous.code).toBe("HT2025");
    const trend = table(page, "utveckling");
    expect(trend.rows.map((r) => r.name)).toEqual([
      "HT 2023",
      "VT 2024",
      "HT 2024",
      "VT 2025",
      "HT 2025",
      "VT 2026",
    ]);
    expect(trend.row("VT 2026", "Inkomna anmälningar")).toBe("6");
    expect(trend.row("HT 2025", "Inkomna anmälningar")).toBe("1");
    // The tile: 67 % now, 100 % of one report in HT 2025.
    const tile = page.tiles.find((t) => t.id === "bekraftade-i-tid");
    expect(tile?.value).toBe("67 %");
    expect(tile?.change).toBe("−33 procentenheter mot HT 2025");
    expect(page.trendChart.series[1]!.points.map((p) => p.label)).toEqual([
      "HT 2025: 100 %",
      "VT 2026: 67 %",
    ]);
  });
});

describe("contact persons", () => {
  it("lists the schools without a contact person, and counts this year's changes of one", async () => {
    const tile = (page: Awaited<ReturnType<typeof followUpPage>>) =>
      page.tiles.find((t) => t.id === "utan-kontaktperson")!;
    const before = await followUpPage(manager, filterFor(), NOW);
    expect(before.withoutContact!.map((s) => s.name)).toContain(school.name);
    expect(tile(before).change).toBe("0 byten av kontaktperson i år");

    await assignContact(manager, {
      schoolId: school.id,
      contactUserId: caseworkerId,
      deputyUserId: null,
    });
    const first = await followUpPage(manager, filterFor(), NOW);
    expect(first.withoutContact!.map((s) => s.name)).not.toContain(school.name);
    // A school's first contact person is no change.
    expect(tile(first).change).toBe("0 byten av kontaktperson i år");
    await assignContact(manager, {
      schoolId: school.id,
      contactUserId: intakeId,
      deputyUserId: null,
    });
    const changed = await followUpPage(manager, filterFor(), NOW);
    expect(tile(changed).change).toBe("1 byte av kontaktperson i år");
    expect(tile(changed).value).toBe(String(Number(tile(before).value) - 1));
    // Another district's manager counts none of it.
    expect(tile(await followUpPage(otherManager, filterFor(), NOW)).change).toBe(
      "0 byten av kontaktperson i år",
    );
  });
});

describe("the small-number rule for those who see other organisations", () => {
  it("shows the education manager the district's small counts as fewer than five", async () => {
    const page = await followUpPage(
      educationManager,
      filterFor(VT2026, { districtId: district.id }),
      NOW,
    );
    const reports = table(page, "anmalningar");
    // Narrowed to one district, even the total is another organisation's figure.
    expect(reports.total("Inkomna")).toBe("6");
    expect(reports.total("Bekräftade i tid")).toBe("färre än 5");
    expect(reports.row(school.name, "Inkomna")).toBe("färre än 5");
    const cards = table(page, "skolkort");
    expect(cards.total("Stoppade")).toBe("färre än 5");
    expect(cards.total("Andel i tid")).toBe("–");
  });

  it("writes the CSV as the page shows it: semicolons, a byte-order mark, the rule applied", async () => {
    const file = await followUpCsv(
      educationManager,
      filterFor(VT2026, { districtId: district.id }),
      NOW,
      "anmalningar",
    );
    expect(file).not.toBeNull();
    expect(file!.fileName).toBe("uppfoljning-anmalningar-VT2026.csv");
    expect(file!.csv.startsWith("\uFEFFAnmälande skola;Inkomna;")).toBe(true);
    expect(file!.csv).toContain(`${school.name};färre än 5;`);
    expect(file!.csv).toContain("Totalt;6;färre än 5;");
    expect(await followUpCsv(educationManager, filterFor(), NOW, "finns-inte")).toBeNull();
  });
});

describe("the agreement's follow-up section", () => {
  it("names figures that the principal's and the district manager's pages show by those names", async () => {
    const section = DEFAULT_AGREEMENT_TEMPLATE.sections.find(
      (s) => s.heading === "Uppföljning av överenskommelsen",
    );
    const named = [...(section?.body ?? "").matchAll(/”([^”]+)”/g)].map((m) => m[1]!);
    expect(named).toEqual([
      "Anmälningar bekräftade senast nästa arbetsdag",
      "Återkoppling i tid",
      "Skolkort inlämnade i tid",
      "Mediantid till inlämning (dagar)",
      "Median arbetsdagar till svar på konsultation",
      "Andel hållna samverkansmöten",
    ]);
    for (const actor of [principal, manager]) {
      const page = await followUpPage(actor, filterFor(), NOW);
      const labels = new Set([
        ...page.tiles.map((t) => t.label),
        ...page.tables.flatMap((t) => t.columns.map((c) => c.label)),
      ]);
      for (const name of named) expect(labels, `${actor.user.email}: ${name}`).toContain(name);
    }
  });
});

describe("scope", () => {
  const url = (query: string) => new URL(`http://portal.test/uppfoljning?${query}`);

  it("gives a principal their own school's figures and nothing of another school", async () => {
    const page = await followUpPage(principal, filterFor(), NOW);
    expect(page.scope).toBe("school");
    // The school's own: four reports, shown whole.
    expect(table(page, "anmalningar").total("Inkomna")).toBe("4");
    expect(table(page, "anmalningar").total("Bekräftade i tid")).toBe("3");
    expect(page.tables.map((t) => t.id)).not.toContain("samtycke");

    const other = await followUpPage(otherPrincipal, filterFor(), NOW);
    expect(table(other, "anmalningar").total("Inkomna")).toBe("1");
  });

  it("answers not found to a principal asking for another school or a district, by address", async () => {
    for (const query of [
      `skola=${otherSchool.id}`,
      `skola=${smallSchool.id}`,
      `forvaltning=${district.id}`,
      "skola=inte-ett-id",
    ]) {
      await expect(parseFollowUpFilter(principal, url(query), NOW), query).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    const own = await parseFollowUpFilter(principal, url(`skola=${school.id}`), NOW);
    expect(own.filter.narrowing.schoolId).toBe(school.id);
  });

  it("answers not found to a district manager asking for another district or its school", async () => {
    for (const query of [`forvaltning=${otherDistrict.id}`, `skola=${otherSchool.id}`]) {
      await expect(parseFollowUpFilter(manager, url(query), NOW), query).rejects.toBeInstanceOf(
        NotFoundError,
      );
    }
    await expect(
      parseFollowUpFilter(otherManager, url(`skola=${school.id}`), NOW),
    ).rejects.toBeInstanceOf(NotFoundError);
    const { filter, form } = await parseFollowUpFilter(manager, url(`skola=${school.id}`), NOW);
    expect(filter.narrowing.schoolId).toBe(school.id);
    expect(form.schools.map((s) => s.id).sort()).toEqual([school.id, smallSchool.id].sort());
  });

  it("answers not found to the education manager asking for a school outside the chosen district", async () => {
    await expect(
      parseFollowUpFilter(
        educationManager,
        url(`forvaltning=${district.id}&skola=${otherSchool.id}`),
        NOW,
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("keeps a wrongly typed period beside its field and shows the current term meanwhile", async () => {
    const { filter, form } = await parseFollowUpFilter(
      manager,
      url("period=egen&fran=2026-02-30&till=2026-06-30"),
      NOW,
    );
    expect(form.error).toEqual({
      field: "fran",
      message: "Ange första dagen som ÅÅÅÅ-MM-DD, till exempel 2026-01-01.",
    });
    expect(form.from).toBe("2026-02-30");
    expect(form.to).toBe("2026-06-30");
    expect(filter.period.code).toBe("HT2026");
  });

  it("counts nothing of other districts for a district manager, whatever the period", async () => {
    const page = await followUpPage(otherManager, filterFor(), NOW);
    expect(table(page, "anmalningar").total("Inkomna")).toBe("1");
    expect(table(page, "skolkort").total("Begärda")).toBe("0");
  });
});

describe("the yearly report", () => {
  it("puts the year's figures, a text per area and the charts in a PDF, with no child in it", async () => {
    const { pdf, fileName } = await followUpYearlyReport(manager, filterFor(), 2026, NOW);
    expect(fileName).toBe("samverkansrapport-2026.pdf");
    const { doc, texts } = await readPdf(pdf);
    const text = texts.join("\n");
    expect(doc.getTitle()).toBe("Samverkansrapport 2026");
    expect(text).toContain("Samverkansrapport 2026");
    expect(text).toContain("Orosanmälningar, År 2026");
    // The area's text, from the same totals as the page: the six reports of 2026.
    expect(text).toContain("6 orosanmälningar kom in.");
    expect(text).toContain("Andelen som bekräftades senast nästa arbetsdag var 67 %.");
    expect(text).toContain("Heldragen linje: Skolkort inlämnade i tid");
    expect(text).not.toContain(otherSchool.name);
  });

  it("is refused for a year to come", async () => {
    await expect(followUpYearlyReport(manager, filterFor(), 2027, NOW)).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});

// Last: from here on the pages read the night's count.
describe("the night's count", () => {
  type Page = Awaited<ReturnType<typeof followUpPage>>;
  const view = (page: Page) => ({
    tiles: page.tiles.map((t) => [t.label, t.value, t.change]),
    tables: page.tables.map((t) => ({ id: t.id, rows: t.rows, total: t.total, masked: t.masked })),
    withoutContact: page.withoutContact,
  });

  it("gives every page the live queries' figures, for terms, school years and calendar years", async () => {
    const views: [Actor, FollowUpFilter][] = [];
    const periods = [VT2026, termPeriod("HT2025")!, schoolYearPeriod(2025), yearPeriod(2026)];
    for (const period of periods) {
      for (const actor of [manager, otherManager, principal, otherPrincipal, educationManager]) {
        views.push([actor, filterFor(period)]);
      }
      views.push([educationManager, filterFor(period, { districtId: district.id })]);
      views.push([educationManager, filterFor(period, { schoolId: school.id })]);
      views.push([educationManager, filterFor(period, { operatorType: "municipal" })]);
    }
    await sql`delete from follow_up_rollup`.execute(db);
    const live = [];
    for (const [actor, filter] of views) live.push(view(await followUpPage(actor, filter, NOW)));
    expect(live[0]!.tables.find((t) => t.id === "anmalningar")!.total).not.toEqual(
      live[1]!.tables.find((t) => t.id === "anmalningar")!.total,
    );

    const state = await refreshFollowUpFigures(NOW);
    expect(state).toMatchObject({ firstTerm: "VT2021", lastTerm: "HT2026" });
    for (const [i, [actor, filter]] of views.entries()) {
      const page = await followUpPage(actor, filter, NOW);
      expect(view(page), `${actor.user.email} ${filter.period.code}`).toEqual(live[i]);
    }
  });

  it("shows a term's figures as counted, and a range of dates live, until the next count", async () => {
    const counted = new Date(NOW.getTime() - 3600_000);
    await refreshFollowUpFigures(counted);
    const received = (page: Page) => table(page, "anmalningar").total("Inkomna");
    const before = await followUpPage(manager, filterFor(), NOW);
    expect(before.asOf).toBe(counted.toISOString());
    await report(
      { schoolId: school.id, districtId: district.id, reporterId: principal.user.id },
      { arrived: "2026-05-12T10:00", acknowledged: "2026-05-12T13:00" },
    );
    expect(received(await followUpPage(manager, filterFor(), NOW))).toBe(received(before));
    const range = await parseFollowUpFilter(
      manager,
      new URL("http://portal.test/uppfoljning?period=egen&fran=2026-01-01&till=2026-06-30"),
      NOW,
    );
    const live = await followUpPage(manager, range.filter, NOW);
    expect(live.asOf).toBe(NOW.toISOString());
    expect(Number(received(live))).toBe(Number(received(before)) + 1);

    // Two counts at once (two portal processes starting) both finish, one after the other.
    await Promise.all([refreshFollowUpFigures(NOW), refreshFollowUpFigures(NOW)]);
    expect(received(await followUpPage(manager, filterFor(), NOW))).toBe(received(live));
  });
});
