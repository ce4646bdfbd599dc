import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { SchoolForm } from "~/modules/organisations/components/SchoolForm";
import { saveSchoolFromForm } from "~/modules/organisations/organisation-forms.server";
import { notFound } from "~/lib/not-found.server";
import { listActiveDistricts } from "~/modules/organisations/organisations.server";
import { EMPTY_SCHOOL } from "~/modules/organisations/schema";

export const meta: MetaFunction = () => [{ title: "Ny skola – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const districts = await listActiveDistricts(actor);
  if (!districts) throw notFound();
  return { districts };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const result = await saveSchoolFromForm(actor, await readForm(request), null);
  if (result.ok) return redirect(`/admin/skolor/${result.id}?klart=ny`);
  return result;
}

export default function NewSchool() {
  const { districts } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <div className="page">
      <p>
        <Link to="/admin/skolor">Alla skolor</Link>
      </p>
      <h1>Ny skola</h1>
      <p className="lead">
        Uppgifterna finns i Skolverkets skolenhetsregister. Många skolor på en gång läggs enklast in
        med <Link to="/admin/skolor/import">import från Skolverket</Link>.
      </p>
      <section className="card" aria-label="Skolans uppgifter">
        <SchoolForm
          values={failure?.values ?? EMPTY_SCHOOL}
          districts={districts}
          serverErrors={failure?.fieldErrors}
          formError={failure?.formError}
          submitLabel="Lägg till skolan"
        />
      </section>
    </div>
  );
}
