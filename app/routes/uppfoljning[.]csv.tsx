/** One table of the follow-up as CSV, for the same period and filters as the page, masked alike. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMembership } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import {
  FOLLOW_UP_ROLES,
  followUpCsv,
  parseFollowUpFilter,
} from "~/modules/follow-up/follow-up.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...FOLLOW_UP_ROLES);
  const url = new URL(request.url);
  const now = new Date();
  const { filter } = await parseFollowUpFilter(actor, url, now);
  const file = await followUpCsv(actor, filter, now, url.searchParams.get("tabell") ?? "");
  if (!file) throw new NotFoundError();
  return new Response(file.csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
