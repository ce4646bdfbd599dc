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
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useForm } from "react-hook-form";
import { ErrorSummary, type SummaryError } from "~/components/ui/ErrorSummary";
import { nestedFieldErrorsFrom, type FieldErrors } from "~/lib/form";
import type { DisclosureCategory } from "~/modules/consent/policy";
import type { schoolCardAnswersSchema, schoolCardDraftSchema } from "../answers-schema";
import { schoolCardFormValues } from "../form-values";
import type { SchoolCardDraft, SchoolCardFormValues } from "../schema";
import { sectionsFor, type SchoolCardSection } from "../sections";
import { sectionFields } from "./SectionFields";

export const AUTOSAVE_DELAY_MS = 1500;

type Intent = "draft" | "submit";
type Values = SchoolCardFormValues;
type Schemas = {
  draft: ReturnType<typeof schoolCardDraftSchema>;
  submit: ReturnType<typeof schoolCardAnswersSchema>;
};

/**
 * The answers' schemas, and zod with them (9 KB gzip), load just after the page instead of with
 * it: the form needs them only once someone types or submits. Until they are there, the form
 * posts unchecked and the action checks alone, with the same schemas and the same messages.
 */
let answersSchema: Promise<typeof import("../answers-schema")> | undefined;
const loadAnswersSchema = () => (answersSchema ??= import("../answers-schema"));

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
  const [schemas, setSchemas] = useState<Schemas | null>(null);
  useEffect(() => {
    const allowed = (allowedKey ? allowedKey.split(",") : []) as DisclosureCategory[];
    let current = true;
    loadAnswersSchema().then(
      (schema) => {
        if (!current) return;
        setSchemas({
          draft: schema.schoolCardDraftSchema(allowed),
          submit: schema.schoolCardAnswersSchema(allowed),
        });
      },
      // Not loaded (the network): the action still checks every post.
      () => {},
    );
    return () => {
      current = false;
    };
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
    const schema = latest.current.schemas?.[intent];
    if (!schema) return true;
    const result = schema.safeParse(getValues());
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
      if (current && !current.draft.safeParse(values).success) {
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

  const content = sectionFields({ register, control, fieldErrors, initial });

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
