/**
 * Background work of the portal process: the e-mail worker and the scheduled jobs. It wires
 * auth's and five modules' jobs together, so it sits at the top of app/, beside
 * entry.server.tsx, which re-exports it: server.ts starts it through the Remix build, on the
 * same module instances as the routes (one database pool, one job queue).
 */
import { startPasswordResetWorker } from "~/auth/password-reset.server";
import { startAuthCleanUpJob } from "~/auth/prune.server";
import { startEmailWorker } from "~/lib/email.server";
import { stopBoss } from "~/lib/jobs.server";
import { startRevisionReminderJob } from "~/modules/agreements/jobs.server";
import { startFollowUpCountJob } from "~/modules/follow-up/follow-up.server";
import { startIntakeReminderJob } from "~/modules/reports/reminders.server";
import { startSchoolCardReminderJob } from "~/modules/school-cards/reminders.server";
import { startSchoolCardScheduleJob } from "~/modules/school-cards/schedule.server";

export async function startBackgroundWork(): Promise<void> {
  await startEmailWorker();
  await startPasswordResetWorker();
  await startRevisionReminderJob();
  await startSchoolCardReminderJob();
  await startSchoolCardScheduleJob();
  await startIntakeReminderJob();
  await startAuthCleanUpJob();
  await startFollowUpCountJob();
}

export async function stopBackgroundWork(): Promise<void> {
  await stopBoss();
}
