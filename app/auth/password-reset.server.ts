/**
 * Password reset by e-mail link: single-use, valid for an hour, and only the newest link of an
 * account works. Asking does the same work whether or not the address has an account: the
 * throttle, one row and one job; the job (sendPasswordReset, run by the queue's worker) makes
 * the link and the e-mail when there is an account. So the answer neither says nor takes longer
 * for a known address. Setting the new password ends every session of the user.
 */
import type { Kysely, Transaction } from "kysely";
import { env } from "~/lib/env.server";
import { onTransaction, queueReady } from "~/lib/jobs.server";
import { queueEmail } from "~/lib/email.server";
import { db, lockKey } from "~db/client.server";
import type { Database } from "~db/schema";
import { hashPassword } from "./password.server";
import { RESET_VALID_MINUTES } from "./schema";
import { hashToken, newToken, TOKEN_PATTERN } from "./tokens.server";

/**
 * Requests let through per hour. Per account (e-mail address): at most this many reset e-mails.
 * Per client address: enough for a school's shared address on a bad morning, too few to mail
 * the staff list.
 */
export const RESET_LIMITS = {
  windowMinutes: 60,
  perAccount: 3,
  perClientAddress: 30,
} as const;

/**
 * Requests are kept this long (they hold e-mail and IP addresses), then deleted: here when
 * someone asks, and by the daily clean-up (prune.server.ts).
 */
export const REQUEST_RETENTION_MS = 24 * 3600_000;

const PASSWORD_RESET_QUEUE = "password-reset";

const resetQueue = () =>
  queueReady(PASSWORD_RESET_QUEUE, {
    retryLimit: 5,
    retryDelay: 10,
    retryBackoff: true,
    // A link made hours late is no help: the user has asked again or gone for help.
    retentionSeconds: 3600,
  });

/**
 * Records a forgot-password request and queues its job, unless the e-mail address or the
 * client address has asked too often in the last hour. The caller always shows the same
 * answer: neither an unknown address nor the throttle is told apart.
 */
export async function requestPasswordReset(
  input: { email: string; clientAddress: string },
  now = new Date(),
): Promise<void> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(now.getTime() - RESET_LIMITS.windowMinutes * 60_000);
  const boss = await resetQueue();
  await db.transaction().execute(async (trx) => {
    // The e-mail address's lock before the client address's, always.
    await lockKey(trx, `reset:email:${email}`);
    await lockKey(trx, `reset:address:${input.clientAddress}`);
    const counts = await trx
      .selectFrom("passwordResetRequests")
      .select((eb) => [
        eb.fn.countAll<string>().filterWhere("email", "=", email).as("forEmail"),
        eb.fn
          .countAll<string>()
          .filterWhere("clientAddress", "=", input.clientAddress)
          .as("forClient"),
      ])
      .where("requestedAt", ">", since)
      .where((eb) =>
        eb.or([eb("email", "=", email), eb("clientAddress", "=", input.clientAddress)]),
      )
      .executeTakeFirstOrThrow();
    if (
      Number(counts.forEmail) >= RESET_LIMITS.perAccount ||
      Number(counts.forClient) >= RESET_LIMITS.perClientAddress
    ) {
      return;
    }
    const { id } = await trx
      .insertInto("passwordResetRequests")
      .values({ email, clientAddress: input.clientAddress, requestedAt: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await boss.send(PASSWORD_RESET_QUEUE, { requestId: id }, { db: onTransaction(trx) });
  });
  // Old requests go, whoever asks; a few rows at a time, not part of the decision above.
  await db
    .deleteFrom("passwordResetRequests")
    .where("requestedAt", "<", new Date(now.getTime() - REQUEST_RETENTION_MS))
    .execute();
}

/**
 * The job of one request: if the address belongs to an active account, a new link replaces any
 * the account had, and the e-mail is queued, all in one transaction. A request is handled once.
 */
export async function sendPasswordReset(requestId: string, now = new Date()): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const request = await trx
      .updateTable("passwordResetRequests")
      .set({ processedAt: now })
      .where("id", "=", requestId)
      .where("processedAt", "is", null)
      .returning("email")
      .executeTakeFirst();
    if (!request) return;
    const user = await trx
      .selectFrom("users")
      .select(["id", "name", "email"])
      .where("email", "=", request.email)
      .where("deactivatedAt", "is", null)
      .executeTakeFirst();
    if (!user) return;
    await lockKey(trx, `reset:user:${user.id}`);
    await voidLiveResets(trx, user.id);
    const { token, hash } = newToken();
    await trx
      .insertInto("passwordResets")
      .values({
        tokenHash: hash,
        userId: user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + RESET_VALID_MINUTES * 60_000),
      })
      .execute();
    await queueEmail(trx, {
      to: user.email,
      template: "passwordReset",
      props: {
        name: user.name,
        url: `${env().APP_URL}/aterstall-losenord/${token}`,
        validMinutes: RESET_VALID_MINUTES,
      },
    });
  });
}

/** Starts handling forgot-password requests in this process. */
export async function startPasswordResetWorker(): Promise<void> {
  const boss = await resetQueue();
  await boss.work<{ requestId: string }>(PASSWORD_RESET_QUEUE, { batchSize: 5 }, async (jobs) => {
    for (const job of jobs) await sendPasswordReset(job.data.requestId);
  });
}

/**
 * Voids every reset link of the user not yet used: when a newer one is made, and when the
 * password is set another way. (An unused link is simply deleted; used ones stay as history.)
 */
export async function voidLiveResets(
  trx: Transaction<Database> | Kysely<Database>,
  userId: string,
): Promise<void> {
  await trx
    .deleteFrom("passwordResets")
    .where("userId", "=", userId)
    .where("usedAt", "is", null)
    .execute();
}

/** The reset a link stands for, if it is unused and still valid. */
export async function findValidReset(token: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return null;
  return (
    (await db
      .selectFrom("passwordResets as r")
      .innerJoin("users as u", "u.id", "r.userId")
      .select(["r.id", "r.userId", "u.name", "u.email"])
      .where("r.tokenHash", "=", hashToken(token))
      .where("r.usedAt", "is", null)
      .where("r.expiresAt", ">", now)
      .where("u.deactivatedAt", "is", null)
      .executeTakeFirst()) ?? null
  );
}

/**
 * Sets the new password if the link is still good, uses the link up and ends all the user's
 * sessions. Returns the user's id, or null when the link is unknown, used or expired, or its
 * account has been deactivated. Two uses at once: one wins, the other finds the link used.
 */
export async function resetPassword(token: string, password: string, now = new Date()) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const reset = await trx
      .updateTable("passwordResets")
      .set({ usedAt: now })
      .where("tokenHash", "=", hashToken(token))
      .where("usedAt", "is", null)
      .where("expiresAt", ">", now)
      .where("userId", "in", (eb) =>
        eb.selectFrom("users").select("id").where("deactivatedAt", "is", null),
      )
      .returning("userId")
      .executeTakeFirst();
    if (!reset) return null;
    await trx
      .updateTable("users")
      .set({ passwordHash, updatedAt: now })
      .where("id", "=", reset.userId)
      .execute();
    await trx.deleteFrom("sessions").where("userId", "=", reset.userId).execute();
    return reset.userId;
  });
}
