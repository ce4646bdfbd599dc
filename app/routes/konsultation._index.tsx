/**
 * Consultations: for a school, its questions to social services (the asker's own; every one of
 * the school's for the principal); for social services, the threads of the schools the actor is
 * contact person for, or all the district's for intake and the manager.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { notFound } from "~/lib/not-found.server";
import { listConsultations } from "~/modules/reports/consultations.server";

export const meta: MetaFunction = () => [{ title: "Konsultationer – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const kind = actor.membership.organisationKind;
  if (kind !== "school" && kind !== "district") throw notFound();
  return {
    consultations: await listConsultations(actor),
    school: kind === "school",
    organisationName: actor.membership.organisationName,
  };
}

export default function Consultations() {
  const { consultations, school, organisationName } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <p className="eyebrow">{organisationName}</p>
      <h1>Konsultationer</h1>
      <p className="lead">
        {school
          ? "Fråga socialtjänsten om en situation utan att nämna barnet, till exempel om något ska anmälas. Skolans kontaktperson i socialtjänsten svarar här."
          : "Frågor från skolorna om situationer, utan namn på barnet. Svara i tråden; skolan får ett e-postmeddelande."}
      </p>
      {school ? (
        <p>
          <Link to="/konsultation/ny" className="button">
            Ställ en fråga
          </Link>
        </p>
      ) : null}
      {consultations.length === 0 ? (
        <p>Inga konsultationer.</p>
      ) : (
        <div className="table-wrap" role="region" aria-label="Konsultationer" tabIndex={0}>
          <table>
            <caption className="visually-hidden">Konsultationer</caption>
            <thead>
              <tr>
                <th scope="col">Rubrik</th>
                {school ? null : <th scope="col">Skola</th>}
                <th scope="col">Frågan ställd av</th>
                <th scope="col">Senaste meddelandet</th>
                <th scope="col">Väntar på</th>
              </tr>
            </thead>
            <tbody>
              {consultations.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/konsultation/${c.id}`}>{c.subject}</Link>
                  </td>
                  {school ? null : <td>{c.schoolName}</td>}
                  <td>{c.askedByName}</td>
                  <td>{formatDateTime(c.lastMessageAt)}</td>
                  <td>{c.lastSide === "school" ? "Socialtjänsten" : "Skolan"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
