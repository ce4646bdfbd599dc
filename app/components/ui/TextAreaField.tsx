/**
 * A labelled textarea whose error sits right under its label and is tied to it
 * (aria-describedby, aria-invalid), as Field does for inputs.
 */
import { forwardRef, type TextareaHTMLAttributes } from "react";
import { FieldNotes, fieldIds } from "./field-parts";

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(
  function TextAreaField({ name, label, hint, error, id, rows = 6, ...textarea }, ref) {
    const ids = fieldIds(id, name, hint, error);
    return (
      <div className={error ? "field field--error" : "field"}>
        <label htmlFor={ids.controlId}>{label}</label>
        <FieldNotes ids={ids} hint={hint} error={error} />
        <textarea
          ref={ref}
          id={ids.controlId}
          name={name}
          rows={rows}
          aria-invalid={error ? true : undefined}
          aria-describedby={ids.describedBy}
          {...textarea}
        />
      </div>
    );
  },
);
