import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { AdminSchoolTable } from "~/modules/organisations/components/AdminSchoolTable";
import { notFound } from "~/lib/not-found.server";
import { pageRangeText } from "~/modules/organisations/labels";
import { listSchoolsForAdmin } from "~/modules/organisations/organisations.server";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Skolor – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  const schools = await listSchoolsForAdmin(actor, { page });
  if (!schools) throw notFound();
  return schools;
}

export default function AdminSchools() {
  const lists = useLoaderData<typeof loader>();
  const { active, deactivated, deactivatedTotal } = lists;
  return (
    <div className="page">
      <h1>Skolor</h1>
      <p className="lead">
        Kommunens skolenheter, kommunala och fristående, och den stadsdelsförvaltning vars område
        var och en ligger i.
      </p>
      <p className="actions">
        <Link to="/admin/skolor/ny" className="button">
          Ny skola
        </Link>
        <Link to="/admin/skolor/import" className="button button--outline">
          Importera från Skolverket
        </Link>
      </p>
      {active.length === 0 ? (
        <p>Det finns inga aktiva skolor ännu.</p>
      ) : (
        <AdminSchoolTable
          schools={active}
          caption={`Aktiva skolor (${formatCount(lists.total)})${pageRangeText(lists)}`}
        />
      )}
      <Pager page={lists.page} pageCount={lists.pageCount} label="Sidor med aktiva skolor" />
      <h2>Avaktiverade</h2>
      {deactivated.length === 0 ? (
        <p>Inga skolor är avaktiverade.</p>
      ) : (
        <>
          {deactivatedTotal > deactivated.length ? (
            <p>
              {deactivatedTotal} skolor är avaktiverade. Här är de {deactivated.length} som
              avaktiverades senast.
            </p>
          ) : null}
          <AdminSchoolTable
            schools={deactivated}
            caption={`Avaktiverade skolor (${deactivatedTotal})`}
          />
        </>
      )}
    </div>
  );
}
