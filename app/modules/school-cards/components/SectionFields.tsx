/**
 * The fields of each section of the school-card form, keyed by section code. The inputs are
 * registered with react-hook-form under their dotted paths and start from the form's initial
 * values; errors are keyed by the same paths.
 */
import type { ReactNode } from "react";
import type { Path } from "react-hook-form";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { Field } from "~/components/ui/Field";
import { TextAreaField } from "~/components/ui/TextAreaField";
import type { SchoolCardFormValues } from "../schema";
import {
  ABSENCE_UNITS,
  ABSENCE_UNIT_LABELS,
  EDUCATIONAL_ASSESSMENTS,
  EDUCATIONAL_ASSESSMENT_LABELS,
  SWIMMING_ABILITIES,
  SWIMMING_ABILITY_LABELS,
  WELLBEING_SCALE,
  WELLBEING_SCALE_LABELS,
  type SchoolCardSectionCode,
} from "../sections";
import { AbsencePeriods, Subjects, type ListProps } from "./AnswerLists";
import { capitalise, options, YES_NO } from "./form-options";

type Values = SchoolCardFormValues;

function valueAt(values: unknown, path: string): string {
  let node = values;
  for (const part of path.split(".")) {
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : "";
  }
  return typeof node === "string" ? node : "";
}

/**
 * How each field is tied to the form: registered under its dotted path, started from the initial
 * values, with its error. The sections' fields are written with these, so that none repeats it.
 */
function wireFields({ register, control, fieldErrors, initial }: ListProps & { initial: Values }) {
  return {
    register,
    control,
    fieldErrors,
    text: (path: Path<Values>) => ({
      ...register(path),
      defaultValue: valueAt(initial, path),
      error: fieldErrors[path],
    }),
    choice: (path: Path<Values>) => ({
      input: register(path),
      checked: [valueAt(initial, path)],
      error: fieldErrors[path],
    }),
  };
}

type Wiring = ReturnType<typeof wireFields>;

/** What goes inside each section's fieldset, for the form to place. */
export function sectionFields(
  props: ListProps & { initial: Values },
): Record<SchoolCardSectionCode, () => ReactNode> {
  const wiring = wireFields(props);
  const { text } = wiring;
  const content: Record<SchoolCardSectionCode, () => ReactNode> = {
    attendance: () => attendanceFields(wiring),
    knowledge: () => knowledgeFields(wiring),
    support: () => supportFields(wiring),
    studentHealth: () => (
      <TextAreaField
        label="Elevhälsans insatser"
        hint="Till exempel samtal med kurator eller kontakt med skolsköterska. Skriv ”Inga insatser” om elevhälsan inte har varit inblandad."
        rows={4}
        {...text("studentHealth.measures")}
      />
    ),
    wellbeing: () => wellbeingFields(wiring),
    schoolView: () => schoolViewFields(wiring),
    childsVoice: () => (
      <TextAreaField
        label="Barnets syn på sin skolgång (frivillig)"
        hint="Fyll i efter att ha pratat med barnet. Skriv gärna med barnets egna ord."
        rows={4}
        {...text("childsVoice.view")}
      />
    ),
    carersView: () => (
      <TextAreaField
        label="Familjehemmets eller HVB:s syn (frivillig)"
        hint="Fyll i efter att ha pratat med familjehemmet eller HVB-hemmet."
        rows={4}
        {...text("carersView.view")}
      />
    ),
    filledBy: () => (
      <div className="field-row">
        <Field label="Namn" autoComplete="name" {...text("filledBy.name")} />
        <Field
          label="Roll"
          hint="Till exempel mentor, kurator eller skolsköterska."
          autoComplete="organization-title"
          {...text("filledBy.role")}
        />
      </div>
    ),
  };
  return content;
}

/** Attendance: the share present, unexcused absence, and the periods of longer absence. */
function attendanceFields({ text, choice, control, register, fieldErrors }: Wiring) {
  return (
    <>
      <Field
        label="Närvaro under terminen, i procent"
        hint="Hur stor del av skoltiden eleven har varit på plats, 0–100."
        inputMode="decimal"
        autoComplete="off"
        {...text("attendance.presentPercent")}
      />
      <fieldset className="block">
        <legend>Ogiltig frånvaro under terminen</legend>
        <Field
          label="Omfattning"
          hint="Skriv 0 om eleven inte har någon ogiltig frånvaro."
          inputMode="decimal"
          autoComplete="off"
          {...text("attendance.unexcusedAbsence.amount")}
        />
        <ChoiceGroup
          type="radio"
          legend="Anges i"
          options={ABSENCE_UNITS.map((unit) => ({
            value: unit,
            label: capitalise(ABSENCE_UNIT_LABELS[unit]),
          }))}
          {...choice("attendance.unexcusedAbsence.unit")}
        />
      </fieldset>
      <AbsencePeriods control={control} register={register} fieldErrors={fieldErrors} />
    </>
  );
}

/** Knowledge: the subjects, swimming, and the educational assessment. */
function knowledgeFields({ choice, control, register, fieldErrors }: Wiring) {
  return (
    <>
      <Subjects control={control} register={register} fieldErrors={fieldErrors} />
      <ChoiceGroup
        type="radio"
        legend="Simkunnighet"
        options={options(SWIMMING_ABILITIES, SWIMMING_ABILITY_LABELS)}
        {...choice("knowledge.swimming")}
      />
      <ChoiceGroup
        type="radio"
        legend="Pedagogisk bedömning"
        options={options(EDUCATIONAL_ASSESSMENTS, EDUCATIONAL_ASSESSMENT_LABELS)}
        {...choice("knowledge.educationalAssessment")}
      />
    </>
  );
}

/** Support: extra adaptations, special support and an adjusted timetable, each with its details. */
function supportFields({ text, choice }: Wiring) {
  return (
    <>
      <ChoiceGroup
        type="radio"
        legend="Har eleven extra anpassningar?"
        options={YES_NO}
        {...choice("support.extraAdaptations.given")}
      />
      <TextAreaField
        label="Vilka extra anpassningar?"
        hint="Fyll i om svaret är ja."
        rows={3}
        {...text("support.extraAdaptations.description")}
      />
      <ChoiceGroup
        type="radio"
        legend="Har eleven särskilt stöd?"
        options={YES_NO}
        {...choice("support.specialSupport.given")}
      />
      <Field
        label="Datum för åtgärdsprogram"
        hint="Om eleven har ett åtgärdsprogram: när det beslutades. Lämna tomt annars."
        type="date"
        {...text("support.specialSupport.actionProgrammeDate")}
      />
      <ChoiceGroup
        type="radio"
        legend="Har eleven anpassad studiegång?"
        options={YES_NO}
        {...choice("support.adjustedTimetable.given")}
      />
      <TextAreaField
        label="Hur är studiegången anpassad?"
        hint="Fyll i om svaret är ja."
        rows={3}
        {...text("support.adjustedTimetable.description")}
      />
    </>
  );
}

/** Well-being: how the pupil gets on, and their strengths. */
function wellbeingFields({ text, choice }: Wiring) {
  return (
    <>
      <ChoiceGroup
        type="radio"
        legend="Hur trivs eleven i skolan och med kamraterna?"
        options={options(WELLBEING_SCALE, WELLBEING_SCALE_LABELS)}
        {...choice("wellbeing.score")}
      />
      <TextAreaField
        label="Kommentar om trivsel och kamratrelationer (frivillig)"
        rows={3}
        {...text("wellbeing.comment")}
      />
      <TextAreaField
        label="Elevens styrkor"
        hint="Vad eleven är bra på, tycker om eller lyckas med."
        rows={4}
        {...text("wellbeing.strengths")}
      />
    </>
  );
}

/** The school's view: its concerns and what it wishes from social services. */
function schoolViewFields({ text }: Wiring) {
  return (
    <>
      <TextAreaField
        label="Vad oroar skolan sig för?"
        hint="Skriv ”Ingen oro” om skolan inte oroar sig för något."
        rows={4}
        {...text("schoolView.concerns")}
      />
      <TextAreaField
        label="Vad vill skolan ha av socialtjänsten? (frivillig)"
        rows={4}
        {...text("schoolView.wishes")}
      />
    </>
  );
}
