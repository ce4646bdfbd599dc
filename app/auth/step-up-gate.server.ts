/**
 * The server half of a step-up gate (components/StepUpGate.tsx): an act that reaches further into
 * a child's data (revealing the whole identity number, taking a log extract) is not done while
 * the session's authentication is old; the page shows the gate instead, and the gate's post is
 * confirmed here with step-up.server.ts's rule (a code for a person with an app, else the
 * password). The act itself runs on the next request, once the session is renewed, so a gate
 * never carries the act's own input and the act has one code path whether asked or not.
 */
import type { Actor } from "./session.server";
import { confirmStepUp, STEP_UP_MESSAGES } from "./step-up.server";

/**
 * Confirms the answer a gate's form posted (its field is named "password", whichever it
 * carries): null when confirmed (or none was needed), else the message to show beside the field.
 */
export async function confirmGate(
  actor: Pick<Actor, "session" | "user">,
  form: FormData,
  clientAddress: string,
): Promise<string | null> {
  const answer = form.get("password");
  const result = await confirmStepUp(
    actor,
    typeof answer === "string" ? answer : null,
    clientAddress,
  );
  return result === "ok" ? null : STEP_UP_MESSAGES[result];
}
