/**
 * Samverkansmöten: the agreement's meetings at the actor's schools for a school year (the
 * årshjul), planned from the active agreement, recorded as held with who took part and short
 * minutes, and a secret calendar address for one's own calendar. For a school's principal, the
 * district manager, and a school's contact person in social services.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { Field } from "~/components/ui/Field";
import { SelectField } from "~/components/ui/SelectField";
import { formatCalendarDate, stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { readForm } from "~/lib/read-form.server";
import {
  hasCalendarFeed,
  listMeetings,
  meetingSchools,
  moveMeeting,
  planSchoolYear,
  recordMeetingHeld,
  renewCalendarFeed,
  schoolYearOf,
} from "~/modules/meetings/meetings.server";
// The labels are plain data the page's own code needs too: not from the .server module, which
// the browser's bundle leaves empty.
import { MEETING_PARTICIPANT_LABELS } from "~/modules/meetings/planning";
import { MEETING_PARTICIPANTS } from "~db/schema";

export const meta: MetaFunction = () => [{ title: "Samverkansmöten – Samverkansportalen" }];

function schoolYearParam(url: URL, today: string): string {
  const asked = url.searchParams.get("lasar") ?? "";
  return /^\d{4}\/\d{2}$/.test(asked) &&
    Number(asked.slice(5)) === (Number(asked.slice(0, 4)) + 1) % 100
    ? asked
    : schoolYearOf(today);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const url = new URL(request.url);
  const today = stockholmDate(new Date());
  const schools = await meetingSchools(actor);
  const schoolYear = schoolYearParam(url, today);
  const schoolId = url.searchParams.get("skola") ?? "";
  const [meetings, feed] = await Promise.all([
    listMeetings(actor, { schoolYear, schoolId: schoolId || undefined }),
    hasCalendarFeed(actor),
  ]);
  const start = Number(schoolYear.slice(0, 4));
  const current = Number(schoolYearOf(today).slice(0, 4));
  return {
    organisationName: actor.membership.organisationName,
    schools,
    schoolId,
    schoolYear,
    years: [current + 1, current, current - 1].map((y) => `${y}/${String(y + 1).slice(2)}`),
    meetings: meetings.map((m) => ({
      ...m,
      plannedText: formatCalendarDate(m.plannedOn),
      heldText: m.heldOn ? formatCalendarDate(m.heldOn) : null,
      participantsText: m.participants.map((p) => MEETING_PARTICIPANT_LABELS[p]).join(", "),
    })),
    planned: url.searchParams.get("planerat"),
    recorded: url.searchParams.get("registrerat") === "1",
    moved: url.searchParams.get("flyttat") === "1",
    feed,
    today,
    previousYear: `${start - 1}/${String(start).slice(2)}`,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const url = new URL(request.url);
  const back = (params: Record<string, string>) => {
    const next = new URLSearchParams(url.search);
    for (const key of ["planerat", "registrerat", "flyttat"]) next.delete(key);
    for (const [key, value] of Object.entries(params)) next.set(key, value);
    return redirect(`/samverkansmoten?${next.toString()}`);
  };
  if (intent === "plan") {
    const schoolYear = schoolYearParam(url, stockholmDate(new Date()));
    const result = await planSchoolYear(actor, String(form.get("schoolId") ?? ""), schoolYear);
    return back({ planerat: result.agreement ? String(result.planned) : "ingen" });
  }
  if (intent === "record") {
    const meetingId = String(form.get("meetingId") ?? "");
    const values = {
      heldOn: String(form.get("heldOn") ?? ""),
      participants: form.getAll("participants").map(String),
      minutes: String(form.get("minutes") ?? ""),
    };
    const result = await recordMeetingHeld(actor, meetingId, values, new Date());
    if (result.ok) return back({ registrerat: "1" });
    return { intent: "record" as const, meetingId, values, fieldErrors: result.fieldErrors };
  }
  if (intent === "move") {
    const meetingId = String(form.get("meetingId") ?? "");
    const values = { plannedOn: String(form.get("plannedOn") ?? "") };
    const result = await moveMeeting(actor, meetingId, values);
    if (result.ok) return back({ flyttat: "1" });
    return { intent: "move" as const, meetingId, values, fieldErrors: result.fieldErrors };
  }
  if (intent === "feed") {
    const token = await renewCalendarFeed(actor);
    return { intent: "feed" as const, feedUrl: `${env().APP_URL}/kalender/${token}.ics` };
  }
  throw new Response("Okänd åtgärd", { status: 400 });
}

export default function CooperationMeetings() {
  const data = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const recordAnswer = answer && answer.intent === "record" ? answer : null;
  const feedAnswer = answer && answer.intent === "feed" ? answer : null;
  const moveAnswer = answer && answer.intent === "move" ? answer : null;
  const chosenSchools = data.schoolId
    ? data.schools.filter((s) => s.id === data.schoolId)
    : data.schools;
  const withoutMeetings = chosenSchools.filter(
    (s) => !data.meetings.some((m) => m.schoolId === s.id),
  );
  return (
    <div className="page">
      <p className="eyebrow">{data.organisationName}</p>
      <h1>Samverkansmöten</h1>
      <p className="lead">
        Överenskommelsens möten som datum under läsåret, och vilka som har hållits. Skriv aldrig
        något om enskilda barn i anteckningarna.
      </p>
      {data.planned ? (
        <p role="status" className="notice">
          {data.planned === "ingen"
            ? "Skolan har ingen aktiv överenskommelse att planera möten från."
            : `${data.planned} möten är planerade.`}
        </p>
      ) : null}
      {data.recorded ? (
        <p role="status" className="notice">
          Mötet är registrerat som hållet.
        </p>
      ) : null}
      {data.moved ? (
        <p role="status" className="notice">
          Mötet har fått ett nytt datum.
        </p>
      ) : null}

      {data.schools.length === 0 ? (
        <p>Du följer inte upp samverkansmöten för någon skola.</p>
      ) : (
        <>
          <Form method="get" className="form filters" aria-label="Välj läsår och skola">
            <SelectField
              name="lasar"
              label="Läsår"
              defaultValue={data.schoolYear}
              options={data.years.map((y) => ({ value: y, label: `Läsåret ${y}` }))}
            />
            {data.schools.length > 1 ? (
              <SelectField
                name="skola"
                label="Skola"
                defaultValue={data.schoolId}
                placeholder="Alla"
                options={data.schools.map((s) => ({ value: s.id, label: s.name }))}
              />
            ) : null}
            <div className="actions">
              <button type="submit" className="button">
                Visa
              </button>
            </div>
          </Form>

          {withoutMeetings.length > 0 ? (
            <section aria-labelledby="planera" className="card">
              <h2 id="planera">Att planera</h2>
              <p>
                Inga möten är planerade för läsåret {data.schoolYear} på skolorna nedan. Datumen
                räknas fram ur den aktiva överenskommelsens möten och hur ofta de hålls.
              </p>
              <ul className="plain-list">
                {withoutMeetings.slice(0, 50).map((s) => (
                  <li key={s.id}>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="plan" />
                      <input type="hidden" name="schoolId" value={s.id} />
                      <button type="submit" className="button button--outline">
                        Planera läsårets möten för {s.name}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <h2>Läsåret {data.schoolYear}</h2>
          {data.meetings.length === 0 ? (
            <p>Inga möten under läsåret.</p>
          ) : (
            <ul className="meetings plain-list">
              {data.meetings.map((m) => {
                const errors = recordAnswer?.meetingId === m.id ? recordAnswer.fieldErrors : null;
                const values = recordAnswer?.meetingId === m.id ? recordAnswer.values : null;
                return (
                  <li key={m.id} className="card meeting">
                    <h3>
                      {m.name}
                      {data.schools.length > 1 ? `, ${m.schoolName}` : ""}
                    </h3>
                    <p>
                      Planerat {m.plannedText}.{" "}
                      {m.heldText ? (
                        <strong>Hållet {m.heldText}.</strong>
                      ) : (
                        <span>Inte registrerat som hållet.</span>
                      )}
                    </p>
                    {m.heldText ? (
                      <dl className="facts">
                        <dt>Deltog</dt>
                        <dd>{m.participantsText}</dd>
                        {m.minutes ? (
                          <>
                            <dt>Anteckningar</dt>
                            <dd className="prewrap">{m.minutes}</dd>
                          </>
                        ) : null}
                        {m.recordedByName ? (
                          <>
                            <dt>Registrerat av</dt>
                            <dd>{m.recordedByName}</dd>
                          </>
                        ) : null}
                      </dl>
                    ) : (
                      <details open={!!errors}>
                        <summary>Registrera att mötet hölls</summary>
                        <Form method="post" className="form">
                          <input type="hidden" name="intent" value="record" />
                          <input type="hidden" name="meetingId" value={m.id} />
                          <Field
                            id={`held-${m.id}`}
                            name="heldOn"
                            label="Dag mötet hölls"
                            hint="ÅÅÅÅ-MM-DD"
                            defaultValue={
                              values?.heldOn ?? (m.plannedOn <= data.today ? m.plannedOn : "")
                            }
                            error={errors?.heldOn}
                            autoComplete="off"
                          />
                          <fieldset
                            className={
                              errors?.participants
                                ? "field choice-group field--error"
                                : "field choice-group"
                            }
                            aria-describedby={
                              errors?.participants ? `deltog-fel-${m.id}` : undefined
                            }
                          >
                            <legend>Vilka var med?</legend>
                            {errors?.participants ? (
                              <p className="field__error" id={`deltog-fel-${m.id}`}>
                                {errors.participants}
                              </p>
                            ) : null}
                            {MEETING_PARTICIPANTS.map((p) => (
                              <div className="choice-group__item" key={p}>
                                <input
                                  type="checkbox"
                                  id={`deltog-${m.id}-${p}`}
                                  name="participants"
                                  value={p}
                                  defaultChecked={values?.participants.includes(p)}
                                />
                                <label htmlFor={`deltog-${m.id}-${p}`}>
                                  {MEETING_PARTICIPANT_LABELS[p]}
                                </label>
                              </div>
                            ))}
                          </fieldset>
                          <div className={errors?.minutes ? "field field--error" : "field"}>
                            <label htmlFor={`minutes-${m.id}`}>Korta anteckningar</label>
                            <p className="field__hint" id={`minutes-hint-${m.id}`}>
                              Vad ni kom fram till om samverkan. Skriv inga namn eller personnummer
                              på barn.
                            </p>
                            {errors?.minutes ? (
                              <p className="field__error" id={`minutes-error-${m.id}`}>
                                {errors.minutes}
                              </p>
                            ) : null}
                            <textarea
                              id={`minutes-${m.id}`}
                              name="minutes"
                              rows={4}
                              maxLength={4000}
                              defaultValue={values?.minutes ?? ""}
                              aria-invalid={errors?.minutes ? true : undefined}
                              aria-describedby={
                                errors?.minutes
                                  ? `minutes-hint-${m.id} minutes-error-${m.id}`
                                  : `minutes-hint-${m.id}`
                              }
                            />
                          </div>
                          <div className="actions">
                            <button type="submit" className="button">
                              Registrera mötet
                            </button>
                          </div>
                        </Form>
                      </details>
                    )}
                    {m.heldText ? null : (
                      <details open={moveAnswer?.meetingId === m.id}>
                        <summary>Flytta mötet</summary>
                        <Form method="post" className="form">
                          <input type="hidden" name="intent" value="move" />
                          <input type="hidden" name="meetingId" value={m.id} />
                          <Field
                            id={`move-${m.id}`}
                            name="plannedOn"
                            label="Nytt datum"
                            hint="ÅÅÅÅ-MM-DD, under samma läsår"
                            defaultValue={
                              moveAnswer?.meetingId === m.id
                                ? moveAnswer.values.plannedOn
                                : m.plannedOn
                            }
                            error={
                              moveAnswer?.meetingId === m.id
                                ? moveAnswer.fieldErrors.plannedOn
                                : undefined
                            }
                            autoComplete="off"
                          />
                          <div className="actions">
                            <button type="submit" className="button button--outline">
                              Spara nytt datum
                            </button>
                          </div>
                        </Form>
                      </details>
                    )}
                  </li>
                );
              })}
            </ul>
          )}

          <section aria-labelledby="kalender" className="card">
            <h2 id="kalender">I din egen kalender</h2>
            <p>
              Prenumerera på mötena i din kalender (Outlook, Google, Apple) med en hemlig adress.
              Kalendern visar bara mötets namn, skolan och datumet. Adressen visas en gång; skapar
              du en ny slutar den gamla att fungera.
            </p>
            {feedAnswer ? (
              <p role="status" className="notice">
                Din kalenderadress: <code className="hash">{feedAnswer.feedUrl}</code>
              </p>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="feed" />
              <button type="submit" className="button button--outline">
                {data.feed ? "Skapa en ny kalenderadress" : "Skapa en kalenderadress"}
              </button>
            </Form>
          </section>
        </>
      )}
    </div>
  );
}
