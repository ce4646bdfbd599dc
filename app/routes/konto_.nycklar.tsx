/**
 * Mitt konto › Nycklar: the person's passkeys (name, added, last used), removing one, and adding
 * one (PasskeyRegisterForm, which runs the ceremony against /nyckel). Adding needs a login of
 * the last five minutes, or a confirmation in the form (the step-up's field). Removing works
 * without JavaScript; adding cannot.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod/mini";
import { PasskeyRegisterForm } from "~/auth/components/PasskeyForms";
import { listPasskeys, removePasskey } from "~/auth/passkeys.server";
import { requireUser } from "~/auth/session.server";
import { stepUpPrompt } from "~/auth/step-up.server";
import { formatDateTime } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { readForm } from "~/lib/read-form.server";

export const meta: MetaFunction = () => [{ title: "Nycklar (passkeys) – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const auth = await requireUser(request);
  return {
    passkeys: await listPasskeys(auth.user.id),
    stepUp: await stepUpPrompt(auth),
  };
}

const removeSchema = z.object({
  intent: z.literal("remove"),
  passkeyId: z.string().check(z.minLength(1), z.maxLength(1400)),
});

export async function action({ request }: ActionFunctionArgs) {
  const auth = await requireUser(request);
  const parsed = removeSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    throw new Response("Formuläret kunde inte läsas. Ladda om sidan och försök igen.", {
      status: 400,
    });
  }
  const removed = await removePasskey(auth.user.id, parsed.data.passkeyId);
  if (removed === null) throw new NotFoundError();
  return { removed };
}

export default function Passkeys() {
  const { passkeys, stepUp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>Nycklar (passkeys)</h1>
      <p className="lead">
        Med en nyckel loggar du in med datorns eller telefonens skärmlås – fingeravtryck, ansikte
        eller pinkod – i stället för lösenord och kod. En nyckel fungerar bara här och kan inte
        luras ut av en falsk webbplats.
      </p>
      {actionData?.removed ? (
        <p className="notice" role="status">
          Nyckeln ”{actionData.removed}” är borttagen.
        </p>
      ) : null}
      <section className="card" aria-labelledby="dina-nycklar">
        <h2 id="dina-nycklar">Dina nycklar</h2>
        {passkeys.length === 0 ? (
          <p>Du har inga nycklar ännu.</p>
        ) : (
          <ul className="passkey-list">
            {passkeys.map((passkey) => (
              <li key={passkey.id}>
                <h3>{passkey.name}</h3>
                <dl className="facts">
                  <dt>Tillagd</dt>
                  <dd>{formatDateTime(passkey.createdAt)}</dd>
                  <dt>Senast använd</dt>
                  <dd>{passkey.lastUsedAt ? formatDateTime(passkey.lastUsedAt) : "Inte än"}</dd>
                </dl>
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="passkeyId" value={passkey.id} />
                  <button type="submit" className="button button--danger-outline button--small">
                    Ta bort<span className="visually-hidden"> nyckeln {passkey.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="ny-nyckel">
        <h2 id="ny-nyckel">Lägg till en nyckel</h2>
        <p>
          Lägg till en nyckel för varje dator eller telefon du arbetar från. Den frågar efter
          skärmlåset när nyckeln skapas och varje gång du använder den.
        </p>
        <PasskeyRegisterForm stepUp={stepUp} />
      </section>
      <p>
        <Link to="/konto">Tillbaka till Mitt konto</Link>
      </p>
    </div>
  );
}
