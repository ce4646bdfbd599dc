/**
 * The passkey forms (app/auth/passkey-ceremony.server.ts for what each ceremony does): a login
 * with a passkey, alone or as the step after the password, and registering one. A ceremony needs
 * JavaScript, so the controls appear only once the page is hydrated; the password and code forms
 * beside them work without. Each form's action and hidden fields are what its button posts (with
 * fetch, reading JSON back), so the page's HTML says where it goes.
 */
import { useRevalidator } from "@remix-run/react";
import { useState, type FormEvent, type ReactNode } from "react";
import { Field } from "~/components/ui/Field";
import { useHydrated } from "~/components/ui/use-hydrated";
import {
  PASSKEY_ENDPOINT,
  PASSKEY_NAME_MAX_LENGTH,
  passkeyNameSchema,
  type PasskeyCeremony,
} from "../passkey-schema";
import { ASKING, CeremonyButton, IDLE, type Progress } from "./PasskeyButton";
import { runPasskeyCeremony } from "./passkey-client";
import { StepUpField, type StepUpKind } from "./StepUpField";

function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value === "string") fields[name] = value;
  }
  return fields;
}

/**
 * A login with a passkey: alone, on /login ("login"), or as the step after the password on
 * /login/kod ("secondFactor"). Success loads the page the portal names afresh: the session is new.
 */
export function PasskeyLoginForm({
  ceremony,
  redirectTo,
  label,
  children,
}: {
  ceremony: Extract<PasskeyCeremony, "login" | "secondFactor">;
  redirectTo: string;
  label: string;
  /** What the button is for, above it. */
  children?: ReactNode;
}) {
  const hydrated = useHydrated();
  const [progress, setProgress] = useState<Progress>(IDLE);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (progress.busy) return;
    const fields = fieldsOf(event.currentTarget);
    setProgress({ busy: true, status: ASKING, error: null });
    const outcome = await runPasskeyCeremony(fields);
    if (!outcome.ok) {
      setProgress({ ...IDLE, error: outcome.error });
      return;
    }
    setProgress({ busy: true, status: "Klart. Du skickas vidare …", error: null });
    window.location.assign(outcome.redirectTo ?? "/");
  };
  return (
    <form method="post" action={PASSKEY_ENDPOINT} className="passkey" onSubmit={onSubmit}>
      <input type="hidden" name="ceremony" value={ceremony} />
      <input type="hidden" name="step" value="options" />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {hydrated ? (
        <>
          {children}
          <CeremonyButton label={label} progress={progress} />
        </>
      ) : null}
    </form>
  );
}

/**
 * Registering a passkey under a name the person gives it: on /konto/nycklar, and at enrolment
 * as the first factor (the portal then answers where to go on, and the page goes there).
 * `stepUp` is the loader's stepUpPrompt: a session older than the step-up's window confirms
 * first, with its password or code (or a passkey it has) in the same form.
 */
export function PasskeyRegisterForm({
  redirectTo,
  stepUp,
}: {
  redirectTo?: string;
  stepUp: StepUpKind | null;
}) {
  const hydrated = useHydrated();
  const revalidator = useRevalidator();
  const [progress, setProgress] = useState<Progress>(IDLE);
  const [nameError, setNameError] = useState<string | undefined>();
  const [stepUpError, setStepUpError] = useState<string | undefined>();
  const [added, setAdded] = useState(0);
  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (progress.busy) return;
    const form = event.currentTarget;
    const fields = fieldsOf(form);
    const name = passkeyNameSchema.safeParse(fields.name ?? "");
    setStepUpError(undefined);
    if (!name.success) {
      setNameError(name.error.issues[0]?.message);
      form.querySelector<HTMLInputElement>("input[name=name]")?.focus();
      return;
    }
    setNameError(undefined);
    setProgress({ busy: true, status: ASKING, error: null });
    const outcome = await runPasskeyCeremony(fields);
    if (!outcome.ok) {
      setProgress(outcome.field ? IDLE : { ...IDLE, error: outcome.error });
      if (outcome.field === "name") setNameError(outcome.error);
      if (outcome.field === "password") setStepUpError(outcome.error);
      return;
    }
    if (outcome.redirectTo) {
      setProgress({ busy: true, status: "Nyckeln är tillagd. Du skickas vidare …", error: null });
      window.location.assign(outcome.redirectTo);
      return;
    }
    setAdded((n) => n + 1);
    setProgress({ ...IDLE, status: `Nyckeln ”${outcome.added ?? name.data}” är tillagd.` });
    revalidator.revalidate();
  };
  return (
    <form method="post" action={PASSKEY_ENDPOINT} className="form" noValidate onSubmit={onSubmit}>
      <input type="hidden" name="ceremony" value="register" />
      <input type="hidden" name="step" value="options" />
      {redirectTo !== undefined ? (
        <input type="hidden" name="redirectTo" value={redirectTo} />
      ) : null}
      {hydrated ? (
        <>
          {/* A new key after each one added: the name typed is cleared. */}
          <Field
            key={added}
            name="name"
            label="Namn på nyckeln"
            hint="Till exempel Jobbdatorn eller Min telefon, så att du känner igen den sedan."
            autoComplete="off"
            maxLength={PASSKEY_NAME_MAX_LENGTH}
            error={nameError}
          />
          {stepUp || stepUpError ? (
            <StepUpField
              kind={stepUp}
              purpose="att det är du som lägger till nyckeln"
              error={stepUpError}
            />
          ) : null}
          <CeremonyButton label="Lägg till nyckel" progress={progress} primary />
        </>
      ) : (
        // Until the page is hydrated (and for good without JavaScript) the form cannot work.
        <p>Att lägga till en nyckel kräver JavaScript i webbläsaren.</p>
      )}
    </form>
  );
}
