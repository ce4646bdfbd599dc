import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ManagePersonPage } from "~/modules/people/components/ManagePerson";
import { personPageAction, personPageLoader } from "~/modules/people/manage-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Person"} – Samverkansportalen` },
];

export const loader = (args: LoaderFunctionArgs) => personPageLoader(args, "districtManager");

export const action = (args: ActionFunctionArgs) =>
  personPageAction(args, "districtManager", "/ledning/personal");

export default function DistrictPerson() {
  return <ManagePersonPage backTo="/ledning/personal" backLabel="Tillbaka till personalen" />;
}
