/**
 * "Samverkansrapport <år>" as a PDF (?ar=2026), narrowed by the same district, school and
 * operator type as the follow-up page it is downloaded from.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMembership } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import {
  FOLLOW_UP_ROLES,
  followUpYearlyReport,
  parseFollowUpFilter,
} from "~/modules/follow-up/follow-up.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireMembership(request, ...FOLLOW_UP_ROLES);
  const url = new URL(request.url);
  const now = new Date();
  const { filter } = await parseFollowUpFilter(actor, url, now);
  const year = Number(url.searchParams.get("ar") ?? stockholmDate(now).slice(0, 4));
  const { pdf, fileName } = await followUpYearlyReport(actor, filter, year, now);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}
