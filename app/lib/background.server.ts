/** Background work of the portal process: the e-mail worker and the scheduled jobs. */
import { startPasswordResetWorker } from "~/auth/password-reset.server";
import { startRevisionReminderJob } from "~/modules/agreements/jobs.server";
import { startEmailWorker } from "~/lib/email.server";
import { startIntakeReminderJob } from "~/modules/reports/reminders.server";
import { startSchoolCardReminderJob } from "~/modules/school-cards/reminders.server";
import { startSchoolCardScheduleJob } from "~/modules/school-cards/schedule.server";
import { stopBoss } from "./jobs.server";

export async function startBackgroundWork(): Promise<void> {
  await startEmailWorker();
  await startPasswordResetWorker();
  await startRevisionReminderJob();
  await startSchoolCardReminderJob();
  await startSchoolCardScheduleJob();
  await startIntakeReminderJob();
}

export async function stopBackgroundWork(): Promise<void> {
  await stopBoss();
}
