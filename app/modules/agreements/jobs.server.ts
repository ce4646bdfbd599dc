/**
 * The daily revision-reminder job: a pg-boss schedule (06:00 Europe/Stockholm) puts one job a day
 * in the queue, and whichever portal process is running takes it. Each reminder is recorded when
 * sent (agreement_reminders), so a second run on the same day, or a second process, sends nothing.
 */
import { getBoss } from "~/lib/jobs.server";
import { logger } from "~/lib/logger.server";
import { sendRevisionReminders } from "./agreements.server";

const REVISION_REMINDER_QUEUE = "agreement-revision-reminders";

export async function startRevisionReminderJob(): Promise<void> {
  const boss = await getBoss();
  await boss.createQueue(REVISION_REMINDER_QUEUE, { retryLimit: 3, retryDelay: 300 });
  await boss.schedule(REVISION_REMINDER_QUEUE, "0 6 * * *", null, { tz: "Europe/Stockholm" });
  await boss.work(REVISION_REMINDER_QUEUE, async () => {
    const sent = await sendRevisionReminders();
    logger.info({ sent }, "agreement revision reminders sent");
  });
}
