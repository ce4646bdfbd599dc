import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { listAgreements, listToSign } from "~/modules/agreements/agreements.server";
import { AgreementStatusBadge } from "~/modules/agreements/components/AgreementStatusBadge";
import { ToSignList } from "~/modules/agreements/components/ToSignList";
import { formatCalendarDate } from "~/lib/dates";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [
  { title: "Samverkansöverenskommelser – Samverkansportalen" },
];

/** Everyone who takes part in agreements: school staff, managers and administrators. */
const ROLES = [
  "principal",
  "mentor",
  "studentHealth",
  "districtManager",
  "educationManager",
  "admin",
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...ROLES);
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  // One page of the agreements: the education manager's are every school's in the municipality.
  const [list, toSign] = await Promise.all([listAgreements(actor, { page }), listToSign(actor)]);
  const role = actor.membership.role;
  const { agreements, ...paging } = list;
  return {
    paging,
    agreements: agreements.map((a) => ({
      ...a,
      reviewDateText: a.reviewDate ? formatCalendarDate(a.reviewDate) : null,
    })),
    toSign,
    organisationName: actor.membership.organisationName,
    mayCreate: role === "districtManager",
    seesOverview: role === "districtManager" || role === "educationManager" || role === "admin",
  };
}

export default function Agreements() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="page">
      <p className="eyebrow">{data.organisationName}</p>
      <h1>Samverkansöverenskommelser</h1>
      <p className="lead">
        Överenskommelserna mellan socialtjänsten och skolorna: vad parterna har kommit överens om,
        vem som har skrivit under och när de ska revideras.
      </p>
      {params.get("borttagen") === "1" ? (
        <p className="notice" role="status">
          Utkastet är borttaget.
        </p>
      ) : null}
      <div className="actions">
        {data.mayCreate ? (
          <Link className="button" to="/overenskommelser/ny">
            Ny överenskommelse
          </Link>
        ) : null}
        {data.seesOverview ? (
          <Link className="button button--secondary" to="/overenskommelser/oversikt">
            Översikt per skola
          </Link>
        ) : null}
        <Link className="button button--outline" to="/verifiera">
          Kontrollera en underskriven PDF
        </Link>
      </div>
      <ToSignList list={data.toSign} />
      {data.agreements.length === 0 ? (
        <p>Det finns inga överenskommelser att visa.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Överenskommelser" tabIndex={0}>
          <table>
            <caption>
              Överenskommelser
              {data.paging.pageCount > 1
                ? `, ${(data.paging.page - 1) * data.paging.pageSize + 1}–${
                    (data.paging.page - 1) * data.paging.pageSize + data.agreements.length
                  } av ${formatCount(data.paging.total)}, de senaste först`
                : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Överenskommelse</th>
                <th scope="col">Skolor</th>
                <th scope="col">Status</th>
                <th scope="col">Aktiv version</th>
                <th scope="col">Revideras senast</th>
              </tr>
            </thead>
            <tbody>
              {data.agreements.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link to={`/overenskommelser/${a.id}`}>{a.title}</Link>
                    <br />
                    <span className="muted">{a.districtName}</span>
                  </th>
                  <td>{a.schoolNames.join(", ")}</td>
                  <td>
                    <AgreementStatusBadge status={a.status} />
                  </td>
                  <td>{a.activeVersion ? `Version ${a.activeVersion}` : "–"}</td>
                  <td>{a.reviewDateText ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        page={data.paging.page}
        pageCount={data.paging.pageCount}
        label="Sidor med överenskommelser"
      />
    </div>
  );
}
