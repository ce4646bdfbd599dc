/**
 * The daily school-card reminders (issue 6) against the real database, with the clock passed in
 * as `now`: nothing 4 days before the last day; 'beforeDue' from 3 days before, once; 'onDue' on
 * the last day, once; 'escalation' 7 days after, once, to the principal only; nothing for a card
 * returned, accepted or stopped; a card first seen 8 days late gets only the escalation; two runs
 * at once send once; and no e-mail carries the child's name or identity number.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Actor } from "~/auth/session.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { sendSchoolCardReminders } from "~/modules/school-cards/reminders.server";
import { type RequestValues } from "~/modules/school-cards/school-cards.server";
import {
  districtWithStaff,
  schoolWithStaff,
  consentedChild,
  requestCard,
  type Child,
} from "../helpers/worlds";

const today = stockholmDate(new Date());
const day = (days: number) => addToDate(today, { days });

/** The card's last day, and a moment (late morning in Stockholm) `offset` days from it. */
const DUE = day(10);
const at = (offset: number) => new Date(`${addToDate(DUE, { days: offset })}T09:30:00Z`);

// --- The world -------------------------------------------------------------------------------

async function world() {
  const { district, caseworker } = await districtWithStaff({ staff: { caseworker: "caseworker" } });
  const { school, ...schoolStaff } = await schoolWithStaff({ districtId: district.id });
  return { district, school, caseworker, ...schoolStaff };
}
type World = Awaited<ReturnType<typeof world>>;

/** A minor of the caseworker's at the school, consent from all three, and a card naming the mentor. */
async function childWithCard(w: World, overrides: Partial<RequestValues> = {}) {
  const { child } = await consentedChild(w.caseworker, { schoolId: w.school.id });
  const { cardId } = await requestCard(w.caseworker, child.id, {
    dueOn: DUE,
    schoolId: w.school.id,
    mentorUserId: w.mentor.user.id,
    ...overrides,
  });
  return { child, cardId };
}

async function remindersAbout(cardId: string) {
  const emails = await db
    .selectFrom("emails")
    .selectAll()
    .where("template", "=", "schoolCardReminder")
    .orderBy("createdAt")
    .orderBy("id")
    .execute();
  return emails.filter((e) => e.textBody?.includes(`/skolkort/${cardId}`));
}

async function recorded(cardId: string) {
  const rows = await db
    .selectFrom("schoolCardReminders")
    .select("kind")
    .where("schoolCardId", "=", cardId)
    .execute();
  return rows.map((r) => r.kind).sort();
}

const recipients = (emails: { recipient: string }[]) => emails.map((e) => e.recipient).sort();
const emailOf = (actor: Actor) => actor.user.email;

/** Neither the child's names nor the identity number (12 or 10 digits, with or without dash). */
function expectNoChildData(text: string, child: Child) {
  const number = child.personalIdentityNumber;
  for (const forbidden of [
    child.firstName,
    child.lastName,
    number,
    number.slice(2),
    `${number.slice(0, 8)}-${number.slice(8)}`,
    `${number.slice(2, 8)}-${number.slice(8)}`,
  ]) {
    expect(text).not.toContain(forbidden);
  }
}

// ---------------------------------------------------------------------------------------------

describe("school-card reminders", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("reminds the mentor 3 days before and on the last day, and escalates to the principal 7 days after, each once", async () => {
    const { child, cardId } = await childWithCard(w);

    await sendSchoolCardReminders(at(-4));
    expect(await remindersAbout(cardId)).toEqual([]);
    expect(await recorded(cardId)).toEqual([]);

    // 3 days before: one reminder to the named mentor; a rerun that day and the next day: none.
    const first = await sendSchoolCardReminders(at(-3));
    expect(first.beforeDue).toBeGreaterThanOrEqual(1);
    let emails = await remindersAbout(cardId);
    expect(recipients(emails)).toEqual([emailOf(w.mentor)]);
    expect(emails[0]!.textBody).toContain("om några dagar");
    await sendSchoolCardReminders(new Date(at(-3).getTime() + 3 * 3_600_000));
    await sendSchoolCardReminders(at(-2));
    await sendSchoolCardReminders(at(-1));
    expect(await remindersAbout(cardId)).toHaveLength(1);
    expect(await recorded(cardId)).toEqual(["beforeDue"]);

    // The last day: one more to the mentor; the days after: none until the escalation.
    await sendSchoolCardReminders(at(0));
    await sendSchoolCardReminders(at(0));
    emails = await remindersAbout(cardId);
    expect(recipients(emails)).toEqual([emailOf(w.mentor), emailOf(w.mentor)]);
    expect(emails[1]!.textBody).toContain("Sista dag är i dag");
    for (const offset of [1, 3, 6]) await sendSchoolCardReminders(at(offset));
    expect(await remindersAbout(cardId)).toHaveLength(2);

    // 7 days after: the escalation, to the principal only, once.
    await sendSchoolCardReminders(at(7));
    await sendSchoolCardReminders(at(7));
    await sendSchoolCardReminders(at(8));
    await sendSchoolCardReminders(at(30));
    emails = await remindersAbout(cardId);
    expect(emails).toHaveLength(3);
    expect(emails[2]!.recipient).toBe(emailOf(w.principal));
    expect(emails[2]!.textBody).toContain("7 dagar försenat");
    expect(await recorded(cardId)).toEqual(["beforeDue", "escalation", "onDue"]);

    for (const email of emails) {
      for (const text of [email.subject, email.html ?? "", email.textBody ?? ""]) {
        expectNoChildData(text, child);
      }
    }
  });

  it("reminds the principal and student health when the card names no mentor", async () => {
    const { child, cardId } = await childWithCard(w, { mentorUserId: null });
    await sendSchoolCardReminders(at(-3));
    await sendSchoolCardReminders(at(-3));
    const emails = await remindersAbout(cardId);
    expect(recipients(emails)).toEqual([emailOf(w.principal), emailOf(w.studentHealth)].sort());
    for (const email of emails) expectNoChildData(email.textBody ?? "", child);
  });

  it("sends nothing for a card returned, accepted or stopped", async () => {
    const returned = await childWithCard(w);
    const accepted = await childWithCard(w);
    const stopped = await childWithCard(w);
    const submitted = { submittedAt: new Date(), submittedBy: w.mentor.user.id };
    await db
      .updateTable("schoolCards")
      .set({ status: "returned", ...submitted })
      .where("id", "=", returned.cardId)
      .execute();
    await db
      .updateTable("schoolCards")
      .set({ status: "accepted", ...submitted, acceptedAt: new Date() })
      .where("id", "=", accepted.cardId)
      .execute();
    await db
      .updateTable("schoolCards")
      .set({ status: "stopped", stoppedAt: new Date(), stoppedReason: "Samtycket togs tillbaka." })
      .where("id", "=", stopped.cardId)
      .execute();

    for (const offset of [-3, 0, 7, 8]) await sendSchoolCardReminders(at(offset));
    for (const card of [returned, accepted, stopped]) {
      expect(await remindersAbout(card.cardId)).toEqual([]);
      expect(await recorded(card.cardId)).toEqual([]);
    }
  });

  it("gives a card first seen 8 days late only the escalation, and never the earlier kinds afterwards", async () => {
    const { child, cardId } = await childWithCard(w);
    const counts = await sendSchoolCardReminders(at(8));
    expect(counts.escalation).toBeGreaterThanOrEqual(1);
    await sendSchoolCardReminders(at(9));
    const emails = await remindersAbout(cardId);
    expect(recipients(emails)).toEqual([emailOf(w.principal)]);
    expect(emails[0]!.textBody).toContain("8 dagar försenat");
    expectNoChildData(emails[0]!.textBody ?? "", child);
    // The earlier kinds are recorded as sent (skipped), so nothing else ever goes out.
    expect(await recorded(cardId)).toEqual(["beforeDue", "escalation", "onDue"]);
  });

  it("sends once when two runs race", async () => {
    const { cardId } = await childWithCard(w);
    await Promise.all([sendSchoolCardReminders(at(0)), sendSchoolCardReminders(at(0))]);
    const emails = await remindersAbout(cardId);
    expect(recipients(emails)).toEqual([emailOf(w.mentor)]);
    expect(await recorded(cardId)).toEqual(["beforeDue", "onDue"]);
  });
});
