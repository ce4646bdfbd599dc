/**
 * One consultation thread, for both sides: the school's question and the answers, and a reply.
 * Only the asker and the principal, and the school's contact person, intake and the manager of
 * the district; anyone else: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { formatDateTime } from "~/lib/dates";
import { fieldErrorsFrom } from "~/lib/form";
import { requireId } from "~/lib/not-found.server";
import { getConsultation, replyToConsultation } from "~/modules/reports/consultations.server";
import { consultationReplySchema } from "~/modules/reports/schema.server";

export const meta: MetaFunction = () => [{ title: "Konsultation – Samverkansportalen" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  return {
    consultation: await getConsultation(actor, requireId(params.consultationId)),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const id = requireId(params.consultationId);
  await getConsultation(actor, id);
  const form = await readForm(request);
  const body = String(form.get("body") ?? "");
  const parsed = consultationReplySchema.safeParse({ body });
  if (!parsed.success) return { body, fieldErrors: fieldErrorsFrom(parsed.error.issues) };
  await replyToConsultation(actor, id, parsed.data.body);
  return redirect(`/konsultation/${id}?klart=svar`);
}

export default function ConsultationPage() {
  const { consultation: c } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = params.get("klart");
  const errors = answer?.fieldErrors ?? {};
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/konsultation">Tillbaka till konsultationer</Link>
      </p>
      <p className="eyebrow">
        {c.schoolName} och {c.districtName}
      </p>
      <h1>{c.subject}</h1>
      {done ? (
        <p className="notice" role="status">
          {done === "skickad"
            ? "Frågan är skickad. Du får ett e-postmeddelande när socialtjänsten har svarat."
            : "Ditt meddelande är skickat."}
        </p>
      ) : null}
      <section aria-labelledby="traden">
        <h2 id="traden">Tråden</h2>
        {c.messages.map((m) => (
          <article
            key={m.id}
            className={m.side === "district" ? "message message--district" : "message"}
          >
            <p className="muted">
              {m.authorName}, {m.side === "district" ? c.districtName : c.schoolName} –{" "}
              {formatDateTime(m.writtenAt)}
            </p>
            <p className="prewrap">{m.body}</p>
          </article>
        ))}
      </section>
      <Form method="post" noValidate className="form card" key={c.messages.length}>
        <h2>Svara</h2>
        <ErrorSummary
          errors={Object.entries(errors).map(([field, message]) => ({ field, message }))}
        />
        <p className="muted">Skriv inte barnets namn eller personnummer.</p>
        <TextAreaField
          name="body"
          label="Meddelande"
          rows={4}
          defaultValue={answer?.body ?? ""}
          error={errors.body}
        />
        <div>
          <button type="submit" className="button">
            Skicka
          </button>
        </div>
      </Form>
    </div>
  );
}
