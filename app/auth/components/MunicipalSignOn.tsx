/**
 * The way in by the municipality's own login (sso.server.ts), shown at the top of /login when
 * sign-on is configured. A plain link, not a form: it only begins a sign-on, and a form's
 * redirect to the identity provider would be stopped by the CSP's form-action.
 */
export function MunicipalSignOn({ redirectTo }: { redirectTo: string | null }) {
  const href = redirectTo ? `/login/sso?${new URLSearchParams({ redirectTo })}` : "/login/sso";
  return (
    <>
      <p>
        <a className="button" href={href}>
          Logga in med kommunens inloggning
        </a>
      </p>
      <p className="muted">Eller logga in med e-postadress och lösenord:</p>
    </>
  );
}
