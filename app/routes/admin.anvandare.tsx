import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { StaffTable } from "~/modules/organisations/components/StaffTable";
import { listStaff } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Användare – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  return { staff: await listStaff(actor) };
}

export default function AdminUsers() {
  const { staff } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Användare</h1>
      <p className="lead">Alla aktiva användare och deras roller, organisation för organisation.</p>
      <StaffTable staff={staff} caption="Användare i portalen" showOrganisation />
    </div>
  );
}
