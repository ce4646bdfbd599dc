/**
 * A child's audit extract on screen (loggutdrag): for the district manager of the child's
 * district, and an administrator who reaches it. Anyone else, and any id that is not a child in
 * scope, gets 404 from the module. Taking the extract is itself logged.
 *
 * Taking it is a step-up act (issue 17): when the session's last authentication is older than
 * five minutes, the page shows a confirmation instead, takes (and logs) nothing, and its post
 * (intent "confirmExtract") comes back here, with the period, to take it. The CSV beside it sends
 * an old session here too.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { StepUpGate } from "~/auth/components/StepUpGate";
import { requireActor } from "~/auth/session.server";
import { confirmGate } from "~/auth/step-up-gate.server";
import { stepUpPrompt } from "~/auth/step-up.server";
import { requireId } from "~/lib/not-found.server";
import { readForm } from "~/lib/read-form.server";
import { AuditExtractTable, auditExtractRows } from "~/modules/audit/components/AuditExtractTable";
import {
  childAuditExtract,
  extractPeriodFrom,
  requireExtractAccess,
} from "~/modules/children/extract.server";

// No name in the title: titles end up in browser history and tab lists.
export const meta: MetaFunction = () => [{ title: "Loggutdrag – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  const period = extractPeriodFrom(new URL(request.url).searchParams);
  const stepUp = await stepUpPrompt(actor);
  if (stepUp) {
    // Scope first: an outsider gets the same 404 as ever, never the question.
    await requireExtractAccess(actor, childId);
    return { stepUp, extract: null };
  }
  const { child, events } = await childAuditExtract(actor, childId, {
    requestId: context.requestId,
    from: period.from,
    to: period.to,
  });
  return {
    stepUp: null,
    extract: {
      child,
      period: { fromDate: period.fromDate, toDate: period.toDate, error: period.error },
      rows: auditExtractRows(events),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  // Scope first: an outsider's post is the same 404 whatever it holds, and tries no code.
  await requireExtractAccess(actor, childId);
  const form = await readForm(request);
  if (form.get("intent") !== "confirmExtract") throw new Response("Okänd åtgärd", { status: 400 });
  const refusal = await confirmGate(actor, form, context.clientAddress);
  if (refusal) return { stepUpError: refusal };
  return redirect(`/barn/${childId}/logg${periodQuery(new URL(request.url).searchParams)}`);
}

/** The period of the page's address, as the redirect back to it carries it (nothing else). */
function periodQuery(search: URLSearchParams): string {
  const kept = new URLSearchParams();
  for (const name of ["fran", "till"]) {
    const value = search.get(name);
    if (value) kept.set(name, value);
  }
  const query = kept.toString();
  return query ? `?${query}` : "";
}

export default function ChildAuditExtractPage() {
  const { stepUp, extract } = useLoaderData<typeof loader>();
  return extract ? <Extract extract={extract} /> : stepUp ? <ExtractGate kind={stepUp} /> : null;
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

/** The question before the extract is taken: nothing of the child is shown yet. */
function ExtractGate({ kind }: { kind: NonNullable<Loaded["stepUp"]> }) {
  const actionData = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <h1>Loggutdrag</h1>
      <p className="lead">
        Vem som har läst eller ändrat uppgifter om barnet, och när. Att du tar ut loggutdraget
        loggas också.
      </p>
      <section className="card" aria-labelledby="bekrafta">
        <h2 id="bekrafta">Bekräfta att det är du</h2>
        <StepUpGate
          kind={kind}
          intent="confirmExtract"
          purpose="för att ta ut loggutdraget"
          submitLabel="Visa loggutdraget"
          error={actionData?.stepUpError}
          answer={actionData}
        />
      </section>
    </div>
  );
}

function Extract({ extract }: { extract: NonNullable<Loaded["extract"]> }) {
  const { child, period, rows } = extract;
  const location = useLocation();
  const who = child.name ?? `barn ${child.maskedIdentityNumber}`;
  return (
    <div className="page">
      <p className="eyebrow">{child.districtName}</p>
      <h1>Loggutdrag för {who}</h1>
      <p className="lead">
        {child.name ? `${child.maskedIdentityNumber}. ` : null}
        Vem som har läst eller ändrat uppgifter om barnet, och när. Senaste händelsen står först.
        Att du tar ut loggutdraget loggas också.
      </p>
      <Form method="get" className="form filters" aria-label="Välj period">
        {period.error ? (
          <p className="field__error" role="alert" id="period-fel">
            {period.error}
          </p>
        ) : null}
        <div className={period.error ? "field field--error" : "field"}>
          <label htmlFor="fran">Från och med</label>
          <input
            id="fran"
            name="fran"
            type="date"
            defaultValue={period.fromDate}
            aria-invalid={period.error ? true : undefined}
            aria-describedby={period.error ? "period-fel" : undefined}
          />
        </div>
        <div className={period.error ? "field field--error" : "field"}>
          <label htmlFor="till">Till och med</label>
          <input
            id="till"
            name="till"
            type="date"
            defaultValue={period.toDate}
            aria-invalid={period.error ? true : undefined}
            aria-describedby={period.error ? "period-fel" : undefined}
          />
        </div>
        <div className="actions">
          <button type="submit" className="button button--secondary">
            Visa perioden
          </button>
          {period.error ? null : (
            // No `download` attribute: the response's Content-Disposition saves the file, and
            // a session that has aged meanwhile is sent to this page's confirmation, which a
            // download link would have saved as a file instead of showing.
            <a
              className="button button--outline"
              href={`/barn/${child.id}/logg.csv${location.search}`}
            >
              Ladda ner som CSV
            </a>
          )}
        </div>
      </Form>
      <AuditExtractTable rows={rows} caption={`Händelser i loggen, ${rows.length} st.`} />
    </div>
  );
}
