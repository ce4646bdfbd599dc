import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { StaffTable } from "~/modules/organisations/components/StaffTable";
import { listStaff } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Personal – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  return { staff: await listStaff(actor), districtName: actor.membership.organisationName };
}

export default function DistrictStaff() {
  const { staff, districtName } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Personal</h1>
      <p className="lead">De som använder portalen för {districtName}.</p>
      <StaffTable staff={staff} caption={`Användare i ${districtName}`} />
    </div>
  );
}
