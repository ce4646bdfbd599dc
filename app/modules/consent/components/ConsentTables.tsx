/**
 * The consent part of a child's page: the status for the current school, the consents with their
 * revocation, the consent links sent, the legal bases, and what may pass in each direction.
 * Types only from the server module: the values arrive through the loader.
 */
import { Form } from "@remix-run/react";
import { formatCalendarDate, formatDateTime } from "~/lib/dates";
import type { SerializeFrom } from "@remix-run/node";
import type { ConsentOverview } from "../consent.server";
import {
  CONSENT_METHOD_LABELS,
  DISCLOSURE_CATEGORY_LABELS,
  joinSwedish,
  type DisclosureCategory,
} from "../policy";

type Overview = SerializeFrom<ConsentOverview>;

const STATUS_CLASS: Record<string, string> = {
  active: "badge badge--create",
  partial: "badge badge--due",
  upcoming: "badge badge--update",
  expired: "badge badge--refused",
  revoked: "badge badge--refused",
  missing: "badge badge--none",
};

function categoryList(categories: readonly DisclosureCategory[]) {
  return joinSwedish(categories.map((c) => DISCLOSURE_CATEGORY_LABELS[c]));
}

function capitalised(text: string) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function ConsentStatus({ overview }: { overview: Overview }) {
  const { status, school } = overview;
  return (
    <section className="card consent-status" aria-labelledby="samtycke-status">
      <p id="samtycke-status" className="consent-status__line">
        <strong>Samtycke: </strong>
        <span className={STATUS_CLASS[status.kind]}>{status.label}</span>
      </p>
      {status.kind === "active" && school ? (
        <p>
          Gäller {categoryList(status.categories)} mellan stadsdelsförvaltningen och {school.name}{" "}
          från och med {formatCalendarDate(status.validFrom!)} till och med{" "}
          {formatCalendarDate(status.validTo!)}.
        </p>
      ) : null}
      {status.reason ? <p>{status.reason}</p> : null}
      <p className="muted">
        Samtycke behövs från {joinSwedish(overview.requiredGiverLabels)}.
        {school ? null : " Barnet har ingen skola registrerad."}
      </p>
    </section>
  );
}

export function ConsentsTable({ overview, childId }: { overview: Overview; childId: string }) {
  if (overview.consents.length === 0) return <p>Inga samtycken är registrerade.</p>;
  return (
    <div className="table-wrap" role="region" aria-label="Registrerade samtycken" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Registrerade samtycken</caption>
        <thead>
          <tr>
            <th scope="col">Från</th>
            <th scope="col">Gäller</th>
            <th scope="col">Period</th>
            <th scope="col">Hur</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Åtgärd</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.consents.map((c) => (
            <tr key={c.id}>
              <td>
                {capitalised(c.giverLabel)}
                <span className="block">{c.giverName}</span>
              </td>
              <td>
                {capitalised(categoryList(c.categories))}
                <span className="block muted">{c.schoolName}</span>
              </td>
              <td>
                {c.validFrom} – {c.validTo}
              </td>
              <td>
                {capitalised(CONSENT_METHOD_LABELS[c.method])}, {c.obtainedOn}
                <span className="block muted">
                  Registrerat av {c.recordedByName} {formatDateTime(c.recordedAt)}
                </span>
                {c.documentId ? (
                  <a
                    className="block"
                    href={`/barn/${childId}/samtycke/dokument/${c.documentId}`}
                    download
                  >
                    Inskannad blankett
                  </a>
                ) : null}
              </td>
              <td>
                {c.revokedAt ? (
                  <>
                    Återkallat {formatDateTime(c.revokedAt)}
                    <span className="block muted">av {c.revokedByName}</span>
                  </>
                ) : c.current ? (
                  "Gäller"
                ) : (
                  "Gäller inte nu"
                )}
              </td>
              <td>
                {c.revokedAt ? null : (
                  <details className="confirm">
                    <summary>
                      Återkalla
                      <span className="visually-hidden"> samtycket från {c.giverName}</span>
                    </summary>
                    <p>
                      Gör det när {c.giverName} har tagit tillbaka samtycket. Det gäller från och
                      med nu och kan inte ångras; ett nytt samtycke registreras i så fall på nytt.
                    </p>
                    <Form method="post">
                      <input type="hidden" name="intent" value="revokeConsent" />
                      <input type="hidden" name="consentId" value={c.id} />
                      <button type="submit" className="button button--danger">
                        Ja, återkalla samtycket från {c.giverName}
                      </button>
                    </Form>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const REQUEST_STATE_LABELS: Record<string, string> = {
  waiting: "Väntar på svar",
  given: "Samtycke lämnat",
  refused: "Samtycke nekat",
  expired: "Gick ut utan svar",
  withdrawn: "Tillbakadragen",
  locked: "Spärrad (fel födelsedatum)",
};

export function ConsentLinksTable({ overview }: { overview: Overview }) {
  if (overview.requests.length === 0) return <p>Inga samtyckeslänkar har skickats.</p>;
  return (
    <div className="table-wrap" role="region" aria-label="Skickade samtyckeslänkar" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Skickade samtyckeslänkar</caption>
        <thead>
          <tr>
            <th scope="col">Till</th>
            <th scope="col">Gäller</th>
            <th scope="col">Skickad</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="visually-hidden">Åtgärd</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.requests.map((q) => (
            <tr key={q.id}>
              <td>
                {capitalised(q.giverLabel)}
                <span className="block muted">{q.recipientEmail}</span>
              </td>
              <td>
                {capitalised(categoryList(q.categories))}
                <span className="block muted">
                  {q.schoolName}, {q.validFrom} – {q.validTo}
                </span>
              </td>
              <td>
                {formatDateTime(q.sentAt)}
                <span className="block muted">av {q.sentByName}</span>
              </td>
              <td>
                {REQUEST_STATE_LABELS[q.state]}
                {q.answeredAt ? (
                  <span className="block muted">
                    {q.answerName}, {formatDateTime(q.answeredAt)}
                  </span>
                ) : q.state === "waiting" ? (
                  <span className="block muted">Gäller till {formatDateTime(q.expiresAt)}</span>
                ) : null}
              </td>
              <td>
                {q.state === "waiting" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="withdrawLink" />
                    <input type="hidden" name="consentRequestId" value={q.id} />
                    <button type="submit" className="button button--secondary">
                      Dra tillbaka länken
                      <span className="visually-hidden"> till {q.recipientEmail}</span>
                    </button>
                  </Form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LegalBasesList({ overview }: { overview: Overview }) {
  if (overview.legalBases.length === 0) return <p>Ingen rättslig grund är registrerad.</p>;
  return (
    <ul className="plain-list legal-bases">
      {overview.legalBases.map((b) => (
        <li key={b.id} className="card">
          <p>
            <strong>{b.label}</strong>
          </p>
          <p>
            Gäller {categoryList(b.categories)} från {b.schoolName} till socialtjänsten
            {b.validTo ? `, till och med ${b.validTo}` : ""}.
          </p>
          <p className="muted">
            Sekretessprövning av {b.recordedByName} {formatDateTime(b.recordedAt)}:
          </p>
          <blockquote>{b.secrecyAssessment}</blockquote>
          {b.endedAt ? (
            <p>
              Avslutad {formatDateTime(b.endedAt)} av {b.endedByName}.
            </p>
          ) : (
            <details className="confirm">
              <summary>
                Avsluta den rättsliga grunden
                <span className="visually-hidden"> från {formatDateTime(b.recordedAt)}</span>
              </summary>
              <p>
                Gör det när grunden inte längre gäller, till exempel när utredningen är avslutad.
                Det gäller från och med i dag och kan inte ångras.
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="endLegalBasis" />
                <input type="hidden" name="legalBasisId" value={b.id} />
                <button type="submit" className="button button--danger">
                  Ja, avsluta den rättsliga grunden
                </button>
              </Form>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

export function DisclosureTable({ overview }: { overview: Overview }) {
  const school = overview.school?.name ?? "skolan";
  return (
    <div className="table-wrap" role="region" aria-label="Vad som får lämnas ut" tabIndex={0}>
      <table>
        <caption className="visually-hidden">Vad som får lämnas ut, per område</caption>
        <thead>
          <tr>
            <th scope="col">Område</th>
            <th scope="col">Socialtjänsten till {school}</th>
            <th scope="col">{capitalised(school)} till socialtjänsten</th>
          </tr>
        </thead>
        <tbody>
          {overview.decisions.map((d) => (
            <tr key={d.category}>
              <th scope="row">{capitalised(d.label)}</th>
              <td>{d.toSchool.text}</td>
              <td>{d.toSocialServices.text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
