import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { countChildren } from "~/modules/children/child-form.server";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { pageRangeText } from "~/modules/organisations/labels";
import { pageSchools } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "caseworker");
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  // One page of the district's schools, as on the managers' start page: a district has hundreds.
  const [schools, childCount] = await Promise.all([
    pageSchools(actor, { page }),
    countChildren(actor),
  ]);
  return {
    name: actor.user.name,
    districtName: actor.membership.organisationName,
    schools,
    childCount,
  };
}

export default function CaseworkerStart() {
  const { name, districtName, schools, childCount } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">Handläggare, {districtName}</p>
      <h1>Välkommen, {name}</h1>
      <section className="card" aria-labelledby="mina-barn">
        <h2 id="mina-barn">Mina barn</h2>
        <p>
          {childCount === 0
            ? "Du har inga barn registrerade ännu."
            : `Du följer ${childCount} barn.`}
        </p>
        <div className="actions">
          <Link to="/barn">Visa mina barn</Link>
          <Link to="/barn/nytt">Lägg till barn</Link>
        </div>
      </section>
      <p className="lead">Skolorna i stadsdelens område, som du samverkar med.</p>
      <SchoolTable
        schools={schools.schools}
        caption={`Skolor i området för ${districtName}` + pageRangeText(schools)}
      />
      <Pager page={schools.page} pageCount={schools.pageCount} label="Sidor med skolor" />
    </div>
  );
}
