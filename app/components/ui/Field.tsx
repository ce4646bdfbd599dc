/**
 * A labelled form field whose error sits right under its label and is tied to the input
 * (aria-describedby, aria-invalid), so screen readers read it with the field.
 */
import { forwardRef, type InputHTMLAttributes } from "react";
import { FieldNotes, fieldIds } from "./field-parts";

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
  const ids = fieldIds(id, name, hint, error);
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={ids.controlId}>{label}</label>
      <FieldNotes ids={ids} hint={hint} error={error} />
      <input
        ref={ref}
        id={ids.controlId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...input}
      />
    </div>
  );
});
