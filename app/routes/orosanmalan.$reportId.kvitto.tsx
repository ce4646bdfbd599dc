/**
 * The receipt after sending: the reference, where the report went and whom to call. The report's
 * own page holds the rest. Only those who may see the report; anyone else: 404.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { notFound, requireId } from "~/lib/not-found.server";
import { getSchoolReport } from "~/modules/reports/reports.server";

export const meta: MetaFunction = () => [{ title: "Kvitto på orosanmälan – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const report = await getSchoolReport(actor, requireId(params.reportId), {
    requestId: context.requestId as string | undefined,
  });
  if (report.status === "draft") throw notFound();
  return {
    id: report.id,
    reference: report.reference,
    status: report.status,
    submittedAt: report.submittedAt,
    receivedAt: report.receivedAt,
    district: report.district,
    outOfHoursPhone: report.outOfHoursPhone,
    wantsFeedback: report.feedbackRequestedAt !== null,
  };
}

export default function Receipt() {
  const r = useLoaderData<typeof loader>();
  const waiting = r.status === "awaitingCosign";
  return (
    <div className="page page--narrow">
      <h1>{waiting ? "Anmälan väntar på rektors underskrift" : "Anmälan är skickad"}</h1>
      <section className="card" aria-labelledby="kvitto">
        <h2 id="kvitto">Kvitto</h2>
        <dl className="facts">
          {r.reference ? (
            <>
              <dt>Referensnummer</dt>
              <dd className="reference">{r.reference}</dd>
            </>
          ) : null}
          <dt>Skickad</dt>
          <dd>{r.submittedAt ? formatDateTime(r.submittedAt) : "–"}</dd>
          {r.receivedAt ? (
            <>
              <dt>Mottagen av</dt>
              <dd>Mottagningen vid {r.district.name}</dd>
              <dt>Tidpunkt</dt>
              <dd>{formatDateTime(r.receivedAt)}</dd>
            </>
          ) : null}
          <dt>Återkoppling</dt>
          <dd>{r.wantsFeedback ? "Begärd" : "Inte begärd – du kan begära den senare"}</dd>
        </dl>
      </section>
      {waiting ? (
        <p>
          Rektor har fått ett e-postmeddelande och skriver under. Anmälan går till socialtjänsten så
          snart rektor har skrivit under. Kan rektor inte skriva under nu, skickar du anmälan direkt
          från anmälans sida. Vid akut fara – ring 112.
        </p>
      ) : (
        <p>
          Mottagningen bekräftar inom en arbetsdag att anmälan har kommit in och anger en
          kontaktperson. Du ser bekräftelsen på anmälans sida och får ett e-postmeddelande.
        </p>
      )}
      <p>
        Mottagningen vid {r.district.name}: {r.district.intakePhone ?? "telefon saknas"}.
        Socialjouren (kvällar och helger): {r.outOfHoursPhone ?? "telefon saknas"}.
      </p>
      <p>
        <Link to={`/orosanmalan/${r.id}`}>Öppna anmälan</Link> ·{" "}
        <Link to="/orosanmalan">Alla orosanmälningar</Link>
      </p>
    </div>
  );
}
