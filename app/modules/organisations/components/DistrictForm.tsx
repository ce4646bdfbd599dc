import { zodResolver } from "@hookform/resolvers/zod";
import { Form, useNavigation, useSubmit } from "@remix-run/react";
import { useForm } from "react-hook-form";
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
  const submit = useSubmit();
  const navigation = useNavigation();
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<DistrictInput>({
    resolver: zodResolver(districtSchema),
    defaultValues: values,
    shouldFocusError: false,
  });
  const fieldErrors: FieldErrors = {
    ...serverErrors,
    ...Object.fromEntries(Object.entries(errors).map(([k, e]) => [k, String(e?.message ?? "")])),
  };
  return (
    <Form
      method="post"
      noValidate
      className="form"
      onSubmit={(event) => {
        const form = event.currentTarget;
        void handleSubmit(() => submit(form))(event);
      }}
    >
      <ErrorSummary
        errors={[
          ...(formError ? [{ message: formError }] : []),
          ...Object.entries(fieldErrors).map(([field, message]) => ({ field, message })),
        ]}
      />
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
      <button type="submit" className="button" disabled={navigation.state === "submitting"}>
        {submitLabel}
      </button>
    </Form>
  );
}
