import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireMembership } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { pageRangeText } from "~/modules/organisations/labels";
import { pageSchools } from "~/modules/organisations/organisations.server";
import { agreementCounts, listToSign } from "~/modules/agreements/agreements.server";
import { ToSignList } from "~/modules/agreements/components/ToSignList";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...MANAGER_ROLES);
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  // Counted in SQL and one page of schools: the education manager's are thousands.
  const [schools, toSign, agreements] = await Promise.all([
    pageSchools(actor, { page }),
    listToSign(actor),
    agreementCounts(actor),
  ]);
  return {
    toSign,
    agreements,
    name: actor.user.name,
    organisationName: actor.membership.organisationName,
    isEducation: actor.membership.role === "educationManager",
    schools,
  };
}

export default function ManagerStart() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">{data.organisationName}</p>
      <h1>Välkommen, {data.name}</h1>
      <ToSignList list={data.toSign} />
      <section className="card" aria-labelledby="overenskommelser">
        <h2 id="overenskommelser">Samverkansöverenskommelser</h2>
        <p>
          {data.agreements.active} av {data.agreements.schools} skolor
          {data.isEducation ? " i kommunen" : " i området"} har en aktiv överenskommelse
          {data.agreements.revisionDue > 0
            ? `; ${data.agreements.revisionDue} av dem ska revideras`
            : ""}
          .
        </p>
        <Link to="/overenskommelser/oversikt">Översikt per skola</Link>
      </section>
      {data.isEducation ? (
        <p className="lead">
          De kommunala skolorna, som du skriver under samverkansöverenskommelser för:{" "}
          {data.schools.municipal} skolor.
        </p>
      ) : (
        <p className="lead">
          Stadsdelens område har {formatCount(data.schools.total)} skolor: {data.schools.municipal}{" "}
          kommunala och {data.schools.independent} fristående.
        </p>
      )}
      <SchoolTable
        schools={data.schools.schools}
        caption={
          (data.isEducation
            ? "Kommunala skolor"
            : `Skolor i området för ${data.organisationName}`) + pageRangeText(data.schools)
        }
        showDistrict={data.isEducation}
      />
      <Pager page={data.schools.page} pageCount={data.schools.pageCount} label="Sidor med skolor" />
    </div>
  );
}
