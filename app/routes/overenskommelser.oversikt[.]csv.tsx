/** The agreement overview as CSV, with the same filters as the page. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMembership } from "~/auth/session.server";
import {
  overviewCsv,
  overviewForExport,
  parseOverviewFilter,
} from "~/modules/agreements/overview.server";

/** Every school the filter matches, not one page: the file is for working on the whole list. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, "districtManager", "educationManager", "admin");
  const rows = await overviewForExport(actor, parseOverviewFilter(new URL(request.url)));
  return new Response(overviewCsv(rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": 'attachment; filename="overenskommelser-per-skola.csv"',
      "Cache-Control": "no-store",
    },
  });
}
