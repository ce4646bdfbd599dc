/**
 * The school's reports of concern: the actor's own, and every sent report of the school for the
 * principal (and for student health where the school's routine says so). Drafts only their
 * author's. Newest first, a page at a time (`?sida=`). School staff only; anyone else: 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { formatDateTime } from "~/lib/dates";
import { REPORT_STATUS_LABELS } from "~/modules/reports/policy";
import { listSchoolReports, type SchoolReportListItem } from "~/modules/reports/reports.server";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Orosanmälningar – Samverkansportalen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  const list = await listSchoolReports(
    actor,
    { requestId: context.requestId as string | undefined },
    { page },
  );
  return { ...list, organisationName: actor.membership.organisationName };
}

function statusText(
  report: Pick<
    SchoolReportListItem,
    "status" | "feedbackGiven" | "feedbackWithheld" | "feedbackRequested" | "acknowledged"
  >,
): string {
  if (report.status !== "received") return REPORT_STATUS_LABELS[report.status];
  if (report.feedbackGiven) return "Återkoppling finns";
  if (report.feedbackWithheld) return "Ingen återkoppling lämnas";
  if (report.feedbackRequested && report.acknowledged) return "Bekräftad, återkoppling begärd";
  if (report.acknowledged) return "Bekräftad av socialtjänsten";
  return "Skickad, väntar på bekräftelse";
}

export default function SchoolReports() {
  const {
    items: reports,
    scope,
    total,
    page,
    pageCount,
    organisationName,
  } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="page">
      <p className="eyebrow">{organisationName}</p>
      <h1>Orosanmälningar</h1>
      <p className="lead">
        Anmälningar till socialtjänsten om barn som kan fara illa. De är sekretessbelagda också på
        skolan.{" "}
        {scope === "all" ? "Du ser skolans alla anmälningar" : "Du ser de anmälningar du har gjort"}
        , och återkopplingen ser bara den som anmälde och rektor.
      </p>
      <p className="acute">Vid akut fara – ring 112</p>
      <p className="actions">
        <Link to="/orosanmalan/ny" className="button">
          Gör en orosanmälan
        </Link>
        <Link to="/konsultation">Fråga socialtjänsten utan att nämna barnet (konsultation)</Link>
      </p>
      {params.get("borttaget") === "1" ? (
        <p className="notice" role="status">
          Utkastet är borttaget.
        </p>
      ) : null}
      {pageCount > 1 ? (
        <p>
          {formatCount(total)} anmälningar, senaste först. Sida {page} av {pageCount}.
        </p>
      ) : null}
      {reports.length === 0 ? (
        <p>Det finns inga orosanmälningar som du kan se.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Orosanmälningar" tabIndex={0}>
          <table>
            <caption className="visually-hidden">
              Orosanmälningar{pageCount > 1 ? `, sida ${page} av ${pageCount}` : ""}
            </caption>
            <thead>
              <tr>
                <th scope="col">Barn</th>
                <th scope="col">Referens</th>
                <th scope="col">Mottagen</th>
                <th scope="col">Anmälare</th>
                <th scope="col">Socialtjänst</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((report) => (
                <tr key={report.id}>
                  <td>
                    <Link
                      to={
                        report.status === "draft"
                          ? `/orosanmalan/${report.id}/redigera`
                          : `/orosanmalan/${report.id}`
                      }
                    >
                      {report.childLabel}
                    </Link>
                  </td>
                  <td className="reference">{report.reference ?? "–"}</td>
                  <td>{report.receivedAt ? formatDateTime(report.receivedAt) : "Inte ännu"}</td>
                  <td>{report.isOwn ? "Du" : report.authorName}</td>
                  <td>{report.districtName}</td>
                  <td>{statusText(report)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pageCount={pageCount} label="Sidor med orosanmälningar" />
    </div>
  );
}
