import { Form } from "@remix-run/react";
import { useEffect } from "react";
import { useWatch } from "react-hook-form";
import { ROLE_LABELS } from "~/auth/roles";
import { useValidatedForm } from "~/components/ui/use-validated-form";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import type { Role } from "~db/schema";
import type { InviteActionData } from "../invite-form.server";
import { inviteSchema, type InviteInput } from "../schema";

const RESULT_TEXT = {
  invited: "Inbjudan är skickad. Länken gäller i 7 dagar.",
  added: "Personen hade redan ett konto och har fått den nya rollen.",
  alreadyMember: "Personen har redan den rollen i organisationen.",
};

/**
 * Invite a person: name, e-mail, role (and organisation, for administrators). With
 * `schoolSearch`, the list of organisations offers only some of the schools, and a search (a
 * GET form of its own, `?skola=`) finds the others.
 */
export function InviteForm({
  organisations,
  actionData,
  schoolSearch,
}: {
  organisations: { id: string; name: string; roles: Role[] }[];
  actionData: InviteActionData | undefined;
  schoolSearch?: { q: string; shown: number; matching: number };
}) {
  const single = organisations.length === 1 ? organisations[0]! : null;
  const { register, control, reset, fieldErrors, summary, summaryFocus, onSubmit, submitting } =
    useValidatedForm<InviteInput>({
      schema: inviteSchema,
      serverErrors: actionData?.fieldErrors,
      defaultValues: {
        name: actionData?.values.name ?? "",
        email: actionData?.values.email ?? "",
        role: (actionData?.values.role as Role) ?? ("" as Role),
        organisationId: actionData?.values.organisationId ?? single?.id ?? "",
      },
    });
  useEffect(() => {
    if (actionData?.result)
      reset({ name: "", email: "", role: "" as Role, organisationId: single?.id ?? "" });
  }, [actionData, reset, single?.id]);
  const chosenId = useWatch({ control, name: "organisationId" });
  const chosen = organisations.find((o) => o.id === chosenId) ?? single;
  const roles = chosen?.roles ?? [];
  return (
    <section className="card" aria-labelledby="bjud-in">
      <h2 id="bjud-in">Bjud in en person</h2>
      {actionData?.result ? (
        <p className="notice" role="status">
          {RESULT_TEXT[actionData.result.kind]}
        </p>
      ) : null}
      {schoolSearch ? <SchoolSearch {...schoolSearch} /> : null}
      <ErrorSummary errors={summary} focusOn={summaryFocus} />
      <Form method="post" noValidate className="form" onSubmit={onSubmit}>
        <input type="hidden" name="intent" value="invite" />
        <Field
          label="Namn"
          autoComplete="off"
          defaultValue={actionData?.values.name}
          error={fieldErrors.name}
          {...register("name")}
        />
        <Field
          label="E-postadress"
          type="email"
          autoComplete="off"
          spellCheck={false}
          defaultValue={actionData?.values.email}
          error={fieldErrors.email}
          {...register("email")}
        />
        {single ? (
          <input type="hidden" {...register("organisationId")} value={single.id} />
        ) : (
          <SelectField
            label="Organisation"
            placeholder="Välj organisation"
            options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            defaultValue={actionData?.values.organisationId}
            error={fieldErrors.organisationId}
            {...register("organisationId")}
          />
        )}
        <SelectField
          label="Roll"
          placeholder="Välj roll"
          options={roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          defaultValue={actionData?.values.role}
          error={fieldErrors.role}
          {...register("role")}
        />
        <button type="submit" className="button" disabled={submitting}>
          Skicka inbjudan
        </button>
      </Form>
    </section>
  );
}

/** Narrows the schools the form offers, when there are more than it lists at a time. */
function SchoolSearch({ q, shown, matching }: { q: string; shown: number; matching: number }) {
  const note =
    matching > shown
      ? `Listan Organisation visar ${shown} av ${matching} skolor${q ? " som matchar sökningen" : ""}. Sök för att hitta en annan.`
      : q
        ? `${matching} skolor matchar sökningen.`
        : null;
  return (
    <Form method="get" className="form filters" aria-label="Sök skola att bjuda in till">
      <Field
        label="Sök skola"
        hint="Namn eller skolenhetskod"
        name="skola"
        id="sok-skola"
        defaultValue={q}
      />
      <div className="actions">
        <button type="submit" className="button button--secondary">
          Sök
        </button>
      </div>
      {note ? <p className="muted">{note}</p> : null}
    </Form>
  );
}
