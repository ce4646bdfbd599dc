/**
 * One school card, for both sides.
 * - The school (principal, student health, the named mentor): two sentences on why school cards
 *   exist and who asked, then the form, which saves drafts on its own and on leaving; a save
 *   based on an older version ends in a clear message and a choice, never a silent overwrite.
 *   Submitting validates everything and locks the card.
 * - Social services (the child's caseworker, the district manager): the answers, and the review:
 *   accept, or ask for completion naming what is missing, which reopens the card for the school.
 * Anyone else: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useFetcher,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { formatCalendarDate, formatDateTime, formatTime } from "~/lib/dates";
import { requireId } from "~/lib/not-found.server";
import { listAttachments } from "~/modules/school-cards/attachments.server";
import { AttachmentsPanel } from "~/modules/school-cards/components/AttachmentsPanel";
import { SchoolCardAnswers } from "~/modules/school-cards/components/SchoolCardAnswers";
import { SchoolCardForm } from "~/modules/school-cards/components/SchoolCardForm";
import {
  acceptCard,
  askForCompletion,
  cardAccess,
  getCard,
  answersFromForm,
  saveAnswers,
} from "~/modules/school-cards/school-cards.server";
import { characterLength } from "~/lib/clean-text";
import { mayEditAnswers } from "~/modules/school-cards/policy";

// The child's name stays out of the title.
export const meta: MetaFunction = () => [{ title: "Skolkort – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const cardId = requireId(params.cardId);
  const card = await getCard(actor, cardId, { requestId: context.requestId as string | undefined });
  const attachments = await listAttachments(actor, cardId);
  return { card, attachments };
}

const NOTICES: Record<string, string> = {
  inskickat: "Skolkortet är skickat till socialtjänsten. Tack!",
  godkant: "Skolkortet är godkänt.",
  komplettering: "Skolan har fått besked om vad som behöver kompletteras.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const cardId = requireId(params.cardId);
  const ctx = { requestId: context.requestId as string | undefined };
  // Scope first: an outsider's post is a 404 whatever it holds.
  const card = await cardAccess(actor, cardId);
  const form = await readForm(request);
  const intent = form.get("intent");

  if (card.side === "socialServices") {
    if (intent === "accept") {
      await acceptCard(actor, cardId, ctx);
      return redirect(`/skolkort/${cardId}?klart=godkant`);
    }
    if (intent === "completion") {
      const note = String(form.get("completionNote") ?? "").trim();
      if (note.length === 0 || characterLength(note) > 2000) {
        return {
          kind: "review" as const,
          fieldErrors: {
            completionNote:
              note.length === 0 ? "Skriv vad skolan behöver komplettera." : "Högst 2 000 tecken.",
          },
          note,
        };
      }
      await askForCompletion(actor, cardId, note, ctx);
      return redirect(`/skolkort/${cardId}?klart=komplettering`);
    }
    throw new Response("Okänd åtgärd", { status: 400 });
  }

  // The form's values as posted; the module checks them with the schema the form uses.
  const values = answersFromForm(form);
  const version = Number(form.get("version"));
  const submit = intent === "submit";
  const result = await saveAnswers(actor, cardId, { answers: values, version, submit }, ctx);
  switch (result.kind) {
    case "invalid":
      return {
        kind: "answers" as const,
        fieldErrors: result.fieldErrors,
        values,
        conflict: null,
        savedAt: null,
        version: null,
      };
    case "submitted":
      return redirect(`/skolkort/${cardId}?klart=inskickat`);
    case "saved":
      return {
        kind: "answers" as const,
        fieldErrors: {},
        values,
        conflict: null,
        savedAt: result.savedAt.toISOString(),
        version: result.version,
      };
    case "conflict":
      return {
        kind: "answers" as const,
        fieldErrors: {},
        values,
        conflict: {
          version: result.current.version,
          savedByName: result.current.savedByName,
          savedAt: result.current.savedAt?.toISOString() ?? null,
        },
        savedAt: null,
        version: null,
      };
    case "locked":
      return redirect(`/skolkort/${cardId}`);
  }
}

export default function SchoolCardPage() {
  const { card, attachments } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("klart") ?? ""];
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/skolkort">Skolkort</Link> · {card.term}
      </p>
      <h1>Skolkort för {card.childName}</h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <dl className="facts card">
        <dt>Elev</dt>
        <dd>
          {card.childName}, {card.maskedIdentityNumber}
        </dd>
        <dt>Skola</dt>
        <dd>{card.schoolName}</dd>
        <dt>Begärt av</dt>
        <dd>
          {card.requestedByName}, socialtjänsten vid {card.districtName}
        </dd>
        {card.mentorName ? (
          <>
            <dt>Ställt till</dt>
            <dd>{card.mentorName}</dd>
          </>
        ) : null}
        <dt>Sista dag</dt>
        <dd>
          {formatCalendarDate(card.dueOn)}
          {card.daysOverdue > 0 ? (
            <strong className="overdue">
              {" "}
              – försenat {card.daysOverdue} {card.daysOverdue === 1 ? "dag" : "dagar"}
            </strong>
          ) : null}
        </dd>
        <dt>Status</dt>
        <dd>{card.statusLabel}</dd>
      </dl>
      {card.side === "school" ? <SchoolSide card={card} /> : <SocialServicesSide card={card} />}
      {card.status === "stopped" ? null : (
        <AttachmentsPanel
          cardId={card.id}
          attachments={attachments.items}
          editable={attachments.editable}
        />
      )}
    </div>
  );
}

type Card = ReturnType<typeof useLoaderData<typeof loader>>["card"];

function SchoolSide({ card }: { card: Card }) {
  const actionData = useActionData<typeof action>();
  const answers = actionData?.kind === "answers" ? actionData : null;
  const fetcher = useFetcher<typeof action>();
  const autosaved = fetcher.data?.kind === "answers" ? fetcher.data : null;
  const conflict = answers?.conflict ?? autosaved?.conflict ?? null;
  const savedAt = autosaved?.savedAt ?? answers?.savedAt ?? null;
  // The version the next save is based on: the last one this page saved, or the loaded one.
  const version = autosaved?.version ?? answers?.version ?? card.version;
  const editable = mayEditAnswers(card.status);

  return (
    <>
      <section aria-labelledby="varfor" className="card">
        <h2 id="varfor">Varför skolkort?</h2>
        <p>
          Socialtjänsten har ett särskilt ansvar för att barn den följer får en bra skolgång, och
          skolkortet visar hur det går i skolan, termin för termin. {card.requestedByName} vid{" "}
          {card.districtName} har bett om det och använder svaren i planeringen av stödet till
          barnet; ni frågas bara om det som vårdnadshavarna har samtyckt till.
        </p>
        {card.message ? (
          <p>
            <strong>Meddelande:</strong> {card.message}
          </p>
        ) : null}
      </section>
      {card.status === "completionAsked" && card.completionNote ? (
        <div className="notice" role="note">
          <p>
            <strong>Socialtjänsten ber om komplettering:</strong> {card.completionNote}
          </p>
        </div>
      ) : null}
      {editable ? (
        <>
          {conflict ? (
            <div className="notice notice--error" role="alert">
              <p>
                <strong>Någon annan har sparat skolkortet</strong>
                {conflict.savedByName ? ` (${conflict.savedByName}` : " ("}
                {conflict.savedAt ? `, ${formatDateTime(conflict.savedAt)})` : ")"} medan du skrev.
                Dina ändringar är inte sparade.
              </p>
              <p>
                Välj: <Link to={`/skolkort/${card.id}`}>hämta den sparade versionen</Link> (dina
                ändringar försvinner), eller spara dina ändringar ovanpå den med knappen nedan.
              </p>
            </div>
          ) : null}
          {/* One form for the page's life: a conflict, from a save or from an autosave, leaves
              everything typed in place. */}
          <SchoolCardForm
            allowedCategories={card.categories}
            defaultValues={answers?.values ?? card.answers}
            serverErrors={answers?.fieldErrors}
            formError={
              conflict
                ? "Någon annan har sparat skolkortet medan du skrev. Spara igen för att behålla dina ändringar."
                : null
            }
            // After a conflict the next save is based on the version now saved: a deliberate
            // choice to keep one's own changes.
            version={conflict ? conflict.version : version}
            onChange={(_values, formData) => fetcher.submit(formData, { method: "post" })}
            draftStatus={
              fetcher.state !== "idle"
                ? "Sparar utkastet …"
                : savedAt
                  ? `Utkastet sparades ${formatTime(savedAt)}.`
                  : null
            }
          />
        </>
      ) : card.status === "returned" || card.status === "accepted" ? (
        <>
          <p>
            Skolkortet skickades {card.submittedAt ? formatDateTime(card.submittedAt) : ""} och kan
            inte ändras. Socialtjänsten kan be om komplettering.
          </p>
          <SchoolCardAnswers answers={card.answers} allowedCategories={card.categories} />
        </>
      ) : null}
    </>
  );
}

function SocialServicesSide({ card }: { card: Card }) {
  const actionData = useActionData<typeof action>();
  const review = actionData?.kind === "review" ? actionData : null;
  return (
    <>
      {card.status === "stopped" ? (
        <div className="notice notice--error">
          <p>
            <strong>Skolkortet är stoppat.</strong> {card.stoppedReason} Skolan ser det inte längre.
          </p>
        </div>
      ) : null}
      <p className="actions">
        <Link to={`/barn/${card.childId}/skolkort`}>Alla skolkort för barnet</Link>
        {card.status === "returned" || card.status === "accepted" ? (
          <a href={`/skolkort/${card.id}/pdf`} download>
            Ladda ner som PDF (för akten)
          </a>
        ) : null}
      </p>
      {card.status === "returned" || card.status === "accepted" ? (
        <SchoolCardAnswers answers={card.answers} allowedCategories={card.categories} />
      ) : card.status !== "stopped" ? (
        <p>Skolan har inte skickat skolkortet ännu.</p>
      ) : null}
      {card.status === "returned" ? (
        <section aria-labelledby="granskning" className="card">
          <h2 id="granskning">Granska</h2>
          <Form method="post" className="actions">
            <input type="hidden" name="intent" value="accept" />
            <button type="submit" className="button">
              Godkänn skolkortet
            </button>
          </Form>
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="completion" />
            <TextAreaField
              name="completionNote"
              label="Be om komplettering"
              hint="Skriv vad som saknas. Skolkortet öppnas igen för skolan med din text, och skolan får två veckor på sig."
              rows={3}
              defaultValue={review?.note}
              error={review?.fieldErrors.completionNote}
            />
            <div className="actions">
              <button type="submit" className="button button--secondary">
                Be om komplettering
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}
