import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { requireUser } from "~/auth/session.server";

export const meta: MetaFunction = () => [{ title: "Ingen behörighet – Samverkansportalen" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { memberships } = await requireUser(request);
  if (memberships.length > 0) throw redirect("/");
  return null;
}

export default function NoMembership() {
  return (
    <div className="page page--narrow">
      <h1>Ditt konto är inte kopplat till någon organisation</h1>
      <p>
        Du är inloggad, men ditt konto hör inte till någon skola eller förvaltning just nu, så det
        finns inget för dig att se här. Kontakta din rektor, din chef eller portalens administratör.
      </p>
    </div>
  );
}
