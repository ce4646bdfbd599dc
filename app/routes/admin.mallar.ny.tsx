import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { EMPTY_TEMPLATE, TemplateForm } from "~/modules/agreements/components/TemplateForm";
import { createTemplateFromForm } from "~/modules/agreements/template-form.server";

export const meta: MetaFunction = () => [{ title: "Ny mall – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireMembership(request, "admin");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const form = await readForm(request);
  const result = await createTemplateFromForm(actor, form);
  if (result.ok) return redirect(`/admin/mallar/${result.id}?klart=ny`);
  return result;
}

export default function NewTemplate() {
  const failure = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to="/admin/mallar">Alla mallar</Link>
      </p>
      <h1>Ny mall</h1>
      <p className="lead">
        Mallen är den text förvaltningarna börjar från när de gör en samverkansöverenskommelse med
        skolorna. De kan anpassa texten i varje överenskommelse innan den skickas för underskrift.
      </p>
      <section className="card" aria-label="Mallens text">
        <TemplateForm
          values={failure?.values ?? EMPTY_TEMPLATE}
          serverErrors={failure?.fieldErrors}
          formError={failure?.formError}
          submitLabel="Spara mallen"
        />
      </section>
    </div>
  );
}
