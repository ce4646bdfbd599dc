/**
 * The child form, for adding a child and for changing one: checked in the browser with the
 * action's own schema (childSchema); the server's answers (a duplicate identity number, a school
 * that is gone, a record changed meanwhile) show in the same summary and beside the field, with
 * everything typed kept.
 */
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { UseFormRegister } from "react-hook-form";
import type * as z from "zod/mini";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import type { FieldErrors } from "~/lib/form";
import { PLACEMENT_TYPES } from "~db/schema";
import { PLACEMENT_TYPE_LABELS } from "../policy";
import {
  childSchema,
  type ChildFormValues,
  type DuplicateChild,
  type SchoolChoice,
} from "../schema";

export type ChildInput = z.input<typeof childSchema>;

export const EMPTY_CHILD: ChildFormValues = {
  firstName: "",
  lastName: "",
  personalIdentityNumber: "",
  schoolId: "",
  placementType: "none",
  guardians: "",
  soleCustodian: false,
  protectedIdentity: false,
};

export function ChildForm({
  values,
  schools,
  serverErrors,
  formError,
  duplicate,
  submitLabel,
  cancelTo,
  children,
}: {
  values: ChildFormValues;
  schools: SchoolChoice[];
  serverErrors?: FieldErrors;
  formError?: string | null;
  duplicate?: DuplicateChild | null;
  submitLabel: string;
  cancelTo: string;
  /** Hidden inputs the action needs besides the fields (intent, version). */
  children?: ReactNode;
}) {
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<ChildInput>({
      schema: childSchema,
      defaultValues: values as Partial<ChildInput>,
      serverErrors,
      formError,
    });
  return (
    <Form method="post" noValidate className="form" onSubmit={onSubmit}>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      {children}
      <IdentityFields
        values={values}
        register={register}
        fieldErrors={fieldErrors}
        duplicate={duplicate}
      />
      <SchoolAndCustodyFields
        values={values}
        schools={schools}
        register={register}
        fieldErrors={fieldErrors}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={submitting}>
          {submitLabel}
        </button>
        <Link to={cancelTo}>Avbryt</Link>
      </div>
    </Form>
  );
}

/** What the form's parts work with: the values they start from, and the one form's register and
 * errors. */
type PartProps = {
  values: ChildFormValues;
  register: UseFormRegister<ChildInput>;
  fieldErrors: FieldErrors;
};

/** Who the child is; beside the identity number, a way to a child already in the portal. */
function IdentityFields({
  values,
  register,
  fieldErrors,
  duplicate,
}: PartProps & { duplicate?: DuplicateChild | null }) {
  return (
    <>
      <Field
        label="Förnamn"
        autoComplete="off"
        defaultValue={values.firstName}
        error={fieldErrors.firstName}
        {...register("firstName")}
      />
      <Field
        label="Efternamn"
        autoComplete="off"
        defaultValue={values.lastName}
        error={fieldErrors.lastName}
        {...register("lastName")}
      />
      <div>
        <Field
          label="Personnummer"
          hint="ÅÅÅÅMMDD-NNNN. Samordningsnummer går också bra."
          autoComplete="off"
          inputMode="numeric"
          spellCheck={false}
          className="input--short"
          defaultValue={values.personalIdentityNumber}
          error={fieldErrors.personalIdentityNumber}
          {...register("personalIdentityNumber")}
        />
        {duplicate && fieldErrors.personalIdentityNumber ? (
          <p className="field__hint">
            {duplicate.existingChildId ? (
              <Link className="field__link" to={`/barn/${duplicate.existingChildId}`}>
                Öppna barnet som redan finns
              </Link>
            ) : (
              "Du kan inte öppna den uppgiften. Kontakta din enhetschef om du behöver arbeta med barnet."
            )}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** The child's school and placement, and the custody that decides whose consent is needed. */
function SchoolAndCustodyFields({
  values,
  schools,
  register,
  fieldErrors,
}: PartProps & { schools: SchoolChoice[] }) {
  return (
    <>
      <SelectField
        label="Skola"
        hint="Skolorna i ditt område står först. Välj ingen skola om barnet inte går i någon skola i portalen."
        placeholder="Ingen skola i portalen"
        options={schools.map((s) => ({ value: s.id, label: `${s.name} (${s.districtName})` }))}
        defaultValue={values.schoolId}
        error={fieldErrors.schoolId}
        {...register("schoolId")}
      />
      <SelectField
        label="Placeringsform"
        hint="Visas aldrig för skolan."
        options={PLACEMENT_TYPES.map((t) => ({ value: t, label: PLACEMENT_TYPE_LABELS[t] }))}
        defaultValue={values.placementType}
        error={fieldErrors.placementType}
        {...register("placementType")}
      />
      <ChoiceGroup
        type="radio"
        legend="Antal vårdnadshavare"
        options={[
          { value: "1", label: "En" },
          { value: "2", label: "Två" },
        ]}
        checked={[values.guardians]}
        error={fieldErrors.guardians}
        input={register("guardians")}
      />
      <ChoiceGroup
        type="checkbox"
        legend="Ensam vårdnad"
        hint="Har vårdnadshavare 1 ensam vårdnad räcker den vårdnadshavarens samtycke."
        options={[{ value: "on", label: "Vårdnadshavare 1 har ensam vårdnad" }]}
        checked={values.soleCustodian ? ["on"] : []}
        error={fieldErrors.soleCustodian}
        input={register("soleCustodian")}
      />
      <ChoiceGroup
        type="checkbox"
        legend="Skyddade personuppgifter"
        hint="Markera om barnet har skyddade personuppgifter (sekretessmarkering, skyddad folkbokföring eller fingerade personuppgifter). Då kan bara barnets handläggare och enhetschefen öppna uppgifterna, varje läsning loggas, och ingenting som kan avslöja var barnet bor visas för skolan."
        options={[{ value: "on", label: "Barnet har skyddade personuppgifter" }]}
        checked={values.protectedIdentity ? ["on"] : []}
        error={fieldErrors.protectedIdentity}
        input={register("protectedIdentity")}
      />
    </>
  );
}
