/**
 * A person's calendar of cooperation meetings as iCalendar, at the secret address made on
 * /samverkansmoten (/kalender/<token>.ics). Read by calendar programs without a login, so the
 * address is the only key: it is kept hashed, kept out of the logs (app/lib/redact.ts), and the
 * feed names no child, only meetings, schools and dates.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { NotFoundError } from "~/lib/not-found.server";
import { calendarFeed } from "~/modules/meetings/meetings.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const token = (params.token ?? "").replace(/\.ics$/, "");
  const feed = await calendarFeed(token, new Date());
  if (feed === null) throw new NotFoundError();
  return new Response(feed, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="samverkansmoten.ics"',
      "Cache-Control": "no-store",
    },
  });
}
