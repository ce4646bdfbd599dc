/**
 * The daily clean-up of what logging in leaves behind (issue 17): a pg-boss schedule (03:30
 * Europe/Stockholm, when nobody works) puts one job a day in the queue, and whichever portal
 * process runs takes it. Deleting is idempotent, so a second run, or a second process, finds
 * nothing more to do.
 *
 * What goes, and when:
 * - sessions that have ended: past their expiry, or past the absolute lifetime from their login
 *   (SESSION_MAX_HOURS). A session that ended earlier by its idle timeout has an expiry no later
 *   than that, so it goes too; until then the session read refuses it anyway.
 * - login attempts older than AUTH_RECORDS_RETENTION_DAYS (30). The throttle counts only the
 *   last 15 minutes (LOGIN_LIMITS), so any retention of a day or more leaves it whole; the
 *   rest is for looking into a guessing attack afterwards.
 * - password-reset links whose expiry passed more than AUTH_RECORDS_RETENTION_DAYS ago, used or
 *   not: a link lives an hour, and after that only says when someone reset their password.
 * - forgot-password requests older than a day: what requestPasswordReset already deletes when
 *   someone asks (REQUEST_RETENTION_MS), done here too for the days when nobody asks.
 *
 * What stays, on purpose:
 * - invitations: the agreement page shows each invitation's history (accepted, revoked,
 *   expired); an expired or used link no longer opens anything (findValidInvitation).
 * - consent links (consent_requests): the record of consent asked and answered, which consents
 *   refer to; they are the child's file, not login data.
 * - recovery codes: at most ten a person, replaced as a whole; the used ones tell how many are
 *   left.
 */
import { db } from "~db/client.server";
import { env } from "~/lib/env.server";
import { getBoss } from "~/lib/jobs.server";
import { logger } from "~/lib/logger.server";
import { REQUEST_RETENTION_MS } from "./password-reset.server";
import { maxLifetimeMs } from "./session-lifetime";

export const AUTH_CLEAN_UP_QUEUE = "auth-clean-up";

export interface Pruned {
  sessions: number;
  loginAttempts: number;
  passwordResets: number;
  passwordResetRequests: number;
}

/** Deletes what is due at `now`; the counts of what went. */
export async function pruneAuthRecords(now = new Date()): Promise<Pruned> {
  const settings = env();
  const retained = new Date(now.getTime() - settings.AUTH_RECORDS_RETENTION_DAYS * 86_400_000);
  const [sessions, loginAttempts, passwordResets, passwordResetRequests] = await Promise.all([
    db
      .deleteFrom("sessions")
      .where((eb) =>
        eb.or([
          eb("expiresAt", "<=", now),
          eb("createdAt", "<=", new Date(now.getTime() - maxLifetimeMs(settings))),
        ]),
      )
      .executeTakeFirst(),
    db.deleteFrom("loginAttempts").where("attemptedAt", "<", retained).executeTakeFirst(),
    db.deleteFrom("passwordResets").where("expiresAt", "<", retained).executeTakeFirst(),
    db
      .deleteFrom("passwordResetRequests")
      .where("requestedAt", "<", new Date(now.getTime() - REQUEST_RETENTION_MS))
      .executeTakeFirst(),
  ]);
  return {
    sessions: Number(sessions.numDeletedRows),
    loginAttempts: Number(loginAttempts.numDeletedRows),
    passwordResets: Number(passwordResets.numDeletedRows),
    passwordResetRequests: Number(passwordResetRequests.numDeletedRows),
  };
}

export async function startAuthCleanUpJob(): Promise<void> {
  const boss = await getBoss();
  await boss.createQueue(AUTH_CLEAN_UP_QUEUE, { retryLimit: 3, retryDelay: 300 });
  await boss.schedule(AUTH_CLEAN_UP_QUEUE, "30 3 * * *", null, { tz: "Europe/Stockholm" });
  await boss.work(AUTH_CLEAN_UP_QUEUE, async () => {
    const pruned = await pruneAuthRecords();
    logger.info({ pruned }, "login records cleaned up");
  });
}
