import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { startPath } from "~/auth/roles";
import { requireActor } from "~/auth/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  throw redirect(startPath(actor.membership.role));
}
