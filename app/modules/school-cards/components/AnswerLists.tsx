/**
 * The lists in the school-card form whose rows come and go: the absence periods and the subjects.
 * Adding and removing rows needs JavaScript; without it the rows the form was given are shown.
 */
import { useEffect, useRef, useState } from "react";
import { useFieldArray, useForm, type FieldArrayWithId } from "react-hook-form";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import type { FieldErrors } from "~/lib/form";
import type { SchoolCardFormValues } from "../schema";
import { SUBJECT_LABELS } from "../sections";
import { GOAL_OPTIONS, GRADE_OPTIONS, SWEDISH_OPTIONS } from "./form-options";
import { useHydrated } from "~/components/ui/use-hydrated";

type Values = SchoolCardFormValues;

export interface ListProps {
  control: ReturnType<typeof useForm<Values>>["control"];
  register: ReturnType<typeof useForm<Values>>["register"];
  fieldErrors: FieldErrors;
}

/**
 * Focus after adding or removing a row (the new row's first field, or the add button) and a live
 * region saying what happened: otherwise the change is silent to a screen reader.
 */
function useListFocus(fields: readonly unknown[]) {
  const [announcement, setAnnouncement] = useState("");
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    focusNext.current = null;
    document.getElementById(id)?.focus();
  }, [fields]);
  return {
    announcement,
    after(message: string, focusId: string) {
      focusNext.current = focusId;
      // The same words twice in a row would not be read again; a no-break space makes them new.
      setAnnouncement((previous) => (previous === message ? `${message}\u00a0` : message));
    },
  };
}

/** The list's own error links here (ErrorSummary: `#falt-<name>`); focus goes to the button. */
const PERIODS_ID = "falt-attendance.absencePeriods";
const ADD_PERIOD_ID = "lagg-till-franvaroperiod";

export function AbsencePeriods({ control, register, fieldErrors }: ListProps) {
  const { fields, append, remove } = useFieldArray({ control, name: "attendance.absencePeriods" });
  const hydrated = useHydrated();
  const { announcement, after } = useListFocus(fields);
  const listError = fieldErrors["attendance.absencePeriods"];
  return (
    <fieldset className="block" id={PERIODS_ID} tabIndex={-1}>
      <legend>Längre frånvaroperioder</legend>
      <p className="field__hint">
        Sammanhängande frånvaro under terminen, till exempel en vecka eller mer. Lägg inte till
        någon period om eleven inte har haft det.
      </p>
      {fields.map((field, index) => {
        const base = `attendance.absencePeriods.${index}` as const;
        const number = index + 1;
        return (
          <fieldset key={field.id} className="block">
            <legend>Frånvaroperiod {number}</legend>
            <div className="field-row">
              <Field
                label="Från och med"
                type="date"
                defaultValue={field.from}
                error={fieldErrors[`${base}.from`]}
                {...register(`${base}.from`)}
              />
              <Field
                label="Till och med"
                type="date"
                defaultValue={field.to}
                error={fieldErrors[`${base}.to`]}
                {...register(`${base}.to`)}
              />
            </div>
            <Field
              label="Orsak (frivillig)"
              autoComplete="off"
              defaultValue={field.reason}
              error={fieldErrors[`${base}.reason`]}
              {...register(`${base}.reason`)}
            />
            {hydrated ? (
              <button
                type="button"
                className="button button--danger-outline button--small"
                onClick={() => {
                  remove(index);
                  const remaining = fields.length - 1;
                  after(
                    `Frånvaroperiod ${number} togs bort.`,
                    remaining === 0
                      ? ADD_PERIOD_ID
                      : `falt-attendance.absencePeriods.${Math.min(index, remaining - 1)}.from`,
                  );
                }}
              >
                Ta bort frånvaroperiod {number}
              </button>
            ) : null}
          </fieldset>
        );
      })}
      {listError ? (
        <p className="field__error" id={`${PERIODS_ID}-fel`}>
          <span className="visually-hidden">Fel: </span>
          {listError}
        </p>
      ) : null}
      {hydrated ? (
        <>
          <button
            type="button"
            id={ADD_PERIOD_ID}
            className="button button--outline button--small"
            aria-describedby={listError ? `${PERIODS_ID}-fel` : undefined}
            onClick={() => {
              append({ from: "", to: "", reason: "" }, { shouldFocus: false });
              after(
                `Frånvaroperiod ${fields.length + 1} lades till.`,
                `falt-attendance.absencePeriods.${fields.length}.from`,
              );
            }}
          >
            Lägg till frånvaroperiod
          </button>
          <p role="status" className="visually-hidden">
            {announcement}
          </p>
        </>
      ) : null}
    </fieldset>
  );
}

/** The rows of Swedish, mathematics and English come first and stay; other subjects come and go. */
const CORE_ROWS = 3;
const SUBJECTS_ID = "falt-knowledge.subjects";
const ADD_SUBJECT_ID = "lagg-till-amne";

export function Subjects({ control, register, fieldErrors }: ListProps) {
  const { fields, append, remove } = useFieldArray({ control, name: "knowledge.subjects" });
  const hydrated = useHydrated();
  const { announcement, after } = useListFocus(fields);
  const listError = fieldErrors["knowledge.subjects"];
  return (
    <fieldset className="block" id={SUBJECTS_ID} tabIndex={-1}>
      <legend>Kunskapskrav och betyg per ämne</legend>
      <p className="field__hint">
        Svenska eller svenska som andraspråk, matematik och engelska finns alltid med. Lägg till
        andra ämnen där det finns något att säga. Betyg bara i årskurser med betyg.
      </p>
      {listError ? (
        <p className="field__error" id={`${SUBJECTS_ID}-fel`}>
          <span className="visually-hidden">Fel: </span>
          {listError}
        </p>
      ) : null}
      {fields.map((field, index) => (
        <SubjectRow
          key={field.id}
          field={field}
          index={index}
          register={register}
          fieldErrors={fieldErrors}
          removable={index >= CORE_ROWS && hydrated}
          onRemove={() => {
            remove(index);
            const remaining = fields.length - 1;
            after(
              `Annat ämne ${index - CORE_ROWS + 1} togs bort.`,
              remaining === CORE_ROWS
                ? ADD_SUBJECT_ID
                : `falt-knowledge.subjects.${Math.min(index, remaining - 1)}.name`,
            );
          }}
        />
      ))}
      {hydrated ? (
        <>
          <button
            type="button"
            id={ADD_SUBJECT_ID}
            className="button button--outline button--small"
            aria-describedby={listError ? `${SUBJECTS_ID}-fel` : undefined}
            onClick={() => {
              append({ subject: "other", name: "", goals: "", grade: "" }, { shouldFocus: false });
              after(
                `Annat ämne ${fields.length - CORE_ROWS + 1} lades till.`,
                `falt-knowledge.subjects.${fields.length}.name`,
              );
            }}
          >
            Lägg till ämne
          </button>
          <p role="status" className="visually-hidden">
            {announcement}
          </p>
        </>
      ) : null}
    </fieldset>
  );
}

/** One subject's row: which subject (chosen for the first, named for another), its knowledge
 * requirements and grade, and for another subject the button that removes it. */
function SubjectRow({
  field,
  index,
  register,
  fieldErrors,
  removable,
  onRemove,
}: Omit<ListProps, "control"> & {
  field: FieldArrayWithId<Values, "knowledge.subjects">;
  index: number;
  removable: boolean;
  onRemove: () => void;
}) {
  const base = `knowledge.subjects.${index}` as const;
  const other = index >= CORE_ROWS;
  const otherNumber = index - CORE_ROWS + 1;
  const legend =
    index === 0
      ? "Svenska eller svenska som andraspråk"
      : other
        ? `Annat ämne ${otherNumber}`
        : SUBJECT_LABELS[field.subject as "MA" | "EN"];
  return (
    <fieldset className="block">
      <legend>{legend}</legend>
      {index === 0 ? (
        <SelectField
          label="Ämne"
          options={SWEDISH_OPTIONS}
          placeholder="Välj ämne"
          defaultValue={field.subject}
          error={fieldErrors[`${base}.subject`]}
          {...register(`${base}.subject`)}
        />
      ) : (
        <input type="hidden" defaultValue={field.subject} {...register(`${base}.subject`)} />
      )}
      {other ? (
        <Field
          label="Ämne"
          hint="Till exempel Biologi eller Idrott och hälsa."
          autoComplete="off"
          defaultValue={field.name}
          error={fieldErrors[`${base}.name`]}
          {...register(`${base}.name`)}
        />
      ) : null}
      <div className="field-row">
        <ChoiceGroup
          type="radio"
          legend="Kunskapskrav"
          options={GOAL_OPTIONS}
          checked={[field.goals]}
          error={fieldErrors[`${base}.goals`]}
          input={register(`${base}.goals`)}
        />
        <SelectField
          label="Betyg"
          options={GRADE_OPTIONS}
          placeholder="Inget betyg"
          defaultValue={field.grade}
          error={fieldErrors[`${base}.grade`]}
          {...register(`${base}.grade`)}
        />
      </div>
      {removable ? (
        <button
          type="button"
          className="button button--danger-outline button--small"
          onClick={onRemove}
        >
          Ta bort annat ämne {otherNumber}
        </button>
      ) : null}
    </fieldset>
  );
}
