import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type * as z from "zod/mini";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { nestedFieldErrorsFrom } from "~/lib/form";
import { notFound, requireId } from "~/lib/not-found.server";
import {
  getAgreement,
  listDistrictSchools,
  updateDraft,
} from "~/modules/agreements/agreements.server";
import { PairListEditor } from "~/modules/agreements/components/PairListEditor";
import { SectionsEditor } from "~/modules/agreements/components/SectionsEditor";
import { agreementTextSchema, nestedFormValues } from "~/modules/agreements/schema";
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";

type AgreementInput = z.input<typeof agreementTextSchema>;

export const meta: MetaFunction = () => [{ title: "Redigera utkast – Samverkansportalen" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Any role: someone who may not edit this agreement gets the same 404 as a wrong id.
  const actor = await requireActor(request);
  const agreement = await getAgreement(actor, requireId(params.agreementId));
  const draft = agreement.versions.find((v) => v.status === "draft");
  if (!agreement.canEdit) throw notFound();
  if (!draft) throw redirect(`/overenskommelser/${agreement.id}`);
  const schools = await listDistrictSchools(actor);
  return {
    agreementId: agreement.id,
    districtName: agreement.districtName,
    versionNumber: draft.versionNumber,
    updatedAt: new Date(draft.updatedAt).toISOString(),
    schools,
    values: {
      title: draft.title,
      introduction: draft.introduction,
      sections: draft.sections,
      meetings: draft.meetings,
      contactRoles: draft.contactRoles,
      schoolIds: draft.schools.map((s) => s.id),
    } satisfies AgreementInput,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const agreementId = requireId(params.agreementId);
  const form = await readForm(request);
  const values = nestedFormValues(form, ["schoolIds"]);
  const typed = {
    title: String(values.title ?? ""),
    introduction: String(values.introduction ?? ""),
    sections: Array.isArray(values.sections) ? values.sections : [],
    meetings: Array.isArray(values.meetings) ? values.meetings : [],
    contactRoles: Array.isArray(values.contactRoles) ? values.contactRoles : [],
    schoolIds: Array.isArray(values.schoolIds) ? values.schoolIds : [],
  } as AgreementInput;
  const parsed = agreementTextSchema.safeParse(typed);
  if (!parsed.success) {
    return {
      fieldErrors: nestedFieldErrorsFrom(parsed.error.issues),
      formError: null,
      values: typed,
    };
  }
  const result = await updateDraft(actor, agreementId, {
    ...parsed.data,
    updatedAt: String(values.updatedAt ?? ""),
  });
  if (result.kind === "stale") {
    return {
      fieldErrors: {},
      formError:
        "Någon annan har sparat utkastet sedan du öppnade sidan, så dina ändringar är inte sparade. Din text finns kvar: kopiera det du vill behålla och ladda om sidan.",
      values: typed,
    };
  }
  if (result.kind === "notDraft") throw redirect(`/overenskommelser/${agreementId}`);
  return redirect(`/overenskommelser/${agreementId}?sparad=1`);
}

export default function EditAgreement() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values ?? data.values;
  const { register, control, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<AgreementInput>({
      schema: agreementTextSchema,
      defaultValues: values,
      serverErrors: actionData?.fieldErrors,
      formError: actionData?.formError,
    });
  return (
    <div className="page">
      <p className="eyebrow">{data.districtName}</p>
      <h1>Redigera utkast, version {data.versionNumber}</h1>
      <p className="lead">
        Anpassa texten för era skolor. Ingen part ser utkastet förrän du skickar det för
        underskrift; därefter kan texten inte ändras, bara ersättas av en ny version.
      </p>
      <Form method="post" noValidate className="form" onSubmit={onSubmit}>
        <ErrorSummary errors={summary} focusOn={summaryFocus} />
        <input type="hidden" name="updatedAt" value={data.updatedAt} />
        <Field label="Titel" autoComplete="off" error={fieldErrors.title} {...register("title")} />
        <fieldset className="choice-group" id="falt-schoolIds">
          <legend>Skolor i överenskommelsen</legend>
          {fieldErrors.schoolIds ? (
            <p className="field__error" id="falt-schoolIds-fel">
              {fieldErrors.schoolIds}
            </p>
          ) : null}
          {data.schools.map((s) => (
            <label className="choice-group__item" key={s.id}>
              <input type="checkbox" value={s.id} {...register("schoolIds")} /> {s.name}{" "}
              <span className="muted">
                ({OPERATOR_TYPE_LABELS[s.operatorType ?? "municipal"].toLowerCase()})
              </span>
            </label>
          ))}
        </fieldset>
        <TextAreaField
          label="Inledning"
          hint="Stycken skiljs åt med en tom rad."
          rows={6}
          error={fieldErrors.introduction}
          {...register("introduction")}
        />
        <SectionsEditor control={control} register={register} fieldErrors={fieldErrors} />

        <PairListEditor
          name="meetings"
          legend="Möten"
          hint="Vilka möten parterna har och hur ofta."
          itemLabel="Möte"
          fields={[
            { key: "name", label: "Möte" },
            { key: "frequency", label: "Hur ofta" },
          ]}
          control={control}
          register={register}
          fieldErrors={fieldErrors}
        />
        <PairListEditor
          name="contactRoles"
          legend="Kontaktroller"
          hint="Vem som är kontakt för vad, med roll (inte namn)."
          itemLabel="Kontaktroll"
          fields={[
            { key: "role", label: "Roll" },
            { key: "responsibility", label: "Ansvarar för" },
          ]}
          control={control}
          register={register}
          fieldErrors={fieldErrors}
        />

        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Spara utkastet
          </button>
          <Link to={`/overenskommelser/${data.agreementId}`}>Avbryt</Link>
        </div>
      </Form>
    </div>
  );
}
