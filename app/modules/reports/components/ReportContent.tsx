/** What the school wrote, as both sides read it, and the report's timeline. */
import { formatDateTime } from "~/lib/dates";
import { formatPersonalIdentityNumber } from "~/lib/personal-identity-number";
import type { ConcernReportEventKind } from "~db/schema";
import type { ReportFormValues } from "../schema";

function Text({ value }: { value: string }) {
  return value ? <span className="prewrap">{value}</span> : <span className="muted">–</span>;
}

export function ReportContent({
  content,
  authorName,
}: {
  content: ReportFormValues;
  authorName: string;
}) {
  return (
    <>
      <section className="card" aria-labelledby="barnet">
        <h2 id="barnet">Barnet</h2>
        <dl className="facts">
          <dt>Namn</dt>
          <dd>
            {content.childName || <span className="muted">Okänt</span>}
            {content.childUnknown ? " (anmälaren vet inte vem barnet är)" : null}
          </dd>
          <dt>Personnummer</dt>
          <dd>
            {/^\d{12}$/.test(content.childIdentityNumber)
              ? formatPersonalIdentityNumber(content.childIdentityNumber)
              : "Inte känt"}
          </dd>
          {content.childDescription ? (
            <>
              <dt>Det anmälaren vet</dt>
              <dd>
                <Text value={content.childDescription} />
              </dd>
            </>
          ) : null}
          <dt>Klass eller årskurs</dt>
          <dd>
            <Text value={content.classYear} />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="oron">
        <h2 id="oron">Oron</h2>
        <dl className="facts">
          <dt>Vad oroar</dt>
          <dd>
            <Text value={content.concern} />
          </dd>
          <dt>Sett eller hört</dt>
          <dd>
            <Text value={content.observations} />
          </dd>
          <dt>När</dt>
          <dd>
            <Text value={content.observedWhen} />
          </dd>
          <dt>Av vem</dt>
          <dd>
            <Text value={content.observedBy} />
          </dd>
          <dt>Vårdnadshavarna vet</dt>
          <dd>
            {content.guardiansInformed === "yes"
              ? "Ja"
              : content.guardiansInformed === "no"
                ? "Nej"
                : "–"}
            {content.guardiansInformed === "no" && content.guardiansNotInformedReason ? (
              <>
                {" – "}
                <Text value={content.guardiansNotInformedReason} />
              </>
            ) : null}
          </dd>
          <dt>Andra barn som kan vara berörda</dt>
          <dd>
            <Text value={content.otherChildren} />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="anmalare">
        <h2 id="anmalare">Anmälare</h2>
        <dl className="facts">
          <dt>Namn</dt>
          <dd>{content.reporterName || authorName}</dd>
          <dt>Roll</dt>
          <dd>
            <Text value={content.reporterRole} />
          </dd>
          <dt>Telefon</dt>
          <dd>
            <Text value={content.reporterPhone} />
          </dd>
          <dt>Vill ha återkoppling</dt>
          <dd>{content.wantsFeedback ? "Ja" : "Nej"}</dd>
          <dt>Vill ha anmälningsmöte</dt>
          <dd>{content.wantsMeeting ? "Ja" : "Nej"}</dd>
        </dl>
      </section>
    </>
  );
}

const EVENT_LABELS: Record<ConcernReportEventKind, string> = {
  submitted: "Skickad av skolan",
  cosigned: "Underskriven av rektor",
  received: "Mottagen av socialtjänsten",
  protectionAssessed: "Skyddsbedömning gjord",
  acknowledged: "Mottagandet bekräftat",
  feedbackRequested: "Återkoppling begärd",
  decisionRecorded: "Beslut om utredning registrerat",
  feedbackGiven: "Återkoppling lämnad",
  feedbackWithheld: "Återkoppling lämnas inte",
  forwarded: "Vidarebefordrad",
  meetingProposed: "Anmälningsmöte föreslaget",
  meetingAccepted: "Mötestiden accepterad",
  meetingDeclined: "Skolan bad om en annan tid",
  noteAdded: "Tillägg från skolan",
  closed: "Avslutad",
};

export function Timeline({
  entries,
}: {
  entries: {
    kind: ConcernReportEventKind;
    at: Date | string;
    actorName: string;
    organisationName: string;
    details: Record<string, unknown> | null;
  }[];
}) {
  return (
    <section className="card" aria-labelledby="tidslinje">
      <h2 id="tidslinje">Händelser</h2>
      <ol className="timeline">
        {entries.map((entry, index) => (
          <li key={index}>
            <time dateTime={new Date(entry.at).toISOString()}>{formatDateTime(entry.at)}</time>{" "}
            <strong>{EVENT_LABELS[entry.kind]}</strong>
            {entry.kind === "forwarded" && typeof entry.details?.toDistrictName === "string"
              ? ` till ${entry.details.toDistrictName}`
              : null}
            {entry.kind === "received" ? null : (
              <span className="muted">
                {" "}
                – {entry.actorName}, {entry.organisationName}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
