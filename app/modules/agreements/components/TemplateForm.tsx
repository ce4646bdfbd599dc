/**
 * A template's text: title, introduction and sections, and, when it revises an existing
 * template, what has changed. Checked in the browser with the action's own schema; the server's
 * answer (a revision saved by someone else meanwhile, say) shows in the same summary, with the
 * text kept.
 */
import { Form } from "@remix-run/react";
import type * as z from "zod/mini";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import type { FieldErrors } from "~/lib/form";
import { templateSchema } from "../schema";
import type { TemplateFormValues } from "../template-form.server";
import { SectionsEditor } from "./SectionsEditor";

type TemplateInput = z.input<typeof templateSchema>;

export const EMPTY_TEMPLATE: TemplateFormValues = {
  title: "",
  introduction: "",
  sections: [{ heading: "", body: "" }],
  changeNote: "",
};

export function TemplateForm({
  values,
  basedOn,
  serverErrors,
  formError,
  submitLabel,
}: {
  values: TemplateFormValues;
  /** The revision the form revises; without it the form makes a new template. */
  basedOn?: number;
  serverErrors?: FieldErrors;
  formError?: string | null;
  submitLabel: string;
}) {
  const { register, control, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<TemplateInput>({
      schema: templateSchema,
      defaultValues: values,
      serverErrors,
      formError,
    });
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      {basedOn !== undefined ? <input type="hidden" name="basedOn" value={basedOn} /> : null}
      <Field
        label="Titel"
        autoComplete="off"
        defaultValue={values.title}
        error={fieldErrors.title}
        {...register("title")}
      />
      <TextAreaField
        label="Inledning (frivilligt)"
        hint="Stycken skiljs åt med en tom rad."
        rows={6}
        defaultValue={values.introduction}
        error={fieldErrors.introduction}
        {...register("introduction")}
      />
      <SectionsEditor control={control} register={register} fieldErrors={fieldErrors} />
      {basedOn !== undefined ? (
        <TextAreaField
          label="Vad har ändrats? (visas i revisionshistoriken)"
          hint="Frivilligt, men det hjälper förvaltningarna att se vad som är nytt i mallen."
          rows={3}
          defaultValue={values.changeNote}
          error={fieldErrors.changeNote}
          {...register("changeNote")}
        />
      ) : null}
      <button type="submit" className="button" disabled={submitting}>
        {submitLabel}
      </button>
    </Form>
  );
}
