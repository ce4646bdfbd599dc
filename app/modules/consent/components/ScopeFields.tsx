/**
 * What a consent or legal basis covers: the areas (categories), the school, and for a consent its
 * period. Shared by the paper/oral consent form, the consent-link form and the legal-basis form.
 */
import type { FieldValues, Path, UseFormRegister } from "react-hook-form";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import type { FieldErrors } from "~/lib/form";
import { DISCLOSURE_CATEGORIES, DISCLOSURE_CATEGORY_LABELS } from "../policy";

const CATEGORY_OPTIONS = DISCLOSURE_CATEGORIES.map((c) => ({
  value: c,
  label:
    DISCLOSURE_CATEGORY_LABELS[c].charAt(0).toUpperCase() + DISCLOSURE_CATEGORY_LABELS[c].slice(1),
}));

export function ScopeFields<T extends FieldValues>({
  register,
  errors,
  schools,
  checkedCategories,
  withPeriod = true,
  categoriesLegend = "Vilka uppgifter samtycket gäller",
}: {
  register: UseFormRegister<T>;
  errors: FieldErrors;
  schools: { id: string; name: string }[];
  checkedCategories: readonly string[];
  withPeriod?: boolean;
  categoriesLegend?: string;
}) {
  const name = (n: string) => n as Path<T>;
  return (
    <>
      <ChoiceGroup
        type="checkbox"
        legend={categoriesLegend}
        hint="Välj bara det som behövs. Områdena följer skolkortet."
        error={errors.categories}
        options={CATEGORY_OPTIONS}
        checked={checkedCategories}
        input={register(name("categories"))}
      />
      <SelectField
        label="Skola"
        hint="Uppgifterna får bara gå mellan stadsdelsförvaltningen och den här skolan."
        options={schools.map((s) => ({ value: s.id, label: s.name }))}
        placeholder="Välj skola"
        error={errors.schoolId}
        {...register(name("schoolId"))}
      />
      {withPeriod ? (
        <div className="field-row">
          <Field
            label="Gäller från och med"
            type="date"
            error={errors.validFrom}
            {...register(name("validFrom"))}
          />
          <Field
            label="Gäller till och med"
            type="date"
            hint="Förvalt: läsårets slut."
            error={errors.validTo}
            {...register(name("validTo"))}
          />
        </div>
      ) : null}
    </>
  );
}
