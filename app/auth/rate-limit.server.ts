/**
 * Login throttling, per account and per client address, counted in the database so that it
 * holds across restarts and several app processes. Only failures since the account's last
 * successful login count for the account; the limit lifts by itself when the window has passed.
 */
import { sql } from "kysely";
import { db } from "../../db/client.server";

export const LOGIN_LIMITS = {
  windowMinutes: 15,
  failuresPerAccount: 10,
  failuresPerAddress: 50,
} as const;

export interface LoginThrottle {
  allowed: boolean;
  /** When the oldest counted failure leaves the window: the earliest moment to try again. */
  retryAt?: Date;
}

async function failuresSince(
  column: "email" | "clientAddress",
  value: string,
  since: Date,
  limit: number,
): Promise<LoginThrottle> {
  let query = db
    .selectFrom("loginAttempts")
    .select("attemptedAt")
    .where(column, "=", value)
    .where("succeeded", "=", false)
    .where("attemptedAt", ">", since);
  // A correct password resets the account's count, not the address's: one valid account must
  // not let a guesser go on with others from the same address.
  if (column === "email") {
    const lastSuccess = db
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

export async function checkLoginThrottle(
  email: string,
  clientAddress: string,
  now = new Date(),
): Promise<LoginThrottle> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMinutes * 60_000);
  const [account, address] = await Promise.all([
    failuresSince("email", email, since, LOGIN_LIMITS.failuresPerAccount),
    failuresSince("clientAddress", clientAddress, since, LOGIN_LIMITS.failuresPerAddress),
  ]);
  if (account.allowed && address.allowed) return { allowed: true };
  const retryAt = [account.retryAt, address.retryAt]
    .filter((d): d is Date => d !== undefined)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  return { allowed: false, retryAt };
}

export async function recordLoginAttempt(attempt: {
  email: string;
  clientAddress: string;
  succeeded: boolean;
  at?: Date;
}): Promise<void> {
  await db
    .insertInto("loginAttempts")
    .values({
      email: attempt.email,
      clientAddress: attempt.clientAddress,
      succeeded: attempt.succeeded,
      attemptedAt: attempt.at ?? new Date(),
    })
    .execute();
}
