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
 *
 * The checking, the errors, the summary's focus and the autosave are useValidatedForm's, as for
 * every other form; this file holds the card's schemas and fields.
 */
import { Form } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import type { FieldErrors } from "~/lib/form";
import type { DisclosureCategory } from "~/modules/consent/policy";
import type { $ZodType } from "zod/v4/core";
import { schoolCardFormValues } from "../form-values";
import type { SchoolCardDraft, SchoolCardFormValues } from "../schema";
import { sectionsFor, type SchoolCardSection } from "../sections";
import { sectionFields } from "./SectionFields";

const AUTOSAVE_DELAY_MS = 1500;

type Values = SchoolCardFormValues;
/** The answers' schemas read anything a form posts (and their own output), so the form's values. */
type Schemas = Record<"draft" | "submit", $ZodType<unknown, Values>>;

/**
 * The answers' schemas, and zod with them (9 KB gzip), load just after the page instead of with
 * it: the form needs them only once someone types or submits. Until they are there, the form
 * posts unchecked and the action checks alone, with the same schemas and the same messages.
 */
let answersSchema: Promise<typeof import("../answers-schema")> | undefined;
const loadAnswersSchema = () => (answersSchema ??= import("../answers-schema"));

/** The answers' schemas for the categories asked, once loaded. */
function useAnswersSchemas(allowedCategories: readonly DisclosureCategory[]) {
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
        } as Schemas);
      },
      // Not loaded (the network): the action still checks every post.
      () => {},
    );
    return () => {
      current = false;
    };
  }, [allowedKey]);
  return schemas;
}

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
  const schemas = useAnswersSchemas(allowedCategories);
  // The form starts once from what was saved; later loader data (a newer version after an
  // automatic save) must not reset what someone is typing.
  const [initial] = useState(() => schoolCardFormValues(defaultValues));
  const { register, control, fieldErrors, summary, summaryFocus, onSubmit, formRef, submitting } =
    useValidatedForm<Values>({
      // Only the submit button checks the whole card; anything else (Enter, a script's submit())
      // is a draft.
      schema: (intent) => (intent === "submit" ? schemas?.submit : schemas?.draft) ?? null,
      defaultValues: initial,
      serverErrors,
      formError,
      autosave: onChange
        ? {
            intent: "draft",
            delayMs: AUTOSAVE_DELAY_MS,
            save: (formData, values) => onChange(values, formData),
          }
        : undefined,
    });

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
