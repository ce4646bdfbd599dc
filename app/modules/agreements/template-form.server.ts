/**
 * The server half of the template form: read the posted form (sections as `sections.N.heading`
 * and `sections.N.body`), validate it with the schema the browser used, create or revise the
 * template, and hand back what the form shows on an error: field messages by dotted path, a
 * message for the whole form, and the values as typed.
 */
import type { Actor } from "~/auth/session.server";
import { badRequest, nestedFieldErrorsFrom, type BadRequest, type FieldErrors } from "~/lib/form";
import { createTemplate, getTemplateRevision, reviseTemplate } from "./agreements.server";
import { normaliseText } from "./document";
import { nestedFormValues, templateSchema, type TemplateValues } from "./schema";

/** The form's values as typed (before trimming), the shape TemplateForm starts from. */
export interface TemplateFormValues {
  title: string;
  introduction: string;
  sections: { heading: string; body: string }[];
  changeNote: string;
}

export type TemplateFormFailure = {
  ok: false;
  fieldErrors: FieldErrors;
  formError: string | null;
  values: TemplateFormValues;
};

const STALE_TEMPLATE_MESSAGE =
  "Någon annan har sparat en ny revision av mallen sedan du öppnade sidan, så dina ändringar är inte sparade. Din text finns kvar i formuläret: kopiera det du vill behålla, ladda om sidan och gör ändringarna i den senaste revisionen.";

const UNCHANGED_TEMPLATE_MESSAGE =
  "Du har inte ändrat mallens titel, inledning eller avsnitt. En ny revision sparas bara när texten ändras, eftersom den markerar överenskommelser från äldre revisioner som ”Dags för revision”.";

// Only the form's own names are read: anything else posted (basedOn, a crafted name) is not
// part of the template's text.
const FIELD_NAME = /^(?:title|introduction|changeNote|sections\.\d{1,3}\.(?:heading|body))$/;

const text = (value: unknown) => (typeof value === "string" ? value.replace(/\r\n?/g, "\n") : "");

function templateValuesFrom(form: FormData): TemplateFormValues {
  const own = new FormData();
  for (const [name, value] of form.entries()) {
    if (FIELD_NAME.test(name) && typeof value === "string") own.append(name, value);
  }
  const raw = nestedFormValues(own);
  const sections = Array.isArray(raw.sections) ? (raw.sections as unknown[]) : [];
  return {
    title: text(raw.title),
    introduction: text(raw.introduction),
    sections: sections.map((section) => {
      const { heading, body } = (section ?? {}) as Record<string, unknown>;
      return { heading: text(heading), body: text(body) };
    }),
    changeNote: text(raw.changeNote),
  };
}

function parse(
  form: FormData,
): { ok: true; data: TemplateValues; values: TemplateFormValues } | TemplateFormFailure {
  const values = templateValuesFrom(form);
  const parsed = templateSchema.safeParse(values);
  if (!parsed.success) {
    return {
      ok: false,
      fieldErrors: nestedFieldErrorsFrom(parsed.error.issues),
      formError: null,
      values,
    };
  }
  return { ok: true, data: parsed.data, values };
}

export async function createTemplateFromForm(
  actor: Actor,
  form: FormData,
): Promise<{ ok: true; id: string } | TemplateFormFailure> {
  const parsed = parse(form);
  if (!parsed.ok) return parsed;
  return { ok: true, id: await createTemplate(actor, parsed.data) };
}

/** The revision number the form was opened on, from its hidden `basedOn`; null if none is. */
function basedOnFrom(form: FormData): number | null {
  const value = form.get("basedOn");
  if (typeof value !== "string" || !/^[1-9]\d{0,8}$/.test(value)) return null;
  return Number(value);
}

function sameText(a: TemplateValues, b: TemplateValues) {
  const t = normaliseText;
  return (
    t(a.title) === t(b.title) &&
    t(a.introduction) === t(b.introduction) &&
    a.sections.length === b.sections.length &&
    a.sections.every(
      (s, i) => t(s.heading) === t(b.sections[i]!.heading) && t(s.body) === t(b.sections[i]!.body),
    )
  );
}

/**
 * Saves the form as the template's next revision. A text identical to the revision it was
 * based on is not saved (a new revision marks agreements as due for revision); a form opened
 * on an older revision than the latest is refused with the text kept. A post without the
 * revision it was based on is no post of the form: a BadRequest.
 */
export async function reviseTemplateFromForm(
  actor: Actor,
  templateId: string,
  form: FormData,
): Promise<{ ok: true; revisionNumber: number } | TemplateFormFailure | BadRequest> {
  const basedOn = basedOnFrom(form);
  if (basedOn === null) return badRequest("Felaktig begäran");
  const parsed = parse(form);
  if (!parsed.ok) return parsed;
  const failure = (formError: string): TemplateFormFailure => ({
    ok: false,
    fieldErrors: {},
    formError,
    values: parsed.values,
  });
  const previous = await getTemplateRevision(actor, templateId, basedOn);
  if (sameText(parsed.data, { ...previous, changeNote: "" })) {
    return failure(UNCHANGED_TEMPLATE_MESSAGE);
  }
  const result = await reviseTemplate(actor, templateId, { ...parsed.data, basedOn });
  if (result.kind === "stale") return failure(STALE_TEMPLATE_MESSAGE);
  return { ok: true, revisionNumber: result.revisionNumber };
}
