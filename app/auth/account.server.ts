/**
 * One's own account while logged in: changing the password. The current password must be given,
 * and its check counts towards the login throttle (a session left open must not become a way to
 * guess the password without limit). On success every other session of the user ends (a lost
 * phone or a shared computer is logged out), the session in use gets a new id, and any reset
 * link still out is voided.
 */
import { db } from "~db/client.server";
import { lucia, sessionCookie } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { voidLiveResets } from "./password-reset.server";
import { throttledPasswordCheck } from "./rate-limit.server";

export type ChangePasswordResult =
  { ok: true; cookie: string } | { ok: false; reason: "invalid" | "throttled" };

export async function changePassword(
  userId: string,
  sessionId: string,
  input: { currentPassword: string; password: string; clientAddress: string },
  now = new Date(),
): Promise<ChangePasswordResult> {
  const user = await db
    .selectFrom("users")
    .select(["email", "passwordHash", "deactivatedAt"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user || user.deactivatedAt) return { ok: false, reason: "invalid" };
  const check = await throttledPasswordCheck(
    { email: user.email.trim().toLowerCase(), clientAddress: input.clientAddress, now },
    () => verifyPassword(user.passwordHash, input.currentPassword),
  );
  if (check.outcome !== "valid") return { ok: false, reason: check.outcome };
  const checkedHash = user.passwordHash;
  if (!checkedHash) return { ok: false, reason: "invalid" };
  const passwordHash = await hashPassword(input.password);
  const current = await db
    .selectFrom("sessions")
    .select([
      "activeMembershipId",
      "secondFactor",
      "methods",
      "acr",
      "amr",
      "clientAddress",
      "userAgent",
      "createdAt",
      "ssoIdToken",
    ])
    .where("id", "=", sessionId)
    .executeTakeFirst();
  const changed = await db.transaction().execute(async (trx) => {
    // Only over the password that was checked: of two changes racing with the same current
    // password, the second finds it already replaced and changes nothing.
    const updated = await trx
      .updateTable("users")
      .set({ passwordHash, updatedAt: now })
      .where("id", "=", userId)
      .where("passwordHash", "=", checkedHash)
      .where("deactivatedAt", "is", null)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
    await voidLiveResets(trx, userId);
    return true;
  });
  if (!changed) return { ok: false, reason: "invalid" };
  // The session in use goes on under a new id, as it was authenticated (a second factor given
  // at login still counts: changing the password is not a new login).
  const session = await lucia().createSession(userId, {
    active_membership_id: current?.activeMembershipId ?? null,
    authenticated_at: now,
    second_factor: current?.secondFactor ?? false,
    methods: current?.methods ?? ["password"],
    acr: current?.acr ?? null,
    amr: current?.amr ?? null,
    client_address: current?.clientAddress ?? null,
    user_agent: current?.userAgent ?? null,
    last_seen_at: now,
    // Still the same login: its 12-hour end and the provider's logout stay as they were.
    created_at: current?.createdAt ?? now,
    sso_id_token: current?.ssoIdToken ?? null,
  });
  return { ok: true, cookie: sessionCookie(session.id) };
}
