import { Form } from "@remix-run/react";
import type { UseFormRegister } from "react-hook-form";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import type { FieldErrors } from "~/lib/form";
import { OPERATOR_TYPES, SCHOOL_FORMS } from "~db/schema";
import { OPERATOR_TYPE_LABELS, SCHOOL_FORM_LABELS } from "../labels";
import { schoolSchema, type SchoolFormValues, type SchoolInput } from "../schema";

/**
 * A school's facts: name, school-unit code, operator, school forms, contact details and the
 * district whose area it lies in. Checked in the browser with the action's own schema; the
 * server's answer (a taken code, say) shows beside the same fields, with the values kept.
 */
export function SchoolForm({
  values,
  districts,
  serverErrors,
  formError,
  version,
  submitLabel,
}: {
  values: SchoolFormValues;
  districts: { id: string; name: string }[];
  serverErrors?: FieldErrors;
  formError?: string;
  version?: string;
  submitLabel: string;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<SchoolInput>({
      schema: schoolSchema,
      defaultValues: values as SchoolInput,
      serverErrors: serverErrors,
      formError,
    });
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <input type="hidden" name="intent" value="save" />
      {version ? <input type="hidden" name="version" value={version} /> : null}
      <SchoolIdentityFields register={register} fieldErrors={fieldErrors} values={values} />
      <SchoolPlaceFields
        register={register}
        fieldErrors={fieldErrors}
        values={values}
        districts={districts}
      />
      <button type="submit" className="button" disabled={submitting}>
        {submitLabel}
      </button>
    </Form>
  );
}

interface FieldsProps {
  register: UseFormRegister<SchoolInput>;
  fieldErrors: FieldErrors;
  values: SchoolFormValues;
}

/** Which school it is: its name, its code in Skolverket's register, its operator and forms. */
function SchoolIdentityFields({ register, fieldErrors, values }: FieldsProps) {
  return (
    <>
      <Field
        label="Skolans namn"
        autoComplete="off"
        defaultValue={values.name}
        error={fieldErrors.name}
        {...register("name")}
      />
      <Field
        label="Skolenhetskod"
        hint="8 siffror, som i Skolverkets skolenhetsregister."
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        className="input--short"
        defaultValue={values.schoolUnitCode}
        error={fieldErrors.schoolUnitCode}
        {...register("schoolUnitCode")}
      />
      <ChoiceGroup
        type="radio"
        legend="Huvudmannatyp"
        options={OPERATOR_TYPES.map((t) => ({ value: t, label: OPERATOR_TYPE_LABELS[t] }))}
        checked={[values.operatorType]}
        error={fieldErrors.operatorType}
        input={register("operatorType")}
      />
      <Field
        label="Huvudman"
        hint="Kommunen eller den enskilda huvudmannen, till exempel ett aktiebolag eller en stiftelse."
        autoComplete="off"
        defaultValue={values.operatorName}
        error={fieldErrors.operatorName}
        {...register("operatorName")}
      />
      <ChoiceGroup
        type="checkbox"
        legend="Skolformer"
        hint="Välj alla skolformer som skolenheten har."
        options={SCHOOL_FORMS.map((f) => ({ value: f, label: SCHOOL_FORM_LABELS[f] }))}
        checked={values.schoolForms}
        error={fieldErrors.schoolForms}
        input={register("schoolForms")}
      />
    </>
  );
}

/** Where the school is: the district whose area it lies in, and how to reach it. */
function SchoolPlaceFields({
  register,
  fieldErrors,
  values,
  districts,
}: FieldsProps & { districts: { id: string; name: string }[] }) {
  return (
    <>
      <SelectField
        label="Stadsdelsförvaltning"
        placeholder="Välj den förvaltning vars område skolan ligger i"
        options={districts.map((d) => ({ value: d.id, label: d.name }))}
        defaultValue={values.districtId}
        error={fieldErrors.districtId}
        {...register("districtId")}
      />
      <Field
        label="Adress (frivilligt)"
        autoComplete="off"
        defaultValue={values.address}
        error={fieldErrors.address}
        {...register("address")}
      />
      <Field
        label="Telefon (frivilligt)"
        type="tel"
        autoComplete="off"
        defaultValue={values.phone}
        error={fieldErrors.phone}
        {...register("phone")}
      />
      <Field
        label="Kommun (frivilligt)"
        autoComplete="off"
        defaultValue={values.municipality}
        error={fieldErrors.municipality}
        {...register("municipality")}
      />
    </>
  );
}
