/**
 * Step-up: acts that bind the organisation (signing an agreement; later, giving feedback on a
 * report) ask for the password again when the session's last authentication is older than five
 * minutes, so that a computer left unlocked cannot sign. A correct password renews the session's
 * authentication time; wrong passwords count towards the same throttle as logins.
 */
import { db } from "~db/client.server";
import { verifyPassword } from "./password.server";
import { throttledPasswordCheck } from "./rate-limit.server";
import type { Actor } from "./session.server";

const STEP_UP_MAX_AGE_MS = 5 * 60_000;

export function stepUpNeeded(actor: Pick<Actor, "session">, now = new Date()): boolean {
  return now.getTime() - new Date(actor.session.authenticatedAt).getTime() > STEP_UP_MAX_AGE_MS;
}

export type StepUpResult = "ok" | "missing" | "invalid" | "throttled";

/**
 * Checks the step-up for an act: "ok" when none is needed or the password is right (the
 * session's authentication time is then renewed), otherwise why not.
 */
export async function confirmStepUp(
  actor: Pick<Actor, "session" | "user">,
  password: string | null | undefined,
  clientAddress: string,
  now = new Date(),
): Promise<StepUpResult> {
  if (!stepUpNeeded(actor, now)) return "ok";
  if (!password) return "missing";
  const email = actor.user.email.trim().toLowerCase();
  const result = await throttledPasswordCheck({ email, clientAddress, now }, async () => {
    const user = await db
      .selectFrom("users")
      .select("passwordHash")
      .where("id", "=", actor.user.id)
      .where("deactivatedAt", "is", null)
      .executeTakeFirst();
    return verifyPassword(user?.passwordHash ?? null, password);
  });
  if (result.outcome === "throttled") return "throttled";
  if (result.outcome === "invalid") return "invalid";
  await db
    .updateTable("sessions")
    .set({ authenticatedAt: now })
    .where("id", "=", actor.session.id)
    .execute();
  return "ok";
}

export const STEP_UP_MESSAGES: Record<Exclude<StepUpResult, "ok">, string> = {
  missing: "Skriv ditt lösenord igen: det är mer än fem minuter sedan du loggade in.",
  invalid: "Lösenordet stämmer inte. Försök igen.",
  throttled: "För många felaktiga försök. Vänta en stund och försök igen.",
};
