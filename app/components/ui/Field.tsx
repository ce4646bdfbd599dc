/**
 * A labelled form field whose error sits right under its label and is tied to the input
 * (aria-describedby, aria-invalid), so screen readers read it with the field.
 */
import { forwardRef, type InputHTMLAttributes } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

export const Field = forwardRef<HTMLInputElement, FieldProps>(function Field(
  { name, label, hint, error, id, ...input },
  ref,
) {
  const inputId = id ?? `falt-${name}`;
  const hintId = hint ? `${inputId}-hjalp` : undefined;
  const errorId = error ? `${inputId}-fel` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={inputId}>{label}</label>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          <span className="visually-hidden">Fel: </span>
          {error}
        </p>
      ) : null}
      <input
        ref={ref}
        id={inputId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...input}
      />
    </div>
  );
});
