/**
 * An ordered list of sections (heading and body) in a form: each section is a fieldset named
 * "Avsnitt N", with buttons to move it up or down, remove it, and one to add a section at the
 * end. The inputs are named `sections.N.heading` / `sections.N.body`, so the form posts as it is
 * (the action reads it with nestedFormValues); errors are looked up by the same dotted names.
 *
 * The buttons need JavaScript, so they appear once the page is hydrated: without it the form
 * still posts the sections it shows. After a move, removal or addition, focus goes to a
 * sensible place (the moved section's button, the next section, the new heading) and a live
 * region says what happened, since the change is otherwise silent to a screen reader.
 */
import { useEffect, useRef, useState } from "react";
import { useFieldArray, type Control, type UseFormRegister } from "react-hook-form";
import { Field } from "~/components/ui/Field";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useHydrated } from "~/components/ui/use-hydrated";

export interface SectionsValues {
  sections: { heading: string; body: string }[];
}

const ADD_SECTION_ID = "falt-sections";

export function SectionsEditor<T extends SectionsValues>({
  control,
  register,
  fieldErrors,
}: {
  control: Control<T>;
  register: UseFormRegister<T>;
  /** Errors keyed by dotted path: "sections.2.body", and "sections" for the list itself. */
  fieldErrors: Record<string, string>;
}) {
  // The editor works on any form that has `sections`; react-hook-form's path types cannot say
  // "a T with sections" generically, so it sees the form through that part of its shape.
  const sectionControl = control as unknown as Control<SectionsValues>;
  const registerSection = register as unknown as UseFormRegister<SectionsValues>;
  const { fields, announcement, moveSection, removeSection, addSection } =
    useSectionList(sectionControl);
  const hydrated = useHydrated();

  const listError = fieldErrors.sections;
  return (
    <div>
      {fields.map((field, index) => (
        <SectionFieldset
          key={field.id}
          section={field}
          index={index}
          last={index === fields.length - 1}
          fieldErrors={fieldErrors}
          registerSection={registerSection}
          hydrated={hydrated}
          onMove={moveSection}
          onRemove={removeSection}
        />
      ))}
      {listError ? (
        <p className="field__error" id={`${ADD_SECTION_ID}-fel`}>
          <span className="visually-hidden">Fel: </span>
          {listError}
        </p>
      ) : null}
      {hydrated ? (
        <>
          <button
            type="button"
            id={ADD_SECTION_ID}
            className="button button--outline"
            aria-describedby={listError ? `${ADD_SECTION_ID}-fel` : undefined}
            onClick={addSection}
          >
            Lägg till avsnitt
          </button>
          <p role="status" className="visually-hidden">
            {announcement}
          </p>
        </>
      ) : null}
    </div>
  );
}

/**
 * The list's moves, removals and additions, each followed by where focus goes and what the live
 * region says (see the top comment).
 */
function useSectionList(control: Control<SectionsValues>) {
  const { fields, append, move, remove } = useFieldArray({ control, name: "sections" });
  const [announcement, setAnnouncement] = useState("");
  const focusAfterChange = useRef<string | null>(null);

  useEffect(() => {
    const id = focusAfterChange.current;
    if (!id) return;
    focusAfterChange.current = null;
    document.getElementById(id)?.focus();
  }, [fields]);

  const announce = (message: string) =>
    // The same words twice in a row would not be read again; a no-break space makes them new.
    setAnnouncement((previous) => (previous === message ? `${message}\u00a0` : message));

  const moveSection = (from: number, to: number) => {
    move(from, to);
    const up = to < from;
    const last = fields.length - 1;
    // Stay on the same button, unless the section reached the end where it is disabled.
    const button = up ? (to === 0 ? "ned" : "upp") : to === last ? "upp" : "ned";
    focusAfterChange.current = `avsnitt-${to + 1}-${button}`;
    announce(`Avsnitt ${from + 1} flyttades ${up ? "upp" : "ned"} och är nu avsnitt ${to + 1}.`);
  };

  const removeSection = (index: number) => {
    remove(index);
    const remaining = fields.length - 1;
    focusAfterChange.current =
      remaining === 0 ? ADD_SECTION_ID : `falt-sections.${Math.min(index, remaining - 1)}.heading`;
    announce(`Avsnitt ${index + 1} togs bort.`);
  };

  const addSection = () => {
    append({ heading: "", body: "" }, { shouldFocus: false });
    focusAfterChange.current = `falt-sections.${fields.length}.heading`;
    announce(`Avsnitt ${fields.length + 1} lades till.`);
  };

  return { fields, announcement, moveSection, removeSection, addSection };
}

/** One section: its heading and text, and (once hydrated) its move and remove buttons. */
function SectionFieldset({
  section,
  index,
  last,
  fieldErrors,
  registerSection,
  hydrated,
  onMove,
  onRemove,
}: {
  section: SectionsValues["sections"][number];
  index: number;
  last: boolean;
  fieldErrors: Record<string, string>;
  registerSection: UseFormRegister<SectionsValues>;
  hydrated: boolean;
  onMove: (from: number, to: number) => void;
  onRemove: (index: number) => void;
}) {
  const number = index + 1;
  const name = `sections.${index}` as const;
  return (
    <fieldset className="card">
      <legend className="eyebrow">Avsnitt {number}</legend>
      <div className="form">
        <Field
          label="Rubrik"
          autoComplete="off"
          defaultValue={section.heading}
          error={fieldErrors[`${name}.heading`]}
          {...registerSection(`${name}.heading`)}
        />
        <TextAreaField
          label="Text"
          hint="Stycken skiljs åt med en tom rad."
          rows={8}
          defaultValue={section.body}
          error={fieldErrors[`${name}.body`]}
          {...registerSection(`${name}.body`)}
        />
        {hydrated ? (
          <div className="actions">
            <button
              type="button"
              id={`avsnitt-${number}-upp`}
              className="button button--outline button--small"
              disabled={index === 0}
              onClick={() => onMove(index, index - 1)}
            >
              Flytta upp<span className="visually-hidden"> avsnitt {number}</span>
            </button>
            <button
              type="button"
              id={`avsnitt-${number}-ned`}
              className="button button--outline button--small"
              disabled={last}
              onClick={() => onMove(index, index + 1)}
            >
              Flytta ned<span className="visually-hidden"> avsnitt {number}</span>
            </button>
            <button
              type="button"
              className="button button--danger-outline button--small"
              onClick={() => onRemove(index)}
            >
              Ta bort avsnitt<span className="visually-hidden"> {number}</span>
            </button>
          </div>
        ) : null}
      </div>
    </fieldset>
  );
}
