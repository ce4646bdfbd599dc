/**
 * A child's page (caseworker and district manager): the record, with the identity number masked
 * unless asked for, and the consent part: status for the current school, consents, links sent,
 * legal bases, and what may pass each way. Opening it is logged twice (the record, the consents);
 * the revocation, withdrawal and ending buttons post here.
 *
 * Asking for the whole number (`?visa=personnummer`) reveals it, and logs that, only within five
 * minutes of the session's last authentication; after that the page shows a step-up gate where
 * the number is, and its confirmation (intent "confirmReveal") posts here and comes back to
 * reveal it (issue 17).
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { readForm } from "~/lib/read-form.server";
import { StepUpGate } from "~/auth/components/StepUpGate";
import { requireActor } from "~/auth/session.server";
import { confirmGate } from "~/auth/step-up-gate.server";
import { stepUpPrompt } from "~/auth/step-up.server";
import { requireId } from "~/lib/not-found.server";
import { getChild, requireChildAccess } from "~/modules/children/children.server";
import { fieldErrorsFrom, type FieldErrors } from "~/lib/form";
import { MaturityAssessment } from "~/modules/consent/components/MaturityAssessment";
import {
  consentOverview,
  endLegalBasis,
  recordMaturityAssessment,
  revokeConsent,
  withdrawConsentLink,
} from "~/modules/consent/consent.server";
import { maturitySchema } from "~/modules/consent/schema";
import {
  ConsentLinksTable,
  ConsentStatus,
  ConsentsTable,
  DisclosureTable,
  LegalBasesList,
} from "~/modules/consent/components/ConsentTables";

// The child's name stays out of the title: titles end up in browser history and tab lists.
export const meta: MetaFunction = () => [{ title: "Barn – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  const asked = new URL(request.url).searchParams.get("visa") === "personnummer";
  // Only asked for is the number a reason to check the session's age (no query otherwise).
  const stepUp = asked ? await stepUpPrompt(actor) : null;
  const requestId = context.requestId as string | undefined;
  // An outsider gets the 404 here, before any gate: the gate would confirm the child exists.
  const child = await getChild(actor, childId, { reveal: asked && !stepUp, requestId });
  const overview = await consentOverview(actor, childId, { requestId });
  return {
    child,
    overview,
    isManager: actor.membership.role === "districtManager",
    /** Set when the whole number was asked for but the session must be confirmed first. */
    revealGate: stepUp,
  };
}

const NOTICES: Record<string, string> = {
  aterkallat: "Samtycket är återkallat. Från och med nu lämnas inga uppgifter med stöd av det.",
  "redan-aterkallat": "Samtycket var redan återkallat.",
  "lank-tillbakadragen": "Länken är tillbakadragen och fungerar inte längre.",
  "lank-stangd": "Länken var redan besvarad eller tillbakadragen.",
  "grund-avslutad": "Den rättsliga grunden är avslutad.",
  "grund-redan-avslutad": "Den rättsliga grunden var redan avslutad.",
  "samtycke-registrerat": "Samtycket är registrerat.",
  "lank-skickad": "Samtyckeslänken är skickad. Mottagaren har 14 dagar på sig att svara.",
  "grund-registrerad": "Den rättsliga grunden och sekretessprövningen är registrerade.",
  "mognad-bedomd": "Mognadsbedömningen är sparad.",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  const form = await readForm(request);
  const intent = form.get("intent");
  const ctx = { requestId: context.requestId as string | undefined };
  const id = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  let notice: string;
  if (intent === "confirmReveal") {
    // Scope first: an outsider's post is the same 404 whatever it holds, and tries no code.
    await requireChildAccess(actor, childId);
    const refusal = await confirmGate(actor, form, context.clientAddress);
    if (refusal) return { revealError: refusal };
    return redirect(`/barn/${childId}?visa=personnummer#uppgifter`);
  }
  if (intent === "revokeConsent") {
    const result = await revokeConsent(actor, childId, id("consentId"), ctx);
    notice = result.kind === "revoked" ? "aterkallat" : "redan-aterkallat";
  } else if (intent === "withdrawLink") {
    const result = await withdrawConsentLink(actor, childId, id("consentRequestId"), ctx);
    notice = result.kind === "withdrawn" ? "lank-tillbakadragen" : "lank-stangd";
  } else if (intent === "endLegalBasis") {
    const result = await endLegalBasis(actor, childId, id("legalBasisId"), ctx);
    notice = result.kind === "ended" ? "grund-avslutad" : "grund-redan-avslutad";
  } else if (intent === "assessMaturity") {
    const values = {
      mature: form.get("mature") ?? undefined,
      motivation: form.get("motivation") ?? undefined,
    };
    const parsed = maturitySchema.safeParse(values);
    if (!parsed.success) {
      await requireChildAccess(actor, childId);
      return { maturityErrors: fieldErrorsFrom(parsed.error.issues), values };
    }
    await recordMaturityAssessment(actor, childId, parsed.data, ctx);
    notice = "mognad-bedomd";
  } else {
    throw new Response("Okänd åtgärd", { status: 400 });
  }
  return redirect(`/barn/${childId}?klart=${notice}#samtycken`);
}

export default function ChildPage() {
  const { child, overview, isManager, revealGate } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const maturityAnswer = actionData && "maturityErrors" in actionData ? actionData : undefined;
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("klart") ?? ""];
  return (
    <div className="page">
      <p className="eyebrow">
        <Link to="/barn">Barn</Link> · {child.districtName}
      </p>
      <h1>
        {child.firstName} {child.lastName}
      </h1>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {child.protectedIdentity ? (
        <p className="notice">
          <strong>Skyddade personuppgifter.</strong> Bara barnets handläggare och enhetschefen kan
          öppna uppgifterna. Var barnet bor eller är placerat visas aldrig för skolan, och inga
          e-postmeddelanden skickas automatiskt om barnet. Varje visning loggas.
        </p>
      ) : null}

      <ConsentStatus overview={overview} />

      <ChildFacts child={child} isManager={isManager} revealGate={revealGate} />

      <Consents
        childId={child.id}
        overview={overview}
        maturityErrors={maturityAnswer?.maturityErrors}
        typed={maturityAnswer?.values as Record<string, string> | undefined}
      />

      <LegalBasis childId={child.id} overview={overview} />

      <section aria-labelledby="utlamning">
        <h2 id="utlamning">Vad får lämnas ut i dag</h2>
        <DisclosureTable overview={overview} />
      </section>
    </div>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** The child's record: identity number (shown whole on request, logged), school, custody. */
function ChildFacts({
  child,
  isManager,
  revealGate,
}: {
  child: Loaded["child"];
  isManager: boolean;
  revealGate: Loaded["revealGate"];
}) {
  const custody =
    child.guardians === 1
      ? child.soleCustodian
        ? "En, med ensam vårdnad"
        : "En registrerad (ensam vårdnad är inte registrerad)"
      : child.soleCustodian
        ? "Två; vårdnadshavare 1 har ensam vårdnad"
        : "Två, gemensam vårdnad";
  return (
    <section aria-labelledby="uppgifter" className="card">
      <h2 id="uppgifter">Uppgifter</h2>
      <dl className="facts">
        <dt>Personnummer</dt>
        <dd>
          {child.personalIdentityNumber}{" "}
          {child.identityNumberRevealed ? null : revealGate ? (
            <RevealGate kind={revealGate} childId={child.id} />
          ) : (
            <Link to="?visa=personnummer">
              Visa hela personnumret
              <span className="visually-hidden"> (visningen loggas)</span>
            </Link>
          )}
        </dd>
        <dt>Skola</dt>
        <dd>{child.schoolName ?? "Ingen skola registrerad"}</dd>
        <dt>Placering</dt>
        <dd>{child.placementLabel}</dd>
        <dt>Vårdnadshavare</dt>
        <dd>{custody}</dd>
        <dt>Handläggare</dt>
        <dd>{child.caseworkerName}</dd>
        <dt>Skyddade personuppgifter</dt>
        <dd>{child.protectedIdentity ? "Ja" : "Nej"}</dd>
      </dl>
      <div className="actions">
        {isManager ? null : (
          <Link className="button" to={`/barn/${child.id}/skolkort/ny`}>
            Begär skolkort
          </Link>
        )}
        <Link to={`/barn/${child.id}/skolkort`}>Skolkort över tid</Link>
        <Link to={`/barn/${child.id}/redigera`}>Ändra uppgifter eller lämna över</Link>
        {isManager ? <Link to={`/barn/${child.id}/logg`}>Loggutdrag</Link> : null}
      </div>
    </section>
  );
}

/** Where the number is: the confirmation asked before the whole number is shown. */
function RevealGate({
  kind,
  childId,
}: {
  kind: NonNullable<Loaded["revealGate"]>;
  childId: string;
}) {
  const actionData = useActionData<typeof action>();
  const answer = actionData && "revealError" in actionData ? actionData : undefined;
  return (
    <StepUpGate
      kind={kind}
      intent="confirmReveal"
      purpose="för att visa hela personnumret"
      submitLabel={
        <>
          Visa personnumret<span className="visually-hidden"> (visningen loggas)</span>
        </>
      }
      error={answer?.revealError}
      answer={answer}
      cancelTo={`/barn/${childId}`}
    />
  );
}

/** Consents: how to ask for one, the child's maturity, the consents given, and the links sent. */
function Consents({
  childId,
  overview,
  maturityErrors,
  typed,
}: {
  childId: string;
  overview: Loaded["overview"];
  maturityErrors: FieldErrors | undefined;
  typed: Record<string, string> | undefined;
}) {
  return (
    <section aria-labelledby="samtycken">
      <h2 id="samtycken">Samtycken</h2>
      <p>
        Ett samtycke gäller de områden, den skola och den tid som den som gav det har godkänt. Varje
        vårdnadshavare, och barnet från {overview.maturity.consentAge} år, ger sitt eget.
      </p>
      <div className="actions">
        {overview.linkAllowed ? (
          <Link className="button" to={`/barn/${childId}/samtycke/lank`}>
            Skicka samtyckeslänk
          </Link>
        ) : null}
        <Link className="button button--secondary" to={`/barn/${childId}/samtycke/ny`}>
          Registrera samtycke på blankett eller muntligt
        </Link>
      </div>
      {overview.linkAllowed ? null : (
        <p className="muted">
          Barnet har skyddade personuppgifter: samtycke via e-postlänk går inte att skicka.
        </p>
      )}
      <MaturityAssessment
        maturity={overview.maturity}
        serverErrors={maturityErrors}
        typed={typed}
      />
      <ConsentsTable overview={overview} childId={childId} />
      <h3>Samtyckeslänkar</h3>
      <ConsentLinksTable overview={overview} />
    </section>
  );
}

/** A legal basis: the school's duty to report, for which no consent is needed. */
function LegalBasis({ childId, overview }: { childId: string; overview: Loaded["overview"] }) {
  return (
    <section aria-labelledby="rattslig-grund">
      <h2 id="rattslig-grund">Rättslig grund</h2>
      <p>
        När skolan har en skyldighet att lämna uppgifter till socialtjänsten behövs inget samtycke
        för just det. Registrera grunden och din sekretessprövning.
      </p>
      <div className="actions">
        <Link className="button button--secondary" to={`/barn/${childId}/rattslig-grund`}>
          Registrera rättslig grund
        </Link>
      </div>
      <LegalBasesList overview={overview} />
    </section>
  );
}
