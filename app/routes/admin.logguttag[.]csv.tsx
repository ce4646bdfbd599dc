/**
 * One district's audit extract for a child as CSV, for an administrator: posted from
 * /admin/logguttag with the typed identity number and the child's id (never in a URL). Logged as
 * an export. The file name carries only the date. A session whose authentication is older than
 * five minutes gets no file (issue 17): it goes back to the search, which asks for the code with
 * the number (the number is typed again: it is never put in an address).
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readForm } from "~/lib/read-form.server";
import { requireMembership } from "~/auth/session.server";
import { stepUpNeeded } from "~/auth/step-up.server";
import { stockholmDate } from "~/lib/dates";
import { notFound } from "~/lib/not-found.server";
import { auditExtractCsv } from "~/modules/audit/audit.server";
import { extractSearchSchema } from "~/modules/children/extract-schema";
import { findExtractsByIdentityNumber } from "~/modules/children/extract.server";

// The file is only ever posted for; a GET (a bookmark, a reload) goes back to the search.
export function loader() {
  return redirect("/admin/logguttag");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireMembership(request, "admin");
  if (stepUpNeeded(actor)) return redirect("/admin/logguttag?bekrafta=1");
  const form = await readForm(request);
  const parsed = extractSearchSchema.safeParse({
    personalIdentityNumber: form.get("personalIdentityNumber") ?? "",
  });
  const childId = form.get("childId");
  if (!parsed.success || typeof childId !== "string") throw notFound();
  const extracts = await findExtractsByIdentityNumber(actor, parsed.data.personalIdentityNumber, {
    childId,
    requestId: context.requestId,
    action: "export",
  });
  const [extract] = extracts;
  if (!extract || extracts.length !== 1) throw notFound();
  return new Response(auditExtractCsv(extract.events), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="loggutdrag-${stockholmDate(new Date())}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
