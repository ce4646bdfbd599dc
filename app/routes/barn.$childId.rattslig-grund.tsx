/**
 * Records a legal basis instead of consent: a duty for the school to provide information to
 * social services (the portal's list), with the secrecy assessment — why disclosure is allowed
 * here — written by the person recording it, with who and when.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type * as z from "zod/mini";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { fieldErrorsFrom } from "~/lib/form";
import { requireId } from "~/lib/not-found.server";
import { ScopeFields } from "~/modules/consent/components/ScopeFields";
import {
  consentFormContext,
  recordLegalBasis,
  requireChildAccess,
} from "~/modules/consent/consent.server";
import { LEGAL_BASIS_CODES, LEGAL_BASIS_LABELS } from "~/modules/consent/policy";
import { formValues, legalBasisSchema } from "~/modules/consent/schema";

export const meta: MetaFunction = () => [
  { title: "Registrera rättslig grund – Samverkansportalen" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return consentFormContext(actor, requireId(params.childId), {
    requestId: context.requestId as string | undefined,
    purpose: "Registrera rättslig grund",
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  await requireChildAccess(actor, childId);
  const values = formValues(await readForm(request));
  const parsed = legalBasisSchema.safeParse(values);
  if (!parsed.success) return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  const result = await recordLegalBasis(actor, childId, parsed.data, {
    requestId: context.requestId as string | undefined,
  });
  if (result.kind === "invalid") return { fieldErrors: { [result.field]: result.message }, values };
  return redirect(`/barn/${childId}?klart=grund-registrerad#rattslig-grund`);
}

type Input = z.input<typeof legalBasisSchema>;

export default function RecordLegalBasis() {
  const child = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = (actionData?.values ?? {}) as Partial<Record<keyof Input, string>> & {
    categories?: string[];
  };
  const { register, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<Input>({
      schema: legalBasisSchema,
      defaultValues: {
        basisCode: (typed.basisCode as Input["basisCode"]) ?? undefined,
        categories: (typed.categories ?? []) as Input["categories"],
        schoolId: typed.schoolId ?? child.schoolId ?? "",
        secrecyAssessment: typed.secrecyAssessment ?? "",
        validTo: typed.validTo ?? "",
      },
      serverErrors: actionData?.fieldErrors,
    });
  return (
    <div className="page page--narrow">
      <p className="eyebrow">
        <Link to={`/barn/${child.childId}`}>
          {child.firstName} {child.lastName}
        </Link>
      </p>
      <h1>Registrera rättslig grund</h1>
      <p className="lead">
        En rättslig grund gäller bara när skolan lämnar uppgifter till socialtjänsten: skolans
        sekretess viker för en skyldighet att lämna uppgifter (10 kap. 28 § OSL). Åt andra hållet,
        från socialtjänsten till skolan, behövs alltid samtycke.
      </p>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <ChoiceGroup
          type="radio"
          legend="Rättslig grund"
          error={fieldErrors.basisCode}
          options={LEGAL_BASIS_CODES.map((code) => ({
            value: code,
            label: LEGAL_BASIS_LABELS[code],
          }))}
          checked={typed.basisCode ? [typed.basisCode] : []}
          input={register("basisCode")}
        />
        <ScopeFields
          register={register}
          errors={fieldErrors}
          schools={child.schools}
          checkedCategories={typed.categories ?? []}
          withPeriod={false}
          categoriesLegend="Vilka uppgifter grunden gäller"
        />
        <TextAreaField
          label="Sekretessprövning"
          hint="Varför får uppgifterna lämnas här? Ange vilken regel som gäller och hur den är uppfylld i just det här fallet (till exempel att en utredning har inletts och vilket datum). Skriv inga andra uppgifter om barnet än de som behövs."
          rows={6}
          error={fieldErrors.secrecyAssessment}
          {...register("secrecyAssessment")}
        />
        <Field
          label="Gäller till och med (frivilligt)"
          type="date"
          hint="Till exempel när utredningen beräknas vara klar. Lämna tomt om grunden gäller tills du avslutar den."
          error={fieldErrors.validTo}
          {...register("validTo")}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Registrera
          </button>
          <Link to={`/barn/${child.childId}`}>Avbryt</Link>
        </div>
      </Form>
    </div>
  );
}
