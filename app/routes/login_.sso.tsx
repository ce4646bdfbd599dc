/**
 * Begins a sign-on by the municipality's login (app/auth/sso.server.ts): sends the browser to
 * the identity provider. Without sign-on configured the page does not exist; when the provider
 * does not answer, a page says so (503) instead of an error.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { SignOnProblem, signOnProblemTitle } from "~/auth/components/SignOnProblem";
import { getAuth } from "~/auth/session.server";
import { beginSignOn, ssoEnabled, SsoUnavailableError } from "~/auth/sso.server";
import { notFound } from "~/lib/not-found.server";

export const meta: MetaFunction = () => [{ title: signOnProblemTitle("unavailable") }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!ssoEnabled()) throw notFound();
  if (await getAuth(request)) throw redirect("/");
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  try {
    const { location, cookie } = await beginSignOn(redirectTo);
    return redirect(location, { headers: { "Set-Cookie": cookie } });
  } catch (error) {
    if (error instanceof SsoUnavailableError) return data(null, { status: 503 });
    throw error;
  }
}

export default function SignOnUnavailable() {
  return <SignOnProblem problem="unavailable" />;
}
