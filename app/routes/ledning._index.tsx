import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireMembership } from "~/auth/session.server";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { listSchools } from "~/modules/organisations/organisations.server";
import { agreementOverview, listToSign } from "~/modules/agreements/agreements.server";
import { ToSignList } from "~/modules/agreements/components/ToSignList";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...MANAGER_ROLES);
  const [schools, toSign, overview] = await Promise.all([
    listSchools(actor),
    listToSign(actor),
    agreementOverview(actor),
  ]);
  return {
    toSign,
    agreements: {
      schools: overview.length,
      active: overview.filter((r) => r.status === "active" || r.status === "revisionDue").length,
      revisionDue: overview.filter((r) => r.status === "revisionDue").length,
    },
    name: actor.user.name,
    organisationName: actor.membership.organisationName,
    isEducation: actor.membership.role === "educationManager",
    schools,
    municipal: schools.filter((s) => s.operatorType === "municipal").length,
    independent: schools.filter((s) => s.operatorType === "independent").length,
  };
}

export default function ManagerStart() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">{data.organisationName}</p>
      <h1>Välkommen, {data.name}</h1>
      <ToSignList items={data.toSign} />
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
          {data.municipal} skolor.
        </p>
      ) : (
        <p className="lead">
          Stadsdelens område har {data.schools.length} skolor: {data.municipal} kommunala och{" "}
          {data.independent} fristående.
        </p>
      )}
      <SchoolTable
        schools={data.schools}
        caption={
          data.isEducation ? "Kommunala skolor" : `Skolor i området för ${data.organisationName}`
        }
        showDistrict={data.isEducation}
      />
    </div>
  );
}
