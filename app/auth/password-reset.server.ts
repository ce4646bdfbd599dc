/**
 * Password reset by e-mail link: single-use, valid for an hour. Asking gives the same answer
 * whether or not the address has an account; setting the new password ends every session of
 * the user.
 */
import { env } from "~/lib/env.server";
import { queueEmail } from "~/modules/email/email.server";
import { db } from "../../db/client.server";
import { hashPassword } from "./password.server";
import { RESET_VALID_MINUTES } from "./schema";
import { hashToken, newToken, TOKEN_PATTERN } from "./tokens.server";

export async function requestPasswordReset(email: string, now = new Date()): Promise<void> {
  const user = await db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("email", "=", email.trim().toLowerCase())
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
  if (!user) return;
  const { token, hash } = newToken();
  await db.transaction().execute(async (trx) => {
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
 * sessions. Returns the user's id, or null when the link is unknown, used or expired.
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
      .returning("userId")
      .executeTakeFirst();
    if (!reset) return null;
    await trx
      .updateTable("users")
      .set({ passwordHash, updatedAt: now })
      .where("id", "=", reset.userId)
      .where("deactivatedAt", "is", null)
      .execute();
    await trx.deleteFrom("sessions").where("userId", "=", reset.userId).execute();
    return reset.userId;
  });
}
