import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formResponse, readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { stepUpPrompt, type StepUpKind } from "~/auth/step-up.server";
import { StepUpField } from "~/auth/components/StepUpField";
import { ErrorSummary } from "~/components/ui/ErrorSummary";
import { Field } from "~/components/ui/Field";
import { formatCalendarDate, formatDateTime } from "~/lib/dates";
import { requireId } from "~/lib/not-found.server";
import { agreementFromForm } from "~/modules/agreements/agreement-form.server";
import { getAgreement } from "~/modules/agreements/agreements.server";
import { AgreementStatusBadge } from "~/modules/agreements/components/AgreementStatusBadge";
import { AgreementText } from "~/modules/agreements/components/AgreementText";
import { SignatoriesTable } from "~/modules/agreements/components/SignatoriesTable";
import { VERSION_STATUS_LABELS } from "~/modules/agreements/policy";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agreement.title ?? "Överenskommelse"} – Samverkansportalen` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const agreement = await getAgreement(actor, requireId(params.agreementId));
  return {
    agreement,
    stepUp: await stepUpPrompt(actor),
    today: new Date().toISOString().slice(0, 10),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const agreementId = requireId(params.agreementId);
  const form = await readForm(request);
  return formResponse(await agreementFromForm(actor, agreementId, form, context.clientAddress));
}

const NOTICES: Record<string, string> = {
  underskriven: "Du har skrivit under. Överenskommelsen väntar på övriga parter.",
  aktiv: "Alla har skrivit under. Den här versionen är nu aktiv.",
  nekad: "Du har nekat underskrift. Förvaltningen har fått ditt skäl.",
  skickad: "Versionen är skickad för underskrift. Alla som ska skriva under har fått e-post.",
  sparad: "Utkastet är sparat.",
};

type LoadedAgreement = ReturnType<typeof useLoaderData<typeof loader>>["agreement"];
type LoadedVersion = LoadedAgreement["versions"][number];

/** The action's answer when it answered this intent: each form shows only its own errors. */
function useIntentErrors(intent: string) {
  const actionData = useActionData<typeof action>();
  return actionData && "intent" in actionData && actionData.intent === intent ? actionData : null;
}

/**
 * The versions the page speaks of: the open one (draft or out for signing), the active one, and
 * the one shown, which is the one asked for in `?version=`, else the open, active or latest.
 */
function versionsOf(agreement: LoadedAgreement, chosen: number) {
  const open = agreement.versions.find((v) => v.status === "draft" || v.status === "signing");
  const active = agreement.versions.find((v) => v.status === "active");
  const shown =
    agreement.versions.find((v) => v.versionNumber === chosen) ??
    open ??
    active ??
    agreement.versions[0]!;
  const draft = agreement.versions.find((v) => v.status === "draft");
  const signing = agreement.versions.find((v) => v.status === "signing");
  return { open, active, shown, draft, signing };
}

export default function AgreementPage() {
  const { agreement, stepUp } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const { open, active, shown, draft, signing } = versionsOf(
    agreement,
    Number(params.get("version")),
  );

  return (
    <div className="page">
      <p className="eyebrow">{agreement.districtName}</p>
      <h1>{agreement.title}</h1>
      <p>
        <AgreementStatusBadge status={agreement.status} />
      </p>
      <Notices />

      <AgreementFacts agreement={agreement} active={active} schoolsOf={open ?? active ?? shown} />
      {agreement.status === "revisionDue" && active ? (
        <p className="notice">
          {agreement.latestTemplateRevision > active.templateRevisionNumber
            ? `Mallen som överenskommelsen bygger på har reviderats (revision ${agreement.latestTemplateRevision}; den aktiva versionen bygger på revision ${active.templateRevisionNumber}). `
            : "Revisionsdatumet har passerats. "}
          Förvaltningen gör en ny version som alla skriver under igen; version{" "}
          {active.versionNumber} gäller tills dess.
        </p>
      ) : null}

      {agreement.toSign && signing ? (
        <section className="card to-sign" aria-labelledby="skriv-under">
          <h2 id="skriv-under">Skriv under version {signing.versionNumber}</h2>
          <p>
            Du skriver under för {agreement.toSign.organisationName} som{" "}
            {agreement.toSign.roleLabel.toLowerCase()}. Läs texten nedan först: din underskrift
            gäller exakt den texten, med kontrollsumman{" "}
            <span className="hash">{signing.contentHash}</span>.
          </p>
          <SignForm signing={signing} stepUp={stepUp} />
          <DeclineForm signing={signing} />
        </section>
      ) : null}

      {agreement.canEdit ? <DistrictActions /> : null}

      <VersionsTable agreement={agreement} shown={shown} />
      {shown.signatories.length > 0 ? <ShownSignatures shown={shown} /> : null}

      {draft && agreement.canEdit && shown.id === draft.id ? (
        <p className="notice">
          Det här är ett utkast. Parterna ser det först när du skickar det för underskrift.
        </p>
      ) : null}
      <AgreementText version={shown} districtName={agreement.districtName} />
    </div>
  );
}

/** What the last step did (from the redirect's query or the action), or why it failed. */
function Notices() {
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = Object.entries(NOTICES).find(([key]) => params.get(key) === "1")?.[1];
  const signErrors = useIntentErrors("sign");
  const done = actionData && "done" in actionData ? actionData.done : null;
  const formError = actionData && "formError" in actionData ? actionData.formError : null;
  return (
    <>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {done ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      {/* A failed signature shows its error in the signing section instead. */}
      {formError && !signErrors ? <ErrorSummary errors={[{ message: formError }]} /> : null}
    </>
  );
}

function AgreementFacts({
  agreement,
  active,
  schoolsOf,
}: {
  agreement: LoadedAgreement;
  active: LoadedVersion | undefined;
  /** The version whose schools are listed: the open one, else the active or shown one. */
  schoolsOf: LoadedVersion;
}) {
  return (
    <dl className="facts">
      <dt>Stadsdelsförvaltning</dt>
      <dd>{agreement.districtName}</dd>
      <dt>Skolor</dt>
      <dd>{schoolsOf.schools.map((s) => s.name).join(", ")}</dd>
      <dt>Aktiv version</dt>
      <dd>
        {active
          ? `Version ${active.versionNumber}, aktiv sedan ${formatDateTime(active.activatedAt!)}`
          : "Ingen ännu"}
      </dd>
      <dt>Revideras senast</dt>
      <dd>
        {agreement.reviewDate
          ? formatCalendarDate(agreement.reviewDate)
          : "Sätts när alla skrivit under"}
        {agreement.status === "revisionDue" ? " – dags för revision" : ""}
      </dd>
    </dl>
  );
}

function SignForm({ signing, stepUp }: { signing: LoadedVersion; stepUp: StepUpKind | null }) {
  const signErrors = useIntentErrors("sign");
  return (
    <>
      {signErrors?.formError ? <ErrorSummary errors={[{ message: signErrors.formError }]} /> : null}
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="sign" />
        <input type="hidden" name="versionId" value={signing.id} />
        <input type="hidden" name="documentHash" value={signing.contentHash ?? ""} />
        {stepUp || signErrors?.fieldErrors.password ? (
          <StepUpField
            kind={stepUp}
            purpose="för att skriva under"
            required
            error={signErrors?.fieldErrors.password}
          />
        ) : null}
        <button type="submit" className="button">
          Skriv under
        </button>
      </Form>
    </>
  );
}

function DeclineForm({ signing }: { signing: LoadedVersion }) {
  const declineErrors = useIntentErrors("decline");
  return (
    <details className="confirm" open={Boolean(declineErrors)}>
      <summary>Skriv inte under</summary>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="decline" />
        <input type="hidden" name="versionId" value={signing.id} />
        <div className={declineErrors?.fieldErrors.reason ? "field field--error" : "field"}>
          <label htmlFor="falt-reason">Varför skriver du inte under?</label>
          <p className="field__hint" id="falt-reason-hjalp">
            Förvaltningen får ditt skäl och kan göra en ny version.
          </p>
          {declineErrors?.fieldErrors.reason ? (
            <p className="field__error" id="falt-reason-fel">
              <span className="visually-hidden">Fel: </span>
              {declineErrors.fieldErrors.reason}
            </p>
          ) : null}
          <textarea
            id="falt-reason"
            name="reason"
            rows={4}
            defaultValue={declineErrors?.values.reason ?? ""}
            aria-invalid={declineErrors?.fieldErrors.reason ? true : undefined}
            aria-describedby={
              declineErrors?.fieldErrors.reason
                ? "falt-reason-hjalp falt-reason-fel"
                : "falt-reason-hjalp"
            }
          />
        </div>
        <button type="submit" className="button button--danger">
          Neka underskrift
        </button>
      </Form>
    </details>
  );
}

function VersionsTable({ agreement, shown }: { agreement: LoadedAgreement; shown: LoadedVersion }) {
  return (
    <section aria-labelledby="versioner">
      <h2 id="versioner">Versioner</h2>
      <div className="table-wrap" role="region" aria-label="Versioner" tabIndex={0}>
        <table>
          <caption>Alla versioner av överenskommelsen</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Händelser</th>
              <th scope="col">Dokument</th>
            </tr>
          </thead>
          <tbody>
            {agreement.versions.map((v) => (
              <tr key={v.id}>
                <th scope="row">
                  {v.versionNumber === shown.versionNumber ? (
                    `Version ${v.versionNumber} (visas)`
                  ) : (
                    <Link to={`?version=${v.versionNumber}`}>Version {v.versionNumber}</Link>
                  )}
                </th>
                <td>{VERSION_STATUS_LABELS[v.status]}</td>
                <td>
                  <VersionEvents version={v} />
                </td>
                <td>
                  {v.hasPdf ? (
                    <a
                      href={`/overenskommelser/${agreement.id}/version/${v.versionNumber}/pdf`}
                      download
                    >
                      Ladda ned undertecknad PDF (version {v.versionNumber})
                    </a>
                  ) : (
                    <span className="muted">–</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function VersionEvents({ version: v }: { version: LoadedVersion }) {
  return (
    <>
      {v.sentAt ? `Skickad ${formatDateTime(v.sentAt)}. ` : ""}
      {v.activatedAt ? `Aktiv från ${formatDateTime(v.activatedAt)}. ` : ""}
      {v.supersededAt ? `Ersatt ${formatDateTime(v.supersededAt)}. ` : ""}
      {v.declinedAt
        ? `Nekad ${formatDateTime(v.declinedAt)} av ${v.declinedByName ?? "okänd"}: ”${v.declineReason}”`
        : ""}
      {v.status === "draft" ? `Senast sparad ${formatDateTime(v.updatedAt)}.` : ""}
    </>
  );
}

function ShownSignatures({ shown }: { shown: LoadedVersion }) {
  return (
    <section aria-labelledby="underskrifter">
      <h2 id="underskrifter">Underskrifter, version {shown.versionNumber}</h2>
      <SignatoriesTable
        signatories={shown.signatories}
        caption={`Parter som skriver under version ${shown.versionNumber}`}
      />
      {shown.contentHash ? (
        <p>
          Kontrollsumma (SHA-256): <span className="hash">{shown.contentHash}</span>.{" "}
          <Link to="/verifiera">Kontrollera en PDF eller kontrollsumma</Link>.
        </p>
      ) : null}
    </section>
  );
}

function DistrictActions() {
  const { agreement, today } = useLoaderData<typeof loader>();
  const draft = agreement.versions.find((v) => v.status === "draft");
  const signing = agreement.versions.find((v) => v.status === "signing");
  return (
    <section className="card" aria-labelledby="forvaltningens-atgarder">
      <h2 id="forvaltningens-atgarder">Förvaltningens åtgärder</h2>
      {draft ? (
        <DraftActions agreement={agreement} draft={draft} signing={signing} />
      ) : (
        <NewVersionForm agreement={agreement} signing={signing} />
      )}
      <ReviewDateForm agreement={agreement} today={today} />
      {agreement.schoolsWithoutPrincipal.length > 0 || agreement.invitations.length > 0 ? (
        <PrincipalInvitations agreement={agreement} />
      ) : null}
    </section>
  );
}

function DraftActions({
  agreement,
  draft,
  signing,
}: {
  agreement: LoadedAgreement;
  draft: LoadedVersion;
  signing: LoadedVersion | undefined;
}) {
  return (
    <>
      <p>
        Version {draft.versionNumber} är ett utkast
        {signing
          ? ""
          : agreement.versions.some((v) => v.status === "active")
            ? "; den aktiva versionen gäller tills den nya är underskriven"
            : ""}
        .
      </p>
      <div className="actions">
        <Link className="button" to={`/overenskommelser/${agreement.id}/redigera`}>
          Redigera utkastet
        </Link>
        <Form method="post">
          <input type="hidden" name="intent" value="send" />
          <button type="submit" className="button button--secondary">
            Skicka för underskrift
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="discard" />
          <button type="submit" className="button button--danger-outline">
            Ta bort utkastet
          </button>
        </Form>
      </div>
    </>
  );
}

function NewVersionForm({
  agreement,
  signing,
}: {
  agreement: LoadedAgreement;
  signing: LoadedVersion | undefined;
}) {
  const latest = agreement.versions[0]!;
  return (
    <Form method="post" className="form">
      <input type="hidden" name="intent" value="newVersion" />
      <fieldset className="choice-group">
        <legend>Gör en ny version</legend>
        <p className="field__hint">
          Den nya versionen skrivs under av alla parter igen.
          {signing
            ? ` Version ${signing.versionNumber}, som är ute för underskrift, återkallas.`
            : ""}
        </p>
        <label className="choice-group__item">
          <input type="radio" name="from" value="current" defaultChecked /> Utgå från texten i
          version {latest.versionNumber}
        </label>
        <label className="choice-group__item">
          <input type="radio" name="from" value="template" /> Utgå från mallens senaste revision
          (revision {agreement.latestTemplateRevision})
        </label>
      </fieldset>
      <button type="submit" className="button">
        Gör en ny version
      </button>
    </Form>
  );
}

function ReviewDateForm({ agreement, today }: { agreement: LoadedAgreement; today: string }) {
  const reviewErrors = useIntentErrors("reviewDate");
  return (
    <Form method="post" className="form inline-form">
      <input type="hidden" name="intent" value="reviewDate" />
      <Field
        name="reviewDate"
        type="date"
        label="Revideras senast"
        hint="Förvalt två år efter att alla skrivit under. Påminnelser går ut 60 och 14 dagar före och på dagen."
        min={today}
        defaultValue={reviewErrors?.values.reviewDate ?? agreement.reviewDate ?? ""}
        error={reviewErrors?.fieldErrors.reviewDate}
        required
      />
      <button type="submit" className="button button--secondary">
        Spara datum
      </button>
    </Form>
  );
}

function PrincipalInvitations({ agreement }: { agreement: LoadedAgreement }) {
  return (
    <section aria-labelledby="inbjudningar">
      <h3 id="inbjudningar">Fristående skolor: bjud in rektor</h3>
      {agreement.schoolsWithoutPrincipal.length > 0 ? (
        <InvitePrincipalForm schools={agreement.schoolsWithoutPrincipal} />
      ) : null}
      {agreement.invitations.length > 0 ? (
        <InvitationsTable invitations={agreement.invitations} />
      ) : null}
    </section>
  );
}

function InvitePrincipalForm({ schools }: { schools: LoadedAgreement["schoolsWithoutPrincipal"] }) {
  const inviteErrors = useIntentErrors("invite");
  return (
    <>
      <p>
        Rektorn för {schools.map((s) => s.name).join(", ")} finns inte i portalen ännu. Bjud in
        rektorn att gå med och skriva under.
      </p>
      <Form method="post" className="form">
        <input type="hidden" name="intent" value="invite" />
        <div className="field">
          <label htmlFor="falt-schoolId">Skola</label>
          <select id="falt-schoolId" name="schoolId" defaultValue={inviteErrors?.values.schoolId}>
            {schools.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          name="name"
          label="Rektorns namn"
          autoComplete="off"
          defaultValue={inviteErrors?.values.name ?? ""}
          error={inviteErrors?.fieldErrors.name}
        />
        <Field
          name="email"
          type="email"
          label="Rektorns e-postadress"
          autoComplete="off"
          defaultValue={inviteErrors?.values.email ?? ""}
          error={inviteErrors?.fieldErrors.email}
        />
        <button type="submit" className="button button--secondary">
          Skicka inbjudan
        </button>
      </Form>
    </>
  );
}

function InvitationsTable({ invitations }: { invitations: LoadedAgreement["invitations"] }) {
  return (
    <div className="table-wrap" role="region" aria-label="Inbjudningar till rektorer" tabIndex={0}>
      <table>
        <caption>Inbjudningar till rektorer</caption>
        <thead>
          <tr>
            <th scope="col">Skola</th>
            <th scope="col">Inbjuden</th>
            <th scope="col">Skickad</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((i) => (
            <tr key={i.id}>
              <th scope="row">{i.schoolName}</th>
              <td>
                {i.name} ({i.email})
              </td>
              <td>{formatDateTime(i.createdAt)}</td>
              <td>{INVITATION_STATUS[i.status]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const INVITATION_STATUS = {
  pending: "Väntar på svar",
  accepted: "Accepterad",
  expired: "Har gått ut",
  revoked: "Återkallad",
} as const;
