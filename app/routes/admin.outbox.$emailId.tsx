import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireMembership } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { getOutboxMessage } from "~/lib/email.server";

export const meta: MetaFunction = () => [{ title: "Meddelande i utkorgen – Samverkansportalen" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  const email = /^[0-9a-f-]{36}$/.test(params.emailId ?? "")
    ? await getOutboxMessage(actor, params.emailId!)
    : null;
  if (!email) throw new Response("Finns inte", { status: 404 });
  return { email };
}

// The plain-text form, with its links made clickable: no HTML from the message is rendered.
function TextWithLinks({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s)\]]+)/g);
  return (
    <pre className="email-text">
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </pre>
  );
}

export default function OutboxMessage() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/admin/outbox">Tillbaka till utkorgen</Link>
      </p>
      <h1>{email.subject}</h1>
      <dl className="facts">
        <dt>Till</dt>
        <dd>{email.recipient}</dd>
        <dt>Skapat</dt>
        <dd>{formatDateTime(email.createdAt)}</dd>
        <dt>Skickat</dt>
        <dd>{email.sentAt ? formatDateTime(email.sentAt) : "Inte ännu"}</dd>
      </dl>
      <h2>Meddelandet</h2>
      {email.textBody ? (
        <TextWithLinks text={email.textBody} />
      ) : (
        <p>
          Innehållet visas inte när portalen skickar e-post med SMTP: det kan innehålla någons
          personliga länk.
        </p>
      )}
    </div>
  );
}
