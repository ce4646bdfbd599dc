import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { listSchools } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "caseworker");
  return {
    name: actor.user.name,
    districtName: actor.membership.organisationName,
    schools: await listSchools(actor),
  };
}

export default function CaseworkerStart() {
  const { name, districtName, schools } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">Handläggare, {districtName}</p>
      <h1>Välkommen, {name}</h1>
      <p className="lead">Skolorna i stadsdelens område, som du samverkar med.</p>
      <SchoolTable schools={schools} caption={`Skolor i området för ${districtName}`} />
    </div>
  );
}
