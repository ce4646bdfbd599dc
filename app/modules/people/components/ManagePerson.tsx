import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef, type RefObject } from "react";
import { ROLE_LABELS } from "~/auth/roles";
import { formatDateTime } from "~/lib/dates";
import type { ContactDuty } from "~/modules/contacts/contacts.server";
import type { ManagedPerson } from "../people.server";
import type { ManageActionData, personPageAction, personPageLoader } from "../manage-form.server";
import { genitive, HandoverForm } from "./HandoverForm";

type Serialized<T> = {
  [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K];
};
type PersonView = Omit<Serialized<ManagedPerson>, "memberships"> & {
  memberships: Serialized<ManagedPerson["memberships"][number]>[];
};

function dutyText(duty: ContactDuty) {
  const what = duty.as === "contact" ? "Kontaktperson" : "Ersättare";
  return duty.schoolName
    ? `${what} för ${duty.schoolName}`
    : `${what} i ${duty.districtName}s standardkontakt (för skolor utan egen kontaktperson)`;
}

function resultText(data: ManageActionData, name: string): string | null {
  const result = data.result;
  if (!result) return null;
  switch (result.kind) {
    case "done":
      if (data.intent === "changeRole") return "Rollen är ändrad.";
      if (data.intent === "reactivate") return "Kontot är aktiverat igen.";
      if (data.intent === "deactivate")
        return `${genitive(name)} konto är avaktiverat och alla inloggningar är avslutade.`;
      return result.accountDeactivated
        ? "Behörigheten är avslutad. Det var personens sista behörighet, så kontot är avaktiverat."
        : "Behörigheten är avslutad.";
    case "unchanged":
      return "Ingenting behövde ändras.";
    case "secondFactorReset":
      return `${genitive(name)} tvåstegsverifiering är återställd. Personen är utloggad och har fått ett e-postmeddelande.`;
    case "noSecondFactor":
      return "Personen har ingen tvåstegsverifiering att återställa.";
    case "handedOver":
      return result.count === 0
        ? "Det fanns inga uppdrag att lämna över."
        : "Uppdragen är överlämnade. Skolornas rektorer får ett e-postmeddelande om ny kontaktperson.";
    default:
      return null;
  }
}

/**
 * A person as their manager sees them: contact details, roles (changeable), contact duties
 * (with the handover), and ending their access. Used by the staff pages of principals,
 * district managers and administrators.
 */
function ManagePerson({
  person,
  actionData,
  backTo,
  backLabel,
}: {
  person: PersonView;
  actionData: ManageActionData | undefined;
  backTo: string;
  backLabel: string;
}) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const refusal = actionData?.result?.kind === "handoverFirst" ? actionData.result : null;
  const self = actionData?.result?.kind === "self";
  const alertRef = useRef<HTMLDivElement>(null);
  // A new answer from the server closes the confirmations again (they remount closed).
  const round = JSON.stringify(actionData ?? null);
  useEffect(() => {
    if (refusal || self) alertRef.current?.focus();
  }, [refusal, self]);
  const message = actionData ? resultText(actionData, person.name) : null;

  return (
    <div className="page">
      <p>
        <Link to={backTo}>{backLabel}</Link>
      </p>
      <h1>{person.name}</h1>
      {person.title ? <p className="lead">{person.title}</p> : null}

      {refusal ? (
        <HandoverFirstAlert
          name={person.name}
          deactivating={actionData?.intent === "deactivate"}
          duties={refusal.duties}
          alertRef={alertRef}
        />
      ) : null}
      {self ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={alertRef}>
          <h2>Du kan inte ändra din egen behörighet</h2>
          <p>Be en annan rektor, enhetschef eller en systemadministratör.</p>
        </div>
      ) : null}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}

      <PersonFacts person={person} />
      {person.duties.length > 0 ? <DutiesSection person={person} actionData={actionData} /> : null}
      <RolesSection person={person} busy={busy} round={round} />
      {person.mayDeactivate && !person.isSelf ? (
        <SecondFactorSection person={person} busy={busy} round={round} />
      ) : null}
      {person.mayDeactivate && !person.isSelf ? (
        <AccountSection person={person} busy={busy} round={round} />
      ) : null}
    </div>
  );
}

/** Why ending access was refused: the duties someone else must take over first. */
function HandoverFirstAlert({
  name,
  deactivating,
  duties,
  alertRef,
}: {
  name: string;
  deactivating: boolean;
  duties: ContactDuty[];
  alertRef: RefObject<HTMLDivElement>;
}) {
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={alertRef}>
      <h2>Uppdragen måste lämnas över först</h2>
      <p>
        {name} är kontaktperson eller ersättare för skolor. Skolorna får inte stå utan kontakt, så{" "}
        {deactivating ? "kontot kan inte avaktiveras" : "behörigheten kan inte avslutas"} förrän
        någon annan har tagit över:
      </p>
      <ul>
        {duties.map((duty) => (
          <li key={duty.assignmentId}>{dutyText(duty)}</li>
        ))}
      </ul>
      <p>
        <a href="#overlamning">Välj vem som tar över</a>
      </p>
    </div>
  );
}

function PersonFacts({ person }: { person: PersonView }) {
  return (
    <dl className="facts person-facts">
      <dt>E-post</dt>
      <dd>
        <a href={`mailto:${person.email}`}>{person.email}</a>
      </dd>
      <dt>Telefon</dt>
      <dd>{person.phone ?? "–"}</dd>
      <dt>Konto</dt>
      <dd>
        {person.deactivatedAt
          ? `Avaktiverat ${formatDateTime(person.deactivatedAt)}${person.deactivatedByName ? ` av ${person.deactivatedByName}` : ""}`
          : "Aktivt"}
      </dd>
    </dl>
  );
}

/** The person's contact duties, with one handover form per district they hold duties in. */
function DutiesSection({
  person,
  actionData,
}: {
  person: PersonView;
  actionData: ManageActionData | undefined;
}) {
  const districts = [...new Map(person.duties.map((d) => [d.districtId, d.districtName]))];
  return (
    <section className="card" id="overlamning" aria-labelledby="uppdrag">
      <h2 id="uppdrag">Uppdrag som kontaktperson</h2>
      <ul className="plain-list">
        {person.duties.map((duty) => (
          <li key={duty.assignmentId}>{dutyText(duty)}</li>
        ))}
      </ul>
      <p>
        Innan {person.name} slutar måste någon annan ta över. Den som tar över blir kontaktperson
        (eller ersättare) där {person.name} är det nu, och historiken sparas.
      </p>
      {districts.map(([districtId, districtName]) => (
        <HandoverForm
          key={districtId}
          districtId={districtId}
          districtName={districtName}
          leavingName={person.name}
          successors={person.successors[districtId] ?? []}
          serverErrors={
            actionData?.intent === "handover" && actionData.values.districtId === districtId
              ? actionData.fieldErrors
              : undefined
          }
        />
      ))}
    </section>
  );
}

function RolesSection({
  person,
  busy,
  round,
}: {
  person: PersonView;
  busy: boolean;
  round: string;
}) {
  const current = person.memberships.filter((m) => m.endedAt === null);
  const ended = person.memberships.filter((m) => m.endedAt !== null);
  return (
    <section aria-labelledby="behorigheter">
      <h2 id="behorigheter">Behörigheter</h2>
      {current.length === 0 ? (
        <p>{person.name} har ingen aktuell behörighet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>{genitive(person.name)} aktuella roller</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Roll</th>
                <th scope="col">Sedan</th>
                <th scope="col">Ändra</th>
              </tr>
            </thead>
            <tbody>
              {current.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.organisationName}</th>
                  <td>{ROLE_LABELS[m.role]}</td>
                  <td>{formatDateTime(m.createdAt)}</td>
                  <td>
                    {person.isSelf ? (
                      <span className="muted">Din egen behörighet</span>
                    ) : (
                      <MembershipActions
                        membership={m}
                        personName={person.name}
                        busy={busy}
                        round={round}
                      />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ended.length > 0 ? <EndedRoles ended={ended} /> : null}
    </section>
  );
}

/** Changing the role in one organisation, or ending the membership there (confirmed first). */
function MembershipActions({
  membership: m,
  personName,
  busy,
  round,
}: {
  membership: PersonView["memberships"][number];
  personName: string;
  busy: boolean;
  round: string;
}) {
  return (
    <div className="row-actions">
      <Form method="post" className="inline-form">
        <input type="hidden" name="intent" value="changeRole" />
        <input type="hidden" name="membershipId" value={m.id} />
        <label htmlFor={`roll-${m.id}`} className="visually-hidden">
          Ny roll i {m.organisationName}
        </label>
        <select id={`roll-${m.id}`} name="role" defaultValue={m.role}>
          {m.roles.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
        <button type="submit" className="button button--small" disabled={busy}>
          Byt roll
        </button>
      </Form>
      <details className="confirm" key={round}>
        <summary>Avsluta behörigheten i {m.organisationName}</summary>
        <p>
          {personName} kan då inte längre arbeta för {m.organisationName} i portalen. Historiken
          sparas.
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value="endMembership" />
          <input type="hidden" name="membershipId" value={m.id} />
          <button type="submit" className="button button--danger" disabled={busy}>
            Ja, avsluta behörigheten
          </button>
        </Form>
      </details>
    </div>
  );
}

function EndedRoles({ ended }: { ended: PersonView["memberships"] }) {
  return (
    <div className="table-wrap">
      <table>
        <caption>Tidigare roller</caption>
        <thead>
          <tr>
            <th scope="col">Organisation</th>
            <th scope="col">Roll</th>
            <th scope="col">Från</th>
            <th scope="col">Till</th>
            <th scope="col">Avslutad av</th>
          </tr>
        </thead>
        <tbody>
          {ended.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.organisationName}</th>
              <td>{ROLE_LABELS[m.role]}</td>
              <td>{formatDateTime(m.createdAt)}</td>
              <td>{formatDateTime(m.endedAt!)}</td>
              <td>{m.endedByName ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The person's second factor, and resetting it (confirmed first) for a lost phone. */
function SecondFactorSection({
  person,
  busy,
  round,
}: {
  person: PersonView;
  busy: boolean;
  round: string;
}) {
  const factors = person.secondFactor;
  const has = factors !== null && (factors.totp || factors.passkeys > 0);
  const what = factors
    ? [
        factors.totp ? "autentiseringsapp" : null,
        factors.passkeys > 0
          ? `${factors.passkeys} ${factors.passkeys === 1 ? "nyckel (passkey)" : "nycklar (passkeys)"}`
          : null,
      ].filter(Boolean)
    : [];
  return (
    <section className="card" aria-labelledby="tvasteg">
      <h2 id="tvasteg">Tvåstegsverifiering</h2>
      <p>{has ? `Påslagen: ${what.join(" och ")}.` : "Inte påslagen."}</p>
      {has ? (
        <details className="confirm" key={round}>
          <summary>Återställ tvåstegsverifieringen</summary>
          <p>
            Gör detta bara när du vet att det är {person.name} som har bett om det, till exempel
            efter en borttappad telefon. Appen, reservkoderna och nycklarna slutar fungera,{" "}
            {person.name} loggas ut överallt och får ett e-postmeddelande. Vid nästa inloggning
            lägger personen till en app igen.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="resetSecondFactor" />
            <button type="submit" className="button button--danger" disabled={busy}>
              Ja, återställ tvåstegsverifieringen
            </button>
          </Form>
        </details>
      ) : null}
    </section>
  );
}

/** Deactivating the account (confirmed first), or activating it again. */
function AccountSection({
  person,
  busy,
  round,
}: {
  person: PersonView;
  busy: boolean;
  round: string;
}) {
  return (
    <section className="card" aria-labelledby="konto">
      <h2 id="konto">Konto</h2>
      {person.deactivatedAt ? (
        <Form method="post">
          <p>Kontot är avaktiverat. Aktiverar du det kan personen logga in igen med sina roller.</p>
          <input type="hidden" name="intent" value="reactivate" />
          <button type="submit" className="button" disabled={busy}>
            Aktivera kontot igen
          </button>
        </Form>
      ) : (
        <details className="confirm" key={round}>
          <summary>Avaktivera kontot</summary>
          <p>
            {person.name} kan då inte logga in, och alla inloggningar avslutas direkt. Rollerna
            finns kvar om kontot aktiveras igen.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="deactivate" />
            <button type="submit" className="button button--danger" disabled={busy}>
              Ja, avaktivera kontot
            </button>
          </Form>
        </details>
      )}
    </section>
  );
}

/** The person page of the three staff pages, on the data of personPageLoader and its action. */
export function ManagePersonPage({ backTo, backLabel }: { backTo: string; backLabel: string }) {
  const { person } = useLoaderData<typeof personPageLoader>();
  const actionData = useActionData<typeof personPageAction>();
  return (
    <ManagePerson person={person} actionData={actionData} backTo={backTo} backLabel={backLabel} />
  );
}
