/**
 * The page for a sign-on by the municipality's login that could not be finished
 * (sso.server.ts's FailureReason), or not begun because the identity provider does not answer.
 * Each says what happened in words the person can act on, and the way back to /login.
 */
import { Link } from "@remix-run/react";

export type Problem = "expired" | "cancelled" | "invalid" | "unavailable";

const TEXTS: Record<Problem, { heading: string; body: string }> = {
  expired: {
    heading: "Inloggningen kunde inte slutföras",
    body: "Inloggningen tog för lång tid, eller började i en annan webbläsare eller flik. Börja om från inloggningssidan.",
  },
  cancelled: {
    heading: "Inloggningen avbröts",
    body: "Du loggades inte in: inloggningen avbröts hos kommunens inloggning. Börja om från inloggningssidan om du vill försöka igen.",
  },
  invalid: {
    heading: "Inloggningen kunde inte slutföras",
    body: "Svaret från kommunens inloggning kunde inte godkännas, så du loggades inte in. Börja om från inloggningssidan. Händer det igen, kontakta kommunens systemadministratör.",
  },
  unavailable: {
    heading: "Kommunens inloggning svarar inte just nu",
    body: "Portalen får inget svar från kommunens inloggning. Försök igen om en stund, eller logga in med e-postadress och lösenord.",
  },
};

/** The page's title, for the route's meta. */
export function signOnProblemTitle(problem: Problem | undefined): string {
  return `${TEXTS[problem ?? "invalid"].heading} – Samverkansportalen`;
}

export function SignOnProblem({ problem }: { problem: Problem }) {
  const { heading, body } = TEXTS[problem];
  return (
    <div className="page page--narrow">
      <h1>{heading}</h1>
      <p>{body}</p>
      <p>
        <Link to="/login">Till inloggningssidan</Link>
      </p>
    </div>
  );
}
