import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { formatDateTime } from "~/lib/dates";
import { formatCalendarDate } from "~/lib/dates";
import { AgreementStatusBadge } from "~/modules/agreements/components/AgreementStatusBadge";
import {
  filteredOverview,
  parseOverviewFilter,
  parseOverviewPage,
} from "~/modules/agreements/overview.server";
import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from "~/modules/agreements/policy";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [
  { title: "Översikt: överenskommelser per skola – Samverkansportalen" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager", "educationManager", "admin");
  const url = new URL(request.url);
  const filter = parseOverviewFilter(url);
  const { rows, ...overview } = await filteredOverview(actor, filter, parseOverviewPage(url));
  return {
    ...overview,
    filter,
    allDistricts: actor.membership.role !== "districtManager",
    organisationName: actor.membership.organisationName,
    rows: rows.map((r) => ({
      ...r,
      reviewDateText: r.reviewDate ? formatCalendarDate(r.reviewDate) : null,
    })),
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

export default function Overview() {
  const data = useLoaderData<typeof loader>();
  const location = useLocation();
  const first = (data.page - 1) * data.pageSize;
  const shownRange =
    data.pageCount > 1 ? ` (${first + 1}–${first + data.rows.length} på den här sidan)` : "";
  // The list runs through the municipal schools first: where each kind begins and ends.
  const pagesOf = (from: number, count: number) =>
    count === 0
      ? null
      : {
          first: Math.floor(from / data.pageSize) + 1,
          last: Math.floor((from + count - 1) / data.pageSize) + 1,
        };
  return (
    <div className="page">
      <p className="eyebrow">{data.organisationName}</p>
      <h1>Överenskommelser per skola</h1>
      <p className="lead">
        {data.allDistricts ? "Alla stadsdelsförvaltningar. " : ""}
        {formatCount(data.matching)} av {formatCount(data.total)} skolor visas{shownRange};{" "}
        {formatCount(data.withoutActive)} av dem saknar en aktiv överenskommelse och står först.
      </p>
      <Form method="get" className="form filters" aria-label="Filtrera skolor">
        <div className="field">
          <label htmlFor="filter-q">Skola</label>
          <input id="filter-q" name="q" defaultValue={data.filter.q} />
        </div>
        <div className="field">
          <label htmlFor="filter-status">Status</label>
          <select id="filter-status" name="status" defaultValue={data.filter.status}>
            <option value="">Alla</option>
            {(Object.keys(AGREEMENT_STATUS_LABELS) as AgreementStatus[]).map((s) => (
              <option key={s} value={s}>
                {AGREEMENT_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-skolform">Huvudman</label>
          <select id="filter-skolform" name="skolform" defaultValue={data.filter.operatorType}>
            <option value="">Kommunala och fristående</option>
            <option value="municipal">Kommunala</option>
            <option value="independent">Fristående</option>
          </select>
        </div>
        {data.allDistricts ? (
          <div className="field">
            <label htmlFor="filter-forvaltning">Stadsdelsförvaltning</label>
            <select
              id="filter-forvaltning"
              name="forvaltning"
              defaultValue={data.filter.districtId}
            >
              <option value="">Alla</option>
              {data.districts.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="actions">
          <button type="submit" className="button button--secondary">
            Filtrera
          </button>
          <a
            className="button button--outline"
            href={`/overenskommelser/oversikt.csv${location.search}`}
            download
          >
            Ladda ned som CSV
          </a>
        </div>
      </Form>
      <OverviewTable
        rows={data.rows.filter((r) => r.operatorType === "municipal")}
        caption="Kommunala skolor"
        kind="kommunala"
        count={data.municipal}
        pages={pagesOf(0, data.municipal)}
        showDistrict={data.allDistricts}
      />
      <OverviewTable
        rows={data.rows.filter((r) => r.operatorType === "independent")}
        caption="Fristående skolor"
        kind="fristående"
        count={data.independent}
        pages={pagesOf(data.municipal, data.independent)}
        showDistrict={data.allDistricts}
      />
      <Pager page={data.page} pageCount={data.pageCount} label="Sidor i översikten" />
    </div>
  );
}

function OverviewTable({
  rows,
  caption,
  kind,
  count,
  pages,
  showDistrict,
}: {
  rows: Row[];
  caption: string;
  /** "kommunala" or "fristående", for the sentence that says where they are. */
  kind: string;
  /** How many of this kind the filter matches, on every page. */
  count: number;
  /** The pages they are on, when any. */
  pages: { first: number; last: number } | null;
  showDistrict: boolean;
}) {
  const onOtherPages =
    pages === null
      ? null
      : pages.first === pages.last
        ? `sida ${pages.first}`
        : `sidorna ${pages.first}–${pages.last}`;
  return (
    <section aria-label={caption}>
      <h2>{caption}</h2>
      {count === 0 ? (
        <p>Inga skolor matchar filtret.</p>
      ) : rows.length === 0 ? (
        <p>
          {count} {kind} skolor matchar filtret; de står på {onOtherPages}.
        </p>
      ) : (
        <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
          <table>
            <caption>{caption} och deras samverkansöverenskommelser</caption>
            <thead>
              <tr>
                <th scope="col">Skola</th>
                {showDistrict ? <th scope="col">Stadsdelsförvaltning</th> : null}
                <th scope="col">Status</th>
                <th scope="col">Väntar på</th>
                <th scope="col">Aktiv sedan</th>
                <th scope="col">Revideras senast</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.schoolId}>
                  <th scope="row">
                    {r.agreementId ? (
                      <Link to={`/overenskommelser/${r.agreementId}`}>{r.schoolName}</Link>
                    ) : (
                      r.schoolName
                    )}
                    <br />
                    <span className="muted">{r.schoolUnitCode}</span>
                  </th>
                  {showDistrict ? <td>{r.districtName}</td> : null}
                  <td>
                    <AgreementStatusBadge status={r.status} />
                    {r.invitationPending ? (
                      <>
                        <br />
                        <span className="muted">Inbjudan till rektor väntar på svar</span>
                      </>
                    ) : null}
                  </td>
                  <td>{r.waitingFor.length ? r.waitingFor.join(", ") : "–"}</td>
                  <td>{r.activeSince ? formatDateTime(r.activeSince) : "–"}</td>
                  <td>{r.reviewDateText ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
