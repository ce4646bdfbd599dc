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
import { childCardHistory, type CardHistoryItem } from "~/modules/school-cards/history.server";

// No name in the title: titles end up in browser history and tab lists.
export const meta: MetaFunction = () => [{ title: "Skolkortshistorik – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return childCardHistory(actor, requireId(params.childId), {
    requestId: context.requestId as string | undefined,
  });
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

/** Attendance per term as bars, 0–100 %; the table holds the same numbers. */
function AttendanceChart({ cards }: { cards: CardHistoryItem[] }) {
  const points = cards.filter(
    (c): c is CardHistoryItem & { presentPercent: number } => c.presentPercent !== null,
  );
  if (points.length === 0) return null;
  const barWidth = 36;
  const step = 72;
  const chartHeight = 120;
  const top = 20;
  const left = 40;
  const width = left + points.length * step + 8;
  const height = top + chartHeight + 40;
  const summary = points
    .map((p) => `${p.term}: ${percent.format(p.presentPercent)} procent`)
    .join(", ");
  return (
    <figure className="card">
      <svg
        role="img"
        aria-label={`Närvaro per termin. ${summary}.`}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
      >
        <title>Närvaro per termin</title>
        <desc>{summary}.</desc>
        {[0, 50, 100].map((tick) => {
          const y = top + chartHeight - (tick / 100) * chartHeight;
          return (
            <g key={tick}>
              <line x1={left} x2={width} y1={y} y2={y} stroke="#c6ccd2" />
              <text x={left - 6} y={y + 4} textAnchor="end" fontSize="11" fill="#4a5560">
                {tick} %
              </text>
            </g>
          );
        })}
        {points.map((p, i) => {
          const barHeight = (p.presentPercent / 100) * chartHeight;
          const x = left + i * step + (step - barWidth) / 2;
          const y = top + chartHeight - barHeight;
          return (
            <g key={p.id}>
              <rect x={x} y={y} width={barWidth} height={barHeight} fill="#0b4f71" />
              <text x={x + barWidth / 2} y={y - 4} textAnchor="middle" fontSize="11" fill="#1b1f24">
                {percent.format(p.presentPercent)}
              </text>
              <text
                x={x + barWidth / 2}
                y={top + chartHeight + 16}
                textAnchor="middle"
                fontSize="11"
                fill="#1b1f24"
              >
                {p.term}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted">Närvaro i procent av terminen, per termin.</figcaption>
    </figure>
  );
}

export default function ChildSchoolCardHistory() {
  const { child, cards } = useLoaderData<typeof loader>();
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
          {cards.some((card) => card.presentPercent !== null) ? (
            <>
              <h2>Närvaro över tid</h2>
              <AttendanceChart cards={cards} />
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
