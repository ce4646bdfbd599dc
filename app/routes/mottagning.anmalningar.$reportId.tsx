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
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { stepUpNeeded, STEP_UP_MESSAGES } from "~/auth/step-up.server";
import { requireActor } from "~/auth/session.server";
import { ChoiceGroup } from "~/components/ui/ChoiceGroup";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { TextAreaField } from "~/components/ui/TextAreaField";
import { formatCalendarDate, formatDateTime, fromStockholmLocal, stockholmDate } from "~/lib/dates";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { notFound, requireId } from "~/lib/not-found.server";
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
  forwardSchema,
  meetingSchema,
  withholdSchema,
} from "~/modules/reports/schema.server";
import { DECISION_OUTCOMES } from "~db/schema";

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
    stepUp: stepUpNeeded(actor),
    today: stockholmDate(new Date()),
  };
}

type Answer = {
  intent: string;
  fieldErrors: FieldErrors;
  formError?: string;
  values: Record<string, string>;
};

function answer(
  intent: string,
  form: FormData,
  fieldErrors: FieldErrors,
  formError?: string,
): Answer {
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
  const values = Object.fromEntries(form);
  const done = (key: string) => redirect(`/mottagning/anmalningar/${reportId}?klart=${key}`);
  const clientAddress = String(context.clientAddress ?? "");

  switch (intent) {
    case "acknowledge": {
      const parsed = acknowledgeSchema.safeParse(values);
      if (!parsed.success) return answer(intent, form, fieldErrorsFrom(parsed.error.issues));
      const result = await acknowledgeReport(actor, reportId, parsed.data, ctx);
      if (result.kind !== "acknowledged") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("bekraftad");
    }
    case "protection": {
      await recordProtectionAssessment(actor, reportId, ctx);
      return done("skyddsbedomning");
    }
    case "decision": {
      const parsed = decisionSchema.safeParse(values);
      if (!parsed.success) return answer(intent, form, fieldErrorsFrom(parsed.error.issues));
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
      const password = String(form.get("password") ?? "");
      const result = await giveFeedback(actor, reportId, { password, clientAddress }, ctx);
      if (result.kind === "stepUp") {
        return answer(intent, form, { password: STEP_UP_MESSAGES[result.reason] });
      }
      if (result.kind !== "given") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("aterkoppling");
    }
    case "withhold": {
      const parsed = withholdSchema.safeParse(values);
      if (!parsed.success) return answer(intent, form, fieldErrorsFrom(parsed.error.issues));
      const result = await withholdFeedback(actor, reportId, parsed.data.reason, ctx);
      if (result.kind !== "withheld") return answer(intent, form, {}, REFUSALS[result.kind]);
      return done("ingen-aterkoppling");
    }
    case "forward": {
      const parsed = forwardSchema.safeParse(values);
      if (!parsed.success) return answer(intent, form, fieldErrorsFrom(parsed.error.issues));
      const result = await forwardReport(actor, reportId, parsed.data, ctx);
      if (result.kind !== "forwarded") {
        return result.kind === "unknownDistrict"
          ? answer(intent, form, { toDistrictId: REFUSALS.unknownDistrict! })
          : answer(intent, form, {}, REFUSALS[result.kind]);
      }
      return redirect("/mottagning/anmalningar?visa=vidarebefordrade&klart=vidarebefordrad");
    }
    case "meeting": {
      const parsed = meetingSchema.safeParse(values);
      if (!parsed.success) return answer(intent, form, fieldErrorsFrom(parsed.error.issues));
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
  const result = useActionData<typeof action>() as Answer | undefined;
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("klart") ?? ""];
  const errorsFor = (intent: string): FieldErrors =>
    result?.intent === intent ? result.fieldErrors : {};
  const valueOf = (intent: string, key: string, fallback = "") =>
    result?.intent === intent ? (result.values[key] ?? fallback) : fallback;
  const summary = (intent: string) =>
    result?.intent === intent
      ? [
          ...(result.formError ? [{ message: result.formError }] : []),
          ...Object.entries(result.fieldErrors).map(([field, message]) => ({ field, message })),
        ]
      : [];
  const d = report.deadlines;
  const decisionGivesFeedback = report.feedbackRequestedAt !== null && !report.feedbackWithheld;
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

      {report.mayAct && !report.acknowledgement ? (
        <Form method="post" className="card form" noValidate>
          <h2>Bekräfta mottagandet</h2>
          <ErrorSummary errors={summary("acknowledge")} />
          <input type="hidden" name="intent" value="acknowledge" />
          <p>Skolan ser kontaktpersonen och telefonnumret direkt och får ett e-postmeddelande.</p>
          <Field
            name="contactName"
            label="Kontaktperson"
            autoComplete="off"
            defaultValue={valueOf("acknowledge", "contactName", report.actorDefaults.contactName)}
            error={errorsFor("acknowledge").contactName}
          />
          <Field
            name="contactPhone"
            label="Telefon till kontaktpersonen"
            type="tel"
            className="input--short"
            defaultValue={valueOf("acknowledge", "contactPhone", report.actorDefaults.contactPhone)}
            error={errorsFor("acknowledge").contactPhone}
          />
          <div>
            <button type="submit" className="button">
              Bekräfta mottagandet
            </button>
          </div>
        </Form>
      ) : null}

      {report.mayAct && !report.protectionAssessedAt ? (
        <Form method="post" className="card">
          <h2>Skyddsbedömning</h2>
          <input type="hidden" name="intent" value="protection" />
          <p>
            Registrera att den omedelbara skyddsbedömningen är gjord (20 kap. 1 § SoL). Själva
            bedömningen dokumenteras i verksamhetssystemet, inte här.
          </p>
          <button type="submit" className="button button--secondary">
            Skyddsbedömningen är gjord
          </button>
        </Form>
      ) : null}

      {report.mayAct && !report.decision ? (
        <Form method="post" className="card form" noValidate>
          <h2>{decisionGivesFeedback ? "Ge återkoppling" : "Registrera beslut om utredning"}</h2>
          <ErrorSummary errors={summary("decision")} />
          <input type="hidden" name="intent" value="decision" />
          <p>
            {decisionGivesFeedback
              ? "Skolan har begärt återkoppling. Anmälaren och rektor får veta beslutet och datumet – inget annat."
              : "Skolan har inte begärt återkoppling. Beslutet syns inte för skolan förrän den begär återkoppling."}
          </p>
          <ChoiceGroup
            type="radio"
            legend="Beslut"
            options={DECISION_OUTCOMES.map((o) => ({
              value: o,
              label: DECISION_OUTCOME_LABELS[o],
            }))}
            checked={[valueOf("decision", "outcome")]}
            error={errorsFor("decision").outcome}
            input={{ name: "outcome" }}
          />
          <Field
            name="decisionOn"
            label="Beslutsdatum"
            type="date"
            max={today}
            className="input--short"
            defaultValue={valueOf("decision", "decisionOn", today)}
            error={errorsFor("decision").decisionOn}
          />
          {decisionGivesFeedback && (stepUp || errorsFor("decision").password) ? (
            <Field
              name="password"
              label="Ditt lösenord"
              hint="Återkoppling kräver att du bekräftar med lösenordet när det är mer än fem minuter sedan du loggade in."
              type="password"
              autoComplete="current-password"
              error={errorsFor("decision").password}
            />
          ) : null}
          <div>
            <button type="submit" className="button">
              {decisionGivesFeedback ? "Ge återkoppling" : "Registrera beslut"}
            </button>
          </div>
        </Form>
      ) : null}

      {report.mayAct &&
      report.decision &&
      report.feedbackRequestedAt &&
      !report.feedbackGivenAt &&
      !report.feedbackWithheld ? (
        <Form method="post" className="card form" noValidate>
          <h2>Ge återkoppling</h2>
          <ErrorSummary errors={summary("feedback")} />
          <input type="hidden" name="intent" value="feedback" />
          <p>
            Skolan begärde återkoppling efter beslutet. Återkopplingen ska lämnas genast:{" "}
            <strong>{DECISION_OUTCOME_LABELS[report.decision.outcome]}</strong>, beslut{" "}
            {formatCalendarDate(report.decision.decisionOn)}.
          </p>
          {stepUp || errorsFor("feedback").password ? (
            <Field
              name="password"
              label="Ditt lösenord"
              type="password"
              autoComplete="current-password"
              error={errorsFor("feedback").password}
            />
          ) : null}
          <div>
            <button type="submit" className="button">
              Ge återkoppling
            </button>
          </div>
        </Form>
      ) : null}

      {report.mayAct &&
      report.feedbackRequestedAt &&
      !report.feedbackGivenAt &&
      !report.feedbackWithheld ? (
        <details className="card">
          <summary>Återkoppling är olämplig</summary>
          <Form method="post" className="form" noValidate>
            <ErrorSummary errors={summary("withhold")} />
            <input type="hidden" name="intent" value="withhold" />
            <p>
              Återkoppling lämnas på begäran om det inte är olämpligt (19 kap. 6 § SoL), till
              exempel när anmälaren själv kan vara inblandad. Skälet stannar hos socialtjänsten;
              anmälaren och rektor ser bara att ingen återkoppling kommer.
            </p>
            <TextAreaField
              name="reason"
              label="Skäl (visas inte för skolan)"
              rows={3}
              defaultValue={valueOf("withhold", "reason")}
              error={errorsFor("withhold").reason}
            />
            <div>
              <button type="submit" className="button button--secondary">
                Lämna inte återkoppling
              </button>
            </div>
          </Form>
        </details>
      ) : null}

      <ReportContent content={report.content} authorName={report.authorName} />

      {report.notes.length > 0 ? (
        <section className="card" aria-labelledby="tillagg">
          <h2 id="tillagg">Tillägg från skolan</h2>
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
        </section>
      ) : null}

      <section className="card" aria-labelledby="moten">
        <h2 id="moten">Anmälningsmöte</h2>
        {report.meetings.length === 0 ? (
          <p className="muted">Inget möte föreslaget.</p>
        ) : (
          <ul className="plain-list">
            {report.meetings.map((m) => (
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
        {report.mayAct ? (
          <Form method="post" className="form" noValidate>
            <ErrorSummary errors={summary("meeting")} />
            <input type="hidden" name="intent" value="meeting" />
            <h3>{openMeeting ? "Föreslå en ny tid" : "Föreslå ett möte"}</h3>
            <Field
              name="startsAt"
              label="Dag och tid"
              type="datetime-local"
              className="input--short"
              defaultValue={valueOf("meeting", "startsAt")}
              error={errorsFor("meeting").startsAt}
            />
            <Field
              name="place"
              label="Plats eller länk till videomöte"
              defaultValue={valueOf("meeting", "place")}
              error={errorsFor("meeting").place}
            />
            <div>
              <button type="submit" className="button button--secondary">
                Skicka förslaget till skolan
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      {report.mayAct && !report.decision ? (
        <Form method="post" className="card form" noValidate>
          <h2>Vidarebefordra till en annan stadsdel</h2>
          <ErrorSummary errors={summary("forward")} />
          <input type="hidden" name="intent" value="forward" />
          <p>
            Om barnet hör till en annan stadsdels område. Skolan ser vart anmälan gick och den
            stadsdelens mottagning, om du inte kryssar i skyddade personuppgifter.
          </p>
          {report.hiddenFromSchool ? (
            <p>Skolan får inte heller veta vart anmälan skickas härifrån.</p>
          ) : (
            <ChoiceGroup
              type="checkbox"
              legend="Skyddade personuppgifter"
              hint="Vart anmälan går säger var barnet bor. Kryssa i om barnet eller familjen har skyddade personuppgifter: skolan ser då fortsatt er mottagning och får inget besked. Kontaktpersonen ni anger vid bekräftelsen visas för skolan."
              options={[{ value: "on", label: "Visa inte skolan vart anmälan skickas" }]}
              checked={valueOf("forward", "hiddenFromSchool") === "on" ? ["on"] : []}
              input={{ name: "hiddenFromSchool" }}
            />
          )}
          <SelectField
            name="toDistrictId"
            label="Stadsdel"
            placeholder="Välj stadsdel"
            options={districts.map((x) => ({ value: x.id, label: x.name }))}
            defaultValue={valueOf("forward", "toDistrictId")}
            error={errorsFor("forward").toDistrictId}
          />
          <TextAreaField
            name="reason"
            label="Skäl"
            hint="Till exempel att barnet är folkbokfört i en annan stadsdel. Skriv inte barnets namn."
            rows={3}
            defaultValue={valueOf("forward", "reason")}
            error={errorsFor("forward").reason}
          />
          <div>
            <button type="submit" className="button button--secondary">
              Vidarebefordra
            </button>
          </div>
        </Form>
      ) : null}

      {report.mayClose ? (
        <Form method="post" className="card">
          <h2>Avsluta</h2>
          <ErrorSummary errors={summary("close")} />
          <input type="hidden" name="intent" value="close" />
          <p>
            Avslutad anmälan ligger kvar och kan läsas, men skolan kan inte längre begära
            återkoppling eller lägga till uppgifter.
          </p>
          <button type="submit" className="button button--secondary">
            Avsluta anmälan i portalen
          </button>
        </Form>
      ) : null}

      <Timeline entries={report.timeline} />
    </div>
  );
}
