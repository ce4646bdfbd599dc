import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import type { UseFormRegister } from "react-hook-form";
import type * as z from "zod/mini";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { formatDateTime } from "~/lib/dates";
import { fieldErrorsFrom } from "~/lib/form";
import {
  createAgreement,
  listDistrictSchools,
  listTemplates,
} from "~/modules/agreements/agreements.server";
import { newAgreementSchema, nestedFormValues } from "~/modules/agreements/schema";
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";

export const meta: MetaFunction = () => [
  { title: "Ny samverkansöverenskommelse – Samverkansportalen" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const [templates, schools] = await Promise.all([
    listTemplates(actor),
    listDistrictSchools(actor),
  ]);
  return { templates, schools, districtName: actor.membership.organisationName };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const values = nestedFormValues(await readForm(request), ["schoolIds"]);
  const parsed = newAgreementSchema.safeParse(values);
  if (!parsed.success) {
    return { fieldErrors: fieldErrorsFrom(parsed.error.issues), values };
  }
  const id = await createAgreement(actor, parsed.data);
  return redirect(`/overenskommelser/${id}/redigera`);
}

type NewAgreementInput = z.input<typeof newAgreementSchema>;

export default function NewAgreement() {
  const { templates, schools, districtName } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const typed = actionData?.values as Partial<NewAgreementInput> | undefined;
  const {
    register,
    fieldErrors: errors,
    summary,
    summaryFocus,
    onSubmit,
    submitting,
  } = useValidatedForm<NewAgreementInput>({
    schema: newAgreementSchema,
    defaultValues: {
      templateId: typed?.templateId ?? templates[0]?.templateId ?? "",
      schoolIds: typed?.schoolIds ?? [],
    },
    serverErrors: actionData?.fieldErrors,
  });
  return (
    <div className="page page--narrow">
      <p className="eyebrow">{districtName}</p>
      <h1>Ny samverkansöverenskommelse</h1>
      <p className="lead">
        Välj mall och skolor. Texten kopieras från mallens senaste revision, och du kan anpassa den
        innan du skickar den för underskrift.
      </p>
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" className="form" noValidate onSubmit={onSubmit}>
        <TemplateChoice templates={templates} register={register} error={errors.templateId} />
        {SCHOOL_GROUPS.map((group) => (
          <SchoolGroup
            key={group.type}
            group={group}
            schools={schools.filter((s) => s.operatorType === group.type)}
            register={register}
            error={errors.schoolIds}
          />
        ))}
        <p className="field__hint">
          Rektor för varje skola skriver under, liksom du som enhetschef. När en kommunal skola är
          med skriver även grundskolechefen under.
        </p>
        <div className="actions">
          <button type="submit" className="button" disabled={submitting}>
            Skapa utkast
          </button>
          <Link to="/overenskommelser">Avbryt</Link>
        </div>
      </Form>
    </div>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function TemplateChoice({
  templates,
  register,
  error,
}: {
  templates: Loaded["templates"];
  register: UseFormRegister<NewAgreementInput>;
  error: string | undefined;
}) {
  return (
    <fieldset
      className={error ? "choice-group field--error" : "choice-group"}
      id="falt-templateId"
      aria-describedby={error ? "falt-templateId-fel" : undefined}
    >
      <legend>Mall</legend>
      {error ? (
        <p className="field__error" id="falt-templateId-fel">
          {error}
        </p>
      ) : null}
      {templates.map((t) => (
        <label className="choice-group__item" key={t.templateId}>
          <input type="radio" value={t.templateId} {...register("templateId")} />
          <span>
            {t.title}{" "}
            <span className="muted">
              (revision {t.revisionNumber}, {formatDateTime(t.createdAt)})
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

const SCHOOL_GROUPS = [
  { type: "municipal" as const, label: "Kommunala skolor" },
  { type: "independent" as const, label: "Fristående skolor" },
];

/** One kind of school as checkboxes; the first group carries the list's id and its error. */
function SchoolGroup({
  group,
  schools,
  register,
  error,
}: {
  group: (typeof SCHOOL_GROUPS)[number];
  schools: Loaded["schools"];
  register: UseFormRegister<NewAgreementInput>;
  error: string | undefined;
}) {
  return (
    <fieldset
      className={error ? "choice-group field--error" : "choice-group"}
      id={group.type === "municipal" ? "falt-schoolIds" : undefined}
      aria-describedby={error ? "falt-schoolIds-fel" : undefined}
    >
      <legend>{group.label}</legend>
      {group.type === "municipal" && error ? (
        <p className="field__error" id="falt-schoolIds-fel">
          {error}
        </p>
      ) : null}
      {schools.map((s) => (
        <label className="choice-group__item" key={s.id}>
          <input type="checkbox" value={s.id} {...register("schoolIds")} />
          <span>
            {s.name}{" "}
            <span className="muted">
              ({OPERATOR_TYPE_LABELS[s.operatorType ?? "municipal"].toLowerCase()},{" "}
              {s.schoolUnitCode})
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
