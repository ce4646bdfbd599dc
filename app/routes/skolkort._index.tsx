/**
 * School cards: for social services every request with its status and days overdue (the
 * caseworker's own children, the district's for its manager), newest first a page at a time
 * (`?sida=…`); for the school what waits for it, oldest first. Any other role: 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import {
  listCardsForSchool,
  listCardsForSocialServices,
} from "~/modules/school-cards/school-cards.server";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Skolkort – Samverkansportalen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const ctx = { requestId: context.requestId as string | undefined };
  const school = actor.membership.organisationKind === "school";
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  const list = await (async () => {
    if (!school) return listCardsForSocialServices(actor, ctx, { page });
    // What waits for the school is bounded by what is still with it: one page.
    const items = await listCardsForSchool(actor, ctx);
    return { items, total: items.length, page: 1, pageCount: 1 };
  })();
  return { ...list, school, organisationName: actor.membership.organisationName };
}

export default function SchoolCards() {
  const {
    items: cards,
    total,
    page,
    pageCount,
    school,
    organisationName,
  } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const title = school ? "Skolkort att fylla i" : "Begärda skolkort";
  const pageOf = pageCount > 1 ? `, sida ${page} av ${pageCount}` : "";
  return (
    <div className="page">
      <p className="eyebrow">{organisationName}</p>
      <h1>{title}</h1>
      <p className="lead">
        {school
          ? "Socialtjänsten ber skolan beskriva hur skolgången går för barn som den följer. Det äldsta står först."
          : "Skolkort som du har begärt, med status och hur många dagar de är försenade. Ett nytt skolkort begär du från barnets sida."}
      </p>
      {school ? null : (
        <p>
          <Link to="/skolkort/arshjul">Planera skolkort för terminerna (årshjul)</Link>
        </p>
      )}
      {params.get("begart") === "1" ? (
        <p className="notice" role="status">
          Skolkortet är begärt. Skolan har fått ett e-postmeddelande utan uppgifter om barnet.
        </p>
      ) : null}
      {pageCount > 1 ? (
        <p>
          {formatCount(total)} skolkort, det senast begärda först. Sida {page} av {pageCount}.
        </p>
      ) : null}
      {cards.length === 0 ? (
        <p>{school ? "Inga skolkort väntar på skolan." : "Du har inte begärt några skolkort."}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
          <table>
            <caption className="visually-hidden">
              {title}
              {pageOf}
            </caption>
            <thead>
              <tr>
                <th scope="col">Barn</th>
                {school ? null : <th scope="col">Skola</th>}
                <th scope="col">Termin</th>
                <th scope="col">Sista dag</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {cards.map((card) => (
                <tr key={card.id}>
                  <td>
                    <Link to={`/skolkort/${card.id}`}>{card.childName}</Link>
                  </td>
                  {school ? null : <td>{card.schoolName}</td>}
                  <td>{card.term}</td>
                  <td>{card.dueOn}</td>
                  <td>
                    {card.statusLabel}
                    {card.daysOverdue > 0 ? (
                      <strong className="block overdue">
                        Försenat {card.daysOverdue} {card.daysOverdue === 1 ? "dag" : "dagar"}
                      </strong>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pageCount={pageCount} label="Sidor med begärda skolkort" />
    </div>
  );
}
