/**
 * How long the session behind the cookie has left, for the page's warning before the idle
 * timeout (app/auth/components/SessionTimeout.tsx). GET asks without counting as activity, so
 * the page can ask as often as it needs without keeping an unattended session alive; POST is
 * "Fortsätt vara inloggad" and counts as activity. Both answer { remainingMs, idleMs };
 * remainingMs 0 means there is no session any more.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getAuth, peekSession, sessionTiming } from "~/auth/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return Response.json(sessionTiming(await peekSession(request)));
}

export async function action({ request }: ActionFunctionArgs) {
  const timing = sessionTiming(await getAuth(request));
  // The warning posts with fetch and reads JSON. A plain form post (the dialog's form, should it
  // ever be sent without the script) goes back to the start page, still logged in.
  if (!(request.headers.get("Accept") ?? "").includes("application/json")) return redirect("/");
  return Response.json(timing);
}
