import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { listOutbox } from "~/lib/email.server";

export const meta: MetaFunction = () => [{ title: "Utkorg – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  return { emails: await listOutbox(actor) };
}

const STATUS = { queued: "Väntar", sent: "Skickat", failed: "Misslyckades – försöker igen" };

export default function Outbox() {
  const { emails } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Utkorg</h1>
      <p className="lead">
        Alla e-postmeddelanden som portalen skickar, nyast först. Utan SMTP-server (i utveckling och
        test) stannar meddelandena här och kan läsas; med SMTP visas bara leveransen.
      </p>
      {emails.length === 0 ? (
        <p>Inga meddelanden ännu.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>E-post</caption>
            <thead>
              <tr>
                <th scope="col">Ämne</th>
                <th scope="col">Mottagare</th>
                <th scope="col">Status</th>
                <th scope="col">Skapat</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((email) => (
                <tr key={email.id}>
                  <th scope="row">
                    <Link to={`/admin/outbox/${email.id}`}>{email.subject}</Link>
                  </th>
                  <td>{email.recipient}</td>
                  <td>
                    {STATUS[email.status]}
                    {email.lastError ? (
                      <span className="muted block">{email.lastError}</span>
                    ) : null}
                  </td>
                  <td>{formatDateTime(email.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
