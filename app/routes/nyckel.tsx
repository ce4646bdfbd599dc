/**
 * POST /nyckel: each step of every passkey ceremony (app/auth/passkey-ceremony.server.ts). The
 * pages' passkey buttons post their form here with fetch and read JSON back; there is nothing to
 * show, so a GET goes to the start page.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { passkeyCeremony } from "~/auth/passkey-ceremony.server";
import { readForm } from "~/lib/read-form.server";

export function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  return passkeyCeremony(request, await readForm(request), context.clientAddress);
}
