import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/auth/session.server";
import { providerLogoutLocation } from "~/auth/sso.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  // A session begun by the municipality's sign-on ends at the identity provider too.
  const providerLogout = await providerLogoutLocation(request);
  const cookie = await endSession(request);
  throw redirect(providerLogout ?? "/login?utloggad=1", { headers: { "Set-Cookie": cookie } });
}
