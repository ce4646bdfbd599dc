/**
 * A child's school cards over time (/barn/:id/skolkort): the terms side by side in a table
 * (attendance, knowledge goals reached, status, the card), and a small chart of attendance across
 * terms with the same numbers. For the child's caseworker and the district manager; anyone else
 * gets 404 from the module. The read is logged.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { requireId } from "~/lib/not-found.server";
import { ShareBarChart } from "~/components/ui/ShareCharts";
import { shareBarChart } from "~/lib/charts.server";
import { childCardHistory, type CardHistoryItem } from "~/modules/school-cards/history.server";

// No name in the title: titles end up in browser history and tab lists.
export const meta: MetaFunction = () => [{ title: "Skolkortshistorik – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const history = await childCardHistory(actor, requireId(params.childId), {
    requestId: context.requestId as string | undefined,
  });
  // Attendance per term as bars, 0–100 %, drawn as the follow-up's charts are; the table above
  // it holds the same numbers.
  const attendance = history.cards.filter((c) => c.presentPercent !== null);
  return {
    ...history,
    attendanceChart:
      attendance.length > 0
        ? shareBarChart(attendance.map((c) => ({ name: c.term, value: c.presentPercent })))
        : null,
  };
}

const percent = new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 });

function attendance(card: CardHistoryItem) {
  if (!card.answered) return "Inte inskickat";
  return card.presentPercent === null
    ? "Inte efterfrågat"
    : `${percent.format(card.presentPercent)} %`;
}

function goals(card: CardHistoryItem) {
  if (!card.answered) return "Inte inskickat";
  if (!card.goals) return "Inte efterfrågat";
  return `${card.goals.reached} av ${card.goals.assessed}`;
}

export default function ChildSchoolCardHistory() {
  const { child, cards, attendanceChart } = useLoaderData<typeof loader>();
  const caption = "Skolkort per termin";
  return (
    <div className="page">
      <p className="eyebrow">{child.districtName}</p>
      <h1>Skolkort för {child.name}</h1>
      <p className="lead">
        {child.maskedIdentityNumber}. Varje skolkort över tid, äldsta terminen först: närvaro och
        hur många ämnen eleven uppnår kunskapskraven i, av de bedömda.
      </p>
      <p>
        <Link to={`/barn/${child.id}`}>Tillbaka till barnet</Link>
      </p>
      {cards.length === 0 ? (
        <p>Inga skolkort är begärda för barnet ännu.</p>
      ) : (
        <>
          <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
            <table>
              <caption>{caption}</caption>
              <thead>
                <tr>
                  <td />
                  {cards.map((card) => (
                    <th key={card.id} scope="col">
                      {card.term}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th scope="row">Skola</th>
                  {cards.map((card) => (
                    <td key={card.id}>{card.schoolName}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Närvaro</th>
                  {cards.map((card) => (
                    <td key={card.id}>{attendance(card)}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Kunskapskrav uppnådda (av bedömda ämnen)</th>
                  {cards.map((card) => (
                    <td key={card.id}>{goals(card)}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Status</th>
                  {cards.map((card) => (
                    <td key={card.id}>{card.statusLabel}</td>
                  ))}
                </tr>
                <tr>
                  <th scope="row">Skolkort</th>
                  {cards.map((card) => (
                    <td key={card.id}>
                      <Link to={`/skolkort/${card.id}`}>Öppna skolkortet för {card.term}</Link>
                    </td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
          {attendanceChart ? (
            <>
              <h2>Närvaro över tid</h2>
              <ShareBarChart
                chart={attendanceChart}
                id="diagram-narvaro"
                title="Närvaro i procent av terminen, per termin"
              />
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
