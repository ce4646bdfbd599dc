/**
 * The pieces the report pages' actions share: reading the posted report form back into what the
 * form shows (so that nothing typed is lost on an error), and handling the two buttons (save a
 * draft, send). The module does the work; this only parses and words the answers, and returns
 * them (the page to go to as well) for the route to answer with.
 */
import type { Actor } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { fieldErrorsFrom, goTo, type FieldErrors, type FormRedirect } from "~/lib/form";
import { saveReportDraft, submitReport, type ReportContext } from "./reports.server";
import { EMPTY_REPORT, reportDraftSchema, reportSchema, type ReportFormValues } from "./schema";

function readReportForm(form: FormData): ReportFormValues {
  const values = { ...EMPTY_REPORT };
  for (const key of Object.keys(EMPTY_REPORT) as (keyof ReportFormValues)[]) {
    const raw = form.get(key);
    if (typeof EMPTY_REPORT[key] === "boolean") {
      (values as Record<string, unknown>)[key] = raw === "on" || raw === "true";
    } else {
      (values as Record<string, unknown>)[key] = typeof raw === "string" ? raw : "";
    }
  }
  return values;
}

export type ReportFormAnswer = {
  values: ReportFormValues;
  fieldErrors?: FieldErrors;
  formError?: string | null;
};

/** Saves a draft or sends the report; the page to go to on success, else the form's answer. */
export async function handleReportForm(
  actor: Actor,
  reportId: string | null,
  form: FormData,
  context: ReportContext,
): Promise<ReportFormAnswer | FormRedirect> {
  const values = readReportForm(form);
  const intents = form.getAll("intent");
  const key = form.get("submissionKey");
  if (!reportId && typeof key === "string") context = { ...context, submissionKey: key };
  if (intents.includes("draft")) {
    // A draft need not be complete, but it must fit: a field over its length is answered beside
    // the field, with everything typed kept, and nothing is stored.
    const draft = reportDraftSchema.safeParse(values);
    if (!draft.success) return { values, fieldErrors: fieldErrorsFrom(draft.error.issues) };
    const version = Number(form.get("version") ?? 0);
    const result = await saveReportDraft(
      actor,
      reportId,
      values,
      Number.isInteger(version) ? version : -1,
      context,
    );
    if (result.kind === "alreadySent") return goTo(`/orosanmalan/${result.reportId}/kvitto`);
    if (result.kind === "stale") {
      return {
        values,
        formError: `Utkastet har sparats i ett annat fönster${
          result.savedAt ? ` (${formatDateTime(result.savedAt)})` : ""
        }. Kopiera det du har skrivit, ladda om sidan och för in det igen.`,
      };
    }
    return goTo(`/orosanmalan/${result.reportId}/redigera?sparat=1`);
  }
  const parsed = reportSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { values, fieldErrors: fieldErrorsFrom(parsed.error.issues) };
  const result = await submitReport(actor, reportId, parsed.data, context);
  return goTo(`/orosanmalan/${result.reportId}/kvitto`);
}
