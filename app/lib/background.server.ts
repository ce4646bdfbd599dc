/** Background work of the portal process: the e-mail worker (and later scheduled jobs). */
import { startEmailWorker } from "~/modules/email/email.server";
import { stopBoss } from "./jobs.server";

export async function startBackgroundWork(): Promise<void> {
  await startEmailWorker();
}

export async function stopBackgroundWork(): Promise<void> {
  await stopBoss();
}
