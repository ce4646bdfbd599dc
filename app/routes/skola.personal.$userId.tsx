import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { ManagePersonPage } from "~/modules/people/components/ManagePerson";
import { personPageAction, personPageLoader } from "~/modules/people/manage-form.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Person"} – Samverkansportalen` },
];

export const loader = (args: LoaderFunctionArgs) => personPageLoader(args, "principal");

export const action = (args: ActionFunctionArgs) =>
  personPageAction(args, "principal", "/skola/personal");

export default function SchoolPerson() {
  return <ManagePersonPage backTo="/skola/personal" backLabel="Tillbaka till personalen" />;
}
