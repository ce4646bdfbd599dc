import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { StaffTable } from "~/modules/organisations/components/StaffTable";
import { listStaff } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Personal – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "principal");
  return { staff: await listStaff(actor), schoolName: actor.membership.organisationName };
}

export default function SchoolStaff() {
  const { staff, schoolName } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Personal</h1>
      <p className="lead">De som använder portalen för {schoolName}.</p>
      <StaffTable staff={staff} caption={`Användare på ${schoolName}`} />
    </div>
  );
}
