import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { Pager } from "~/components/ui/Pager";
import { listChildrenPage } from "~/modules/children/children.server";
import { mayAddChild } from "~/modules/children/policy";
import { formatCount } from "~/lib/numbers";

export const meta: MetaFunction = () => [{ title: "Barn – Samverkansportalen" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Any role: the module gives a list only to caseworkers (their own children) and district
  // managers (the district's); to everyone else the page does not exist.
  // A page at a time (`?sida=…`): only the children shown are read and logged.
  const actor = await requireActor(request);
  const page = Number(new URL(request.url).searchParams.get("sida") ?? 1);
  const list = await listChildrenPage(actor, { requestId: context.requestId }, { page });
  const isManager = actor.membership.role === "districtManager";
  return {
    ...list,
    isManager,
    mayAdd: mayAddChild(actor.membership),
    districtName: actor.membership.organisationName,
  };
}

export default function Children() {
  const {
    items: children,
    total,
    page,
    pageCount,
    isManager,
    mayAdd,
    districtName,
  } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const title = isManager ? "Barn i stadsdelen" : "Mina barn";
  const pageOf = pageCount > 1 ? `, sida ${page} av ${pageCount}` : "";
  return (
    <div className="page">
      <p className="eyebrow">{districtName}</p>
      <h1>{title}</h1>
      <p className="lead">
        {isManager
          ? "Barnen som stadsdelens handläggare följer. Personnumren visas maskerade; hela numret finns i barnets uppgifter."
          : "Barnen som du följer. Personnumren visas maskerade; hela numret finns i barnets uppgifter."}
      </p>
      {params.get("overlamnat") === "1" ? (
        <p className="notice" role="status">
          Barnet är överlämnat till den nya handläggaren.
        </p>
      ) : null}
      {mayAdd ? (
        <div className="actions">
          <Link className="button" to="/barn/nytt">
            Lägg till barn
          </Link>
        </div>
      ) : null}
      {pageCount > 1 ? (
        <p>
          {formatCount(total)} barn, i bokstavsordning efter efternamn. Sida {page} av {pageCount}.
        </p>
      ) : null}
      {children.length === 0 ? (
        <p>
          {isManager
            ? "Det finns inga barn registrerade i stadsdelen ännu."
            : "Du har inga barn registrerade ännu."}
        </p>
      ) : (
        <div className="table-wrap" role="region" aria-label={title} tabIndex={0}>
          <table>
            <caption>
              {title}
              {pageOf}
            </caption>
            <thead>
              <tr>
                <th scope="col">Namn</th>
                <th scope="col">Personnummer</th>
                <th scope="col">Skola</th>
                <th scope="col">Placering</th>
                {isManager ? <th scope="col">Handläggare</th> : null}
              </tr>
            </thead>
            <tbody>
              {children.map((child) => (
                <tr key={child.id}>
                  <th scope="row">
                    <Link to={`/barn/${child.id}`}>
                      {child.lastName}, {child.firstName}
                    </Link>
                    {child.protectedIdentity ? (
                      <>
                        <br />
                        <span className="badge badge--due">Skyddade personuppgifter</span>
                      </>
                    ) : null}
                  </th>
                  <td>{child.maskedIdentityNumber}</td>
                  <td>{child.schoolName ?? "–"}</td>
                  <td>{child.placementLabel}</td>
                  {isManager ? <td>{child.caseworkerName}</td> : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pageCount={pageCount} label="Sidor med barn" />
    </div>
  );
}
