import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { formResponse, readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { notFound, orNotFound, requireId } from "~/lib/not-found.server";
import { ManagePerson } from "~/modules/people/components/ManagePerson";
import { manageFromForm } from "~/modules/people/manage-form.server";
import { getManagedPerson } from "~/modules/people/people.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Person"} – Samverkansportalen` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const person = await getManagedPerson(actor, requireId(params.userId));
  if (!person) throw notFound();
  return { person };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const userId = requireId(params.userId);
  const form = await readForm(request);
  return formResponse(
    await orNotFound(() => manageFromForm(actor, userId, form, "/ledning/personal")),
  );
}

export default function DistrictPerson() {
  const { person } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <ManagePerson
      person={person}
      actionData={actionData}
      backTo="/ledning/personal"
      backLabel="Tillbaka till personalen"
    />
  );
}
