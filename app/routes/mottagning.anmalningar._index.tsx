/**
 * The intake's inbox: the district's reports of concern by state, with each one's age and what is
 * overdue (acknowledgement within one working day, the decision on an investigation within 14
 * days, requested feedback within a week of the decision). The open reports are listed whole,
 * oldest first; the closed ones and those the district forwarded elsewhere a page at a time,
 * newest first (`?visa=…&sida=…`). Intake officers and the district manager; anyone else: 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { formatCalendarDate, formatDateTime } from "~/lib/dates";
import { Pager } from "~/components/ui/Pager";
import { INBOX_STATE_LABELS, INBOX_VIEWS, inboxView } from "~/modules/reports/policy";
import { listInbox } from "~/modules/reports/reports.server";

export const meta: MetaFunction = () => [{ title: "Orosanmälningar – Samverkansportalen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const params = new URL(request.url).searchParams;
  const inbox = await listInbox(
    actor,
    { requestId: context.requestId as string | undefined },
    { view: params.get("visa"), page: Number(params.get("sida") ?? 1) },
  );
  return { ...inbox, districtName: actor.membership.organisationName };
}

function ageText(days: number): string {
  if (days === 0) return "I dag";
  return days === 1 ? "1 dag" : `${days} dagar`;
}

export default function Inbox() {
  const {
    view,
    items: shown,
    forwarded,
    counts,
    overdueCount,
    page,
    pageCount,
    districtName,
  } = useLoaderData<typeof loader>();
  const filter = inboxView(view);
  const pageOf = pageCount > 1 ? `, sida ${page} av ${pageCount}` : "";
  // The paged views, newest first: say so when there is an order to see.
  const pagedRows =
    filter.key === "avslutade"
      ? shown.length
      : filter.key === "vidarebefordrade"
        ? forwarded.length
        : 0;

  return (
    <div className="page">
      <p className="eyebrow">Mottagningen, {districtName}</p>
      <h1>Orosanmälningar</h1>
      <p className="lead">
        Bekräfta varje anmälan inom en arbetsdag. Beslut om utredning ska fattas inom 14 dagar, och
        begärd återkoppling lämnas inom en vecka från beslutet.
        {overdueCount > 0 ? (
          <strong className="block overdue">
            {overdueCount} {overdueCount === 1 ? "anmälan är försenad" : "anmälningar är försenade"}
            .
          </strong>
        ) : null}
      </p>
      <nav aria-label="Visa anmälningar">
        <ul className="inbox-filters">
          {INBOX_VIEWS.map((f) => (
            <li key={f.key}>
              <Link to={`?visa=${f.key}`} aria-current={f.key === filter.key ? "page" : undefined}>
                {f.label} ({counts[f.key]})
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {pagedRows > 1 || pageCount > 1 ? (
        <p>
          Senast {filter.key === "avslutade" ? "avslutade" : "vidarebefordrade"} först
          {pageCount > 1 ? `. Sida ${page} av ${pageCount}.` : "."}
        </p>
      ) : null}
      {filter.states === "forwarded" ? (
        <ForwardedReports forwarded={forwarded} pageOf={pageOf} />
      ) : (
        <InboxTable items={shown} label={filter.label} pageOf={pageOf} />
      )}
      <Pager
        page={page}
        pageCount={pageCount}
        label={`Sidor med ${filter.label.toLowerCase()} anmälningar`}
      />
    </div>
  );
}

type InboxItem = ReturnType<typeof useLoaderData<typeof loader>>["items"][number];

/** The reports this office sent on to another, newest first. */
function ForwardedReports({
  forwarded,
  pageOf,
}: {
  forwarded: ReturnType<typeof useLoaderData<typeof loader>>["forwarded"];
  pageOf: string;
}) {
  return forwarded.length === 0 ? (
    <p>Inga anmälningar har vidarebefordrats.</p>
  ) : (
    <div className="table-wrap" role="region" aria-label="Vidarebefordrade" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Vidarebefordrade anmälningar{pageOf}</caption>
        <thead>
          <tr>
            <th scope="col">Referens</th>
            <th scope="col">Skola</th>
            <th scope="col">Skickad till</th>
            <th scope="col">När</th>
            <th scope="col">Skäl</th>
          </tr>
        </thead>
        <tbody>
          {forwarded.map((f) => (
            <tr key={`${f.reportId}-${String(f.forwardedAt)}`}>
              <td className="reference">{f.reference}</td>
              <td>{f.schoolName}</td>
              <td>{f.toDistrictName}</td>
              <td>{formatDateTime(f.forwardedAt)}</td>
              <td>{f.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The reports in the chosen view, each with what is due or late. */
function InboxTable({
  items,
  label,
  pageOf,
}: {
  items: InboxItem[];
  label: string;
  pageOf: string;
}) {
  return items.length === 0 ? (
    <p>Inga anmälningar här.</p>
  ) : (
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      <table>
        <caption className="visually-hidden">
          {label} anmälningar{pageOf}
        </caption>
        <thead>
          <tr>
            <th scope="col">Referens</th>
            <th scope="col">Barn</th>
            <th scope="col">Skola</th>
            <th scope="col">Mottagen</th>
            <th scope="col">Ålder</th>
            <th scope="col">Status</th>
            <th scope="col">Att göra</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.id}>
              <td className="reference">
                <Link to={`/mottagning/anmalningar/${item.id}`}>{item.reference}</Link>
              </td>
              <td>{item.childLabel}</td>
              <td>{item.schoolName}</td>
              <td>{formatDateTime(item.receivedAt)}</td>
              <td>{ageText(item.ageDays)}</td>
              <td>
                {INBOX_STATE_LABELS[item.state]}
                {item.closedAt ? ` ${formatDateTime(item.closedAt)}` : null}
              </td>
              <td>
                {item.deadlines.acknowledgementOverdue ? (
                  <strong className="block overdue">
                    Bekräftelse försenad (senast{" "}
                    {formatCalendarDate(item.deadlines.acknowledgementDueOn!)})
                  </strong>
                ) : item.state === "new" ? (
                  <span className="block">
                    Bekräfta senast {formatCalendarDate(item.deadlines.acknowledgementDueOn!)}
                  </span>
                ) : null}
                {item.deadlines.feedbackOverdue ? (
                  <strong className="block overdue">
                    Återkoppling försenad (senast{" "}
                    {formatCalendarDate(item.deadlines.feedbackDueOn!)})
                  </strong>
                ) : item.deadlines.feedbackDueOn ? (
                  <span className="block">
                    Återkoppling senast {formatCalendarDate(item.deadlines.feedbackDueOn)}
                  </span>
                ) : null}
                {item.deadlines.decisionOverdue ? (
                  <strong className="block overdue">
                    Beslut om utredning försenat (senast{" "}
                    {formatCalendarDate(item.deadlines.decisionDueOn!)})
                  </strong>
                ) : null}
                {item.lastNoteAt ? (
                  <span className="block">
                    Tillägg från skolan {formatDateTime(item.lastNoteAt)}
                  </span>
                ) : null}
                {item.wantsMeeting && item.state !== "closed" ? (
                  <span className="block">Skolan vill ha anmälningsmöte</span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
