/**
 * A child's audit extract as CSV, with the page's period. Logged as an export. The file name
 * carries only the date: never the child's name or number.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireActor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { requireId } from "~/lib/not-found.server";
import { auditExtractCsv } from "~/modules/audit/audit.server";
import { childAuditExtract, extractPeriodFrom } from "~/modules/children/extract.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const childId = requireId(params.childId);
  const period = extractPeriodFrom(new URL(request.url).searchParams);
  // A period the page refused is not exported as "everything".
  if (period.error) throw new Response(period.error, { status: 400 });
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
