/**
 * Login throttling, per account and per client address, counted in the database so that it
 * holds across restarts and several app processes. Only failures since the account's last
 * successful login count for the account; the limit lifts by itself when the window has passed.
 */
import { sql, type Kysely } from "kysely";
import { db, lockKey } from "~db/client.server";
import type { Database } from "~db/schema";

export const LOGIN_LIMITS = {
  windowMinutes: 15,
  failuresPerAccount: 10,
  failuresPerAddress: 50,
} as const;

interface LoginThrottle {
  allowed: boolean;
  /** When the oldest counted failure leaves the window: the earliest moment to try again. */
  retryAt?: Date;
}

async function failuresSince(
  executor: Kysely<Database>,
  column: "email" | "clientAddress",
  value: string,
  since: Date,
  limit: number,
): Promise<LoginThrottle> {
  let query = executor
    .selectFrom("loginAttempts")
    .select("attemptedAt")
    .where(column, "=", value)
    .where("succeeded", "=", false)
    .where("attemptedAt", ">", since);
  // A correct password resets the account's count, not the address's: one valid account must
  // not let a guesser go on with others from the same address.
  if (column === "email") {
    const lastSuccess = executor
      .selectFrom("loginAttempts")
      .select((eb) => eb.fn.max("attemptedAt").as("at"))
      .where("email", "=", value)
      .where("succeeded", "=", true);
    query = query.where((eb) =>
      eb("attemptedAt", ">", eb.fn.coalesce(lastSuccess, sql<Date>`'-infinity'::timestamptz`)),
    );
  }
  const rows = await query.orderBy("attemptedAt", "desc").limit(limit).execute();
  if (rows.length < limit) return { allowed: true };
  const oldest = rows[rows.length - 1]!.attemptedAt;
  return {
    allowed: false,
    retryAt: new Date(oldest.getTime() + LOGIN_LIMITS.windowMinutes * 60_000),
  };
}

async function checkLoginThrottle(
  executor: Kysely<Database>,
  email: string | null,
  clientAddress: string,
  now: Date,
): Promise<LoginThrottle> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  const account: LoginThrottle =
    email === null
      ? { allowed: true }
      : await failuresSince(executor, "email", email, since, LOGIN_LIMITS.failuresPerAccount);
  const address = await failuresSince(
    executor,
    "clientAddress",
    clientAddress,
    since,
    LOGIN_LIMITS.failuresPerAddress,
  );
  if (account.allowed && address.allowed) return { allowed: true };
  const retryAt = [account.retryAt, address.retryAt]
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return { allowed: false, retryAt };
}

/**
 * Count and decide under a lock: with the account's and the address's locks held, counts the
 * failures and, when both are under their limits, records this attempt at once as a failure.
 * A password being checked thus already counts, so a burst of parallel guesses cannot all pass
 * the count before any is recorded. The locks are held only for the count and the insert, not
 * for the slow password hash, so one school's shared address does not queue its logins.
 */
async function reserveAttempt(
  email: string | null,
  clientAddress: string,
  now: Date,
): Promise<{ allowed: true; attemptId: string } | { allowed: false; retryAt?: Date }> {
  return db.transaction().execute(async (trx) => {
    // The account's lock before the address's, always: with one order there is no deadlock.
    if (email !== null) await lockKey(trx, `login:account:${email}`);
    await lockKey(trx, `login:address:${clientAddress}`);
    const throttle = await checkLoginThrottle(trx, email, clientAddress, now);
    if (!throttle.allowed) return { allowed: false, retryAt: throttle.retryAt };
    const { id } = await trx
      .insertInto("loginAttempts")
      // An attempt on no known account (a passkey nobody has) counts by its address alone; its
      // row's e-mail address is empty, which no login form accepts.
      .values({ email: email ?? "", clientAddress, succeeded: false, attemptedAt: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { allowed: true, attemptId: id };
  });
}

export type ThrottledCheck =
  { outcome: "valid" | "invalid" } | { outcome: "throttled"; retryAt: Date };

/**
 * Every password check of the portal (login, step-up, changing one's password) goes through
 * here, and so does every check of a second factor or a passkey: the attempt is counted and
 * recorded before `check` runs, and marked as a success after, when it was one. A refused
 * attempt is neither checked nor recorded. `email` is trimmed and in lower case; null when the
 * attempt names no known account (a passkey nobody has), which then counts by address alone.
 */
export async function throttledPasswordCheck(
  attempt: { email: string | null; clientAddress: string; now?: Date },
  check: () => Promise<boolean>,
): Promise<ThrottledCheck> {
  const now = attempt.now ?? new Date();
  const reservation = await reserveAttempt(attempt.email, attempt.clientAddress, now);
  if (!reservation.allowed) return { outcome: "throttled", retryAt: reservation.retryAt ?? now };
  // Should the check throw, the attempt stays counted as a failure: the safe side.
  const valid = await check();
  if (valid) {
    await db
      .updateTable("loginAttempts")
      .set({ succeeded: true })
      .where("id", "=", reservation.attemptId)
      .execute();
  }
  return { outcome: valid ? "valid" : "invalid" };
}
