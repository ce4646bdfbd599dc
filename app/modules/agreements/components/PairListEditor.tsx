/**
 * A list of two-field items in a form (an agreement's meetings: name and frequency; its contact
 * roles: role and responsibility): each item is a fieldset with its two fields and a remove
 * button, and one button adds an item. Inputs are named `<list>.N.<field>`, so the form posts as
 * it is and errors are looked up by the same dotted names.
 */
import { useFieldArray, type Control, type UseFormRegister } from "react-hook-form";
import { Field } from "~/components/ui/Field";

type Item = Record<string, string>;
type Lists = Record<string, Item[]>;

export function PairListEditor<T extends object>({
  name,
  legend,
  hint,
  itemLabel,
  fields: [first, second],
  control,
  register,
  fieldErrors,
}: {
  name: string;
  legend: string;
  hint: string;
  /** What one item is called: "Möte", "Kontaktroll". */
  itemLabel: string;
  fields: readonly [{ key: string; label: string }, { key: string; label: string }];
  control: Control<T>;
  register: UseFormRegister<T>;
  fieldErrors: Record<string, string>;
}) {
  // As in SectionsEditor: react-hook-form's path types cannot say "a T with this list", so the
  // editor sees the form through that part of its shape.
  const list = useFieldArray({ control: control as unknown as Control<Lists>, name });
  const registerItem = register as unknown as UseFormRegister<Lists>;
  const lower = itemLabel.toLowerCase();
  return (
    <fieldset className="block">
      <legend>{legend}</legend>
      <p className="field__hint">{hint}</p>
      {list.fields.map((item, i) => (
        <fieldset key={item.id} className="block">
          <legend>
            {itemLabel} {i + 1}
          </legend>
          {[first, second].map((field) => {
            const path = `${name}.${i}.${field.key}`;
            return (
              <Field
                key={field.key}
                label={field.label}
                error={fieldErrors[path]}
                {...registerItem(path as `${string}.${number}.${string}`)}
              />
            );
          })}
          <button
            type="button"
            className="button button--small button--danger-outline"
            onClick={() => list.remove(i)}
            aria-label={`Ta bort ${lower} ${i + 1}`}
          >
            Ta bort
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        className="button button--small button--secondary"
        onClick={() => list.append({ [first.key]: "", [second.key]: "" })}
      >
        Lägg till {lower}
      </button>
    </fieldset>
  );
}
