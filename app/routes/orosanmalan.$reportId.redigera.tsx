/**
 * A saved draft of a report of concern: only its author opens it; anyone else, and a report
 * already sent, is 404. Save again, send, or throw the draft away.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { formResponse, readForm } from "~/lib/read-form.server";
import { requireActor } from "~/auth/session.server";
import { formatDateTime } from "~/lib/dates";
import { requireId } from "~/lib/not-found.server";
import { ContactPanel } from "~/modules/contacts/components/ContactPanel";
import { ReportForm } from "~/modules/reports/components/ReportForm";
import { handleReportForm } from "~/modules/reports/report-form.server";
import {
  deleteReportDraft,
  getReportDraft,
  getReportFormContext,
} from "~/modules/reports/reports.server";

export const meta: MetaFunction = () => [{ title: "Utkast till orosanmälan – Samverkansportalen" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const reportId = requireId(params.reportId);
  const draft = await getReportDraft(actor, reportId, {
    requestId: context.requestId as string | undefined,
  });
  const formContext = await getReportFormContext(actor);
  return { draft, ...formContext };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const reportId = requireId(params.reportId);
  const form = await readForm(request);
  if (form.get("intent") === "delete") {
    await deleteReportDraft(actor, reportId);
    return redirect("/orosanmalan?borttaget=1");
  }
  const requestId = context.requestId as string | undefined;
  return formResponse(await handleReportForm(actor, reportId, form, { requestId }));
}

export default function EditDraft() {
  const { draft, schoolName, contacts, cosignRequired } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="page page--narrow">
      <p>
        <Link to="/orosanmalan">Tillbaka till orosanmälningar</Link>
      </p>
      <p className="eyebrow">{schoolName}</p>
      <h1>Utkast till orosanmälan</h1>
      {params.get("sparat") === "1" && !answer ? (
        <p className="notice" role="status">
          Utkastet är sparat {draft.savedAt ? formatDateTime(draft.savedAt) : ""}. Bara du ser det.
          Anmälan är inte skickad förrän du trycker på Skicka.
        </p>
      ) : null}
      <ContactPanel panel={contacts} />
      <ReportForm
        key={draft.version}
        values={answer?.values ?? draft.values}
        version={draft.version}
        serverErrors={answer?.fieldErrors}
        formError={answer?.formError}
        cosignRequired={cosignRequired}
      />
      <Form method="post" className="card">
        <input type="hidden" name="intent" value="delete" />
        <h2>Ta bort utkastet</h2>
        <p>Utkastet har inte skickats. Tar du bort det går det inte att få tillbaka.</p>
        <button type="submit" className="button button--danger-outline">
          Ta bort utkastet
        </button>
      </Form>
    </div>
  );
}
