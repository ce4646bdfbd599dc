/**
 * An administrator resets a person's second factor (a lost or replaced phone): the app, the
 * recovery codes and the passkeys go, every session of the person ends, the person is told by
 * e-mail, and the audit trail keeps who did it. At the next login the person enrols again (or,
 * in a role that does not require one, logs in with the password alone).
 */
import { db } from "~db/client.server";
import type { Actor } from "~/auth/session.server";
import { factorsOf, hasFactor, removeSecondFactors } from "~/auth/second-factor.server";
import { queueEmail } from "~/lib/email.server";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { managedOrganisation } from "./policy";

export type ResetResult =
  { kind: "secondFactorReset" } | { kind: "noSecondFactor" } | { kind: "self" };

export async function resetSecondFactor(
  actor: Actor,
  userId: string,
  context: { requestId?: string } = {},
): Promise<ResetResult> {
  if (managedOrganisation(actor.membership) !== "all") throw new NotFoundError();
  // One's own factor is not reset from here: another administrator does it, so that a taken
  // session cannot remove the factor that guards it.
  if (userId === actor.user.id) return { kind: "self" };
  const person = await db
    .selectFrom("users")
    .select(["id", "name", "email"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!person) throw new NotFoundError();
  if (!hasFactor(await factorsOf(userId))) return { kind: "noSecondFactor" };
  await db.transaction().execute(async (trx) => {
    await removeSecondFactors(trx, userId);
    await recordAudit(trx, actor, {
      action: "delete",
      recordType: "secondFactor",
      recordId: userId,
      purpose: "Återställning av tvåstegsverifiering (app, reservkoder och nycklar)",
      requestId: context.requestId,
    });
    await queueEmail(trx, {
      to: person.email,
      template: "secondFactorReset",
      props: { name: person.name, resetBy: actor.user.name, url: `${env().APP_URL}/login` },
    });
  });
  return { kind: "secondFactorReset" };
}
