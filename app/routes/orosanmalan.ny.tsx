/**
 * A new report of concern. First, whom to call when it cannot wait (112, the out-of-hours
 * service, the contact person), then the form. Any school staff member; anyone else: 404.
 */
import { randomUUID } from "node:crypto";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { formResponse, readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { ContactPanel } from "~/modules/contacts/components/ContactPanel";
import { ReportForm } from "~/modules/reports/components/ReportForm";
import { handleReportForm } from "~/modules/reports/report-form.server";
import { getReportFormContext } from "~/modules/reports/reports.server";
import { EMPTY_REPORT } from "~/modules/reports/schema";

export const meta: MetaFunction = () => [{ title: "Ny orosanmälan – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  // One key per form shown: a double submit of this form makes one report.
  return { ...(await getReportFormContext(actor)), submissionKey: randomUUID() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  await getReportFormContext(actor);
  const form = await readForm(request);
  const requestId = context.requestId as string | undefined;
  return formResponse(await handleReportForm(actor, null, form, { requestId }));
}

export default function NewReport() {
  const { schoolName, contacts, cosignRequired, reporterDefaults, submissionKey } =
    useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/orosanmalan">Tillbaka till orosanmälningar</Link>
      </p>
      <p className="eyebrow">{schoolName}</p>
      <h1>Ny orosanmälan</h1>
      <p className="lead">
        Får du veta eller misstänker du att ett barn far illa ska du anmäla det till socialtjänsten
        direkt (19 kap. 1 § socialtjänstlagen). Anmälan går till mottagningen vid{" "}
        {contacts.districtName}. Du behöver inte vara säker.
      </p>
      <ContactPanel panel={contacts} />
      <ReportForm
        values={answer?.values ?? { ...EMPTY_REPORT, ...reporterDefaults }}
        version={null}
        serverErrors={answer?.fieldErrors}
        formError={answer?.formError}
        cosignRequired={cosignRequired}
        submissionKey={submissionKey}
      />
    </div>
  );
}
