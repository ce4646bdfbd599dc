/**
 * One's own account while logged in: changing the password. The current password must be given;
 * on success every other session of the user ends (a lost phone or a shared computer is logged
 * out), and the session in use gets a new id.
 */
import { db } from "../../db/client.server";
import { lucia } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";

export type ChangePasswordResult = { ok: true; cookie: string } | { ok: false };

export async function changePassword(
  userId: string,
  sessionId: string,
  input: { currentPassword: string; password: string },
  now = new Date(),
): Promise<ChangePasswordResult> {
  const user = await db
    .selectFrom("users")
    .select(["passwordHash", "deactivatedAt"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.deactivatedAt) return { ok: false };
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false };
  const passwordHash = await hashPassword(input.password);
  const current = await db
    .selectFrom("sessions")
    .select("activeMembershipId")
    .where("id", "=", sessionId)
    .executeTakeFirst();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ passwordHash, updatedAt: now })
      .where("id", "=", userId)
      .execute();
    await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
  });
  const session = await lucia().createSession(userId, {
    active_membership_id: current?.activeMembershipId ?? null,
    authenticated_at: now,
  });
  return { ok: true, cookie: lucia().createSessionCookie(session.id).serialize() };
}
