/**
 * A step-up gate (step-up-gate.server.ts): the small form a page shows in place of what it would
 * reveal, while the session's authentication is older than five minutes. It posts to the page
 * itself (with the page's query, so `?visa=…` or a period survives), with its intent and the
 * confirmation field; the page's action confirms and sends the person back to see it.
 */
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, type ComponentProps, type ReactNode } from "react";
import { StepUpField } from "./StepUpField";

/**
 * What the person confirms with, as the loader's stepUpPrompt gives it: whatever StepUpField
 * takes, so that the gate only hands it on and follows the field when it learns a new way.
 */
type StepUpKind = NonNullable<ComponentProps<typeof StepUpField>["kind"]>;

export function StepUpGate({
  kind,
  intent,
  purpose,
  submitLabel,
  error,
  answer,
  cancelTo,
  children,
}: {
  kind: StepUpKind;
  /** The action's intent for this gate, e.g. "confirmReveal". */
  intent: string;
  /** What is being confirmed, e.g. "för att visa hela personnumret". */
  purpose: string;
  submitLabel: ReactNode;
  /** The action's message for the last answer (STEP_UP_MESSAGES). */
  error?: string;
  /** The action's answer itself: each new one (even with the same message) moves focus. */
  answer?: unknown;
  /** Where "Avbryt" leads: the page without what the gate guards. */
  cancelTo?: string;
  /** Anything more the form carries. */
  children?: ReactNode;
}) {
  const input = useRefusedAnswerCleared(error ? (answer ?? error) : undefined, { focus: true });
  return (
    <Form method="post" className="form step-up-gate" noValidate>
      <input type="hidden" name="intent" value={intent} />
      {children}
      <StepUpField ref={input} kind={kind} purpose={purpose} error={error} required />
      <div className="actions">
        <button type="submit" className="button">
          {submitLabel}
        </button>
        {cancelTo ? <Link to={cancelTo}>Avbryt</Link> : null}
      </div>
    </Form>
  );
}

/**
 * For the confirmation field of a form the action refused: a ref that empties the field at each
 * refusal (a code works once, and a wrong one is no use to keep; without JavaScript the page
 * comes back with it empty anyway) and, with `focus`, puts focus in it, so that the message tied
 * to it is read out and the next code is typed straight in. A form with an error summary leaves
 * focus to the summary. `refusal`: the action's answer when it refused, else undefined.
 */
export function useRefusedAnswerCleared(refusal: unknown, { focus }: { focus: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!refusal || !ref.current) return;
    ref.current.value = "";
    if (focus) ref.current.focus();
  }, [refusal, focus]);
  return ref;
}
