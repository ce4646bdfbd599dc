import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { DistrictTable } from "~/modules/organisations/components/DistrictTable";
import { notFound } from "~/lib/not-found.server";
import { listDistrictsForAdmin } from "~/modules/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "Förvaltningar – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const districts = await listDistrictsForAdmin(actor);
  if (!districts) throw notFound();
  return districts;
}

export default function AdminDistricts() {
  const { active, deactivated } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Förvaltningar</h1>
      <p className="lead">
        Socialtjänstens stadsdelsförvaltningar: hur skolorna når mottagningen och socialjouren, och
        hur många skolor som ligger i varje förvaltnings område.
      </p>
      <p className="actions">
        <Link to="/admin/forvaltningar/ny" className="button">
          Ny förvaltning
        </Link>
      </p>
      {active.length === 0 ? (
        <p>Det finns inga aktiva förvaltningar ännu.</p>
      ) : (
        <DistrictTable districts={active} caption={`Aktiva förvaltningar (${active.length})`} />
      )}
      <h2>Avaktiverade</h2>
      {deactivated.length === 0 ? (
        <p>Inga förvaltningar är avaktiverade.</p>
      ) : (
        <DistrictTable
          districts={deactivated}
          caption={`Avaktiverade förvaltningar (${deactivated.length})`}
        />
      )}
    </div>
  );
}
