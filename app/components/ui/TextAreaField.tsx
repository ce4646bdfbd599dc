/**
 * A labelled textarea whose error sits right under its label and is tied to it
 * (aria-describedby, aria-invalid), as Field does for inputs.
 */
import { forwardRef, type TextareaHTMLAttributes } from "react";

interface TextAreaFieldProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
}

export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaFieldProps>(
  function TextAreaField({ name, label, hint, error, id, rows = 6, ...textarea }, ref) {
    const textareaId = id ?? `falt-${name}`;
    const hintId = hint ? `${textareaId}-hjalp` : undefined;
    const errorId = error ? `${textareaId}-fel` : undefined;
    const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
    return (
      <div className={error ? "field field--error" : "field"}>
        <label htmlFor={textareaId}>{label}</label>
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
        <textarea
          ref={ref}
          id={textareaId}
          name={name}
          rows={rows}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...textarea}
        />
      </div>
    );
  },
);
