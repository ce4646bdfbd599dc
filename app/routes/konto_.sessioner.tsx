/**
 * The person's own sessions (issue 17): every browser and device where they are logged in now,
 * with its address, when it started, when it was last used and how it was authenticated. They
 * can log out any other one, or all others at once; this one ends with "Logga ut". Only one's
 * own sessions are listed or ended (app/auth/sessions.server.ts).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { endOtherSessions, endOwnSession, listOwnSessions } from "~/auth/sessions.server";
import { requireUser } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { readForm } from "~/lib/read-form.server";

export const meta: MetaFunction = () => [{ title: "Dina inloggningar – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request);
  return { sessions: await listOwnSessions(auth) };
}

type ActionData = { done: "ended" | "notFound" | "endedOthers"; count: number };

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "end") {
    const ref = form.get("session");
    const ended = typeof ref === "string" && (await endOwnSession(auth, ref));
    return { done: ended ? "ended" : "notFound", count: ended ? 1 : 0 } satisfies ActionData;
  }
  if (intent === "endOthers") {
    return { done: "endedOthers", count: await endOtherSessions(auth) } satisfies ActionData;
  }
  throw new Response("Formuläret kunde inte läsas.", { status: 400, statusText: "Bad Request" });
}

const DONE_MESSAGES: Record<ActionData["done"], (count: number) => string> = {
  ended: () => "Inloggningen är avslutad. Den enheten måste logga in igen.",
  notFound: () => "Inloggningen fanns inte längre: den hade redan avslutats.",
  endedOthers: (count) =>
    count === 0
      ? "Du var inte inloggad på någon annan enhet."
      : `Du är utloggad från ${count === 1 ? "en annan enhet" : `${count} andra enheter`}.`,
};

export default function Sessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const others = sessions.filter((s) => !s.current);
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/konto">Tillbaka till Mitt konto</Link>
      </p>
      <h1>Dina inloggningar</h1>
      <p className="lead">
        Här ser du var du är inloggad just nu. Känner du inte igen en inloggning, logga ut den och
        byt lösenord under Mitt konto.
      </p>
      {actionData ? (
        <p className="notice" role="status">
          {DONE_MESSAGES[actionData.done](actionData.count)}
        </p>
      ) : null}
      <ul className="session-list">
        {sessions.map((session) => {
          const headingId = `inloggning-${session.ref.slice(0, 12)}`;
          return (
            <li key={session.ref}>
              <section className="card" aria-labelledby={headingId}>
                <h2 id={headingId}>
                  {session.device}
                  {session.current ? (
                    <>
                      {" "}
                      <span className="badge">Den här enheten</span>
                    </>
                  ) : null}
                </h2>
                <dl className="facts">
                  <dt>Adress</dt>
                  <dd>{session.clientAddress ?? "okänd"}</dd>
                  <dt>Inloggad</dt>
                  <dd>{formatDateTime(session.startedAt)}</dd>
                  <dt>Senast aktiv</dt>
                  <dd>{formatDateTime(session.lastSeenAt)}</dd>
                  <dt>Inloggad med</dt>
                  <dd>{session.authenticatedWith}</dd>
                </dl>
                {session.current ? (
                  <p className="muted">
                    Du loggar ut härifrån med knappen Logga ut högst upp på sidan.
                  </p>
                ) : (
                  <Form method="post" className="actions">
                    <input type="hidden" name="intent" value="end" />
                    <input type="hidden" name="session" value={session.ref} />
                    <button type="submit" className="button button--outline" disabled={busy}>
                      Logga ut
                      <span className="visually-hidden">
                        {" "}
                        {session.device}, inloggad {formatDateTime(session.startedAt)}
                      </span>
                    </button>
                  </Form>
                )}
              </section>
            </li>
          );
        })}
      </ul>
      {others.length > 0 ? (
        <Form method="post" className="actions">
          <input type="hidden" name="intent" value="endOthers" />
          <button type="submit" className="button" disabled={busy}>
            Logga ut från alla andra enheter
          </button>
        </Form>
      ) : null}
    </div>
  );
}
