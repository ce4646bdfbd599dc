import { Form } from "@remix-run/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { SelectField } from "~/components/ui/SelectField";
import type { FieldErrors } from "~/lib/form";
import { assignContactSchema, type AssignContactInput } from "../schema";

/** Choose a contact person and an optional deputy among the district's staff. */
export function AssignContactForm({
  staff,
  defaults,
  serverErrors,
  submitLabel,
  intent,
}: {
  staff: { id: string; name: string; title: string | null }[];
  defaults: AssignContactInput;
  serverErrors?: FieldErrors;
  submitLabel: string;
  intent?: string;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<AssignContactInput>({
      schema: assignContactSchema,
      defaultValues: defaults,
      serverErrors: serverErrors,
    });
  const options = staff.map((p) => ({
    value: p.id,
    label: p.title ? `${p.name} (${p.title})` : p.name,
  }));
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <SelectField
        label="Kontaktperson"
        placeholder="Välj en person"
        options={options}
        error={fieldErrors.contactUserId}
        defaultValue={defaults.contactUserId}
        {...register("contactUserId")}
      />
      <SelectField
        label="Ersättare (frivilligt)"
        placeholder="Ingen ersättare"
        options={options}
        error={fieldErrors.deputyUserId}
        defaultValue={defaults.deputyUserId}
        {...register("deputyUserId")}
      />
      <button type="submit" className="button" disabled={submitting}>
        {submitLabel}
      </button>
    </Form>
  );
}
