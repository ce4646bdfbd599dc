import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { DistrictForm } from "~/modules/organisations/components/DistrictForm";
import { saveDistrictFromForm } from "~/modules/organisations/organisation-forms.server";
import { EMPTY_DISTRICT } from "~/modules/organisations/schema";

export const meta: MetaFunction = () => [{ title: "Ny förvaltning – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireMembership(request, "admin");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const result = await saveDistrictFromForm(actor, await readForm(request), null);
  if (result.ok) return redirect(`/admin/forvaltningar/${result.id}?klart=ny`);
  return result;
}

export default function NewDistrict() {
  const failure = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to="/admin/forvaltningar">Alla förvaltningar</Link>
      </p>
      <h1>Ny förvaltning</h1>
      <p className="lead">
        En stadsdelsförvaltning i socialtjänsten. Skolorna i dess område ser mottagningens och
        socialjourens nummer.
      </p>
      <section className="card" aria-label="Förvaltningens uppgifter">
        <DistrictForm
          values={failure?.values ?? EMPTY_DISTRICT}
          serverErrors={failure?.fieldErrors}
          formError={failure?.formError}
          submitLabel="Lägg till förvaltningen"
        />
      </section>
    </div>
  );
}
