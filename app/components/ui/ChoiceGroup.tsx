/**
 * A group of radio buttons or checkboxes in a fieldset whose legend names the question; the
 * error sits under the legend and is tied to the group (aria-describedby), as Field does for
 * inputs. The first option carries the id `falt-<name>`, so ErrorSummary's link lands on it.
 */
import type { InputHTMLAttributes } from "react";
import { FieldNotes, fieldIds } from "./field-parts";

interface ChoiceGroupProps {
  type: "radio" | "checkbox";
  legend: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
  /** The values checked when the page is rendered on the server (no JavaScript yet). */
  checked: readonly string[];
  /** The input's own props, e.g. react-hook-form's register(name): name, ref, onChange… */
  input: InputHTMLAttributes<HTMLInputElement> & {
    name: string;
    ref?: React.Ref<HTMLInputElement>;
  };
}

export function ChoiceGroup({
  type,
  legend,
  hint,
  error,
  options,
  checked,
  input,
}: ChoiceGroupProps) {
  const ids = fieldIds(undefined, input.name, hint, error);
  const baseId = ids.controlId;
  return (
    <fieldset
      className={error ? "field choice-group field--error" : "field choice-group"}
      aria-describedby={ids.describedBy}
    >
      <legend>{legend}</legend>
      <FieldNotes ids={ids} hint={hint} error={error} />
      {options.map((option, index) => {
        const id = index === 0 ? baseId : `${baseId}-${option.value}`;
        return (
          <div className="choice-group__item" key={option.value}>
            <input
              {...input}
              type={type}
              id={id}
              value={option.value}
              defaultChecked={checked.includes(option.value)}
              aria-invalid={error ? true : undefined}
            />
            <label htmlFor={id}>{option.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}
