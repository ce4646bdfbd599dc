import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { endSession } from "~/auth/session.server";

export async function loader() {
  throw redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const cookie = await endSession(request);
  throw redirect("/login?utloggad=1", { headers: { "Set-Cookie": cookie } });
}
