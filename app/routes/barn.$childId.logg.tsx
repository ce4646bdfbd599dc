/**
 * A child's audit extract on screen (loggutdrag): for the district manager of the child's
 * district, and an administrator who reaches it. Anyone else, and any id that is not a child in
 * scope, gets 404 from the module. Taking the extract is itself logged.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { requireId } from "~/lib/not-found.server";
import { AuditExtractTable, auditExtractRows } from "~/modules/audit/components/AuditExtractTable";
import { childAuditExtract, extractPeriodFrom } from "~/modules/children/extract.server";

// No name in the title: titles end up in browser history and tab lists.
export const meta: MetaFunction = () => [{ title: "Loggutdrag – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  const period = extractPeriodFrom(new URL(request.url).searchParams);
  const { child, events } = await childAuditExtract(actor, childId, {
    requestId: context.requestId,
    from: period.from,
    to: period.to,
  });
  return {
    child,
    period: { fromDate: period.fromDate, toDate: period.toDate, error: period.error },
    rows: auditExtractRows(events),
  };
}

export default function ChildAuditExtract() {
  const { child, period, rows } = useLoaderData<typeof loader>();
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
            <a
              className="button button--outline"
              href={`/barn/${child.id}/logg.csv${location.search}`}
              download
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
