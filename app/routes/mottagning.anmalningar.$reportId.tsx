/**
 * One report of concern in the intake unit: everything the school wrote, the deadlines, and the
 * intake's acts: acknowledge with a contact, record the protection assessment, record the
 * decision on an investigation (which is the feedback when the school asked for it: one of three
 * outcomes and the date, after the password again if the login is older than five minutes),
 * forward to another district, propose a report meeting, close. The district manager reads the
 * same without acting. Anyone else: 404.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { readForm } from "~/lib/read-form.server";
import { stepUpPrompt, STEP_UP_MESSAGES } from "~/auth/step-up.server";
import { requireActor } from "~/auth/session.server";
import { formatCalendarDate, formatDateTime, fromStockholmLocal, stockholmDate } from "~/lib/dates";
import { parseForm, type FieldErrors } from "~/lib/form";
import { notFound, requireId } from "~/lib/not-found.server";
import {
  AcknowledgeForm,
  ActForm,
  DecisionForm,
  FeedbackForm,
  ForwardForm,
  MeetingForm,
  WithholdForm,
  type IntakeAnswer,
} from "~/modules/reports/components/IntakeForms";
import { ReportContent, Timeline } from "~/modules/reports/components/ReportContent";
import { DECISION_OUTCOME_LABELS, INBOX_STATE_LABELS } from "~/modules/reports/policy";
import {
  acknowledgeReport,
  closeReport,
  forwardReport,
  getIntakeReport,
  giveFeedback,
  intakeReportAccess,
  listForwardTargets,
  proposeMeeting,
  recordDecision,
  recordProtectionAssessment,
  withholdFeedback,
} from "~/modules/reports/reports.server";
import {
  acknowledgeSchema,
  decisionSchema,
  feedbackSchema,
  forwardSchema,
  meetingSchema,
  withholdSchema,
} from "~/modules/reports/intake-schema";

export const meta: MetaFunction = () => [{ title: "Orosanmälan – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const report = await getIntakeReport(actor, requireId(params.reportId), {
    requestId: context.requestId as string | undefined,
  });
  const districts = report.mayAct ? await listForwardTargets(actor) : [];
  return {
    report,
    districts,
    stepUp: await stepUpPrompt(actor),
    today: stockholmDate(new Date()),
  };
}

/** The answer to a form that did not go through: its errors, and what was typed (no password). */
function answer(
  intent: string,
  form: FormData,
  fieldErrors: FieldErrors,
  formError?: string,
): IntakeAnswer {
  const values: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value === "string" && key !== "password") values[key] = value;
  }
  return { intent, fieldErrors, formError, values };
}

const REFUSALS: Record<string, string> = {
  closed: "Anmälan är avslutad och kan inte ändras.",
  alreadyAcknowledged: "Anmälan är redan bekräftad.",
  alreadyDecided: "Beslutet är redan registrerat och kan inte ändras.",
  decided: "Beslutet om utredning är redan registrerat här, så anmälan kan inte skickas vidare.",
  unknownDistrict: "Välj en annan stadsdel i listan.",
  notReady:
    "Anmälan kan avslutas först när den är bekräftad, beslutet om utredning är registrerat och begärd återkoppling är lämnad eller inte ska lämnas.",
  notPossible: "Det finns ingen återkoppling att lämna just nu.",
  inPast: "Välj en tid som inte har passerat.",
  feedbackRequestedMeanwhile:
    "Skolan begärde återkoppling medan du skrev. Skriv ditt lösenord och ge återkopplingen.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const reportId = requireId(params.reportId);
  const ctx = { requestId: context.requestId as string | undefined };
  // Scope first: an outsider's post is a 404 whatever it holds.
  const access = await intakeReportAccess(actor, reportId);
  if (!access.mayAct) throw notFound();
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const done = (key: string) => redirect(`/mottagning/anmalningar/${reportId}?klart=${key}`);
  const clientAddress = String(context.clientAddress ?? "");

  switch (intent) {
    case "acknowledge": {
      const parsed = parseForm(acknowledgeSchema, form);
      if (!parsed.success) return answer(intent, form, parsed.fieldErrors);
      const result = await acknowledgeReport(actor, reportId, parsed.data, ctx);
      if (result.kind !== "acknowledged") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("bekraftad");
    }
    case "protection": {
      await recordProtectionAssessment(actor, reportId, ctx);
      return done("skyddsbedomning");
    }
    case "decision": {
      const parsed = parseForm(decisionSchema, form);
      if (!parsed.success) return answer(intent, form, parsed.fieldErrors);
      const result = await recordDecision(
        actor,
        reportId,
        parsed.data,
        { password: parsed.data.password, clientAddress },
        ctx,
      );
      if (result.kind === "stepUp") {
        return answer(intent, form, { password: STEP_UP_MESSAGES[result.reason] });
      }
      if (result.kind === "invalidDate") {
        return answer(intent, form, { decisionOn: result.message });
      }
      if (result.kind !== "recorded") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done(result.feedbackGiven ? "aterkoppling" : "beslut");
    }
    case "feedback": {
      const parsed = parseForm(feedbackSchema, form);
      if (!parsed.success) return answer(intent, form, parsed.fieldErrors);
      const password = parsed.data.password ?? "";
      const result = await giveFeedback(actor, reportId, { password, clientAddress }, ctx);
      if (result.kind === "stepUp") {
        return answer(intent, form, { password: STEP_UP_MESSAGES[result.reason] });
      }
      if (result.kind !== "given") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("aterkoppling");
    }
    case "withhold": {
      const parsed = parseForm(withholdSchema, form);
      if (!parsed.success) return answer(intent, form, parsed.fieldErrors);
      const result = await withholdFeedback(actor, reportId, parsed.data.reason, ctx);
      if (result.kind !== "withheld") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("ingen-aterkoppling");
    }
    case "forward": {
      const parsed = parseForm(forwardSchema, form);
      if (!parsed.success) return answer(intent, form, parsed.fieldErrors);
      const result = await forwardReport(actor, reportId, parsed.data, ctx);
      if (result.kind !== "forwarded") {
        return result.kind === "unknownDistrict"
          ? answer(intent, form, { toDistrictId: REFUSALS.unknownDistrict! })
          : answer(intent, form, {}, REFUSALS[result.kind]);
      }
      return redirect("/mottagning/anmalningar?visa=vidarebefordrade&klart=vidarebefordrad");
    }
    case "meeting": {
      const parsed = parseForm(meetingSchema, form);
      if (!parsed.success) return answer(intent, form, parsed.fieldErrors);
      const startsAt = fromStockholmLocal(parsed.data.startsAt);
      if (Number.isNaN(startsAt.getTime())) {
        return answer(intent, form, { startsAt: "Ange en dag och tid som finns." });
      }
      const result = await proposeMeeting(
        actor,
        reportId,
        { startsAt, place: parsed.data.place },
        ctx,
      );
      if (result.kind === "inPast") return answer(intent, form, { startsAt: REFUSALS.inPast! });
      if (result.kind !== "proposed") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("mote");
    }
    case "close": {
      const result = await closeReport(actor, reportId, ctx);
      if (result.kind !== "closedNow") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("avslutad");
    }
    default:
      throw notFound();
  }
}

const NOTICES: Record<string, string> = {
  bekraftad: "Mottagandet är bekräftat. Skolan ser kontaktpersonen nu och har fått e-post.",
  skyddsbedomning: "Att skyddsbedömningen är gjord är registrerat.",
  beslut: "Beslutet är registrerat. Skolan ser det inte förrän den begär återkoppling.",
  aterkoppling: "Återkopplingen är lämnad. Anmälaren och rektor ser den nu.",
  "ingen-aterkoppling":
    "Registrerat att återkoppling inte lämnas. Anmälaren och rektor ser att ingen återkoppling kommer, inte skälet.",
  mote: "Förslaget om anmälningsmöte är skickat till skolan.",
  avslutad: "Anmälan är avslutad i portalen.",
};

export default function IntakeReportPage() {
  const { report, districts, stepUp, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as IntakeAnswer | undefined;
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("klart") ?? ""];
  const openMeeting = report.meetings.find((m) => m.status === "proposed");

  return (
    <div className="page">
      <p>
        <Link to="/mottagning/anmalningar">Tillbaka till inkorgen</Link>
      </p>
      <p className="eyebrow">Mottagningen, {report.districtName}</p>
      <h1>Orosanmälan {report.reference}</h1>
      <p className="lead">
        Från {report.schoolName}, mottagen {formatDateTime(report.receivedAt)}. Status:{" "}
        {INBOX_STATE_LABELS[report.state]}.
      </p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <Circumstances report={report} />

      <Deadlines report={report} />

      <DecisionSteps report={report} result={result} today={today} stepUp={stepUp} />

      <ReportContent content={report.content} authorName={report.authorName} />

      <SchoolNotes notes={report.notes} />

      <Meetings meetings={report.meetings}>
        {report.mayAct ? (
          <MeetingForm
            answer={result}
            heading={openMeeting ? "Föreslå en ny tid" : "Föreslå ett möte"}
          />
        ) : null}
      </Meetings>

      {report.mayAct && !report.decision ? (
        <ForwardForm
          answer={result}
          districts={districts}
          hiddenFromSchool={report.hiddenFromSchool}
        />
      ) : null}

      {report.mayClose ? (
        <ActForm intent="close" heading="Avsluta" answer={result} className="card">
          <p>
            Avslutad anmälan ligger kvar och kan läsas, men skolan kan inte längre begära
            återkoppling eller lägga till uppgifter.
          </p>
          <button type="submit" className="button button--secondary">
            Avsluta anmälan i portalen
          </button>
        </ActForm>
      ) : null}

      <Timeline entries={report.timeline} />
    </div>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type Report = Loaded["report"];

/**
 * What intake must do, each step's form shown until it is done: acknowledge, register the
 * protection assessment, decide on an investigation, and give (or withhold) the feedback.
 */
function DecisionSteps({
  report,
  result,
  today,
  stepUp,
}: {
  report: Report;
  result: IntakeAnswer | undefined;
  today: Loaded["today"];
  stepUp: Loaded["stepUp"];
}) {
  const decisionGivesFeedback = report.feedbackRequestedAt !== null && !report.feedbackWithheld;
  return (
    <>
      {report.mayAct && !report.acknowledgement ? (
        <AcknowledgeForm answer={result} defaults={report.actorDefaults} />
      ) : null}

      {report.mayAct && !report.protectionAssessedAt ? (
        <ActForm
          intent="protection"
          heading="Skyddsbedömning"
          answer={result}
          className="card"
          summary={false}
        >
          <p>
            Registrera att den omedelbara skyddsbedömningen är gjord (20 kap. 1 § SoL). Själva
            bedömningen dokumenteras i verksamhetssystemet, inte här.
          </p>
          <button type="submit" className="button button--secondary">
            Skyddsbedömningen är gjord
          </button>
        </ActForm>
      ) : null}

      {report.mayAct && !report.decision ? (
        <DecisionForm
          answer={result}
          today={today}
          givesFeedback={decisionGivesFeedback}
          stepUp={stepUp}
        />
      ) : null}

      {report.mayAct &&
      report.decision &&
      report.feedbackRequestedAt &&
      !report.feedbackGivenAt &&
      !report.feedbackWithheld ? (
        <FeedbackForm answer={result} stepUp={stepUp}>
          <p>
            Skolan begärde återkoppling efter beslutet. Återkopplingen ska lämnas genast:{" "}
            <strong>{DECISION_OUTCOME_LABELS[report.decision.outcome]}</strong>, beslut{" "}
            {formatCalendarDate(report.decision.decisionOn)}.
          </p>
        </FeedbackForm>
      ) : null}

      {report.mayAct &&
      report.feedbackRequestedAt &&
      !report.feedbackGivenAt &&
      !report.feedbackWithheld ? (
        <WithholdForm answer={result} />
      ) : null}
    </>
  );
}

/** The deadlines: acknowledgement, protection assessment, decision, feedback, meeting. */
function Deadlines({ report }: { report: Report }) {
  const d = report.deadlines;
  return (
    <section className="card" aria-labelledby="frister">
      <h2 id="frister">Frister</h2>
      <dl className="facts">
        <dt>Bekräftelse</dt>
        <dd>
          {report.acknowledgement ? (
            `Bekräftad ${formatDateTime(report.acknowledgement.at)} – kontaktperson ${report.acknowledgement.contactName}, ${report.acknowledgement.contactPhone}`
          ) : d.acknowledgementOverdue ? (
            <strong className="overdue">
              Försenad – skulle ha bekräftats senast {formatCalendarDate(d.acknowledgementDueOn!)}
            </strong>
          ) : (
            `Senast ${formatCalendarDate(d.acknowledgementDueOn!)} (en arbetsdag)`
          )}
        </dd>
        <dt>Skyddsbedömning</dt>
        <dd>
          {report.protectionAssessedAt
            ? `Gjord, registrerad ${formatDateTime(report.protectionAssessedAt)}`
            : "Inte registrerad"}
        </dd>
        <dt>Beslut om utredning</dt>
        <dd>
          {report.decision ? (
            `${DECISION_OUTCOME_LABELS[report.decision.outcome]}, beslut ${formatCalendarDate(report.decision.decisionOn)}`
          ) : d.decisionOverdue ? (
            <strong className="overdue">
              Försenat – senast {formatCalendarDate(d.decisionDueOn!)} (14 dagar)
            </strong>
          ) : (
            `Senast ${formatCalendarDate(d.decisionDueOn!)} (14 dagar, 20 kap. 2 § SoL)`
          )}
        </dd>
        <dt>Återkoppling</dt>
        <dd>
          {report.feedbackGivenAt ? (
            `Lämnad ${formatDateTime(report.feedbackGivenAt)}`
          ) : report.feedbackWithheld ? (
            `Lämnas inte (olämpligt), registrerat ${formatDateTime(report.feedbackWithheld.at)}: ${report.feedbackWithheld.reason}`
          ) : report.feedbackRequestedAt ? (
            d.feedbackOverdue ? (
              <strong className="overdue">
                Begärd {formatDateTime(report.feedbackRequestedAt)} – försenad, senast{" "}
                {formatCalendarDate(d.feedbackDueOn!)}
              </strong>
            ) : (
              `Begärd ${formatDateTime(report.feedbackRequestedAt)} – senast ${formatCalendarDate(d.feedbackDueOn!)}`
            )
          ) : (
            "Inte begärd"
          )}
        </dd>
        <dt>Anmälningsmöte</dt>
        <dd>{report.wantsMeeting ? "Skolan vill ha ett möte" : "Inte önskat av skolan"}</dd>
      </dl>
    </section>
  );
}

/** The report meetings proposed so far and the school's answers, then the form for a new one. */
function Meetings({ meetings, children }: { meetings: Report["meetings"]; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby="moten">
      <h2 id="moten">Anmälningsmöte</h2>
      {meetings.length === 0 ? (
        <p className="muted">Inget möte föreslaget.</p>
      ) : (
        <ul className="plain-list">
          {meetings.map((m) => (
            <li key={m.id}>
              {formatDateTime(m.startsAt)}, {m.place} –{" "}
              {m.status === "proposed"
                ? "väntar på skolans svar"
                : m.status === "accepted"
                  ? "skolan kommer"
                  : `skolan bad om en annan tid${m.answerNote ? `: ${m.answerNote}` : ""}`}
            </li>
          ))}
        </ul>
      )}
      {children}
    </section>
  );
}

/** What the school added after sending. */
function SchoolNotes({ notes }: { notes: Report["notes"] }) {
  return notes.length > 0 ? (
    <section className="card" aria-labelledby="tillagg">
      <h2 id="tillagg">Tillägg från skolan</h2>
      <ul className="plain-list">
        {notes.map((n) => (
          <li key={n.id}>
            <span className="muted">
              {formatDateTime(n.writtenAt)}, {n.authorName}:
            </span>{" "}
            <span className="prewrap">{n.body}</span>
          </li>
        ))}
      </ul>
    </section>
  ) : null;
}

/** What intake must know before acting: protected personal data, a forward from elsewhere. */
function Circumstances({ report }: { report: Report }) {
  return (
    <>
      {report.hiddenFromSchool ? (
        <p className="notice notice--error">
          Skyddade personuppgifter: skolan vet inte att anmälan finns här. Skolan ser den som
          anmälan hos {report.schoolSeesDistrictName}, men ser det ni skriver som kontaktperson och
          telefon, och tid och plats för möten. Skriv inget som röjer var barnet bor.
        </p>
      ) : null}
      {report.forwardedFrom ? (
        <p className="notice">
          Vidarebefordrad från mottagningen vid {report.forwardedFrom.districtName}{" "}
          {formatDateTime(report.forwardedFrom.at)}: {report.forwardedFrom.reason}
        </p>
      ) : null}
    </>
  );
}
