import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { listSchools } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "intakeOfficer");
  return {
    name: actor.user.name,
    districtName: actor.membership.organisationName,
    schools: await listSchools(actor),
  };
}

export default function IntakeStart() {
  const { name, districtName, schools } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">Mottagningen, {districtName}</p>
      <h1>Välkommen, {name}</h1>
      <p className="lead">
        Mottagningen tar emot orosanmälningar från skolorna i stadsdelens område.
      </p>
      <SchoolTable schools={schools} caption={`Skolor som anmäler till ${districtName}`} />
    </div>
  );
}
