/**
 * The button of a passkey ceremony, with its status (role="status": the authenticator is being
 * asked, or what came of it) and its error beside it (role="alert"), which the button then names
 * as its description; and the
 * step-up by passkey that StepUpField offers beside its field. A ceremony needs JavaScript:
 * whoever renders a button renders it only once the page is hydrated.
 */
import { useId, useRef, useState, type Ref } from "react";
import { flushSync } from "react-dom";
import { useHydrated } from "~/components/ui/use-hydrated";
import { runPasskeyCeremony } from "./passkey-client";

export interface Progress {
  busy: boolean;
  status: string;
  error: string | null;
}

export const IDLE: Progress = { busy: false, status: "", error: null };
export const ASKING = "Följ anvisningarna från din nyckel (passkey) …";

export function CeremonyButton({
  label,
  progress,
  type = "submit",
  primary = false,
  onClick,
  buttonRef,
}: {
  label: string;
  progress: Progress;
  type?: "submit" | "button";
  /** The form's own action (adding a passkey), not an alternative to another form's. */
  primary?: boolean;
  onClick?: () => void;
  buttonRef?: Ref<HTMLButtonElement>;
}) {
  const errorId = useId();
  return (
    <div className="passkey__action">
      <button
        ref={buttonRef}
        type={type}
        className={primary ? "button" : "button button--outline"}
        disabled={progress.busy}
        aria-describedby={progress.error ? errorId : undefined}
        onClick={onClick}
      >
        {progress.busy ? "Väntar på nyckeln …" : label}
      </button>
      {progress.status ? (
        <p className="passkey__status" role="status">
          {progress.status}
        </p>
      ) : null}
      {progress.error ? (
        <p className="field__error" id={errorId} role="alert">
          <span className="visually-hidden">Fel: </span>
          {progress.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A step-up by passkey, inside the form that asked for it: the passkey confirms (the portal
 * renews the session's authentication time), the confirmation field gives way (`onConfirmed`),
 * and the form is sent as the person meant to send it, now without the field.
 */
export function PasskeyStepUp({ onConfirmed }: { onConfirmed: () => void }) {
  const hydrated = useHydrated();
  const [progress, setProgress] = useState<Progress>(IDLE);
  const button = useRef<HTMLButtonElement>(null);
  if (!hydrated) return null;
  const confirm = async () => {
    const form = button.current?.form ?? null;
    setProgress({ busy: true, status: ASKING, error: null });
    const outcome = await runPasskeyCeremony({ ceremony: "stepUp" });
    if (!outcome.ok) {
      setProgress({ busy: false, status: "", error: outcome.error });
      return;
    }
    // The field goes first (it may be required), then the form is sent.
    flushSync(onConfirmed);
    form?.requestSubmit();
  };
  return (
    <div className="passkey">
      <p className="field__hint">Eller bekräfta med din nyckel (passkey):</p>
      <CeremonyButton
        type="button"
        label="Bekräfta med nyckel (passkey)"
        progress={progress}
        onClick={() => void confirm()}
        buttonRef={button}
      />
    </div>
  );
}
