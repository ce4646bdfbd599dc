/**
 * The intake's morning reminder about reports of concern, against the real database (this file's
 * own) with the clock passed in as `now`, Easter 2026:
 * - a report late since before Easter: nothing on Good Friday, Easter Saturday or Easter Monday;
 *   on Tuesday nothing while the district has nobody to tell, and once an intake officer is
 *   added, the reminder that same day;
 * - a report received on the Thursday before Easter (acknowledgement due on Tuesday 7 April):
 *   on Tuesday "to acknowledge today", once, to the intake officers and the intake address and
 *   nobody else, also with two runs at once; on Wednesday "late"; once acknowledged, nothing
 *   until the day the decision is due, then "due today", then "late";
 * - no e-mail names the child, the school, the reference or anything the school wrote.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { sendIntakeReminders } from "~/modules/reports/reminders.server";
import {
  acknowledgeReport,
  closeReport,
  recordDecision,
  submitReport,
} from "~/modules/reports/reports.server";
import { reportSchema } from "~/modules/reports/schema";
import {
  createActor,
  createDistrict,
  createSchool,
  nextOfficialTestNumber,
} from "../helpers/factories";
import { districtWithStaff, schoolWithStaff } from "../helpers/worlds";

/** 07:00 in Stockholm (summer time) on a day of April 2026. */
const morning = (day: string) => new Date(`2026-04-${day}T05:00:00Z`);
const RECEIVED = new Date("2026-04-02T08:00:00Z");

/** The actor with a login a minute old at `now`: no step-up asked. */
const loggedInAt = (actor: Actor, now: Date): Actor => ({
  ...actor,
  session: { ...actor.session, authenticatedAt: new Date(now.getTime() - 60_000) },
});

async function world() {
  const t = randomUUID().slice(0, 6);
  const intakeEmail = `mottagning.norra.${t}@kommun.test`;
  const { district, ...ours } = await districtWithStaff({
    name: `Norra stadsdelen ${t}`,
    contact: { intakeEmail },
    staff: { intake: "intakeOfficer", intake2: "intakeOfficer", manager: "districtManager" },
  });
  const { quietIntake } = await districtWithStaff({
    name: `Södra stadsdelen ${t}`,
    staff: { quietIntake: "intakeOfficer" },
  });
  const { school, ...schoolStaff } = await schoolWithStaff({
    districtId: district.id,
    name: `Ekskolan ${t}`,
    staff: { mentor: "mentor", principal: "principal" },
  });
  return { district, intakeEmail, school, ...schoolStaff, ...ours, quietIntake };
}
type World = Awaited<ReturnType<typeof world>>;

async function sendReport(w: Pick<World, "mentor">, now = RECEIVED) {
  const number = nextOfficialTestNumber();
  const surname = `Lind${randomUUID().slice(0, 4)}`;
  const values = reportSchema.parse({
    childName: `Tindra ${surname}`,
    childIdentityNumber: `${number.slice(2, 8)}-${number.slice(8)}`,
    classYear: "7B",
    concern: "Tindra berättar att hon inte får äta hemma på kvällarna.",
    observations: "Hon kommer hungrig till skolan.",
    observedWhen: "Sedan början av mars",
    observedBy: "Mentorn",
    guardiansInformed: "yes",
    reporterName: "Maja Mentor",
    reporterRole: "Mentor",
    reporterPhone: "08-123 45 67",
    wantsFeedback: true,
    wantsMeeting: false,
  });
  const sent = await submitReport(w.mentor, null, values, { now });
  const row = await db
    .selectFrom("concernReports")
    .select(["reference", "status"])
    .where("id", "=", sent.reportId)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe("received");
  return {
    id: sent.reportId,
    secrets: [values.childName, surname, number, number.slice(2), row.reference!, values.concern],
  };
}

async function remindersTo(addresses: string[]) {
  return db
    .selectFrom("emails")
    .select(["recipient", "subject", "html", "textBody"])
    .where("template", "=", "intakeReminder")
    .where("recipient", "in", addresses)
    .orderBy("createdAt")
    .execute();
}

const emailOf = (actor: Actor) => actor.user.email.toLowerCase();

describe("days without a reminder", () => {
  it("sends nothing on Good Friday, Easter Saturday or Easter Monday, nor to a district with nobody to tell", async () => {
    const district = await createDistrict(`Västra stadsdelen ${randomUUID().slice(0, 6)}`);
    const school = await createSchool({ districtId: district.id });
    const mentor = await createActor(school.id, "mentor");
    // Received on Monday 30 March: the acknowledgement is late from Wednesday 1 April.
    const report = await sendReport({ mentor }, new Date("2026-03-30T08:00:00Z"));
    for (const day of ["03", "04", "06"]) {
      expect(await sendIntakeReminders(morning(day)), day).toEqual({ districts: 0, emails: 0 });
    }
    // Tuesday 7 April is a working day, but the district has no intake officer and no address.
    expect(await sendIntakeReminders(morning("07"))).toEqual({ districts: 0, emails: 0 });
    const days = () =>
      db.selectFrom("intakeReminders").select("sentOn").where("districtId", "=", district.id);
    expect(await days().execute()).toEqual([]);

    // An intake officer joins that morning: the next run tells her.
    const intake = await createActor(district.id, "intakeOfficer");
    const later = new Date("2026-04-07T09:00:00Z");
    expect(await sendIntakeReminders(later)).toEqual({ districts: 1, emails: 1 });
    expect(await days().execute()).toEqual([{ sentOn: "2026-04-07" }]);
    const [email] = await remindersTo([emailOf(intake)]);
    expect(email!.textBody).toContain("1 orosanmälan borde redan ha bekräftats.");
    for (const secret of report.secrets) expect(email!.textBody).not.toContain(secret);

    // Handled and closed, it leaves the rest of this file's days to the next report.
    const officer = loggedInAt(intake, later);
    await acknowledgeReport(
      officer,
      report.id,
      { contactName: "Ida Intag", contactPhone: "08-508 100 10" },
      { now: later },
    );
    await recordDecision(
      officer,
      report.id,
      { outcome: "notOpened", decisionOn: "2026-04-07" },
      { password: null, clientAddress: "198.51.100.23" },
      { now: later },
    );
    expect(await closeReport(officer, report.id, { now: later })).toEqual({ kind: "closedNow" });
  });
});

describe("the intake's morning reminder", () => {
  let w: World;
  let report: Awaited<ReturnType<typeof sendReport>>;
  let intakeAddresses: string[];
  let everyoneElse: string[];

  beforeAll(async () => {
    w = await world();
    report = await sendReport(w);
    intakeAddresses = [emailOf(w.intake), emailOf(w.intake2), w.intakeEmail].sort();
    everyoneElse = [w.mentor, w.principal, w.manager, w.quietIntake].map(emailOf);
  });

  it("on the day the acknowledgement is due, tells intake once, in counts only", async () => {
    expect(await sendIntakeReminders(morning("07"))).toEqual({ districts: 1, emails: 3 });
    const emails = await remindersTo(intakeAddresses);
    expect(emails.map((e) => e.recipient).sort()).toEqual(intakeAddresses);
    for (const email of emails) {
      expect(email.subject).toBe("Orosanmälningar att hantera i dag – Samverkansportalen");
      expect(email.textBody).toContain("1 orosanmälan ska bekräftas senast i dag.");
      expect(email.textBody).not.toContain("borde redan");
      expect(email.textBody).toContain("/mottagning/anmalningar");
      const whole = `${email.subject}\n${email.html}\n${email.textBody}`;
      for (const secret of [...report.secrets, w.school.name, report.id]) {
        expect(whole, secret).not.toContain(secret);
      }
    }
    // Nobody else: not the school, not the manager, not the district without anything waiting.
    expect(await remindersTo(everyoneElse)).toEqual([]);

    // A second run the same day, later or at once, sends nothing more.
    expect(
      await Promise.all([
        sendIntakeReminders(morning("07")),
        sendIntakeReminders(new Date("2026-04-07T12:00:00Z")),
      ]),
    ).toEqual([
      { districts: 0, emails: 0 },
      { districts: 0, emails: 0 },
    ]);
    expect(await remindersTo(intakeAddresses)).toHaveLength(3);
  });

  it("the next working day says the acknowledgement is late; once acknowledged, nothing until the decision is late", async () => {
    expect(await sendIntakeReminders(morning("08"))).toEqual({ districts: 1, emails: 3 });
    const wednesday = (await remindersTo(intakeAddresses)).slice(3);
    expect(wednesday).toHaveLength(3);
    expect(wednesday[0]!.textBody).toContain("1 orosanmälan borde redan ha bekräftats.");
    expect(wednesday[0]!.textBody).not.toContain("senast i dag");

    await acknowledgeReport(
      w.intake,
      report.id,
      { contactName: "Ida Intag", contactPhone: "08-508 100 10" },
      { now: new Date("2026-04-08T09:00:00Z") },
    );
    expect(await sendIntakeReminders(morning("09"))).toEqual({ districts: 0, emails: 0 });
    // Received 2 April: the decision is due on 16 April and late from the 17th.
    expect(await sendIntakeReminders(morning("15"))).toEqual({ districts: 0, emails: 0 });
    expect(await sendIntakeReminders(morning("16"))).toEqual({ districts: 1, emails: 3 });
    const dueToday = (await remindersTo(intakeAddresses)).slice(6);
    expect(dueToday[0]!.textBody).toContain(
      "För 1 orosanmälan går fristen för beslut om att inleda utredning ut i dag.",
    );
    expect(dueToday[0]!.textBody).not.toContain("bekräft");
    expect(await sendIntakeReminders(morning("17"))).toEqual({ districts: 1, emails: 3 });
    const late = (await remindersTo(intakeAddresses)).slice(9);
    expect(late).toHaveLength(3);
    expect(late[0]!.textBody).toContain(
      "1 orosanmälan saknar beslut om att inleda utredning, trots att fristen på 14 dagar har gått ut.",
    );
    expect(await remindersTo(everyoneElse)).toEqual([]);
  });
});
