/**
 * One version's text as it is signed: title, parties, introduction, sections, meetings and
 * contact roles. The same content the canonical form (and so the hash) is made of.
 */
import { OPERATOR_TYPE_LABELS } from "~/modules/organisations/labels";
import { paragraphs } from "../document";
import type { VersionView } from "../agreements.server";

export function AgreementText({
  version,
  districtName,
}: {
  version: Pick<
    VersionView,
    | "title"
    | "versionNumber"
    | "introduction"
    | "sections"
    | "meetings"
    | "contactRoles"
    | "schools"
  >;
  districtName: string;
}) {
  return (
    <article className="agreement-text" aria-labelledby="overenskommelsens-titel">
      <h2 id="overenskommelsens-titel">
        {version.title} <span className="muted">(version {version.versionNumber})</span>
      </h2>
      <h3>Parter</h3>
      <ul>
        <li>{districtName}</li>
        {version.schools.map((s) => (
          <li key={s.id}>
            {s.name}, skolenhetskod {s.schoolUnitCode} (
            {OPERATOR_TYPE_LABELS[s.operatorType].toLowerCase()})
          </li>
        ))}
      </ul>
      {paragraphs(version.introduction).map((p, i) => (
        <p key={i}>{p}</p>
      ))}
      {version.sections.map((section, i) => (
        <section key={i}>
          <h3>
            {i + 1}. {section.heading}
          </h3>
          {paragraphs(section.body).map((p, j) => (
            <p key={j}>{p}</p>
          ))}
        </section>
      ))}
      {version.meetings.length > 0 ? (
        <section>
          <h3>Möten</h3>
          <ul>
            {version.meetings.map((m, i) => (
              <li key={i}>
                {m.name} – {m.frequency}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {version.contactRoles.length > 0 ? (
        <section>
          <h3>Kontaktroller</h3>
          <dl className="contact-roles">
            {version.contactRoles.map((c, i) => (
              <div key={i}>
                <dt>{c.role}</dt>
                <dd>{c.responsibility}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </article>
  );
}
