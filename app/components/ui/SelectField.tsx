/** A labelled select whose error is tied to it, as Field does for inputs. */
import { forwardRef, type SelectHTMLAttributes } from "react";
import { FieldNotes, fieldIds } from "./field-parts";

interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
  placeholder?: string;
}

export const SelectField = forwardRef<HTMLSelectElement, SelectFieldProps>(function SelectField(
  { name, label, hint, error, options, placeholder, id, ...select },
  ref,
) {
  const ids = fieldIds(id, name, hint, error);
  return (
    <div className={error ? "field field--error" : "field"}>
      <label htmlFor={ids.controlId}>{label}</label>
      <FieldNotes ids={ids} hint={hint} error={error} />
      <select
        ref={ref}
        id={ids.controlId}
        name={name}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
});
