/**
 * The confirmation field of a step-up (step-up.server.ts): a code from the person's
 * authenticator app when they have one, else their password. Its name is "password" in every
 * form, whichever it carries. A person with a passkey may confirm with it instead
 * (PasskeyStepUp): the field then gives way and the form is sent without it.
 */
import { forwardRef, useState, type InputHTMLAttributes } from "react";
import { Field } from "~/components/ui/Field";
import { PasskeyStepUp } from "./PasskeyButton";

/** What the person confirms with (step-up.server.ts's StepUpKind). */
export interface StepUpKind {
  answer: "code" | "password";
  passkey: boolean;
}

interface StepUpFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "name"> {
  kind: StepUpKind | null;
  /** What is being confirmed, e.g. "för att skriva under". */
  purpose: string;
  error?: string;
  name?: string;
}

export const StepUpField = forwardRef<HTMLInputElement, StepUpFieldProps>(function StepUpField(
  { kind, purpose, error, name = "password", ...input },
  ref,
) {
  const [confirmed, setConfirmed] = useState(false);
  if (confirmed) {
    return (
      <p className="notice" role="status">
        Bekräftat med din nyckel.
      </p>
    );
  }
  const hint = `Det är mer än fem minuter sedan du loggade in. Bekräfta ${purpose}.`;
  const field =
    kind?.answer === "code" ? (
      <Field
        ref={ref}
        name={name}
        label="Kod från din autentiseringsapp"
        hint={`${hint} Koden har sex siffror.`}
        inputMode="numeric"
        autoComplete="one-time-code"
        className="input--short"
        error={error}
        {...input}
      />
    ) : (
      <Field
        ref={ref}
        name={name}
        type="password"
        label="Ditt lösenord"
        hint={hint}
        autoComplete="current-password"
        error={error}
        {...input}
      />
    );
  if (!kind?.passkey) return field;
  return (
    <div className="step-up">
      {field}
      <PasskeyStepUp onConfirmed={() => setConfirmed(true)} />
    </div>
  );
});
