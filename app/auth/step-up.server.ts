/**
 * Step-up: acts that bind the organisation or reach further into a child's data (signing an
 * agreement, giving feedback on a report, …) ask the person to confirm when the session's last
 * authentication is older than five minutes, so that a computer left unlocked cannot sign. A
 * person with an authenticator app confirms with a code from it; one without, with the password.
 * A person with a passkey may confirm with it instead, through its own ceremony
 * (passkey-ceremony.server.ts, confirmStepUpWithPasskey below), before the form is sent: the form
 * then needs no answer. A correct answer renews the session's authentication time; wrong answers
 * count towards the same throttle as logins.
 */
import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "~db/client.server";
import { verifyPasskeyAssertion, type AssertionResult } from "./passkeys.server";
import { verifyPassword } from "./password.server";
import { throttledPasswordCheck } from "./rate-limit.server";
import { factorsOf, verifyTotpCode } from "./second-factor.server";
import type { Actor } from "./session.server";

const STEP_UP_MAX_AGE_MS = 5 * 60_000;

export function stepUpNeeded(actor: Pick<Actor, "session">, now = new Date()): boolean {
  return now.getTime() - new Date(actor.session.authenticatedAt).getTime() > STEP_UP_MAX_AGE_MS;
}

/**
 * What a person confirms with: the answer the form's field takes (a code from their app, or
 * their password), and whether they may use a passkey instead.
 */
export interface StepUpKind {
  answer: "code" | "password";
  passkey: boolean;
}

export async function stepUpKind(actor: Pick<Actor, "user">): Promise<StepUpKind> {
  const factors = await factorsOf(actor.user.id);
  return { answer: factors.totp ? "code" : "password", passkey: factors.passkeys > 0 };
}

/**
 * What a page needs to show the confirmation field: null when none is needed now, else the kind.
 * Loaders hand it to the form (StepUpField).
 */
export async function stepUpPrompt(
  actor: Pick<Actor, "user" | "session">,
  now = new Date(),
): Promise<StepUpKind | null> {
  return stepUpNeeded(actor, now) ? stepUpKind(actor) : null;
}

export type StepUpResult =
  "ok" | "missing" | "invalid" | "missingCode" | "invalidCode" | "throttled";

/**
 * Checks the step-up for an act: "ok" when none is needed or the answer is right (the session's
 * authentication time is then renewed), otherwise why not. `answer` is the code or password the
 * form's confirmation field carried (its field is named "password" in every form).
 */
export async function confirmStepUp(
  actor: Pick<Actor, "session" | "user">,
  answer: string | null | undefined,
  clientAddress: string,
  now = new Date(),
): Promise<StepUpResult> {
  if (!stepUpNeeded(actor, now)) return "ok";
  const kind = (await stepUpKind(actor)).answer;
  if (!answer) return kind === "code" ? "missingCode" : "missing";
  const email = actor.user.email.trim().toLowerCase();
  const result =
    kind === "code"
      ? await verifyTotpCode(actor.user, answer, clientAddress, { now })
      : await throttledPasswordCheck({ email, clientAddress, now }, async () => {
          const user = await db
            .selectFrom("users")
            .select("passwordHash")
            .where("id", "=", actor.user.id)
            .where("deactivatedAt", "is", null)
            .executeTakeFirst();
          return verifyPassword(user?.passwordHash ?? null, answer);
        });
  if (result.outcome === "throttled") return "throttled";
  if (result.outcome === "invalid") return kind === "code" ? "invalidCode" : "invalid";
  await renewAuthentication(actor.session.id, now);
  return "ok";
}

/**
 * A step-up by passkey: the browser's answer to the session's open step-up challenge (its
 * options: passkeys.server.ts's authenticationOptions). A right answer renews the session's
 * authentication time, as a right code or password does, so that the form that asked for the
 * step-up is then accepted without an answer of its own.
 */
export async function confirmStepUpWithPasskey(
  actor: Pick<Actor, "session" | "user">,
  response: AuthenticationResponseJSON,
  clientAddress: string,
  now = new Date(),
): Promise<AssertionResult> {
  const result = await verifyPasskeyAssertion(
    "stepUp",
    { sessionId: actor.session.id },
    response,
    actor.user,
    clientAddress,
    now,
  );
  if (result.outcome === "valid") await renewAuthentication(actor.session.id, now);
  return result;
}

async function renewAuthentication(sessionId: string, now: Date) {
  await db
    .updateTable("sessions")
    .set({ authenticatedAt: now })
    .where("id", "=", sessionId)
    .execute();
}

/** The messages beside the confirmation field. */
export const STEP_UP_MESSAGES: Record<Exclude<StepUpResult, "ok">, string> = {
  missing: "Skriv ditt lösenord igen: det är mer än fem minuter sedan du loggade in.",
  invalid: "Lösenordet stämmer inte. Försök igen.",
  missingCode:
    "Skriv koden från din autentiseringsapp: det är mer än fem minuter sedan du loggade in.",
  invalidCode:
    "Koden stämmer inte. Skriv den kod som appen visar nu; en kod kan bara användas en gång.",
  throttled: "För många felaktiga försök. Vänta en stund och försök igen.",
};
