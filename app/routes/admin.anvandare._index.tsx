import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { LeftNotice } from "~/modules/people/components/LeftNotice";
import { StaffTable } from "~/modules/organisations/components/StaffTable";
import { pageStaff } from "~/modules/organisations/organisations.server";
import { pageRangeText } from "~/modules/organisations/labels";
import { Pager } from "~/components/ui/Pager";
import { InviteForm } from "~/modules/people/components/InviteForm";
import { inviteFromForm } from "~/modules/people/invite-form.server";
import { invitableOrganisations, listDeactivatedUsers } from "~/modules/people/people.server";
import { formatDateTime } from "~/lib/dates";

export const meta: MetaFunction = () => [{ title: "Användare – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const params = new URL(request.url).searchParams;
  const schoolSearch = (params.get("skola") ?? "").trim();
  // Each list bounded: a page of users, the latest deactivated, some of the schools to invite to.
  const [invitable, staff, deactivated] = await Promise.all([
    invitableOrganisations(actor, { schoolSearch }),
    pageStaff(actor, { page: Number(params.get("sida") ?? 1) }),
    listDeactivatedUsers(actor),
  ]);
  const shownSchools = invitable.organisations.filter((o) => o.kind === "school").length;
  return {
    organisations: invitable.organisations,
    // The search only when the form cannot offer every school (or a search is under way).
    schoolSearch:
      schoolSearch || invitable.schoolsMatching > shownSchools
        ? { q: schoolSearch, shown: shownSchools, matching: invitable.schoolsMatching }
        : undefined,
    staff,
    deactivated,
    deactivatedTotal: Number(deactivated[0]?.total ?? 0),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const form = await readForm(request);
  return inviteFromForm(actor, form);
}

export default function AdminUsers() {
  const { staff, organisations, schoolSearch, deactivated, deactivatedTotal } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page">
      <h1>Användare</h1>
      <p className="lead">Alla aktiva användare och deras roller, organisation för organisation.</p>
      <LeftNotice />
      <StaffTable
        personPath="/admin/anvandare"
        staff={staff.staff}
        caption={`Användare i portalen${pageRangeText(staff)}`}
        showOrganisation
      />
      <Pager page={staff.page} pageCount={staff.pageCount} label="Sidor med användare" />
      <InviteForm
        organisations={organisations}
        actionData={actionData}
        schoolSearch={schoolSearch}
      />
      <section aria-labelledby="avaktiverade">
        <h2 id="avaktiverade">Avaktiverade konton</h2>
        {deactivatedTotal > deactivated.length ? (
          <p>
            {deactivatedTotal} konton är avaktiverade. Här är de {deactivated.length} som
            avaktiverades senast.
          </p>
        ) : null}
        {deactivated.length === 0 ? (
          <p>Inga konton är avaktiverade.</p>
        ) : (
          <ul className="plain-list">
            {deactivated.map((user) => (
              <li key={user.id}>
                <Link to={`/admin/anvandare/${user.id}`}>{user.name}</Link>{" "}
                <span className="muted">
                  ({user.email}) – avaktiverat {formatDateTime(user.deactivatedAt!)}
                  {user.deactivatedByName ? ` av ${user.deactivatedByName}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
