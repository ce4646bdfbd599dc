import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MANAGER_ROLES } from "~/auth/roles";
import { requireMembership } from "~/auth/session.server";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { listSchools } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...MANAGER_ROLES);
  const schools = await listSchools(actor);
  return {
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
