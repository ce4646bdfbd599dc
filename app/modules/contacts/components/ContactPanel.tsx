import type { ContactPerson, SchoolContactPanel } from "../contacts.server";

function PersonCard({ heading, person }: { heading: string; person: ContactPerson }) {
  return (
    <div>
      <h3>{heading}</h3>
      <p>
        <strong>{person.name}</strong>
      </p>
      {person.title ? <p>{person.title}</p> : null}
      {person.phone ? (
        <p>
          Telefon: <a href={`tel:${person.phone.replace(/[^\d+]/g, "")}`}>{person.phone}</a>
        </p>
      ) : null}
      <p>
        E-post: <a href={`mailto:${person.email}`}>{person.email}</a>
      </p>
    </div>
  );
}

/** Whom a school calls in social services: always at the top of the school's start page. */
export function ContactPanel({ panel }: { panel: SchoolContactPanel }) {
  return (
    <section className="contact-panel" aria-labelledby="kontakt-socialtjansten">
      <p className="acute">Vid akut fara – ring 112</p>
      <h2 id="kontakt-socialtjansten">Din kontakt i socialtjänsten</h2>
      {panel.contact ? (
        <p className="muted">
          {panel.source === "school"
            ? `Utsedd för ${panel.schoolName} av ${panel.districtName}.`
            : `${panel.districtName}s kontaktperson för skolorna i området.`}
        </p>
      ) : (
        <p className="status-missing">
          Ingen kontaktperson är utsedd för skolan just nu. Kontakta mottagningen nedan.
        </p>
      )}
      <div className="contact-panel__grid">
        {panel.contact ? <PersonCard heading="Kontaktperson" person={panel.contact} /> : null}
        {panel.deputy ? <PersonCard heading="Ersättare" person={panel.deputy} /> : null}
        <div>
          <h3>Mottagningen, {panel.districtName}</h3>
          <p>
            Telefon:{" "}
            {panel.intakePhone ? (
              <a href={`tel:${panel.intakePhone.replace(/[^\d+]/g, "")}`}>{panel.intakePhone}</a>
            ) : (
              "saknas"
            )}
          </p>
          <p>
            E-post:{" "}
            {panel.intakeEmail ? (
              <a href={`mailto:${panel.intakeEmail}`}>{panel.intakeEmail}</a>
            ) : (
              "saknas"
            )}
          </p>
        </div>
        <div>
          <h3>Socialjouren (kvällar och helger)</h3>
          <p>
            Telefon:{" "}
            {panel.outOfHoursPhone ? (
              <a href={`tel:${panel.outOfHoursPhone.replace(/[^\d+]/g, "")}`}>
                {panel.outOfHoursPhone}
              </a>
            ) : (
              "saknas"
            )}
          </p>
        </div>
      </div>
    </section>
  );
}
