/**
 * Checking a login: throttling first, then the password. The answer for an unknown address
 * and for a wrong password is the same, and takes as long.
 */
import { db } from "../../db/client.server";
import { verifyPassword } from "./password.server";
import { checkLoginThrottle, recordLoginAttempt } from "./rate-limit.server";

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

export async function attemptLogin(input: {
  email: string;
  password: string;
  clientAddress: string;
  now?: Date;
}): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  const throttle = await checkLoginThrottle(email, input.clientAddress, now);
  if (!throttle.allowed) {
    return { ok: false, reason: "throttled", retryAt: throttle.retryAt ?? now };
  }
  const user = await db
    .selectFrom("users")
    .select(["id", "passwordHash"])
    .where("email", "=", email)
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
  const valid = await verifyPassword(user?.passwordHash ?? null, input.password);
  await recordLoginAttempt({
    email,
    clientAddress: input.clientAddress,
    succeeded: valid,
    at: now,
  });
  return valid && user ? { ok: true, userId: user.id } : { ok: false, reason: "invalid" };
}

/** Where a login may send the user afterwards: only a path of this portal. */
export function safeRedirectPath(value: string | null | undefined): string | null {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return null;
  }
  return value;
}
