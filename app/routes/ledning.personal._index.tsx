import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { LeftNotice } from "~/modules/people/components/LeftNotice";
import { StaffTable } from "~/modules/organisations/components/StaffTable";
import { pageStaff } from "~/modules/organisations/organisations.server";
import { pageRangeText } from "~/modules/organisations/labels";
import { Pager } from "~/components/ui/Pager";
import { InviteForm } from "~/modules/people/components/InviteForm";
import { inviteFromForm } from "~/modules/people/invite-form.server";
import { listInvitableOrganisations } from "~/modules/people/people.server";

export const meta: MetaFunction = () => [{ title: "Personal – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  return {
    organisations: await listInvitableOrganisations(actor),
    staff: await pageStaff(actor, {
      page: Number(new URL(request.url).searchParams.get("sida") ?? 1),
    }),
    districtName: actor.membership.organisationName,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "districtManager");
  const form = await readForm(request);
  return inviteFromForm(actor, form);
}

export default function DistrictStaff() {
  const { staff, districtName, organisations } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page">
      <h1>Personal</h1>
      <p className="lead">De som använder portalen för {districtName}.</p>
      <LeftNotice />
      <StaffTable
        personPath="/ledning/personal"
        staff={staff.staff}
        caption={`Användare i ${districtName}${pageRangeText(staff)}`}
      />
      <Pager page={staff.page} pageCount={staff.pageCount} label="Sidor med användare" />
      <InviteForm organisations={organisations} actionData={actionData} />
    </div>
  );
}
