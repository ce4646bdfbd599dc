import { Form } from "@remix-run/react";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import type { FieldErrors } from "~/lib/form";
import { districtSchema, type DistrictFormValues, type DistrictInput } from "../schema";

/**
 * A social-services district: its name, the intake unit that schools call or write to, the
 * out-of-hours number, and its own address and phone.
 */
export function DistrictForm({
  values,
  serverErrors,
  formError,
  version,
  submitLabel,
}: {
  values: DistrictFormValues;
  serverErrors?: FieldErrors;
  formError?: string;
  version?: string;
  submitLabel: string;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<DistrictInput>({
      schema: districtSchema,
      defaultValues: values,
      serverErrors: serverErrors,
      formError,
    });
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value="save" />
      {version ? <input type="hidden" name="version" value={version} /> : null}
      <Field
        label="Förvaltningens namn"
        hint="Till exempel Norrstrands stadsdelsförvaltning."
        autoComplete="off"
        defaultValue={values.name}
        error={fieldErrors.name}
        {...register("name")}
      />
      <Field
        label="Mottagningens telefon"
        hint="Skolorna ser numret när de behöver göra en orosanmälan."
        type="tel"
        autoComplete="off"
        defaultValue={values.intakePhone}
        error={fieldErrors.intakePhone}
        {...register("intakePhone")}
      />
      <Field
        label="Mottagningens e-post (frivilligt)"
        type="email"
        autoComplete="off"
        spellCheck={false}
        defaultValue={values.intakeEmail}
        error={fieldErrors.intakeEmail}
        {...register("intakeEmail")}
      />
      <Field
        label="Socialjourens nummer"
        hint="Numret som gäller kvällar och helger."
        type="tel"
        autoComplete="off"
        defaultValue={values.outOfHoursPhone}
        error={fieldErrors.outOfHoursPhone}
        {...register("outOfHoursPhone")}
      />
      <Field
        label="Adress (frivilligt)"
        autoComplete="off"
        defaultValue={values.address}
        error={fieldErrors.address}
        {...register("address")}
      />
      <Field
        label="Telefon, växel (frivilligt)"
        type="tel"
        autoComplete="off"
        defaultValue={values.phone}
        error={fieldErrors.phone}
        {...register("phone")}
      />
      <button type="submit" className="button" disabled={submitting}>
        {submitLabel}
      </button>
    </Form>
  );
}
