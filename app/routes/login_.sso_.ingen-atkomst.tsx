/**
 * For a person the municipality's login vouched for whom the portal does not know (no account,
 * an e-mail the provider has not verified, a deactivated account): sign-on never makes an
 * account, so the page says who can give access. It says the same whatever the reason, and
 * nothing about any account.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { ssoEnabled } from "~/auth/sso.server";
import { notFound } from "~/lib/not-found.server";

export const meta: MetaFunction = () => [
  { title: "Ingen åtkomst till Samverkansportalen – Samverkansportalen" },
];

export async function loader(_args: LoaderFunctionArgs) {
  if (!ssoEnabled()) throw notFound();
  return null;
}

export default function NoAccess() {
  return (
    <div className="page page--narrow">
      <h1>Du har ingen åtkomst till Samverkansportalen</h1>
      <p className="lead">
        Kommunens inloggning har känt igen dig, men det finns inget konto i Samverkansportalen som
        hör till dig.
      </p>
      <p>
        Konton i portalen skapas bara genom en inbjudan från den som ansvarar för din skola eller
        enhet. Har du fått en inbjudan med e-post? Öppna länken i den och skapa ditt konto först.
        Därefter kan du logga in med kommunens inloggning.
      </p>
      <h2>Vem du kan fråga</h2>
      <ul>
        <li>Arbetar du i en skola: fråga din rektor.</li>
        <li>Arbetar du i socialtjänsten: fråga din enhetschef.</li>
        <li>
          Har du redan ett konto, eller vet du inte vem du ska fråga: kontakta kommunens
          systemadministratör för Samverkansportalen. Det kan till exempel vara så att din
          e-postadress inte är bekräftad hos kommunens inloggning, eller att ditt konto har
          avslutats.
        </li>
      </ul>
      <p>
        <Link to="/login">Till inloggningssidan</Link>
      </p>
    </div>
  );
}
