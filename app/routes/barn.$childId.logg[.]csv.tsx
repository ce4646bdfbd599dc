/**
 * A child's audit extract as CSV, with the page's period. Logged as an export. The file name
 * carries only the date: never the child's name or number. A session whose authentication is
 * older than five minutes gets no file: it is sent to the extract's page, which asks for the
 * step-up (issue 17), and the file is one click away again after it.
 */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { stepUpNeeded } from "~/auth/step-up.server";
import { stockholmDate } from "~/lib/dates";
import { requireId } from "~/lib/not-found.server";
import { auditExtractCsv } from "~/modules/audit/audit.server";
import {
  childAuditExtract,
  extractPeriodFrom,
  requireExtractAccess,
} from "~/modules/children/extract.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  const url = new URL(request.url);
  const period = extractPeriodFrom(url.searchParams);
  // A period the page refused is not exported as "everything".
  if (period.error) throw new Response(period.error, { status: 400 });
  if (stepUpNeeded(actor)) {
    // Scope first: an outsider gets the same 404 as ever, not a way to the page's question.
    await requireExtractAccess(actor, childId);
    return redirect(`/barn/${childId}/logg${url.search}`);
  }
  const { events } = await childAuditExtract(actor, childId, {
    requestId: context.requestId,
    from: period.from,
    to: period.to,
    action: "export",
  });
  return new Response(auditExtractCsv(events), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="loggutdrag-${stockholmDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
