import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { pageRangeText } from "~/modules/organisations/labels";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { getOrganisationOverview, pageSchools } from "~/modules/organisations/organisations.server";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Administration – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  const [overview, schools] = await Promise.all([
    getOrganisationOverview(actor),
    pageSchools(actor, { page }),
  ]);
  if (!overview) throw new Response("Ingen behörighet", { status: 403 });
  return { overview, schools };
}

export default function AdminStart() {
  const { overview, schools } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Administration</h1>
      <p className="lead">
        {overview.districts.length} stadsdelsförvaltningar, {formatCount(schools.total)} skolor och{" "}
        {overview.users} aktiva användare.
      </p>
      <p>
        <Link to="/admin/logguttag">Loggutdrag för ett barn</Link>
        <span className="muted"> – vem som har läst eller ändrat uppgifter om barnet</span>
      </p>
      <section aria-labelledby="forvaltningar" className="card">
        <h2 id="forvaltningar">Förvaltningar</h2>
        <ul className="plain-list">
          {overview.districts.map((d) => (
            <li key={d.id}>
              {d.name} <span className="muted">– {d.schools} skolor i området</span>
            </li>
          ))}
          {overview.educationAdmins.map((e) => (
            <li key={e.id}>{e.name}</li>
          ))}
        </ul>
      </section>
      <SchoolTable
        schools={schools.schools}
        caption={`Alla skolor${pageRangeText(schools)}`}
        showDistrict
      />
      <Pager page={schools.page} pageCount={schools.pageCount} label="Sidor med skolor" />
    </div>
  );
}
