/**
 * The school's answers to a school card: only the sections the basis for disclosure allows
 * (sections.ts), one fieldset each. Inputs are named by dotted paths ("knowledge.subjects.0.goals"),
 * so the form posts as it is and the action reads it with nestedFormValues, then with the schema
 * the clicked button names: "Spara utkast" (intent=draft) checks the draft schema, "Skicka till
 * socialtjänsten" (intent=submit) the submit schema. The browser checks the same schema first and
 * only a form that passes is sent; errors from the browser and from the server are keyed by the
 * same dotted names.
 *
 * Drafts save on their own: 1.5 s after the last edit, and at once when the page is hidden or left,
 * the form calls `onChange` with its values and the FormData to post (intent=draft, version
 * included); the route posts it with a fetcher. A draft that is not well-formed (a percentage
 * "9x") is not sent; its errors are shown instead.
 *
 * "Spara utkast" comes first, so Enter in a field saves a draft and never locks the card.
 */
import { Form, useNavigation } from "@remix-run/react";
import {
  useEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type FormEvent,
  type ReactNode,
} from "react";
import { useFieldArray, useForm, type Path } from "react-hook-form";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary, type SummaryError } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { nestedFieldErrorsFrom, type FieldErrors } from "~/lib/form";
import type { DisclosureCategory } from "~/modules/consent/policy";
import {
  schoolCardAnswersSchema,
  schoolCardDraftSchema,
  schoolCardFormValues,
  type SchoolCardDraft,
  type SchoolCardFormValues,
} from "../schema";
import {
  ABSENCE_UNITS,
  ABSENCE_UNIT_LABELS,
  EDUCATIONAL_ASSESSMENTS,
  EDUCATIONAL_ASSESSMENT_LABELS,
  GOAL_OUTCOMES,
  GOAL_OUTCOME_LABELS,
  GRADES,
  SUBJECT_LABELS,
  SWIMMING_ABILITIES,
  SWIMMING_ABILITY_LABELS,
  WELLBEING_SCALE,
  WELLBEING_SCALE_LABELS,
  YES_NO_LABELS,
  sectionsFor,
  type SchoolCardSection,
  type SchoolCardSectionCode,
} from "../sections";

export const AUTOSAVE_DELAY_MS = 1500;

type Intent = "draft" | "submit";
type Values = SchoolCardFormValues;

export interface SchoolCardFormProps {
  allowedCategories: readonly DisclosureCategory[];
  /** The saved draft, or the values the action sent back with errors. */
  defaultValues?: SchoolCardDraft | SchoolCardFormValues | Record<string, unknown> | null;
  /** Field errors from the action, keyed by dotted name. */
  serverErrors?: FieldErrors;
  /** One message for the whole form (someone else saved first), shown first in the summary. */
  formError?: string | null;
  /** The card's version when the page was loaded; posted as `version` to catch concurrent edits. */
  version: number | string;
  /** Autosave: called with the values and the FormData to post (intent=draft). */
  onChange?: (values: SchoolCardFormValues, formData: FormData) => void;
  /** What became of the last automatic save ("Utkastet sparades 14:02."), read out politely. */
  draftStatus?: ReactNode;
  /** More inside the form, before the buttons (the attachments). */
  children?: ReactNode;
}

const options = <T extends string | number>(values: readonly T[], labels: Record<T, string>) =>
  values.map((value) => ({ value: String(value), label: labels[value] }));

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const YES_NO = [
  { value: "yes", label: YES_NO_LABELS.yes },
  { value: "no", label: YES_NO_LABELS.no },
];
const GOAL_OPTIONS = options(GOAL_OUTCOMES, GOAL_OUTCOME_LABELS);
const GRADE_OPTIONS = GRADES.map((g) => ({ value: g, label: g }));
const SWEDISH_OPTIONS = [
  { value: "SV", label: SUBJECT_LABELS.SV },
  { value: "SVA", label: SUBJECT_LABELS.SVA },
];

const subscribeNever = () => () => {};
/** False in the server's HTML and while hydrating: add/remove buttons need JavaScript. */
function useHydrated() {
  return useSyncExternalStore(
    subscribeNever,
    () => true,
    () => false,
  );
}

function valueAt(values: unknown, path: string): string {
  let node = values;
  for (const part of path.split(".")) {
    node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : "";
  }
  return typeof node === "string" ? node : "";
}

export function SchoolCardForm({
  allowedCategories,
  defaultValues,
  serverErrors,
  formError,
  version,
  onChange,
  draftStatus,
  children,
}: SchoolCardFormProps) {
  const sections = sectionsFor(allowedCategories);
  const allowedKey = [...allowedCategories].sort().join(",");
  const schemas = useMemo(() => {
    const allowed = (allowedKey ? allowedKey.split(",") : []) as DisclosureCategory[];
    return { draft: schoolCardDraftSchema(allowed), submit: schoolCardAnswersSchema(allowed) };
  }, [allowedKey]);
  // The form starts once from what was saved; later loader data (a newer version after an
  // automatic save) must not reset what someone is typing.
  const [initial] = useState(() => schoolCardFormValues(defaultValues));
  const { register, control, getValues, subscribe } = useForm<Values>({ defaultValues: initial });

  // The browser's errors hold until the server answers again (a new serverErrors object).
  const [client, setClient] = useState<{ after?: FieldErrors; errors: FieldErrors } | null>(null);
  const fieldErrors: FieldErrors =
    client && client.after === serverErrors ? client.errors : (serverErrors ?? {});
  const [refusedSubmits, setRefusedSubmits] = useState(0);
  const summaryFocus = useMemo(
    () => ({ refusedSubmits, serverErrors, formError }),
    [refusedSubmits, serverErrors, formError],
  );
  const summary: SummaryError[] = [
    ...(formError ? [{ message: formError }] : []),
    ...Object.entries(fieldErrors).map(([field, message]) => ({ field, message })),
  ];

  const formRef = useRef<HTMLFormElement>(null);
  /** The schema the last submit was checked by: edits after it are checked again, live. */
  const checkedAs = useRef<Intent | null>(null);
  const cancelAutosave = useRef<() => void>(() => {});
  const latest = useRef({ onChange, serverErrors, schemas });
  useEffect(() => {
    latest.current = { onChange, serverErrors, schemas };
  });

  const check = (intent: Intent): boolean => {
    const result = latest.current.schemas[intent].safeParse(getValues());
    setClient({
      after: latest.current.serverErrors,
      errors: result.success ? {} : nestedFieldErrorsFrom(result.error.issues),
    });
    return result.success;
  };
  const checkRef = useRef(check);
  useEffect(() => {
    checkRef.current = check;
  });

  useEffect(() => {
    const element = formRef.current;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      timer = undefined;
      const { onChange: send, schemas: current } = latest.current;
      if (!element || !send) return;
      const values = getValues();
      if (!current.draft.safeParse(values).success) {
        checkedAs.current ??= "draft";
        checkRef.current(checkedAs.current);
        return;
      }
      const data = new FormData(element);
      data.set("intent", "draft");
      send(values, data);
    };
    const flush = () => {
      if (timer === undefined) return;
      clearTimeout(timer);
      save();
    };
    const onVisibility = () => {
      if (document.visibilityState === "hidden") flush();
    };
    const unsubscribe = subscribe({
      formState: { values: true },
      callback: () => {
        if (checkedAs.current) checkRef.current(checkedAs.current);
        clearTimeout(timer);
        timer = setTimeout(save, AUTOSAVE_DELAY_MS);
      },
    });
    cancelAutosave.current = () => {
      clearTimeout(timer);
      timer = undefined;
    };
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      unsubscribe();
      window.removeEventListener("pagehide", flush);
      document.removeEventListener("visibilitychange", onVisibility);
      // Leaving the page within the portal: what was typed last is saved too.
      flush();
    };
  }, [subscribe, getValues]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    // No button (a script's submit()) is a draft: only the submit button locks the card.
    const intent: Intent =
      submitter instanceof HTMLButtonElement && submitter.value === "submit" ? "submit" : "draft";
    cancelAutosave.current();
    checkedAs.current = intent;
    if (!check(intent)) {
      event.preventDefault();
      setRefusedSubmits((n) => n + 1);
    }
  };

  const navigation = useNavigation();
  const submitting = navigation.state === "submitting";

  const text = (path: Path<Values>) => ({
    ...register(path),
    defaultValue: valueAt(initial, path),
    error: fieldErrors[path],
  });
  const choice = (path: Path<Values>) => ({
    input: register(path),
    checked: [valueAt(initial, path)],
    error: fieldErrors[path],
  });

  const content: Record<SchoolCardSectionCode, () => ReactNode> = {
    attendance: () => (
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
    ),
    knowledge: () => (
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
    ),
    support: () => (
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
    ),
    studentHealth: () => (
      <TextAreaField
        label="Elevhälsans insatser"
        hint="Till exempel samtal med kurator eller kontakt med skolsköterska. Skriv ”Inga insatser” om elevhälsan inte har varit inblandad."
        rows={4}
        {...text("studentHealth.measures")}
      />
    ),
    wellbeing: () => (
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
    ),
    schoolView: () => (
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
    ),
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

  return (
    <Form method="post" noValidate className="form" ref={formRef} onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="version" value={String(version)} />
      {sections.map((section) => (
        <SectionFieldset key={section.code} section={section}>
          {content[section.code]()}
        </SectionFieldset>
      ))}
      {children}
      <p className="field__hint">
        När du skickar skolkortet låses det. Handläggaren kan be om en komplettering, och då öppnas
        det igen.
      </p>
      <div className="actions">
        <button
          type="submit"
          name="intent"
          value="draft"
          className="button button--outline"
          disabled={submitting}
        >
          Spara utkast
        </button>
        <button type="submit" name="intent" value="submit" className="button" disabled={submitting}>
          Skicka till socialtjänsten
        </button>
      </div>
      <p role="status" className="muted">
        {draftStatus}
      </p>
    </Form>
  );
}

function SectionFieldset({
  section,
  children,
}: {
  section: SchoolCardSection;
  children: ReactNode;
}) {
  const introId = section.intro ? `avsnitt-${section.code}-om` : undefined;
  return (
    <fieldset className="card" id={`avsnitt-${section.code}`} aria-describedby={introId}>
      <legend>
        <h2>{section.heading}</h2>
      </legend>
      {section.intro ? (
        <p className="field__hint" id={introId}>
          {section.intro}
        </p>
      ) : null}
      <div className="form">{children}</div>
    </fieldset>
  );
}

interface ListProps {
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

function AbsencePeriods({ control, register, fieldErrors }: ListProps) {
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

function Subjects({ control, register, fieldErrors }: ListProps) {
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
      {fields.map((field, index) => {
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
          <fieldset key={field.id} className="block">
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
            {other && hydrated ? (
              <button
                type="button"
                className="button button--danger-outline button--small"
                onClick={() => {
                  remove(index);
                  const remaining = fields.length - 1;
                  after(
                    `Annat ämne ${otherNumber} togs bort.`,
                    remaining === CORE_ROWS
                      ? ADD_SUBJECT_ID
                      : `falt-knowledge.subjects.${Math.min(index, remaining - 1)}.name`,
                  );
                }}
              >
                Ta bort annat ämne {otherNumber}
              </button>
            ) : null}
          </fieldset>
        );
      })}
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
