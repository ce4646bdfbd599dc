/**
 * The daily school-card reminders (issue 6): for a card still with the school, a reminder from 3
 * days before the last day until the day before ('beforeDue'), one on or after the last day
 * ('onDue'), both to the named mentor (or, with none, the principal and student health), and from
 * 7 days after the last day an escalation to the school's principal(s) ('escalation').
 *
 * Each kind goes out at most once per card: it is recorded in school_card_reminders (primary key
 * card + kind, ON CONFLICT DO NOTHING) in the same transaction as its e-mails, so a second run on
 * the same day, or a second process, sends nothing.
 *
 * A pg-boss schedule (06:00 Europe/Stockholm) puts one job a day in the queue, as for the
 * agreement revision reminders.
 */
import type { Transaction } from "kysely";
import { addToDate, formatCalendarDate, stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { getBoss } from "~/lib/jobs.server";
import { logger } from "~/lib/logger.server";
import { allowedCategories } from "~/modules/consent/consent.server";
import { queueEmail } from "~/lib/email.server";
import { db } from "~db/client.server";
import type { Database, Role, SchoolCardRemindersTable } from "~db/schema";
import { EDITABLE_STATUSES } from "./policy";

type SchoolCardReminderKind = SchoolCardRemindersTable["kind"];
const KINDS: readonly SchoolCardReminderKind[] = ["beforeDue", "onDue", "escalation"];

export const SCHOOL_CARD_REMINDER_QUEUE = "school-card-reminders";

/** Days before the last day the first reminder goes out, and after it the escalation. */
const BEFORE_DUE_DAYS = 3;
const ESCALATION_DAYS = 7;

/** The latest kind reached on `today` (YYYY-MM-DD) for a card due on `dueOn`, if any. */
function reminderReached(dueOn: string, today: string): SchoolCardReminderKind | null {
  if (today >= addToDate(dueOn, { days: ESCALATION_DAYS })) return "escalation";
  if (today >= dueOn) return "onDue";
  if (today >= addToDate(dueOn, { days: -BEFORE_DUE_DAYS })) return "beforeDue";
  return null;
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export interface SchoolCardReminderCounts {
  beforeDue: number;
  onDue: number;
  escalation: number;
  /** E-mails queued, over all kinds. */
  emails: number;
}

/**
 * Sends the reminders due on the Stockholm date of `now`. Returns the reminders sent by kind
 * (cards) and the e-mails queued.
 */
export async function sendSchoolCardReminders(now = new Date()): Promise<SchoolCardReminderCounts> {
  const today = stockholmDate(now);
  const counts: SchoolCardReminderCounts = { beforeDue: 0, onDue: 0, escalation: 0, emails: 0 };
  const cards = await db
    .selectFrom("schoolCards as k")
    .innerJoin("organisations as s", "s.id", "k.schoolId")
    .innerJoin("organisations as d", "d.id", "k.districtId")
    .select([
      "k.id",
      "k.childId",
      "k.districtId",
      "k.schoolId",
      "k.dueOn",
      "k.mentorUserId",
      "k.categories",
      "s.name as schoolName",
      "d.name as districtName",
    ])
    .where("k.status", "in", EDITABLE_STATUSES)
    .where("k.dueOn", "<=", addToDate(today, { days: BEFORE_DUE_DAYS }))
    .orderBy("k.dueOn")
    .execute();

  for (const card of cards) {
    const kind = reminderReached(card.dueOn, today);
    if (!kind) continue;
    const emails = await db.transaction().execute(async (trx) => {
      // Returned or stopped since the list was read: nothing to remind about.
      const still = await trx
        .selectFrom("schoolCards")
        .select("id")
        .where("id", "=", card.id)
        .where("status", "in", EDITABLE_STATUSES)
        .forUpdate()
        .executeTakeFirst();
      if (!still) return null;
      // A card whose consent has been revoked or run out is stopped at its next reading
      // (school-cards.server.ts); the school is not reminded about it meanwhile (nor is
      // anything recorded).
      const gate = await allowedCategories(trx, {
        childId: card.childId,
        from: { organisationId: card.districtId, kind: "district" },
        receiving: { organisationId: card.schoolId, kind: "school" },
        categories: card.categories,
        today,
      });
      if (gate.allowed.length === 0) return null;
      const recorded = await trx
        .insertInto("schoolCardReminders")
        .values({ schoolCardId: card.id, kind, sentAt: now })
        .onConflict((oc) => oc.columns(["schoolCardId", "kind"]).doNothing())
        .returning("schoolCardId")
        .executeTakeFirst();
      if (!recorded) return null;
      // A card first seen late (the job did not run, or the card was requested with a short
      // time) gets only the latest kind reached: the earlier kinds are recorded as sent too, so
      // they never go out afterwards (a "before the last day" reminder after the escalation
      // would mislead).
      const earlier = KINDS.slice(0, KINDS.indexOf(kind));
      if (earlier.length > 0) {
        await trx
          .insertInto("schoolCardReminders")
          .values(earlier.map((k) => ({ schoolCardId: card.id, kind: k, sentAt: now })))
          .onConflict((oc) => oc.columns(["schoolCardId", "kind"]).doNothing())
          .execute();
      }
      const recipients = await recipientsFor(trx, card, kind);
      for (const person of recipients) {
        await queueEmail(trx, {
          to: person.email,
          template: "schoolCardReminder",
          props: {
            recipientName: person.name,
            kind,
            schoolName: card.schoolName,
            districtName: card.districtName,
            dueOn: formatCalendarDate(card.dueOn),
            daysLate: Math.max(0, daysBetween(card.dueOn, today)),
            url: `${env().APP_URL}/skolkort/${card.id}`,
          },
        });
      }
      return recipients.length;
    });
    if (emails === null) continue;
    counts[kind] += 1;
    counts.emails += emails;
  }
  return counts;
}

/**
 * The escalation: the school's principal(s). The reminders: the named mentor while still at the
 * school, or else its principal(s) and student health.
 */
async function recipientsFor(
  trx: Transaction<Database>,
  card: { schoolId: string; mentorUserId: string | null },
  kind: SchoolCardReminderKind,
) {
  const atSchool = (roles: readonly Role[], userId?: string) => {
    let query = trx
      .selectFrom("users as u")
      .innerJoin("memberships as m", "m.userId", "u.id")
      .select(["u.email", "u.name"])
      .distinct()
      .where("m.organisationId", "=", card.schoolId)
      .where("m.endedAt", "is", null)
      .where("u.deactivatedAt", "is", null)
      .where("m.role", "in", roles);
    if (userId) query = query.where("u.id", "=", userId);
    return query.orderBy("u.email").execute();
  };
  if (kind === "escalation") return atSchool(["principal"]);
  if (card.mentorUserId) {
    const mentor = await atSchool(["mentor", "principal", "studentHealth"], card.mentorUserId);
    if (mentor.length > 0) return mentor;
  }
  return atSchool(["principal", "studentHealth"]);
}

export async function startSchoolCardReminderJob(): Promise<void> {
  const boss = await getBoss();
  await boss.createQueue(SCHOOL_CARD_REMINDER_QUEUE, { retryLimit: 3, retryDelay: 300 });
  await boss.schedule(SCHOOL_CARD_REMINDER_QUEUE, "0 6 * * *", null, { tz: "Europe/Stockholm" });
  await boss.work(SCHOOL_CARD_REMINDER_QUEUE, async () => {
    const sent = await sendSchoolCardReminders();
    logger.info({ sent }, "school-card reminders sent");
  });
}
