import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { SchoolTable } from "~/modules/organisations/components/SchoolTable";
import { pageRangeText } from "~/modules/organisations/labels";
import { pageSchools } from "~/modules/organisations/organisations.server";
import { inboxSummary } from "~/modules/reports/reports.server";

export const meta: MetaFunction = () => [{ title: "Start – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "intakeOfficer");
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  // One page of the district's schools, as on the managers' start page: a district has hundreds.
  const [schools, summary] = await Promise.all([pageSchools(actor, { page }), inboxSummary(actor)]);
  return {
    name: actor.user.name,
    districtName: actor.membership.organisationName,
    schools,
    summary,
  };
}

export default function IntakeStart() {
  const { name, districtName, schools, summary } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">Mottagningen, {districtName}</p>
      <h1>Välkommen, {name}</h1>
      <p className="lead">
        Mottagningen tar emot orosanmälningar från skolorna i stadsdelens område.
      </p>
      <section className="card" aria-labelledby="inkorgen">
        <h2 id="inkorgen">Orosanmälningar</h2>
        <ul className="plain-list">
          <li>{summary.open} öppna</li>
          <li>{summary.unacknowledged} väntar på bekräftelse</li>
          <li>{summary.feedbackRequested} med begärd återkoppling</li>
          <li>
            {summary.overdue > 0 ? (
              <strong className="overdue">{summary.overdue} försenade</strong>
            ) : (
              "Inga försenade"
            )}
          </li>
        </ul>
        <p>
          <Link to="/mottagning/anmalningar" className="button">
            Öppna inkorgen
          </Link>
        </p>
      </section>
      <SchoolTable
        schools={schools.schools}
        caption={`Skolor som anmäler till ${districtName}` + pageRangeText(schools)}
      />
      <Pager page={schools.page} pageCount={schools.pageCount} label="Sidor med skolor" />
    </div>
  );
}
