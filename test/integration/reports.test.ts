/**
 * Reports of concern and their feedback (issue 7) against the real database: sending (straight to
 * intake, or first to the principal for a co-signature), drafts and their versions, who sees a
 * report on each side (everyone else: NotFoundError, on the views and on every action), the
 * feedback seen only by the sender and the principal, the three outcomes and the database's
 * guards, the password asked again before feedback, the decision's date, acknowledging,
 * forwarding, meetings, notes and closing, the inbox's deadlines, the audit trail, and e-mails that
 * never carry the child or the report.
 */
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  acknowledgeReport,
  addReportNote,
  answerMeeting,
  closeReport,
  cosignReport,
  deleteReportDraft,
  forwardReport,
  getIntakeReport,
  getReportDraft,
  getReportFormContext,
  getSchoolReport,
  getSchoolRoutine,
  giveFeedback,
  inboxSummary,
  listInbox,
  listSchoolReports,
  proposeMeeting,
  recordDecision,
  recordProtectionAssessment,
  requestFeedback,
  saveReportDraft,
  sendWithoutCosign,
  withholdFeedback,
  saveSchoolRoutine,
  submitReport,
  type ReportContext,
} from "~/modules/reports/reports.server";
import { formResponse } from "~/lib/read-form.server";
import { handleReportForm } from "~/modules/reports/report-form.server";
import { reportDraftSchema, reportSchema, type ReportValues } from "~/modules/reports/schema";
import {
  createActor,
  createDistrict,
  createSchool,
  nextOfficialTestNumber,
  TEST_PASSWORD,
} from "../helpers/factories";
import { districtWithStaff, schoolWithStaff } from "../helpers/worlds";

// --- Time ------------------------------------------------------------------------------------
// Thursday 2 April 2026, 10:00 in Stockholm: the Thursday before Easter (Långfredagen 3 April,
// Annandag påsk 6 April), so the acknowledgement is due on Tuesday 7 April.
const RECEIVED = new Date("2026-04-02T08:00:00Z");
const NEXT_DAY = new Date("2026-04-03T07:00:00Z");
const DECISION_DAY = new Date("2026-04-10T09:00:00Z");
const LATER = new Date("2026-04-20T09:00:00Z");
const MEETING_AT = new Date("2026-04-09T08:00:00Z");

const ctx = (now: Date, requestId: string | null = null): ReportContext => ({ now, requestId });

const CLIENT = "198.51.100.23";
const NO_PASSWORD = { password: null, clientAddress: CLIENT };
const WRONG_PASSWORD = { password: "Fel-lösenord-123", clientAddress: CLIENT };
const RIGHT_PASSWORD = { password: TEST_PASSWORD, clientAddress: CLIENT };

// --- The world -------------------------------------------------------------------------------

const LETTERS = "bcdfghjklmnpqrstvwxz";
let counter = 0;
/** A short word of consonants (never hex, so never part of an id in a link). */
function tag(): string {
  let n = counter++ + 8000;
  let word = "";
  while (n > 0) {
    word += LETTERS[n % LETTERS.length];
    n = Math.floor(n / LETTERS.length);
  }
  return word;
}

async function setRoutine(
  schoolId: string,
  routine: { cosign?: boolean; studentHealth?: boolean },
): Promise<void> {
  await db
    .updateTable("organisations")
    .set({
      ...(routine.cosign === undefined ? {} : { reportCosignRequired: routine.cosign }),
      ...(routine.studentHealth === undefined
        ? {}
        : { reportStudentHealthAccess: routine.studentHealth }),
    })
    .where("id", "=", schoolId)
    .execute();
}

async function world() {
  const t = tag();
  const intakeEmail = `mottagning.norra.${t}@kommun.test`;
  const otherIntakeEmail = `mottagning.sodra.${t}@kommun.test`;
  const { district, exIntake, ...ours } = await districtWithStaff({
    name: `Norra stadsdelen ${t}`,
    contact: { intakePhone: "08-508 100 00", intakeEmail, outOfHoursPhone: "08-508 999 99" },
    staff: {
      exIntake: "intakeOfficer",
      intake: { role: "intakeOfficer", name: "Ida Intag" },
      intake2: { role: "intakeOfficer", name: "Ivar Intag" },
      manager: { role: "districtManager", name: "Maria Chef" },
      caseworker: "caseworker",
    },
  });
  await db
    .updateTable("memberships")
    .set({ endedAt: sql`now()` })
    .where("id", "=", exIntake.membership.id)
    .execute();
  const { district: otherDistrict, ...theirs } = await districtWithStaff({
    name: `Södra stadsdelen ${t}`,
    contact: { intakePhone: "08-508 200 00", intakeEmail: otherIntakeEmail },
    staff: {
      otherIntake: { role: "intakeOfficer", name: "Sara Intag" },
      otherManager: "districtManager",
      otherCaseworker: "caseworker",
    },
  });
  // School A asks for the principal's co-signature; the direct school does not; school B (same
  // district) lets its student health see its reports.
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    name: `Ekskolan ${t}`,
    staff: {
      sender: { role: "mentor", name: "Maja Mentor" },
      principal: { role: "principal", name: "Per Rektor" },
      otherMentor: { role: "mentor", name: "Mats Mentor" },
      studentHealth: { role: "studentHealth", name: "Kim Kurator" },
    },
  });
  const { school: directSchool, directMentor } = await schoolWithStaff({
    districtId: district.id,
    name: `Björkskolan ${t}`,
    staff: { directMentor: { role: "mentor", name: "Mira Mentor" } },
  });
  const { school: otherSchool, ...otherSchoolStaff } = await schoolWithStaff({
    districtId: district.id,
    name: `Lindskolan ${t}`,
    staff: { principalB: "principal", mentorB: "mentor", studentHealthB: "studentHealth" },
  });
  await setRoutine(school.id, { cosign: true, studentHealth: false });
  await setRoutine(otherSchool.id, { studentHealth: true });
  return {
    // The row's intake contact, typed as set (the test compares it with e-mail recipients).
    district: { ...district, intakeEmail, intakePhone: "08-508 100 00" },
    otherDistrict: {
      ...otherDistrict,
      intakeEmail: otherIntakeEmail,
      intakePhone: "08-508 200 00",
    },
    school,
    directSchool,
    otherSchool,
    ...schoolStaff,
    directMentor,
    ...otherSchoolStaff,
    exIntake,
    ...ours,
    ...theirs,
  };
}
type World = Awaited<ReturnType<typeof world>>;

// --- Reports and what must never leave them ---------------------------------------------------

/** Every child name, identity number (as stored and as typed) and report text of this file. */
const secrets = new Set<string>();

function keepSecret(...values: (string | null | undefined)[]) {
  for (const value of values) if (value) secrets.add(value);
}

function numberForms(n: string): string[] {
  return [n, n.slice(2), `${n.slice(0, 8)}-${n.slice(8)}`, `${n.slice(2, 8)}-${n.slice(8)}`];
}

/** A complete report about a child with an official test number, its texts kept as secrets. */
function newReport(overrides: Record<string, unknown> = {}) {
  const t = tag();
  const surname = `${t[0]!.toUpperCase()}${t.slice(1)}ström`;
  const number = nextOfficialTestNumber();
  const values: ReportValues = reportSchema.parse({
    childName: `Tindra ${surname}`,
    childIdentityNumber: `${number.slice(2, 8)}-${number.slice(8)}`,
    classYear: "7B",
    concern: `Tindra berättar att hon inte får äta hemma på kvällarna ${t}.`,
    observations: `Hon kommer hungrig och har blåmärken på underarmarna ${t}.`,
    observedWhen: "Sedan början av mars",
    observedBy: "Mentorn",
    guardiansInformed: "no",
    guardiansNotInformedReason: `Det kan göra det farligare för henne hemma ${t}.`,
    otherChildren: `En lillebror går i förskoleklass på skolan ${t}.`,
    reporterName: "Maja Mentor",
    reporterRole: "Mentor",
    reporterPhone: "08-123 45 67",
    wantsFeedback: true,
    wantsMeeting: true,
    ...overrides,
  });
  keepSecret(
    values.childName,
    surname,
    values.concern,
    values.observations,
    values.guardiansNotInformedReason,
    values.otherChildren,
    values.childDescription,
    ...numberForms(number),
  );
  return { values, number };
}
type NewReport = ReturnType<typeof newReport> & { id: string };

/**
 * A report at intake, received at `now`: written by the sender at school A, whose routine asks
 * for the principal's co-signature, and co-signed by the principal (so the principal has had the
 * co-signature e-mail; the sender has had none).
 */
async function receivedReport(
  w: World,
  options: { wantsFeedback?: boolean; now?: Date; sender?: Actor } = {},
): Promise<NewReport> {
  const report = newReport({ wantsFeedback: options.wantsFeedback ?? true });
  const now = options.now ?? RECEIVED;
  const sent = await submitReport(options.sender ?? w.sender, null, report.values, ctx(now));
  expect(sent).toMatchObject({ kind: "sent", awaitingCosign: true });
  expect(await cosignReport(w.principal, sent.reportId, ctx(now))).toEqual({ kind: "cosigned" });
  return { ...report, id: sent.reportId };
}

async function reportRow(id: string) {
  return db
    .selectFrom("concernReports")
    .selectAll()
    .select(sql<string | null>`to_char(decision_on, 'YYYY-MM-DD')`.as("decisionOnText"))
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function eventKinds(reportId: string) {
  const rows = await db
    .selectFrom("concernReportEvents")
    .select("kind")
    .where("reportId", "=", reportId)
    .orderBy("seq")
    .execute();
  return rows.map((r) => r.kind);
}

async function allEmails() {
  return db
    .selectFrom("emails")
    .select(["id", "recipient", "template", "subject", "html", "textBody"])
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
}

/** The e-mails whose link points at the report. */
async function emailsAbout(reportId: string) {
  return (await allEmails()).filter((e) => e.textBody?.includes(reportId));
}

function recipients(emails: { recipient: string; template: string }[], template: string) {
  return emails
    .filter((e) => e.template === template)
    .map((e) => e.recipient)
    .sort();
}

const sorted = (values: string[]) => [...values].sort();

/** No e-mail in the outbox names a child, carries an identity number or quotes a report. */
async function expectOutboxFreeOfChildData() {
  const emails = await allEmails();
  expect(emails.length).toBeGreaterThan(0);
  expect(secrets.size).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const email of emails) {
    const html = email.html ?? "";
    const text = [email.subject, html, html.replace(/<!-- -->/g, ""), email.textBody ?? ""].join(
      "\n",
    );
    for (const secret of secrets) {
      if (text.includes(secret)) leaks.push(`${email.template} to ${email.recipient}: ${secret}`);
    }
  }
  expect(leaks).toEqual([]);
}

async function expectNotFound(promise: Promise<unknown>, label: string) {
  await expect(promise, label).rejects.toBeInstanceOf(NotFoundError);
}

/** An actor whose login is a minute old at `now`: no step-up needed. */
function freshLogin(actor: Actor, now: Date): Actor {
  return {
    ...actor,
    session: { ...actor.session, authenticatedAt: new Date(now.getTime() - 60_000) },
  };
}

/** An actor with a real session whose login is ten minutes old at `now`. */
async function staleLogin(actor: Actor, now: Date): Promise<Actor> {
  const authenticatedAt = new Date(now.getTime() - 10 * 60_000);
  const id = `session-${randomUUID()}`;
  await db
    .insertInto("sessions")
    .values({
      id,
      userId: actor.user.id,
      expiresAt: new Date(now.getTime() + 3_600_000),
      activeMembershipId: actor.membership.id,
      authenticatedAt,
    })
    .execute();
  return { ...actor, session: { id, activeMembershipId: actor.membership.id, authenticatedAt } };
}

async function sessionAuthenticatedAt(sessionId: string) {
  const row = await db
    .selectFrom("sessions")
    .select("authenticatedAt")
    .where("id", "=", sessionId)
    .executeTakeFirstOrThrow();
  return row.authenticatedAt;
}

async function meetingIdOf(reportId: string) {
  const row = await db
    .selectFrom("concernReportMeetings")
    .select(["id", "status"])
    .where("reportId", "=", reportId)
    .orderBy("proposedAt", "desc")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Every read and act on a report, as the actor given: each must be NotFoundError for outsiders. */
function everyCall(w: World, reportId: string, meetingId: string) {
  const c = ctx(NEXT_DAY);
  const calls: Record<string, (actor: Actor) => Promise<unknown>> = {
    getSchoolReport: (a) => getSchoolReport(a, reportId, c),
    requestFeedback: (a) => requestFeedback(a, reportId, c),
    answerMeeting: (a) => answerMeeting(a, reportId, meetingId, { answer: "accept", note: "" }, c),
    addReportNote: (a) => addReportNote(a, reportId, "Ett tillägg från skolan.", c),
    cosignReport: (a) => cosignReport(a, reportId, c),
    getIntakeReport: (a) => getIntakeReport(a, reportId, c),
    acknowledgeReport: (a) =>
      acknowledgeReport(a, reportId, { contactName: "Någon", contactPhone: "08-111 111 11" }, c),
    recordProtectionAssessment: (a) => recordProtectionAssessment(a, reportId, c),
    recordDecision: (a) =>
      recordDecision(
        freshLogin(a, NEXT_DAY),
        reportId,
        { outcome: "opened", decisionOn: "2026-04-03" },
        NO_PASSWORD,
        c,
      ),
    giveFeedback: (a) => giveFeedback(freshLogin(a, NEXT_DAY), reportId, NO_PASSWORD, c),
    forwardReport: (a) =>
      forwardReport(
        a,
        reportId,
        { toDistrictId: w.otherDistrict.id, reason: "Barnet bor i en annan stadsdel." },
        c,
      ),
    proposeMeeting: (a) =>
      proposeMeeting(a, reportId, { startsAt: MEETING_AT, place: "Mottagningen, plan 2" }, c),
    closeReport: (a) => closeReport(a, reportId, c),
  };
  return calls;
}

const SCHOOL_CALLS = [
  "getSchoolReport",
  "requestFeedback",
  "answerMeeting",
  "addReportNote",
  "cosignReport",
];
const INTAKE_ACTIONS = [
  "acknowledgeReport",
  "recordProtectionAssessment",
  "recordDecision",
  "giveFeedback",
  "forwardReport",
  "proposeMeeting",
  "closeReport",
];

/** Everything about a report that any call could change. */
async function stateOf(reportId: string) {
  const [report, events, meetings, notes, forwards, emails] = await Promise.all([
    reportRow(reportId),
    eventKinds(reportId),
    db
      .selectFrom("concernReportMeetings")
      .select(["id", "status"])
      .where("reportId", "=", reportId)
      .execute(),
    db.selectFrom("concernReportNotes").select("id").where("reportId", "=", reportId).execute(),
    db.selectFrom("concernReportForwards").select("id").where("reportId", "=", reportId).execute(),
    db
      .selectFrom("emails")
      .select(sql<string>`count(*)`.as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { report, events, meetings, notes, forwards, emails: emails.n };
}

// ---------------------------------------------------------------------------------------------

describe("sending a report", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("without the co-signature routine, a mentor's report goes straight to intake: a reference, received, feedback requested, an e-mail to each intake officer and the intake address", async () => {
    const report = newReport({ wantsFeedback: true });
    const result = await submitReport(w.directMentor, null, report.values, ctx(RECEIVED));
    expect(result).toEqual({ kind: "sent", reportId: expect.any(String), awaitingCosign: false });
    const row = await reportRow(result.reportId);
    expect(row.reference).toMatch(/^ORO-2026-\d{5}$/);
    expect(row).toMatchObject({
      status: "received",
      schoolId: w.directSchool.id,
      districtId: w.district.id,
      createdBy: w.directMentor.user.id,
      submittedAt: RECEIVED,
      receivedAt: RECEIVED,
      cosignRequired: false,
      wantsFeedback: true,
      feedbackRequestedAt: RECEIVED,
      feedbackRequestedBy: w.directMentor.user.id,
    });
    const emails = await emailsAbout(result.reportId);
    expect(recipients(emails, "concernReportToIntake")).toEqual(
      sorted([w.intake.user.email, w.intake2.user.email, w.district.intakeEmail]),
    );
    expect(recipients(emails, "concernReportToSchool")).toEqual([]);
    await expectOutboxFreeOfChildData();
  });

  it("the principal's own report never waits for a co-signature, also when sent from a saved draft", async () => {
    const report = newReport({ wantsFeedback: false, reporterName: "Per Rektor" });
    const saved = await saveReportDraft(w.principal, null, report.values, 0, ctx(RECEIVED));
    expect(saved).toMatchObject({ kind: "saved", version: 0 });
    const reportId = saved.kind === "saved" ? saved.reportId : "";
    const result = await submitReport(w.principal, reportId, report.values, ctx(RECEIVED));
    expect(result).toEqual({ kind: "sent", reportId, awaitingCosign: false });
    const row = await reportRow(reportId);
    expect(row.reference).toMatch(/^ORO-2026-\d{5}$/);
    expect(row).toMatchObject({
      status: "received",
      cosignRequired: false,
      receivedAt: RECEIVED,
      feedbackRequestedAt: null,
    });
    expect(recipients(await emailsAbout(reportId), "concernReportToIntake")).toHaveLength(3);
  });

  it("with the co-signature routine, a mentor's report waits for the principal: no reference, nothing to intake, an e-mail to the principal only", async () => {
    const report = newReport({ wantsFeedback: true });
    const result = await submitReport(w.sender, null, report.values, ctx(RECEIVED));
    expect(result).toEqual({ kind: "sent", reportId: expect.any(String), awaitingCosign: true });
    const row = await reportRow(result.reportId);
    expect(row).toMatchObject({
      status: "awaitingCosign",
      reference: null,
      receivedAt: null,
      submittedAt: RECEIVED,
      cosignRequired: true,
      feedbackRequestedAt: null,
    });
    const emails = await emailsAbout(result.reportId);
    expect(recipients(emails, "concernReportToSchool")).toEqual([w.principal.user.email]);
    expect(recipients(emails, "concernReportToIntake")).toEqual([]);
    await expectNotFound(getIntakeReport(w.intake, result.reportId), "intake before co-signature");
    expect((await listInbox(w.intake, ctx(RECEIVED))).items.map((i) => i.id)).not.toContain(
      result.reportId,
    );
    const asPrincipal = await getSchoolReport(w.principal, result.reportId, ctx(RECEIVED));
    expect(asPrincipal).toMatchObject({
      status: "awaitingCosign",
      access: "principal",
      mayCosign: true,
    });
    expect((await getSchoolReport(w.sender, result.reportId)).mayCosign).toBe(false);
    await expectOutboxFreeOfChildData();
  });

  it("the principal's co-signature hands it to intake: a reference, received, feedback requested, an e-mail to each intake officer and the intake address", async () => {
    const report = newReport({ wantsFeedback: true });
    const sent = await submitReport(w.sender, null, report.values, ctx(RECEIVED));
    const cosignedAt = new Date(RECEIVED.getTime() + 90 * 60_000);
    expect(await cosignReport(w.principal, sent.reportId, ctx(cosignedAt))).toEqual({
      kind: "cosigned",
    });
    const row = await reportRow(sent.reportId);
    expect(row.reference).toMatch(/^ORO-2026-\d{5}$/);
    expect(row).toMatchObject({
      status: "received",
      submittedAt: RECEIVED,
      receivedAt: cosignedAt,
      cosignedBy: w.principal.user.id,
      cosignedAt,
      feedbackRequestedAt: cosignedAt,
      feedbackRequestedBy: w.sender.user.id,
    });
    // Only current intake officers of the school's district, and the district's intake address.
    expect(recipients(await emailsAbout(sent.reportId), "concernReportToIntake")).toEqual(
      sorted([w.intake.user.email, w.intake2.user.email, w.district.intakeEmail]),
    );
    expect(await cosignReport(w.principal, sent.reportId, ctx(cosignedAt))).toEqual({
      kind: "notWaiting",
    });
    expect(await eventKinds(sent.reportId)).toEqual(["submitted", "cosigned", "received"]);
    // Intake reads what the school wrote, the identity number as stored.
    const asIntake = await getIntakeReport(w.intake, sent.reportId, ctx(cosignedAt));
    expect(asIntake.reference).toBe(row.reference);
    expect(asIntake.content).toMatchObject({
      childName: report.values.childName,
      childIdentityNumber: report.number,
      concern: report.values.concern,
    });
    expect(asIntake).toMatchObject({ state: "feedbackRequested", access: "intake", mayAct: true });
    await expectOutboxFreeOfChildData();
  });

  it("a report without a request for feedback has none after the co-signature", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    expect(await reportRow(report.id)).toMatchObject({
      wantsFeedback: false,
      feedbackRequestedAt: null,
      feedbackRequestedBy: null,
    });
    expect((await getSchoolReport(w.sender, report.id)).mayRequestFeedback).toBe(true);
  });

  it("only the school's principal co-signs: anyone else gets NotFoundError and the report waits", async () => {
    const report = newReport();
    const sent = await submitReport(w.sender, null, report.values, ctx(RECEIVED));
    for (const [who, actor] of Object.entries({
      sender: w.sender,
      otherMentor: w.otherMentor,
      studentHealth: w.studentHealth,
      principalB: w.principalB,
      intake: w.intake,
      manager: w.manager,
    })) {
      await expectNotFound(cosignReport(actor, sent.reportId, ctx(RECEIVED)), who);
    }
    expect(await reportRow(sent.reportId)).toMatchObject({
      status: "awaitingCosign",
      reference: null,
    });
  });

  it("the reference takes the year in Stockholm and counts on", async () => {
    const newYear = await receivedReport(w, { now: new Date("2026-12-31T23:30:00Z") });
    const next = await receivedReport(w, { now: new Date("2027-01-01T08:00:00Z") });
    const first = (await reportRow(newYear.id)).reference!;
    const second = (await reportRow(next.id)).reference!;
    expect(first).toMatch(/^ORO-2027-\d{5}$/);
    expect(second).toMatch(/^ORO-2027-\d{5}$/);
    expect(Number(second.slice(-5))).toBeGreaterThan(Number(first.slice(-5)));
  });
});

describe("the timeline", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("shows what happened in the order it happened, also for steps taken in the same moment", async () => {
    // Sending straight to intake records "submitted" and "received" at the same moment; ordered
    // by time and a random id, ten reports would come out right by chance once in 1024.
    const timelines: string[][] = [];
    for (let i = 0; i < 10; i++) {
      const report = newReport({ wantsFeedback: false });
      const sent = await submitReport(w.directMentor, null, report.values, ctx(RECEIVED));
      const view = await getSchoolReport(w.directMentor, sent.reportId, ctx(RECEIVED));
      timelines.push(view.timeline.map((e) => e.kind));
      const intakeView = await getIntakeReport(w.intake, sent.reportId, ctx(RECEIVED));
      timelines.push(intakeView.timeline.map((e) => e.kind));
    }
    expect(timelines).toEqual(Array.from({ length: 20 }, () => ["submitted", "received"]));
  });
});

describe("drafts", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  const draft = (concern: string) =>
    reportDraftSchema.parse({ childName: "Tindra Utkastsson", concern });

  it("a draft with a field over its length is answered with the field's message, keeps every word typed and stores nothing; at the limit in characters (emoji) it is saved", async () => {
    const form = (concern: string, intent = "draft") => {
      const data = new FormData();
      data.set("childName", "Tindra Längdsson");
      data.set("concern", concern);
      data.set("observations", "Hon 😀 sa det i går.");
      data.set("submissionKey", randomUUID());
      data.set("intent", intent);
      return data;
    };
    const count = async () =>
      Number(
        (
          await db
            .selectFrom("concernReports")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("createdBy", "=", w.sender.user.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const tooLong = "😀".repeat(4001);
    // As the route answers: the form's answer, or a redirect once the report is sent.
    const answer = formResponse(
      await handleReportForm(w.sender, null, form(tooLong), ctx(RECEIVED)),
    );
    expect(answer).not.toBeInstanceOf(Response);
    expect(answer).toMatchObject({
      fieldErrors: { concern: "Högst 4000 tecken." },
      values: {
        childName: "Tindra Längdsson",
        concern: tooLong,
        observations: "Hon 😀 sa det i går.",
      },
    });
    expect(await count()).toBe(before);

    // 4 000 emoji are 4 000 characters for zod and for the database alike.
    const atLimit = formResponse(
      await handleReportForm(w.sender, null, form("😀".repeat(4000)), ctx(RECEIVED)),
    );
    expect(atLimit).toBeInstanceOf(Response);
    expect(await count()).toBe(before + 1);
  });

  it("a save on an older version is stale: it stores nothing and says when the newer one was saved", async () => {
    keepSecret("Tindra Utkastsson");
    const first = await saveReportDraft(w.sender, null, draft("Första"), 0, ctx(RECEIVED));
    expect(first).toEqual({ kind: "saved", reportId: expect.any(String), version: 0 });
    const reportId = first.kind === "saved" ? first.reportId : "";
    expect(await saveReportDraft(w.sender, reportId, draft("Andra"), 0, ctx(NEXT_DAY))).toEqual({
      kind: "saved",
      reportId,
      version: 1,
    });
    expect(await saveReportDraft(w.sender, reportId, draft("Tredje"), 0, ctx(LATER))).toEqual({
      kind: "stale",
      savedAt: NEXT_DAY,
    });
    const stored = await getReportDraft(w.sender, reportId);
    expect(stored).toMatchObject({ id: reportId, version: 1, savedAt: NEXT_DAY });
    expect(stored.values.concern).toBe("Andra");
    expect(await saveReportDraft(w.sender, reportId, draft("Tredje"), 1, ctx(LATER))).toEqual({
      kind: "saved",
      reportId,
      version: 2,
    });
  });

  it("a draft is its author's alone: not the principal's, student health's or intake's", async () => {
    await setRoutine(w.school.id, { studentHealth: true });
    const saved = await saveReportDraft(w.sender, null, draft("Utkast"), 0, ctx(RECEIVED));
    const reportId = saved.kind === "saved" ? saved.reportId : "";
    expect(await getSchoolReport(w.sender, reportId)).toMatchObject({
      status: "draft",
      access: "sender",
    });
    for (const [who, actor] of Object.entries({
      principal: w.principal,
      studentHealth: w.studentHealth,
      otherMentor: w.otherMentor,
    })) {
      await expectNotFound(getSchoolReport(actor, reportId), `${who} getSchoolReport`);
      await expectNotFound(getReportDraft(actor, reportId), `${who} getReportDraft`);
      await expectNotFound(
        saveReportDraft(actor, reportId, draft("Ändrat"), 0, ctx(NEXT_DAY)),
        `${who} saveReportDraft`,
      );
      await expectNotFound(deleteReportDraft(actor, reportId), `${who} deleteReportDraft`);
      await expectNotFound(cosignReport(actor, reportId), `${who} cosignReport`);
      expect(
        (await listSchoolReports(actor)).items.map((r) => r.id),
        who,
      ).not.toContain(reportId);
    }
    for (const [who, actor] of Object.entries({ intake: w.intake, manager: w.manager })) {
      await expectNotFound(getIntakeReport(actor, reportId), who);
    }
    expect((await listSchoolReports(w.sender)).items.map((r) => r.id)).toContain(reportId);
    expect((await getReportDraft(w.sender, reportId)).values.concern).toBe("Utkast");
    await setRoutine(w.school.id, { studentHealth: false });
  });

  it("the author deletes a draft; a sent report is not a draft any more", async () => {
    const saved = await saveReportDraft(w.sender, null, draft("Utkast"), 0, ctx(RECEIVED));
    const reportId = saved.kind === "saved" ? saved.reportId : "";
    await deleteReportDraft(w.sender, reportId);
    expect(
      await db.selectFrom("concernReports").select("id").where("id", "=", reportId).execute(),
    ).toEqual([]);
    const sent = await receivedReport(w);
    await expectNotFound(deleteReportDraft(w.sender, sent.id), "delete a sent report");
    await expectNotFound(getReportDraft(w.sender, sent.id), "open a sent report as a draft");
    expect((await reportRow(sent.id)).status).toBe("received");
  });

  it("a saved draft sent with the co-signature routine waits for the principal", async () => {
    const report = newReport();
    const saved = await saveReportDraft(w.sender, null, report.values, 0, ctx(RECEIVED));
    const reportId = saved.kind === "saved" ? saved.reportId : "";
    expect(await submitReport(w.sender, reportId, report.values, ctx(NEXT_DAY))).toEqual({
      kind: "sent",
      reportId,
      awaitingCosign: true,
    });
    expect(await reportRow(reportId)).toMatchObject({
      status: "awaitingCosign",
      submittedAt: NEXT_DAY,
    });
    await expectNotFound(getReportDraft(w.sender, reportId), "no longer a draft");
  });
});

describe("who sees a report", () => {
  let w: World;
  let report: NewReport;
  let meetingId: string;
  let calls: ReturnType<typeof everyCall>;

  beforeAll(async () => {
    w = await world();
    // No feedback requested, a proposed meeting: every call would do something for its rightful
    // user (requestFeedback asks, answerMeeting answers, recordDecision records, …).
    report = await receivedReport(w, { wantsFeedback: false });
    expect(
      await proposeMeeting(
        w.intake,
        report.id,
        { startsAt: MEETING_AT, place: "Mottagningen, plan 2" },
        ctx(RECEIVED),
      ),
    ).toEqual({ kind: "proposed" });
    meetingId = await meetingIdOf(report.id);
    calls = everyCall(w, report.id, meetingId);
  });

  async function expectNoAccess(actor: Actor, who: string, names = Object.keys(calls)) {
    const before = await stateOf(report.id);
    for (const name of names) await expectNotFound(calls[name]!(actor), `${who}: ${name}`);
    expect(await stateOf(report.id), who).toEqual(before);
  }

  it("the sender and the principal read it at the school, intake and the manager in the district", async () => {
    expect((await getSchoolReport(w.sender, report.id)).access).toBe("sender");
    expect((await getSchoolReport(w.principal, report.id)).access).toBe("principal");
    expect((await getIntakeReport(w.intake, report.id)).access).toBe("intake");
    expect((await getIntakeReport(w.manager, report.id)).access).toBe("manager");
  });

  it("another school's staff get NotFoundError on both views and every action, and nothing changes", async () => {
    await expectNoAccess(w.principalB, "principal of school B");
    await expectNoAccess(w.mentorB, "mentor of school B");
    // School B's student health may see school B's reports, never school A's.
    await expectNoAccess(w.studentHealthB, "student health of school B");
  });

  it("another district's intake, manager and caseworker get NotFoundError on both views and every action", async () => {
    await expectNoAccess(w.otherIntake, "intake of the other district");
    await expectNoAccess(w.otherManager, "manager of the other district");
    await expectNoAccess(w.otherCaseworker, "caseworker of the other district");
  });

  it("a caseworker of the receiving district has no access", async () => {
    await expectNoAccess(w.caseworker, "caseworker of the district");
    expect(await listInbox(w.caseworker).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
  });

  it("a mentor of the same school who did not send it gets NotFoundError, and does not see it listed", async () => {
    await expectNoAccess(w.otherMentor, "another mentor of school A");
    expect((await listSchoolReports(w.otherMentor)).items.map((r) => r.id)).not.toContain(
      report.id,
    );
  });

  it("student health of the school sees nothing unless the school's routine lets it", async () => {
    await setRoutine(w.school.id, { studentHealth: false });
    await expectNoAccess(w.studentHealth, "student health without access");
    expect((await listSchoolReports(w.studentHealth)).items.map((r) => r.id)).not.toContain(
      report.id,
    );

    await setRoutine(w.school.id, { studentHealth: true });
    const view = await getSchoolReport(w.studentHealth, report.id);
    expect(view).toMatchObject({
      access: "studentHealth",
      mayRequestFeedback: false,
      mayAnswerMeeting: false,
      maySeeFeedback: false,
    });
    expect(view.content.childName).toBe(report.values.childName);
    expect((await listSchoolReports(w.studentHealth)).items.map((r) => r.id)).toContain(report.id);
    const before = await stateOf(report.id);
    expect(await requestFeedback(w.studentHealth, report.id, ctx(NEXT_DAY))).toEqual({
      kind: "notPossible",
    });
    // Reading only: no notes, no answers to meetings, nothing of intake's.
    for (const name of ["addReportNote", "answerMeeting", "cosignReport", ...INTAKE_ACTIONS]) {
      await expectNotFound(calls[name]!(w.studentHealth), `student health: ${name}`);
    }
    expect(await stateOf(report.id)).toEqual(before);
    await setRoutine(w.school.id, { studentHealth: false });
  });

  it("the district manager reads it but every intake action is NotFoundError", async () => {
    const view = await getIntakeReport(w.manager, report.id, ctx(NEXT_DAY));
    expect(view).toMatchObject({ access: "manager", mayAct: false, mayClose: false });
    expect(view.content.childName).toBe(report.values.childName);
    expect((await listInbox(w.manager, ctx(NEXT_DAY))).items.map((i) => i.id)).toContain(report.id);
    await expectNoAccess(w.manager, "district manager", [...SCHOOL_CALLS, ...INTAKE_ACTIONS]);
  });

  it("intake has no school-side access, and the school none on intake's side", async () => {
    await expectNoAccess(w.intake, "intake", SCHOOL_CALLS);
    await expectNoAccess(w.sender, "sender", ["getIntakeReport", ...INTAKE_ACTIONS]);
    await expectNoAccess(w.principal, "principal", ["getIntakeReport", ...INTAKE_ACTIONS]);
  });

  it("a report id that does not exist is NotFoundError for everyone", async () => {
    const ghost = everyCall(w, randomUUID(), meetingId);
    for (const [who, actor] of Object.entries({
      sender: w.sender,
      principal: w.principal,
      intake: w.intake,
    })) {
      for (const [name, call] of Object.entries(ghost)) {
        await expectNotFound(call(actor), `${who}: ${name}`);
      }
    }
  });

  it("a meeting of another report cannot be answered through this one", async () => {
    const other = await receivedReport(w, { wantsFeedback: false });
    await proposeMeeting(
      w.intake,
      other.id,
      { startsAt: MEETING_AT, place: "Mottagningen" },
      ctx(RECEIVED),
    );
    const otherMeeting = await meetingIdOf(other.id);
    await expectNotFound(
      answerMeeting(w.sender, report.id, otherMeeting, { answer: "accept", note: "" }),
      "meeting of another report",
    );
  });
});

describe("the feedback", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("the sender and the principal see the outcome and the decision date; student health sees the report but not the feedback", async () => {
    await setRoutine(w.school.id, { studentHealth: true });
    const report = await receivedReport(w, { wantsFeedback: true });
    expect(
      await recordDecision(
        freshLogin(w.intake, DECISION_DAY),
        report.id,
        { outcome: "notOpened", decisionOn: "2026-04-09" },
        NO_PASSWORD,
        ctx(DECISION_DAY),
      ),
    ).toEqual({ kind: "recorded", feedbackGiven: true });

    for (const [who, actor] of Object.entries({ sender: w.sender, principal: w.principal })) {
      const view = await getSchoolReport(actor, report.id, ctx(DECISION_DAY));
      expect(view.feedback, who).toEqual({
        outcome: "notOpened",
        decisionOn: "2026-04-09",
        givenAt: DECISION_DAY,
      });
      expect(view.maySeeFeedback, who).toBe(true);
      expect(
        view.timeline.map((e) => e.kind),
        who,
      ).toContain("feedbackGiven");
      const listed = (await listSchoolReports(actor)).items.find((r) => r.id === report.id);
      expect(listed?.feedbackGiven, who).toBe(true);
    }

    const asStudentHealth = await getSchoolReport(w.studentHealth, report.id, ctx(DECISION_DAY));
    expect(asStudentHealth.content.childName).toBe(report.values.childName);
    expect(asStudentHealth.feedback).toBeNull();
    expect(asStudentHealth.maySeeFeedback).toBe(false);
    const kinds = asStudentHealth.timeline.map((e) => e.kind);
    expect(kinds).toContain("received");
    expect(kinds).not.toContain("feedbackGiven");
    expect(kinds).not.toContain("decisionRecorded");
    expect(JSON.stringify(asStudentHealth)).not.toContain("notOpened");
    expect(JSON.stringify(asStudentHealth)).not.toContain("2026-04-09");
    const listed = (await listSchoolReports(w.studentHealth)).items.find((r) => r.id === report.id);
    expect(listed?.feedbackGiven).toBe(false);

    // The e-mail says there is feedback, to the sender and the principal only, never what it is.
    const emails = (await emailsAbout(report.id)).filter(
      (e) => e.template === "concernReportToSchool" && e.textBody?.includes("lämnat återkoppling"),
    );
    expect(sorted(emails.map((e) => e.recipient))).toEqual(
      sorted([w.sender.user.email, w.principal.user.email]),
    );
    for (const email of emails) {
      const text = `${email.subject}\n${email.html}\n${email.textBody}`;
      expect(text).not.toMatch(/inte inletts|notOpened|2026-04-09/);
    }
    await expectOutboxFreeOfChildData();
    await setRoutine(w.school.id, { studentHealth: false });
  });

  it("intake sees the decision whether or not feedback was asked for; the school sees nothing of a decision without a request", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    const emailsBefore = await emailsAbout(report.id);
    expect(
      await recordDecision(
        freshLogin(w.intake, DECISION_DAY),
        report.id,
        { outcome: "opened", decisionOn: "2026-04-10" },
        NO_PASSWORD,
        ctx(DECISION_DAY),
      ),
    ).toEqual({ kind: "recorded", feedbackGiven: false });
    expect((await getIntakeReport(w.intake, report.id)).decision).toEqual({
      outcome: "opened",
      decisionOn: "2026-04-10",
      recordedAt: DECISION_DAY,
    });
    const asSender = await getSchoolReport(w.sender, report.id);
    expect(asSender.feedback).toBeNull();
    expect(asSender.timeline.map((e) => e.kind)).not.toContain("decisionRecorded");
    expect(JSON.stringify(asSender)).not.toContain("opened");
    expect(await emailsAbout(report.id)).toEqual(emailsBefore);
  });
});

describe("the decision and the database's guards", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("the database refuses an outcome other than the three", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    await expect(
      sql`update concern_reports set decision_outcome = 'maybe' where id = ${report.id}`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: "23514" });
    await expect(
      sql`update concern_reports set decision_outcome = 'maybe', decision_on = '2026-04-03',
        decision_recorded_at = now() where id = ${report.id}`.execute(db),
    ).rejects.toMatchObject({
      code: "23514",
      constraint: "concern_reports_decision_outcome_check",
    });
    expect(await reportRow(report.id)).toMatchObject({ decisionOutcome: null });
  });

  it("refuses an outcome other than the three through the module too, and stores nothing", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    await expect(
      recordDecision(
        freshLogin(w.intake, DECISION_DAY),
        report.id,
        { outcome: "maybe" as "opened", decisionOn: "2026-04-09" },
        NO_PASSWORD,
        ctx(DECISION_DAY),
      ),
    ).rejects.toMatchObject({ code: "23514" });
    expect(await reportRow(report.id)).toMatchObject({ decisionOutcome: null, decisionOn: null });
    expect(await eventKinds(report.id)).not.toContain("decisionRecorded");
  });

  it("a recorded decision and given feedback never change: the trigger refuses, and a second decision is alreadyDecided", async () => {
    const report = await receivedReport(w, { wantsFeedback: true });
    await recordDecision(
      freshLogin(w.intake, DECISION_DAY),
      report.id,
      { outcome: "opened", decisionOn: "2026-04-09" },
      NO_PASSWORD,
      ctx(DECISION_DAY),
    );
    for (const change of [
      sql`update concern_reports set decision_outcome = 'notOpened' where id = ${report.id}`,
      sql`update concern_reports set decision_on = '2026-04-08' where id = ${report.id}`,
      sql`update concern_reports set decision_outcome = null, decision_on = null,
        decision_recorded_at = null, feedback_given_at = null where id = ${report.id}`,
      sql`update concern_reports set feedback_given_at = now() where id = ${report.id}`,
    ]) {
      await expect(change.execute(db)).rejects.toMatchObject({
        code: "P0001",
        constraint: "concern_report_decision",
      });
    }
    expect(
      await recordDecision(
        freshLogin(w.intake, DECISION_DAY),
        report.id,
        { outcome: "notOpened", decisionOn: "2026-04-10" },
        NO_PASSWORD,
        ctx(DECISION_DAY),
      ),
    ).toEqual({ kind: "alreadyDecided" });
    expect(await reportRow(report.id)).toMatchObject({
      decisionOutcome: "opened",
      decisionOnText: "2026-04-09",
      feedbackGivenAt: DECISION_DAY,
    });
  });

  it("a sent report is a record: the trigger refuses changing what the school wrote, and deleting it", async () => {
    const received = await receivedReport(w);
    const waiting = await submitReport(w.sender, null, newReport().values, ctx(RECEIVED));
    for (const id of [received.id, waiting.reportId]) {
      const before = await reportRow(id);
      await expect(
        sql`update concern_reports set content = '{"childName": "Någon annan"}' where id = ${id}`.execute(
          db,
        ),
      ).rejects.toMatchObject({ code: "P0001", constraint: "concern_report_record" });
      await expect(
        sql`update concern_reports set content = content || '{"concern": "Ändrad"}' where id = ${id}`.execute(
          db,
        ),
      ).rejects.toMatchObject({ code: "P0001", constraint: "concern_report_record" });
      await expect(
        sql`delete from concern_reports where id = ${id}`.execute(db),
      ).rejects.toMatchObject({ code: "P0001", constraint: "concern_report_record" });
      expect(await reportRow(id)).toEqual(before);
    }
  });

  it("a received or closed report never goes back, and a co-signature never changes", async () => {
    const received = await receivedReport(w);
    await expect(
      sql`update concern_reports set status = 'awaitingCosign' where id = ${received.id}`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: "P0001", constraint: "concern_report_record" });
    await expect(
      sql`update concern_reports set cosigned_at = now() - interval '1 day' where id = ${received.id} and cosigned_at is not null`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: "P0001", constraint: "concern_report_record" });
    await sql`update concern_reports set acknowledged_at = now(), contact_name = 'Ida Intag',
      contact_phone = '08-508 100 10', decision_outcome = 'notOpened', decision_on = current_date,
      decision_recorded_at = now(), feedback_withheld_at = now(),
      feedback_withheld_reason = 'Olämpligt i detta fall' where id = ${received.id}`.execute(db);
    await sql`update concern_reports set status = 'closed', closed_at = now() where id = ${received.id}`.execute(
      db,
    );
    // A closed report is closed for good: no field changes any more.
    for (const change of [
      sql`update concern_reports set status = 'received', closed_at = null where id = ${received.id}`,
      sql`update concern_reports set contact_phone = '08-000 00 00' where id = ${received.id}`,
      sql`update concern_reports set feedback_requested_at = now() where id = ${received.id}`,
    ]) {
      await expect(change.execute(db)).rejects.toMatchObject({
        code: "P0001",
        constraint: "concern_report_record",
      });
    }
    // And a report cannot be closed without its acknowledgement and decision.
    const open = await receivedReport(w);
    await expect(
      sql`update concern_reports set status = 'closed', closed_at = now() where id = ${open.id}`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: "23514" });
    // A forwarding is history: it never changes.
    await forwardReport(
      freshLogin(w.intake, NEXT_DAY),
      open.id,
      {
        toDistrictId: w.otherDistrict.id,
        reason: "Bor i södra stadsdelen",
        hiddenFromSchool: true,
      },
      ctx(NEXT_DAY),
    );
    await expect(
      sql`update concern_report_forwards set hidden_from_school = false where report_id = ${open.id}`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: "P0001", constraint: "history_append_only" });
  });

  it("a draft may still change and be deleted in the database", async () => {
    const saved = await saveReportDraft(
      w.sender,
      null,
      reportDraftSchema.parse({ concern: "Utkast" }),
      0,
      ctx(RECEIVED),
    );
    const id = saved.kind === "saved" ? saved.reportId : "";
    await sql`update concern_reports set content = '{"concern": "Ändrat utkast"}' where id = ${id}`.execute(
      db,
    );
    await sql`delete from concern_reports where id = ${id}`.execute(db);
    expect(
      await db.selectFrom("concernReports").select("id").where("id", "=", id).execute(),
    ).toEqual([]);
  });
});

describe("the password again before feedback (step-up)", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("with feedback requested and a login older than five minutes, the decision asks for the password: missing, invalid, then recorded", async () => {
    const report = await receivedReport(w, { wantsFeedback: true });
    const intake = await staleLogin(w.intake, DECISION_DAY);
    const values = { outcome: "alreadyOngoing" as const, decisionOn: "2026-04-09" };
    const mailsBefore = (await emailsAbout(report.id)).length;

    expect(await recordDecision(intake, report.id, values, NO_PASSWORD, ctx(DECISION_DAY))).toEqual(
      {
        kind: "stepUp",
        reason: "missing",
      },
    );
    expect(
      await recordDecision(intake, report.id, values, WRONG_PASSWORD, ctx(DECISION_DAY)),
    ).toEqual({ kind: "stepUp", reason: "invalid" });
    expect(await reportRow(report.id)).toMatchObject({
      decisionOutcome: null,
      feedbackGivenAt: null,
    });
    expect(await emailsAbout(report.id)).toHaveLength(mailsBefore);

    expect(
      await recordDecision(intake, report.id, values, RIGHT_PASSWORD, ctx(DECISION_DAY)),
    ).toEqual({ kind: "recorded", feedbackGiven: true });
    expect(await reportRow(report.id)).toMatchObject({
      decisionOutcome: "alreadyOngoing",
      decisionOnText: "2026-04-09",
      feedbackGivenAt: DECISION_DAY,
      feedbackGivenBy: w.intake.user.id,
    });
    // The right password renews the login.
    expect(await sessionAuthenticatedAt(intake.session.id)).toEqual(DECISION_DAY);
    expect((await getSchoolReport(w.sender, report.id)).feedback).toEqual({
      outcome: "alreadyOngoing",
      decisionOn: "2026-04-09",
      givenAt: DECISION_DAY,
    });
  });

  it("with feedback requested and a fresh login, no password is needed", async () => {
    const report = await receivedReport(w, { wantsFeedback: true });
    expect(
      await recordDecision(
        freshLogin(w.intake, DECISION_DAY),
        report.id,
        { outcome: "opened", decisionOn: "2026-04-10" },
        NO_PASSWORD,
        ctx(DECISION_DAY),
      ),
    ).toEqual({ kind: "recorded", feedbackGiven: true });
  });

  it("without a request the decision needs no password; feedback asked for later needs it", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    const intake = await staleLogin(w.intake, DECISION_DAY);
    expect(
      await recordDecision(
        intake,
        report.id,
        { outcome: "notOpened", decisionOn: "2026-04-08" },
        NO_PASSWORD,
        ctx(DECISION_DAY),
      ),
    ).toEqual({ kind: "recorded", feedbackGiven: false });
    expect(await sessionAuthenticatedAt(intake.session.id)).toEqual(intake.session.authenticatedAt);
    expect(await giveFeedback(intake, report.id, RIGHT_PASSWORD, ctx(DECISION_DAY))).toEqual({
      kind: "notPossible",
    });

    expect(await requestFeedback(w.sender, report.id, ctx(LATER))).toEqual({ kind: "requested" });
    expect(recipients(await emailsAbout(report.id), "concernReportToIntake")).toEqual(
      sorted([
        // received, then feedbackRequested
        w.intake.user.email,
        w.intake.user.email,
        w.intake2.user.email,
        w.intake2.user.email,
        w.district.intakeEmail,
        w.district.intakeEmail,
      ]),
    );
    expect(await requestFeedback(w.sender, report.id, ctx(LATER))).toEqual({
      kind: "notPossible",
    });

    const later = await staleLogin(w.intake, LATER);
    expect(await giveFeedback(later, report.id, NO_PASSWORD, ctx(LATER))).toEqual({
      kind: "stepUp",
      reason: "missing",
    });
    expect(await giveFeedback(later, report.id, WRONG_PASSWORD, ctx(LATER))).toEqual({
      kind: "stepUp",
      reason: "invalid",
    });
    expect((await getSchoolReport(w.sender, report.id)).feedback).toBeNull();
    expect(await giveFeedback(later, report.id, RIGHT_PASSWORD, ctx(LATER))).toEqual({
      kind: "given",
    });
    expect(await giveFeedback(later, report.id, RIGHT_PASSWORD, ctx(LATER))).toEqual({
      kind: "notPossible",
    });
    for (const actor of [w.sender, w.principal]) {
      expect((await getSchoolReport(actor, report.id)).feedback).toEqual({
        outcome: "notOpened",
        decisionOn: "2026-04-08",
        givenAt: LATER,
      });
    }
    expect(
      recipients(
        (await emailsAbout(report.id)).filter((e) => e.textBody?.includes("återkoppling")),
        "concernReportToSchool",
      ),
    ).toEqual(sorted([w.sender.user.email, w.principal.user.email]));
    await expectOutboxFreeOfChildData();
  });
});

describe("the decision's date", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("is refused after today and before the day the report came in", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    const intake = freshLogin(w.intake, DECISION_DAY);
    const decide = (decisionOn: string) =>
      recordDecision(
        intake,
        report.id,
        { outcome: "opened", decisionOn },
        NO_PASSWORD,
        ctx(DECISION_DAY),
      );
    expect(await decide("2026-04-11")).toEqual({
      kind: "invalidDate",
      message: "Beslutsdatum kan inte vara efter i dag.",
    });
    expect(await decide("2026-04-01")).toEqual({
      kind: "invalidDate",
      message: "Beslutsdatum kan inte vara före den dag anmälan kom in (2026-04-02).",
    });
    expect(await reportRow(report.id)).toMatchObject({ decisionOutcome: null });
    expect(await decide("2026-04-02")).toEqual({ kind: "recorded", feedbackGiven: false });
  });

  it("counts today and the day of receipt in Stockholm", async () => {
    // Received 00:30 on 2 April in Stockholm (1 April in UTC); decided 00:30 on 10 April there.
    const report = await receivedReport(w, {
      wantsFeedback: false,
      now: new Date("2026-04-01T22:30:00Z"),
    });
    const now = new Date("2026-04-09T22:30:00Z");
    const decide = (decisionOn: string) =>
      recordDecision(
        freshLogin(w.intake, now),
        report.id,
        { outcome: "opened", decisionOn },
        NO_PASSWORD,
        ctx(now),
      );
    expect(await decide("2026-04-01")).toMatchObject({ kind: "invalidDate" });
    expect(await decide("2026-04-10")).toEqual({ kind: "recorded", feedbackGiven: false });
  });
});

describe("acknowledging and forwarding", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("acknowledging shows the school the contact and the phone, and e-mails the sender and the principal", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    expect((await getSchoolReport(w.sender, report.id)).acknowledgement).toBeNull();
    expect(
      await acknowledgeReport(
        w.intake,
        report.id,
        { contactName: "Ida Intag", contactPhone: "08-508 100 11" },
        ctx(NEXT_DAY),
      ),
    ).toEqual({ kind: "acknowledged" });
    for (const actor of [w.sender, w.principal]) {
      expect((await getSchoolReport(actor, report.id)).acknowledgement).toEqual({
        at: NEXT_DAY,
        contactName: "Ida Intag",
        contactPhone: "08-508 100 11",
      });
    }
    expect(await reportRow(report.id)).toMatchObject({
      acknowledgedBy: w.intake.user.id,
      contactUserId: w.intake.user.id,
    });
    expect((await getIntakeReport(w.intake, report.id, ctx(NEXT_DAY))).state).toBe("acknowledged");
    const acknowledgedEmails = (await emailsAbout(report.id)).filter((e) =>
      e.textBody?.includes("har bekräftat"),
    );
    expect(recipients(acknowledgedEmails, "concernReportToSchool")).toEqual(
      sorted([w.sender.user.email, w.principal.user.email]),
    );
    expect(
      await acknowledgeReport(
        w.intake2,
        report.id,
        { contactName: "Ivar Intag", contactPhone: "08-508 100 22" },
        ctx(NEXT_DAY),
      ),
    ).toEqual({ kind: "alreadyAcknowledged" });
    expect((await getSchoolReport(w.sender, report.id)).acknowledgement?.contactName).toBe(
      "Ida Intag",
    );
    await expectOutboxFreeOfChildData();
  });

  it("intake records that the protection assessment was made: when, once, and only intake sees it", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    expect(await recordProtectionAssessment(w.intake, report.id, ctx(RECEIVED))).toEqual({
      kind: "recorded",
    });
    expect(await recordProtectionAssessment(w.intake2, report.id, ctx(NEXT_DAY))).toEqual({
      kind: "alreadyRecorded",
    });
    const asIntake = await getIntakeReport(w.intake, report.id);
    expect(asIntake.protectionAssessedAt).toEqual(RECEIVED);
    expect(asIntake.timeline.map((e) => e.kind)).toContain("protectionAssessed");
    expect((await getSchoolReport(w.sender, report.id)).timeline.map((e) => e.kind)).not.toContain(
      "protectionAssessed",
    );
  });

  it("forwarding moves the report to the other district's intake; the old one sees only that it went", async () => {
    const report = await receivedReport(w, { wantsFeedback: true });
    await acknowledgeReport(
      w.intake,
      report.id,
      { contactName: "Ida Intag", contactPhone: "08-508 100 11" },
      ctx(RECEIVED),
    );
    await proposeMeeting(
      w.intake,
      report.id,
      { startsAt: MEETING_AT, place: "Mottagningen Norra" },
      ctx(RECEIVED),
    );
    const reason = "Barnet är folkbokfört i Södra stadsdelen.";
    expect(
      await forwardReport(
        w.intake,
        report.id,
        { toDistrictId: w.otherDistrict.id, reason },
        ctx(NEXT_DAY),
      ),
    ).toEqual({ kind: "forwarded" });
    const reference = (await reportRow(report.id)).reference;

    // The new district's intake has it, without the old acknowledgement.
    const asNewIntake = await getIntakeReport(w.otherIntake, report.id, ctx(NEXT_DAY));
    expect(asNewIntake).toMatchObject({
      districtName: w.otherDistrict.name,
      acknowledgement: null,
      feedbackRequestedAt: RECEIVED,
      forwardedFrom: { districtName: w.district.name, at: NEXT_DAY, reason },
      mayAct: true,
      state: "feedbackRequested",
    });
    expect((await listInbox(w.otherIntake, ctx(NEXT_DAY))).items.map((i) => i.id)).toContain(
      report.id,
    );

    // The old district: NotFoundError, and in its inbox only that it was forwarded.
    for (const [who, actor] of Object.entries({ intake: w.intake, manager: w.manager })) {
      await expectNotFound(getIntakeReport(actor, report.id), `old district's ${who}`);
    }
    await expectNotFound(
      acknowledgeReport(
        w.intake,
        report.id,
        { contactName: "Ida Intag", contactPhone: "08-508 100 11" },
        ctx(NEXT_DAY),
      ),
      "old district acknowledges",
    );
    const oldInbox = await listInbox(w.intake, ctx(NEXT_DAY));
    expect(oldInbox.items.map((i) => i.id)).not.toContain(report.id);
    const sentOn = await listInbox(w.intake, ctx(NEXT_DAY), { view: "vidarebefordrade" });
    const forwarded = sentOn.forwarded.filter((f) => f.reportId === report.id);
    expect(forwarded).toEqual([
      {
        reportId: report.id,
        reference,
        schoolName: w.school.name,
        toDistrictName: w.otherDistrict.name,
        reason,
        forwardedAt: NEXT_DAY,
      },
    ]);
    const forwardedJson = JSON.stringify(oldInbox.forwarded);
    for (const secret of secrets) expect(forwardedJson).not.toContain(secret);

    // The school sees where it is now and how to reach that intake; the old contact is gone.
    const asSender = await getSchoolReport(w.sender, report.id, ctx(NEXT_DAY));
    expect(asSender).toMatchObject({
      district: {
        name: w.otherDistrict.name,
        intakePhone: w.otherDistrict.intakePhone,
        intakeEmail: w.otherDistrict.intakeEmail,
      },
      acknowledgement: null,
      forwardedFrom: { districtName: w.district.name, at: NEXT_DAY },
      meetings: [],
    });
    expect(await reportRow(report.id)).toMatchObject({
      districtId: w.otherDistrict.id,
      acknowledgedAt: null,
      contactName: null,
      contactPhone: null,
    });

    // E-mails: the new intake, and the school; nothing more to the old intake.
    const emails = await emailsAbout(report.id);
    const afterForward = emails.filter((e) => e.textBody?.includes("vidarebefordrats"));
    expect(recipients(afterForward, "concernReportToIntake")).toEqual(
      sorted([w.otherIntake.user.email, w.otherDistrict.intakeEmail]),
    );
    expect(recipients(afterForward, "concernReportToSchool")).toEqual(
      sorted([w.sender.user.email, w.principal.user.email]),
    );

    // The new district acknowledges with its own contact.
    expect(
      await acknowledgeReport(
        w.otherIntake,
        report.id,
        { contactName: "Sara Intag", contactPhone: "08-508 200 11" },
        ctx(LATER),
      ),
    ).toEqual({ kind: "acknowledged" });
    expect((await getSchoolReport(w.principal, report.id)).acknowledgement).toEqual({
      at: LATER,
      contactName: "Sara Intag",
      contactPhone: "08-508 200 11",
    });
    await expectOutboxFreeOfChildData();
  });

  it("forwarding to its own district or to something that is not a district is unknownDistrict; a decided report stays", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    for (const toDistrictId of [w.district.id, w.school.id, randomUUID()]) {
      expect(
        await forwardReport(
          w.intake,
          report.id,
          { toDistrictId, reason: "Fel stadsdel, tror vi." },
          ctx(NEXT_DAY),
        ),
      ).toEqual({ kind: "unknownDistrict" });
    }
    await recordDecision(
      freshLogin(w.intake, DECISION_DAY),
      report.id,
      { outcome: "opened", decisionOn: "2026-04-10" },
      NO_PASSWORD,
      ctx(DECISION_DAY),
    );
    expect(
      await forwardReport(
        w.intake,
        report.id,
        { toDistrictId: w.otherDistrict.id, reason: "Fel stadsdel, tror vi." },
        ctx(DECISION_DAY),
      ),
    ).toEqual({ kind: "decided" });
    expect((await reportRow(report.id)).districtId).toBe(w.district.id);
  });
});

describe("meetings, notes and closing", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("intake proposes a meeting, the school answers, and each side is e-mailed", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    expect(
      await proposeMeeting(
        w.intake,
        report.id,
        { startsAt: new Date(NEXT_DAY.getTime() - 60_000), place: "Mottagningen" },
        ctx(NEXT_DAY),
      ),
    ).toEqual({ kind: "inPast" });
    expect(
      await proposeMeeting(
        w.intake,
        report.id,
        { startsAt: MEETING_AT, place: "Mottagningen, plan 2" },
        ctx(NEXT_DAY),
      ),
    ).toEqual({ kind: "proposed" });
    const meetingId = await meetingIdOf(report.id);
    const asSender = await getSchoolReport(w.sender, report.id);
    expect(asSender.mayAnswerMeeting).toBe(true);
    expect(asSender.meetings).toMatchObject([
      { id: meetingId, startsAt: MEETING_AT, place: "Mottagningen, plan 2", status: "proposed" },
    ]);
    expect(
      recipients(
        (await emailsAbout(report.id)).filter((e) => e.textBody?.includes("anmälningsmöte")),
        "concernReportToSchool",
      ),
    ).toEqual(sorted([w.sender.user.email, w.principal.user.email]));

    expect(
      await answerMeeting(
        w.principal,
        report.id,
        meetingId,
        { answer: "decline", note: "Torsdag eftermiddag passar bättre." },
        ctx(LATER),
      ),
    ).toEqual({ kind: "answered" });
    expect(
      await answerMeeting(w.sender, report.id, meetingId, { answer: "accept", note: "" }),
    ).toEqual({ kind: "notOpen" });
    expect((await getIntakeReport(w.intake, report.id)).meetings).toMatchObject([
      {
        id: meetingId,
        status: "declined",
        answerNote: "Torsdag eftermiddag passar bättre.",
        answeredAt: LATER,
      },
    ]);
    expect(
      recipients(
        (await emailsAbout(report.id)).filter((e) => e.textBody?.includes("anmälningsmöte")),
        "concernReportToIntake",
      ),
    ).toEqual(sorted([w.intake.user.email, w.intake2.user.email, w.district.intakeEmail]));
    await expectOutboxFreeOfChildData();
  });

  it("the sender and the principal add dated notes; the report itself stays as sent", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    const note = `Tindra har berättat mer i dag, se tillägg ${tag()}.`;
    keepSecret(note);
    await addReportNote(w.sender, report.id, note, ctx(NEXT_DAY));
    await addReportNote(w.principal, report.id, "Rektor har talat med mentorn.", ctx(LATER));
    const asIntake = await getIntakeReport(w.intake, report.id);
    expect(asIntake.notes.map((n) => [n.body, n.authorName, n.writtenAt])).toEqual([
      [note, "Maja Mentor", NEXT_DAY],
      ["Rektor har talat med mentorn.", "Per Rektor", LATER],
    ]);
    expect(asIntake.content.concern).toBe(report.values.concern);
    expect(await eventKinds(report.id)).toEqual([
      "submitted",
      "cosigned",
      "received",
      "noteAdded",
      "noteAdded",
    ]);
    await expectOutboxFreeOfChildData();
  });

  it("closing needs the acknowledgement and any requested feedback; afterwards intake's actions answer closed", async () => {
    const report = await receivedReport(w, { wantsFeedback: true });
    expect(await closeReport(w.intake, report.id, ctx(NEXT_DAY))).toEqual({ kind: "notReady" });
    await acknowledgeReport(
      w.intake,
      report.id,
      { contactName: "Ida Intag", contactPhone: "08-508 100 11" },
      ctx(NEXT_DAY),
    );
    expect(await closeReport(w.intake, report.id, ctx(NEXT_DAY))).toEqual({ kind: "notReady" });
    expect((await getIntakeReport(w.intake, report.id)).mayClose).toBe(false);
    await recordDecision(
      freshLogin(w.intake, DECISION_DAY),
      report.id,
      { outcome: "opened", decisionOn: "2026-04-10" },
      NO_PASSWORD,
      ctx(DECISION_DAY),
    );
    expect((await getIntakeReport(w.intake, report.id)).mayClose).toBe(true);
    expect(await closeReport(w.intake, report.id, ctx(LATER))).toEqual({ kind: "closedNow" });

    const c = ctx(LATER);
    expect(
      await acknowledgeReport(
        w.intake,
        report.id,
        { contactName: "Ida Intag", contactPhone: "08-508 100 11" },
        c,
      ),
    ).toEqual({ kind: "closed" });
    expect(await recordProtectionAssessment(w.intake, report.id, c)).toEqual({ kind: "closed" });
    expect(
      await forwardReport(
        w.intake,
        report.id,
        { toDistrictId: w.otherDistrict.id, reason: "Fel stadsdel." },
        c,
      ),
    ).toEqual({ kind: "closed" });
    expect(
      await proposeMeeting(
        w.intake,
        report.id,
        { startsAt: new Date("2026-05-01T08:00:00Z"), place: "Mottagningen" },
        c,
      ),
    ).toEqual({ kind: "closed" });
    expect(await closeReport(w.intake, report.id, c)).toEqual({ kind: "closed" });
    expect(await giveFeedback(freshLogin(w.intake, LATER), report.id, NO_PASSWORD, c)).toEqual({
      kind: "closed",
    });

    const asSender = await getSchoolReport(w.sender, report.id);
    expect(asSender).toMatchObject({
      status: "closed",
      mayRequestFeedback: false,
      mayAnswerMeeting: false,
    });
    expect(asSender.feedback?.outcome).toBe("opened");
    expect((await listInbox(w.intake, c)).items.map((i) => i.id)).not.toContain(report.id);
    const closed = await listInbox(w.intake, c, { view: "avslutade" });
    const item = closed.items.find((i) => i.id === report.id);
    expect(item).toMatchObject({ state: "closed", overdue: false });
    expect((await reportRow(report.id)).closedBy).toBe(w.intake.user.id);
  });
});

describe("the inbox", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("counts the acknowledgement in Swedish working days: received the Thursday before Easter, overdue on Wednesday", async () => {
    const report = await receivedReport(w, { wantsFeedback: false, now: RECEIVED });
    const on = (iso: string) => listInbox(w.intake, ctx(new Date(iso)));
    const tuesday = (await on("2026-04-07T20:00:00Z")).items.find((i) => i.id === report.id);
    expect(tuesday).toMatchObject({
      reference: (await reportRow(report.id)).reference,
      schoolName: w.school.name,
      childLabel: report.values.childName,
      state: "new",
      overdue: false,
      wantsMeeting: true,
      deadlines: {
        acknowledgementDueOn: "2026-04-07",
        acknowledgementOverdue: false,
        decisionDueOn: "2026-04-16",
        decisionOverdue: false,
      },
    });
    const wednesday = (await on("2026-04-08T06:00:00Z")).items.find((i) => i.id === report.id);
    expect(wednesday).toMatchObject({
      state: "new",
      overdue: true,
      deadlines: { acknowledgementOverdue: true, decisionOverdue: false },
    });
    const intakeView = await getIntakeReport(
      w.intake,
      report.id,
      ctx(new Date("2026-04-08T06:00:00Z")),
    );
    expect(intakeView.deadlines).toMatchObject({
      acknowledgementDueOn: "2026-04-07",
      acknowledgementOverdue: true,
    });
    // The start page's count: one open report, not acknowledged, overdue from Wednesday.
    expect(await inboxSummary(w.intake, ctx(new Date("2026-04-07T20:00:00Z")))).toEqual({
      open: 1,
      overdue: 0,
      unacknowledged: 1,
      feedbackRequested: 0,
    });
    expect(await inboxSummary(w.manager, ctx(new Date("2026-04-08T06:00:00Z")))).toEqual({
      open: 1,
      overdue: 1,
      unacknowledged: 1,
      feedbackRequested: 0,
    });
    expect(await inboxSummary(w.otherIntake, ctx(new Date("2026-04-08T06:00:00Z")))).toEqual({
      open: 0,
      overdue: 0,
      unacknowledged: 0,
      feedbackRequested: 0,
    });
    await expectNotFound(inboxSummary(w.principal), "the school's principal");
  });

  it("lists the district's reports only, oldest first", async () => {
    const older = await receivedReport(w, { now: new Date("2026-03-02T08:00:00Z") });
    const newer = await receivedReport(w, { now: new Date("2026-03-03T08:00:00Z") });
    const ids = (await listInbox(w.intake, ctx(LATER))).items.map((i) => i.id);
    expect(ids.indexOf(older.id)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(older.id)).toBeLessThan(ids.indexOf(newer.id));
    const elsewhere = (await listInbox(w.otherIntake, ctx(LATER))).items.map((i) => i.id);
    expect(elsewhere).not.toContain(older.id);
    expect(elsewhere).not.toContain(newer.id);
  });

  it("lists the closed and the forwarded a page at a time, newest first, and logs only what it lists", async () => {
    const v = await world();
    const closeOne = async (day: string) => {
      const report = await receivedReport(v, { wantsFeedback: false });
      const at = new Date(`2026-04-${day}T09:00:00Z`);
      const intake = freshLogin(v.intake, at);
      await acknowledgeReport(
        intake,
        report.id,
        { contactName: "Ida Intag", contactPhone: "08-508 100 10" },
        ctx(at),
      );
      await recordDecision(
        intake,
        report.id,
        { outcome: "notOpened", decisionOn: `2026-04-${day}` },
        NO_PASSWORD,
        ctx(at),
      );
      expect(await closeReport(intake, report.id, ctx(at))).toEqual({ kind: "closedNow" });
      return report.id;
    };
    const first = await closeOne("13");
    const second = await closeOne("14");
    const third = await closeOne("15");
    const open = await receivedReport(v);
    const sentOn = await receivedReport(v);
    await forwardReport(
      v.intake,
      sentOn.id,
      { toDistrictId: v.otherDistrict.id, reason: "Fel stadsdel" },
      ctx(NEXT_DAY),
    );
    const readsOf = async (id: string) =>
      (
        await db
          .selectFrom("auditEvents")
          .select("id")
          .where("recordId", "=", id)
          .where("action", "=", "read")
          .where("purpose", "=", "Mottagningens inkorg")
          .execute()
      ).length;

    const c = ctx(LATER);
    const pageOne = await listInbox(v.intake, c, { view: "avslutade", pageSize: 2 });
    expect(pageOne).toMatchObject({
      view: "avslutade",
      page: 1,
      pageCount: 2,
      // The open one, received on 2 April and never acknowledged.
      overdueCount: 1,
      forwarded: [],
    });
    expect(pageOne.counts).toMatchObject({ oppna: 1, avslutade: 3, vidarebefordrade: 1 });
    expect(pageOne.items.map((i) => i.id)).toEqual([third, second]);
    // The closed report on the next page was not shown, so it was not read.
    expect(await readsOf(first)).toBe(0);
    expect(await readsOf(third)).toBe(1);

    const pageTwo = await listInbox(v.intake, c, { view: "avslutade", page: 2, pageSize: 2 });
    expect(pageTwo.items.map((i) => i.id)).toEqual([first]);
    expect(await readsOf(first)).toBe(1);
    // A page past the end shows the last one; nonsense shows the first.
    expect(await listInbox(v.intake, c, { view: "avslutade", page: 9, pageSize: 2 })).toMatchObject(
      { page: 2 },
    );
    expect(
      await listInbox(v.intake, c, { view: "avslutade", page: Number("x"), pageSize: 2 }),
    ).toMatchObject({ page: 1 });

    // The open view lists the open one alone, and reads none of the closed.
    const before = await readsOf(second);
    const openView = await listInbox(v.intake, c);
    expect(openView.items.map((i) => i.id)).toEqual([open.id]);
    expect(openView.view).toBe("oppna");
    expect(await readsOf(second)).toBe(before);

    expect(await readsOf(sentOn.id)).toBe(0);
    const forwards = await listInbox(v.intake, c, { view: "vidarebefordrade", pageSize: 2 });
    expect(forwards).toMatchObject({ items: [], pageCount: 1 });
    expect(forwards.forwarded.map((f) => f.reportId)).toEqual([sentOn.id]);
    // The forwarded list shows intake's reason, school and reference: a read, logged.
    expect(await readsOf(sentOn.id)).toBe(1);
    // The closed list says when each was closed.
    expect(pageTwo.items[0]!.closedAt).toEqual(new Date("2026-04-13T09:00:00Z"));
    // An unknown view is the open one.
    expect((await listInbox(v.intake, c, { view: "allt" })).view).toBe("oppna");
  });
});

describe("the audit trail", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  async function reads(reportId: string, actor: Actor) {
    return db
      .selectFrom("auditEvents")
      .selectAll()
      .where("recordType", "=", "concernReport")
      .where("recordId", "=", reportId)
      .where("action", "=", "read")
      .where("actorUserId", "=", actor.user.id)
      .execute();
  }

  it("the school's view and intake's view each write a read of record type concernReport", async () => {
    const report = await receivedReport(w);
    expect(await reads(report.id, w.sender)).toEqual([]);
    await getSchoolReport(w.sender, report.id, ctx(NEXT_DAY, "req-school-1"));
    expect(await reads(report.id, w.sender)).toMatchObject([
      {
        actorRole: "mentor",
        actorOrganisationId: w.school.id,
        recordType: "concernReport",
        recordId: report.id,
        purpose: "Läsa skolans orosanmälan",
        requestId: "req-school-1",
      },
    ]);
    expect(await reads(report.id, w.intake)).toEqual([]);
    await getIntakeReport(w.intake, report.id, ctx(NEXT_DAY, "req-intake-1"));
    expect(await reads(report.id, w.intake)).toMatchObject([
      {
        actorRole: "intakeOfficer",
        actorOrganisationId: w.district.id,
        recordType: "concernReport",
        recordId: report.id,
        purpose: "Handlägga orosanmälan i mottagningen",
        requestId: "req-intake-1",
      },
    ]);
    await getIntakeReport(w.manager, report.id);
    expect(await reads(report.id, w.manager)).toHaveLength(1);
  });

  it("a refused read writes nothing", async () => {
    const report = await receivedReport(w);
    await expectNotFound(getIntakeReport(w.otherIntake, report.id), "other intake");
    await expectNotFound(getSchoolReport(w.otherMentor, report.id), "other mentor");
    expect(await reads(report.id, w.otherIntake)).toEqual([]);
    expect(await reads(report.id, w.otherMentor)).toEqual([]);
  });

  it("sending logs the disclosure to social services with its basis", async () => {
    const report = await receivedReport(w);
    const disclosures = await db
      .selectFrom("auditEvents")
      .selectAll()
      .where("recordType", "=", "concernReport")
      .where("recordId", "=", report.id)
      .where("action", "=", "disclose")
      .execute();
    expect(disclosures).toMatchObject([
      {
        actorUserId: w.principal.user.id,
        details: { basis: "reportingDuty", districtId: w.district.id, cosigned: true },
      },
    ]);
  });
});

describe("the school's routine", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("only the principal reads and sets it, and only for their own school", async () => {
    expect(await getSchoolRoutine(w.principal)).toEqual({
      name: w.school.name,
      reportCosignRequired: true,
      reportStudentHealthAccess: false,
    });
    await saveSchoolRoutine(w.principal, {
      reportCosignRequired: false,
      reportStudentHealthAccess: true,
    });
    expect(await getSchoolRoutine(w.principal)).toMatchObject({
      reportCosignRequired: false,
      reportStudentHealthAccess: true,
    });
    expect(await getSchoolRoutine(w.principalB)).toMatchObject({
      name: w.otherSchool.name,
      reportCosignRequired: false,
      reportStudentHealthAccess: true,
    });
    for (const [who, actor] of Object.entries({
      sender: w.sender,
      studentHealth: w.studentHealth,
      intake: w.intake,
      manager: w.manager,
    })) {
      await expectNotFound(getSchoolRoutine(actor), `${who} reads`);
      await expectNotFound(
        saveSchoolRoutine(actor, { reportCosignRequired: true, reportStudentHealthAccess: false }),
        `${who} saves`,
      );
    }
    expect(await getSchoolRoutine(w.principal)).toMatchObject({
      reportCosignRequired: false,
      reportStudentHealthAccess: true,
    });
  });
});

describe("mends after the review", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("lets the sender, and only the sender, send a waiting report straight to intake", async () => {
    const report = newReport();
    const sent = await submitReport(w.sender, null, report.values, ctx(RECEIVED));
    expect(sent.awaitingCosign).toBe(true);
    await expectNotFound(sendWithoutCosign(w.otherMentor, sent.reportId), "another mentor");
    await expectNotFound(sendWithoutCosign(w.principal, sent.reportId), "the principal");
    await expectNotFound(sendWithoutCosign(w.directMentor, sent.reportId), "another school");
    expect(await sendWithoutCosign(w.sender, sent.reportId, ctx(NEXT_DAY))).toEqual({
      kind: "sent",
    });
    const row = await reportRow(sent.reportId);
    expect(row.status).toBe("received");
    expect(row.reference).toMatch(/^ORO-2026-\d{5}$/);
    expect(row.cosignedAt).toBeNull();
    expect(await sendWithoutCosign(w.sender, sent.reportId)).toEqual({ kind: "notWaiting" });
    expect((await getIntakeReport(w.intake, sent.reportId)).reference).toBe(row.reference);
  });

  it("does not hold a report for a co-signature when the school has no principal", async () => {
    const school = await createSchool({ districtId: w.district.id, name: `Almskolan ${tag()}` });
    await setRoutine(school.id, { cosign: true });
    const mentor = await createActor(school.id, "mentor");
    const sent = await submitReport(mentor, null, newReport().values, ctx(RECEIVED));
    expect(sent.awaitingCosign).toBe(false);
    expect((await reportRow(sent.reportId)).status).toBe("received");
  });

  it("makes one report of a double submit of the same form, for drafts and for sending", async () => {
    const key = randomUUID();
    const report = newReport();
    const first = await submitReport(w.directMentor, null, report.values, {
      ...ctx(RECEIVED),
      submissionKey: key,
    });
    const second = await submitReport(w.directMentor, null, report.values, {
      ...ctx(RECEIVED),
      submissionKey: key,
    });
    expect(second.reportId).toBe(first.reportId);
    const rows = await db
      .selectFrom("concernReports")
      .select("id")
      .where("submissionKey", "=", key)
      .execute();
    expect(rows).toHaveLength(1);

    const draftKey = randomUUID();
    const values = reportDraftSchema.parse({ concern: "Utkast" });
    const a = await saveReportDraft(w.directMentor, null, values, 0, { submissionKey: draftKey });
    const b = await saveReportDraft(w.directMentor, null, values, 0, { submissionKey: draftKey });
    expect(a.kind === "saved" && b.kind === "saved" && a.reportId === b.reportId).toBe(true);
    // Someone else's key (it can only be crafted) is not used: another sender never lands on
    // this report, and their report is made all the same, without the key.
    const other = await submitReport(w.sender, null, newReport().values, {
      ...ctx(RECEIVED),
      submissionKey: key,
    });
    expect(other.reportId).not.toBe(first.reportId);
    // w.sender's school asks for the principal's co-signature: sent, and waiting for it.
    expect(await reportRow(other.reportId)).toMatchObject({
      status: "awaitingCosign",
      createdBy: w.sender.user.id,
    });
    const otherDraft = await saveReportDraft(w.sender, null, values, 0, {
      submissionKey: draftKey,
    });
    if (otherDraft.kind !== "saved") throw new Error(`expected a saved draft: ${otherDraft.kind}`);
    expect(otherDraft.reportId).not.toBe(a.kind === "saved" ? a.reportId : null);
    const keys = await db
      .selectFrom("concernReports")
      .select(["id", "submissionKey"])
      .where("id", "in", [other.reportId, otherDraft.reportId])
      .execute();
    expect(keys.map((k) => k.submissionKey)).toEqual([null, null]);
  });

  it("hides where a report went from the school when intake says so, also in what follows", async () => {
    const report = await receivedReport(w);
    expect(
      await forwardReport(
        w.intake,
        report.id,
        {
          toDistrictId: w.otherDistrict.id,
          reason: "Skyddad adress i annan stadsdel",
          hiddenFromSchool: true,
        },
        ctx(NEXT_DAY),
      ),
    ).toEqual({ kind: "forwarded" });
    expect(
      await acknowledgeReport(
        freshLogin(w.otherIntake, LATER),
        report.id,
        { contactName: "Mottagningen", contactPhone: "08-508 100 00" },
        ctx(LATER),
      ),
    ).toEqual({ kind: "acknowledged" });
    for (const actor of [w.sender, w.principal]) {
      const view = await getSchoolReport(actor, report.id);
      expect(view.district.name).toBe(w.district.name);
      expect(view.district.intakePhone).toBe(w.district.intakePhone);
      expect(view.forwardedFrom).toBeNull();
      expect(view.timeline.map((e) => e.kind)).not.toContain("forwarded");
      expect(JSON.stringify(view)).not.toContain(w.otherDistrict.name);
      expect(JSON.stringify(view)).not.toContain(w.otherDistrict.intakePhone);
    }
    const list = await listSchoolReports(w.principal);
    expect(list.items.find((r) => r.id === report.id)?.districtName).toBe(w.district.name);
    const toSchool = (await emailsAbout(report.id)).filter((e) =>
      [w.sender.user.email, w.principal.user.email].includes(e.recipient),
    );
    expect(toSchool.length).toBeGreaterThan(0);
    for (const email of toSchool) {
      expect(`${email.subject} ${email.html} ${email.textBody}`).not.toContain(
        w.otherDistrict.name,
      );
    }
    // The new district has it.
    expect((await getIntakeReport(w.otherIntake, report.id)).reference).toBe(
      (await reportRow(report.id)).reference,
    );
  });

  it("keeps a hidden forwarding hidden when the report moves on, and tells the new intake so", async () => {
    const report = await receivedReport(w);
    const third = await createDistrict(`Västra stadsdelen ${tag()}`);
    await forwardReport(
      w.intake,
      report.id,
      { toDistrictId: w.otherDistrict.id, reason: "Skyddad adress", hiddenFromSchool: true },
      ctx(NEXT_DAY),
    );
    const atB = await getIntakeReport(w.otherIntake, report.id, ctx(NEXT_DAY));
    expect(atB.hiddenFromSchool).toBe(true);
    expect(atB.schoolSeesDistrictName).toBe(w.district.name);
    expect(atB.actorDefaults).toEqual({
      contactName: "Mottagningen",
      contactPhone: "08-508 100 00",
    });
    // B forwards on without ticking the box: still hidden, and the school is not told.
    const before = (await emailsAbout(report.id)).length;
    await forwardReport(
      w.otherIntake,
      report.id,
      { toDistrictId: third.id, reason: "Bor i västra stadsdelen" },
      ctx(LATER),
    );
    const toSchool = (await emailsAbout(report.id))
      .slice(before)
      .filter((e) => e.template === "concernReportToSchool");
    expect(toSchool).toEqual([]);
    const view = await getSchoolReport(w.sender, report.id);
    expect(view.district.name).toBe(w.district.name);
    expect(JSON.stringify(view)).not.toContain(third.name);
    expect(JSON.stringify(view)).not.toContain(w.otherDistrict.name);
    expect(view.timeline.map((e) => e.kind)).not.toContain("forwarded");
  });

  it("sends a reloaded form that was already sent to its receipt, not into a second report", async () => {
    const key = randomUUID();
    const report = newReport();
    const sent = await submitReport(w.directMentor, null, report.values, {
      ...ctx(RECEIVED),
      submissionKey: key,
    });
    expect(
      await saveReportDraft(w.directMentor, null, report.values, 0, { submissionKey: key }),
    ).toEqual({ kind: "alreadySent", reportId: sent.reportId });
  });

  it("words the form for the co-signature only when a principal can sign", async () => {
    const school = await createSchool({ districtId: w.district.id, name: `Askskolan ${tag()}` });
    await setRoutine(school.id, { cosign: true });
    const mentor = await createActor(school.id, "mentor");
    expect((await getReportFormContext(mentor)).cosignRequired).toBe(false);
    await createActor(school.id, "principal");
    expect((await getReportFormContext(mentor)).cosignRequired).toBe(true);
    expect((await getReportFormContext(w.principal)).cosignRequired).toBe(false);
  });

  it("lets the new district make its own protection assessment after a forwarding", async () => {
    const report = await receivedReport(w);
    await recordProtectionAssessment(w.intake, report.id, ctx(RECEIVED));
    expect((await reportRow(report.id)).protectionAssessedAt).not.toBeNull();
    await forwardReport(
      w.intake,
      report.id,
      { toDistrictId: w.otherDistrict.id, reason: "Bor i södra stadsdelen" },
      ctx(NEXT_DAY),
    );
    const view = await getIntakeReport(w.otherIntake, report.id, ctx(NEXT_DAY));
    expect(view.protectionAssessedAt).toBeNull();
    expect(view.deadlines.acknowledgementDueOn).toBe("2026-04-07");
  });

  it("records feedback withheld as inappropriate: the school sees only that none comes", async () => {
    const report = await receivedReport(w);
    await expectNotFound(
      withholdFeedback(w.manager, report.id, "Anmälaren är inblandad"),
      "manager",
    );
    await expectNotFound(withholdFeedback(w.otherIntake, report.id, "Anmälaren"), "other district");
    const reason = "Anmälaren är förälder till ett inblandat barn.";
    expect(await withholdFeedback(w.intake, report.id, reason, ctx(NEXT_DAY))).toEqual({
      kind: "withheld",
    });
    expect(await withholdFeedback(w.intake, report.id, reason)).toEqual({ kind: "notPossible" });
    const sender = await getSchoolReport(w.sender, report.id);
    expect(sender.feedbackWithheldAt).not.toBeNull();
    expect(sender.feedback).toBeNull();
    expect(JSON.stringify(sender)).not.toContain(reason);
    expect(sender.timeline.map((e) => e.kind)).toContain("feedbackWithheld");
    expect((await getSchoolReport(w.principal, report.id)).feedbackWithheldAt).not.toBeNull();
    await setRoutine(w.school.id, { studentHealth: true });
    const health = await getSchoolReport(w.studentHealth, report.id);
    await setRoutine(w.school.id, { studentHealth: false });
    expect(health.feedbackWithheldAt).toBeNull();
    expect(health.timeline.map((e) => e.kind)).not.toContain("feedbackWithheld");

    const intake = freshLogin(w.intake, LATER);
    const view = await getIntakeReport(intake, report.id, ctx(LATER));
    expect(view.feedbackWithheld?.reason).toBe(reason);
    expect(view.state).toBe("feedbackWithheld");
    expect(view.deadlines.feedbackDueOn).toBeNull();
    expect(view.deadlines.feedbackOverdue).toBe(false);
    // The decision is still recorded, without the password and without going to the school.
    await acknowledgeReport(
      intake,
      report.id,
      { contactName: "Ida Intag", contactPhone: "08-508 100 10" },
      ctx(LATER),
    );
    const before = (await emailsAbout(report.id)).length;
    expect(
      await recordDecision(
        { ...intake, session: { ...intake.session, authenticatedAt: RECEIVED } },
        report.id,
        { outcome: "opened", decisionOn: "2026-04-10" },
        NO_PASSWORD,
        ctx(LATER),
      ),
    ).toEqual({ kind: "recorded", feedbackGiven: false });
    expect((await emailsAbout(report.id)).length).toBe(before);
    expect((await getSchoolReport(w.sender, report.id)).feedback).toBeNull();
    expect(await giveFeedback(intake, report.id, RIGHT_PASSWORD, ctx(LATER))).toEqual({
      kind: "notPossible",
    });
    expect(await closeReport(intake, report.id, ctx(LATER))).toEqual({ kind: "closedNow" });
    await expect(
      sql`update concern_reports set feedback_withheld_reason = 'Annat' where id = ${report.id}`.execute(
        db,
      ),
    ).rejects.toMatchObject({ code: "P0001" });
  });

  it("tells intake of a note, and takes none on a closed report", async () => {
    const report = await receivedReport(w, { wantsFeedback: false });
    const before = (await allEmails()).length;
    expect(
      await addReportNote(w.sender, report.id, "Eleven var frånvarande i dag.", ctx(NEXT_DAY)),
    ).toEqual({ kind: "added" });
    const notices = (await allEmails())
      .slice(before)
      .filter((e) => e.template === "concernReportToIntake");
    expect(notices.map((e) => e.recipient).sort()).toEqual(
      [w.intake.user.email, w.intake2.user.email, w.district.intakeEmail].sort(),
    );
    expect(notices[0]!.textBody).toContain("lagt till nya uppgifter");
    const intake = freshLogin(w.intake, DECISION_DAY);
    await acknowledgeReport(
      intake,
      report.id,
      { contactName: "Ida Intag", contactPhone: "08-508 100 10" },
      ctx(NEXT_DAY),
    );
    expect(await closeReport(intake, report.id, ctx(DECISION_DAY))).toEqual({ kind: "notReady" });
    await recordDecision(
      intake,
      report.id,
      { outcome: "notOpened", decisionOn: "2026-04-10" },
      NO_PASSWORD,
      ctx(DECISION_DAY),
    );
    expect(await closeReport(intake, report.id, ctx(DECISION_DAY))).toEqual({ kind: "closedNow" });
    expect(await addReportNote(w.sender, report.id, "Ny uppgift efteråt.", ctx(LATER))).toEqual({
      kind: "closed",
    });
  });
});

describe("the outbox", () => {
  it("after every flow of this file, no e-mail names a child, carries an identity number or quotes a report", async () => {
    await expectOutboxFreeOfChildData();
    expect((await allEmails()).length).toBeGreaterThan(20);
  });
});
