/**
 * The intake's morning reminder about reports of concern. On each Swedish working day, every
 * district with an open report that must be acknowledged today, or whose acknowledgement,
 * decision on an investigation or requested feedback is late, gets one e-mail to its intake
 * officers and its intake address, with counts only (never a child, a school or a reference).
 *
 * Once per district and day: recorded in intake_reminders (district + date, ON CONFLICT DO
 * NOTHING) in the same transaction as its e-mails, so a second run on the same day, or a second
 * process, sends nothing. A pg-boss schedule (07:00 Europe/Stockholm) puts one job a day in the
 * queue, as for the school-card reminders; weekends and public holidays send nothing.
 */
import { stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { getBoss } from "~/lib/jobs.server";
import { logger } from "~/lib/logger.server";
import { isWorkingDay } from "~/lib/working-days";
import { queueEmail } from "~/lib/email.server";
import type { IntakeReminderProps } from "../../../emails/IntakeReminder";
import { db } from "~db/client.server";
import { reportDeadlines } from "./policy";
import { intakeRecipients, openReportTimes } from "./reports.server";

const INTAKE_REMINDER_QUEUE = "intake-reminders";

type Counts = Pick<
  IntakeReminderProps,
  "acknowledgeToday" | "acknowledgementLate" | "decideToday" | "decisionLate" | "feedbackLate"
>;

/** What waits at each district on `today` (YYYY-MM-DD), for the districts where anything does. */
async function countsByDistrict(today: string): Promise<Map<string, Counts>> {
  const byDistrict = new Map<string, Counts>();
  for (const row of await openReportTimes(db)) {
    const d = reportDeadlines(row, today);
    const counts = byDistrict.get(row.districtId) ?? {
      acknowledgeToday: 0,
      acknowledgementLate: 0,
      decideToday: 0,
      decisionLate: 0,
      feedbackLate: 0,
    };
    if (d.acknowledgementOverdue) counts.acknowledgementLate++;
    else if (!row.acknowledgedAt && d.acknowledgementDueOn === today) counts.acknowledgeToday++;
    if (d.decisionOverdue) counts.decisionLate++;
    else if (!row.decisionOutcome && d.decisionDueOn === today) counts.decideToday++;
    if (d.feedbackOverdue) counts.feedbackLate++;
    byDistrict.set(row.districtId, counts);
  }
  for (const [districtId, counts] of byDistrict) {
    if (Object.values(counts).every((n) => n === 0)) byDistrict.delete(districtId);
  }
  return byDistrict;
}

/**
 * Sends the reminders of the Stockholm date of `now`, if it is a working day. Returns the
 * districts reminded and the e-mails queued.
 */
export async function sendIntakeReminders(
  now = new Date(),
): Promise<{ districts: number; emails: number }> {
  const today = stockholmDate(now);
  const sent = { districts: 0, emails: 0 };
  if (!isWorkingDay(today)) return sent;
  for (const [districtId, counts] of await countsByDistrict(today)) {
    const emails = await db.transaction().execute(async (trx) => {
      // Nobody to tell (no intake officer and no intake address): nothing is recorded, so
      // whoever is added later in the day is told at the next run.
      const recipients = await intakeRecipients(trx, districtId);
      if (recipients.length === 0) {
        logger.warn({ districtId }, "intake reminder: the district has nobody to tell");
        return null;
      }
      const recorded = await trx
        .insertInto("intakeReminders")
        .values({ districtId, sentOn: today, sentAt: now })
        .onConflict((oc) => oc.columns(["districtId", "sentOn"]).doNothing())
        .returning("districtId")
        .executeTakeFirst();
      if (!recorded) return null;
      const district = await trx
        .selectFrom("organisations")
        .select("name")
        .where("id", "=", districtId)
        .executeTakeFirstOrThrow();
      for (const to of recipients) {
        await queueEmail(trx, {
          to,
          template: "intakeReminder",
          props: {
            districtName: district.name,
            ...counts,
            url: `${env().APP_URL}/mottagning/anmalningar`,
          },
        });
      }
      return recipients.length;
    });
    if (emails === null) continue;
    sent.districts += 1;
    sent.emails += emails;
  }
  return sent;
}

export async function startIntakeReminderJob(): Promise<void> {
  const boss = await getBoss();
  await boss.createQueue(INTAKE_REMINDER_QUEUE, { retryLimit: 3, retryDelay: 300 });
  await boss.schedule(INTAKE_REMINDER_QUEUE, "0 7 * * *", null, { tz: "Europe/Stockholm" });
  await boss.work(INTAKE_REMINDER_QUEUE, async () => {
    const sent = await sendIntakeReminders();
    logger.info({ sent }, "intake reminders sent");
  });
}
