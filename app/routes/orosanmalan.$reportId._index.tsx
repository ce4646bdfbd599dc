/**
 * One report of concern as the school sees it: where it is, who to contact, the feedback (for the
 * sender and the principal only), report meetings to answer, dated additions, and the timeline.
 * The principal co-signs here when the school's routine asks for it. Anyone else: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { formatCalendarDate, formatDateTime } from "~/lib/dates";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { notFound, requireId } from "~/lib/not-found.server";
import { ReportContent, Timeline } from "~/modules/reports/components/ReportContent";
import { DECISION_OUTCOME_LABELS, REPORT_STATUS_LABELS } from "~/modules/reports/policy";
import {
  addReportNote,
  answerMeeting,
  cosignReport,
  getSchoolReport,
  requestFeedback,
  schoolReportAccess,
  sendWithoutCosign,
} from "~/modules/reports/reports.server";
import { meetingAnswerSchema, noteSchema } from "~/modules/reports/schema.server";

// The child's name stays out of the title.
export const meta: MetaFunction = () => [{ title: "Orosanmälan – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const report = await getSchoolReport(actor, requireId(params.reportId), {
    requestId: context.requestId as string | undefined,
  });
  if (report.status === "draft") throw redirect(`/orosanmalan/${report.id}/redigera`);
  return { report };
}

type ActionAnswer = { intent: string; fieldErrors: FieldErrors; values?: Record<string, string> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const reportId = requireId(params.reportId);
  const ctx = { requestId: context.requestId as string | undefined };
  // Scope first: an outsider's post is a 404 whatever it holds.
  await schoolReportAccess(actor, reportId);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "cosign") {
    await cosignReport(actor, reportId, ctx);
    return redirect(`/orosanmalan/${reportId}/kvitto`);
  }
  if (intent === "sendWithoutCosign") {
    await sendWithoutCosign(actor, reportId, ctx);
    return redirect(`/orosanmalan/${reportId}/kvitto`);
  }
  if (intent === "requestFeedback") {
    await requestFeedback(actor, reportId, ctx);
    return redirect(`/orosanmalan/${reportId}?klart=aterkoppling`);
  }
  if (intent === "answerMeeting") {
    const parsed = meetingAnswerSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return {
        intent,
        fieldErrors: fieldErrorsFrom(parsed.error.issues),
        values: { note: String(form.get("note") ?? ""), answer: String(form.get("answer") ?? "") },
      } satisfies ActionAnswer;
    }
    const meetingId = requireId(String(form.get("meetingId") ?? ""));
    await answerMeeting(actor, reportId, meetingId, parsed.data, ctx);
    return redirect(`/orosanmalan/${reportId}?klart=mote`);
  }
  if (intent === "note") {
    const parsed = noteSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return {
        intent,
        fieldErrors: fieldErrorsFrom(parsed.error.issues),
        values: { body: String(form.get("body") ?? "") },
      } satisfies ActionAnswer;
    }
    const added = await addReportNote(actor, reportId, parsed.data.body, ctx);
    if (added.kind !== "added") {
      return {
        intent,
        fieldErrors: {
          body:
            added.kind === "closed"
              ? "Anmälan är avslutad hos socialtjänsten. Gör en ny orosanmälan med de nya uppgifterna."
              : "Tillägg kan göras när anmälan har kommit fram till socialtjänsten.",
        },
        values: { body: parsed.data.body },
      } satisfies ActionAnswer;
    }
    return redirect(`/orosanmalan/${reportId}?klart=tillagg`);
  }
  throw notFound();
}

const NOTICES: Record<string, string> = {
  aterkoppling:
    "Återkoppling är begärd. Mottagningen svarar om en utredning har inletts, inte har inletts eller redan pågår.",
  mote: "Ditt svar om mötet är skickat till mottagningen.",
  tillagg: "Tillägget är sparat. Mottagningen ser det och har fått ett e-postmeddelande.",
};

function Phone({ value }: { value: string | null }) {
  if (!value) return <>telefon saknas</>;
  return <a href={`tel:${value.replace(/[^\d+]/g, "")}`}>{value}</a>;
}

export default function SchoolReportPage() {
  const { report } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>() as ActionAnswer | undefined;
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("klart") ?? ""];
  const errorsFor = (intent: string) => (answer?.intent === intent ? answer.fieldErrors : {});

  return (
    <div className="page">
      <p>
        <Link to="/orosanmalan">Tillbaka till orosanmälningar</Link>
      </p>
      <p className="eyebrow">{report.schoolName}</p>
      <h1>Orosanmälan {report.reference ?? ""}</h1>
      <p className="lead">{REPORT_STATUS_LABELS[report.status]}</p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}

      <CosignForms report={report} />

      <SocialServices report={report} />

      <Feedback report={report} />

      <ReportMeetings
        meetings={report.meetings}
        mayAnswer={report.mayAnswerMeeting}
        values={answer?.values}
        errors={errorsFor("answerMeeting")}
      />

      <ReportContent content={report.content} authorName={report.authorName} />

      <SchoolNotes
        report={report}
        body={answer?.intent === "note" ? (answer.values?.body ?? "") : ""}
        errors={errorsFor("note")}
      />

      <Timeline entries={report.timeline} />
    </div>
  );
}

type Report = ReturnType<typeof useLoaderData<typeof loader>>["report"];

/** The principal's signature, or the sender's way round it while the principal has not signed. */
function CosignForms({ report }: { report: Report }) {
  return (
    <>
      {report.mayCosign ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="cosign" />
          <h2>Skriv under anmälan</h2>
          <p>
            {report.authorName} har skrivit anmälan nedan. Enligt skolans rutin skriver du under
            innan den går till socialtjänsten. Anmälningsplikten gäller omedelbart: skriv under nu.
          </p>
          <button type="submit" className="button">
            Skriv under och skicka till socialtjänsten
          </button>
        </Form>
      ) : null}

      {report.status === "awaitingCosign" && report.access === "sender" ? (
        <Form method="post" className="card">
          <input type="hidden" name="intent" value="sendWithoutCosign" />
          <h2>Väntar på rektors underskrift</h2>
          <p>
            Rektor har fått ett e-postmeddelande. Anmälningsplikten är din egen och gäller
            omedelbart: kan rektor inte skriva under nu, skicka anmälan direkt.
          </p>
          <button type="submit" className="button button--secondary">
            Skicka direkt till socialtjänsten
          </button>
        </Form>
      ) : null}
    </>
  );
}

/** Where the report is once received: the intake office, how to reach it, its acknowledgement. */
function SocialServices({ report }: { report: Report }) {
  return report.receivedAt ? (
    <section className="card" aria-labelledby="socialtjansten">
      <h2 id="socialtjansten">Socialtjänsten</h2>
      {report.forwardedFrom ? (
        <p className="notice">
          Mottagningen vid {report.forwardedFrom.districtName} skickade anmälan vidare till{" "}
          {report.district.name} {formatDateTime(report.forwardedFrom.at)}. Kontakta dem om du har
          frågor.
        </p>
      ) : null}
      <dl className="facts">
        <dt>Anmälan ligger hos</dt>
        <dd>Mottagningen vid {report.district.name}</dd>
        <dt>Mottagningens telefon</dt>
        <dd>
          <Phone value={report.district.intakePhone} />
        </dd>
        {report.district.intakeEmail ? (
          <>
            <dt>Mottagningens e-post</dt>
            <dd>
              <a href={`mailto:${report.district.intakeEmail}`}>{report.district.intakeEmail}</a>
            </dd>
          </>
        ) : null}
        <dt>Mottagen</dt>
        <dd>{formatDateTime(report.receivedAt)}</dd>
        <dt>Bekräftelse</dt>
        <dd>
          {report.acknowledgement ? (
            <>
              Bekräftad {formatDateTime(report.acknowledgement.at)}. Kontaktperson:{" "}
              <strong>{report.acknowledgement.contactName}</strong>, telefon{" "}
              <Phone value={report.acknowledgement.contactPhone} />
            </>
          ) : (
            "Väntar på att mottagningen bekräftar (inom en arbetsdag)."
          )}
        </dd>
      </dl>
    </section>
  ) : null;
}

/** The feedback, for the sender and the principal only; otherwise why there is none (yet). */
function Feedback({ report }: { report: Report }) {
  return report.receivedAt ? (
    <section className="card" aria-labelledby="aterkoppling">
      <h2 id="aterkoppling">Återkoppling</h2>
      {!report.maySeeFeedback ? (
        <p>Återkopplingen är sekretessbelagd och visas bara för anmälaren och rektor.</p>
      ) : report.feedback ? (
        <>
          <p className="feedback-outcome">{DECISION_OUTCOME_LABELS[report.feedback.outcome]}</p>
          <p>
            Beslutsdatum: {formatCalendarDate(report.feedback.decisionOn)}. Lämnad{" "}
            {formatDateTime(report.feedback.givenAt)}.
          </p>
          <p className="muted">
            Mer än så får socialtjänsten inte berätta (19 kap. 6 § socialtjänstlagen).
            Återkopplingen är sekretessbelagd också på skolan: bara du och rektor ser den.
          </p>
        </>
      ) : report.feedbackWithheldAt ? (
        <p>
          Socialtjänsten har bedömt att återkoppling inte kan lämnas i det här fallet (19 kap. 6 §
          socialtjänstlagen). Kontakta mottagningen om du har frågor.
        </p>
      ) : report.feedbackRequestedAt ? (
        <p>
          Begärd {formatDateTime(report.feedbackRequestedAt)}. Mottagningen svarar inom en vecka
          från beslutet om utredning, och beslutet ska fattas inom 14 dagar från anmälan.
        </p>
      ) : report.mayRequestFeedback ? (
        <Form method="post">
          <input type="hidden" name="intent" value="requestFeedback" />
          <p>Du kan få veta om en utredning har inletts, inte har inletts eller redan pågår.</p>
          <button type="submit" className="button">
            Begär återkoppling
          </button>
        </Form>
      ) : (
        <p>Ingen återkoppling är begärd, och anmälan är avslutad hos socialtjänsten.</p>
      )}
    </section>
  ) : null;
}

/** The report meetings intake proposed, and the form to answer the open one. */
function ReportMeetings({
  meetings,
  mayAnswer,
  values,
  errors,
}: {
  meetings: Report["meetings"];
  mayAnswer: boolean;
  values: Record<string, string> | undefined;
  errors: FieldErrors;
}) {
  const openMeeting = meetings.find((m) => m.status === "proposed");
  return meetings.length > 0 ? (
    <section className="card" aria-labelledby="moten">
      <h2 id="moten">Anmälningsmöte</h2>
      <ul className="plain-list">
        {meetings.map((m) => (
          <li key={m.id}>
            {formatDateTime(m.startsAt)}, {m.place} –{" "}
            {m.status === "proposed"
              ? "föreslaget, väntar på svar"
              : m.status === "accepted"
                ? "accepterat"
                : `skolan bad om en annan tid${m.answerNote ? `: ${m.answerNote}` : ""}`}
          </li>
        ))}
      </ul>
      {openMeeting && mayAnswer ? (
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="answerMeeting" />
          <input type="hidden" name="meetingId" value={openMeeting.id} />
          <ChoiceGroup
            type="radio"
            legend={`Passar ${formatDateTime(openMeeting.startsAt)}?`}
            options={[
              { value: "accept", label: "Ja, vi kommer" },
              { value: "decline", label: "Nej, föreslå en annan tid" },
            ]}
            checked={[values?.answer ?? ""]}
            error={errors.answer}
            input={{ name: "answer" }}
          />
          <TextAreaField
            name="note"
            label="Kommentar (vilka tider passar bättre)"
            rows={3}
            defaultValue={values?.note ?? ""}
            error={errors.note}
          />
          <div>
            <button type="submit" className="button">
              Svara
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  ) : null;
}

/** Dated additions: a sent report never changes, so corrections are added here. */
function SchoolNotes({
  report,
  body,
  errors,
}: {
  report: Report;
  body: string;
  errors: FieldErrors;
}) {
  const mayWrite = report.access !== "studentHealth";
  return report.notes.length > 0 || (mayWrite && report.status === "received") ? (
    <section className="card" aria-labelledby="tillagg">
      <h2 id="tillagg">Tillägg och rättelser</h2>
      {report.notes.length === 0 ? (
        <p className="muted">Inga tillägg.</p>
      ) : (
        <ul className="plain-list">
          {report.notes.map((n) => (
            <li key={n.id}>
              <span className="muted">
                {formatDateTime(n.writtenAt)}, {n.authorName}:
              </span>{" "}
              <span className="prewrap">{n.body}</span>
            </li>
          ))}
        </ul>
      )}
      {mayWrite && report.status === "received" ? (
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="note" />
          <TextAreaField
            name="body"
            label="Nytt tillägg"
            hint="En skickad anmälan ändras aldrig. Rättelser och nya uppgifter läggs till med datum."
            rows={3}
            defaultValue={body}
            error={errors.body}
          />
          <div>
            <button type="submit" className="button button--secondary">
              Lägg till
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  ) : null;
}
