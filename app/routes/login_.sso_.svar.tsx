/**
 * The identity provider's answer to a sign-on (app/auth/sso.server.ts): a person it finds gets
 * a new session that records how the provider authenticated them (acr, amr), and the sign-on
 * goes into the audit trail; a person it does not find is sent to the no-access page; an answer
 * that does not hold gets a page that says so.
 */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignOnProblem, signOnProblemTitle, type Problem } from "~/auth/components/SignOnProblem";
import { afterLogin } from "~/auth/login.server";
import { listActiveMemberships, readSessionId, startSession } from "~/auth/session.server";
import {
  clearedAttemptCookie,
  finishSignOn,
  ssoEnabled,
  type SignOnOutcome,
} from "~/auth/sso.server";
import { logger } from "~/lib/logger.server";
import { notFound } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { db } from "~db/client.server";

// The page's own type: typeof loader would see data()'s wrapper, not the page data.
interface PageData {
  problem: Problem;
}

export const meta: MetaFunction = ({ data }) => [
  { title: signOnProblemTitle((data as PageData | undefined)?.problem) },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!ssoEnabled()) throw notFound();
  const outcome = await finishSignOn(request);
  // The attempt is used up whatever the answer: its cookie goes too.
  const headers = new Headers({ "Set-Cookie": clearedAttemptCookie() });
  if (outcome.kind === "noAccess") throw redirect("/login/sso/ingen-atkomst", { headers });
  if (outcome.kind === "failed") {
    const status = outcome.reason === "unavailable" ? 503 : 400;
    return data<PageData>({ problem: outcome.reason }, { status, headers });
  }
  const { cookie, sessionId, landing, complete } = await startSession(
    outcome.person.id,
    readSessionId(request),
    {
      methods: ["sso"],
      secondFactor: outcome.secondFactor,
      clientAddress: context.clientAddress,
      userAgent: request.headers.get("User-Agent"),
      acr: outcome.acr,
      amr: outcome.amr,
      idToken: outcome.idToken,
    },
  );
  headers.append("Set-Cookie", cookie);
  await auditSignOn(outcome, sessionId, context.requestId);
  throw redirect(afterLogin(landing, complete, outcome.redirectTo), { headers });
}

/**
 * The sign-on in the audit trail, with what the provider said of the authentication. The trail
 * names an organisation and role for every actor: the one the session acts for (a person's only
 * membership), else the person's first. A person with none is logged, not audited.
 */
async function auditSignOn(
  outcome: Extract<SignOnOutcome, { kind: "signedOn" }>,
  sessionId: string,
  requestId: string,
) {
  const [membership] = await listActiveMemberships(outcome.person.id);
  const details = {
    issuer: outcome.issuer,
    acr: outcome.acr,
    amr: outcome.amr,
    secondFactor: outcome.secondFactor,
    linked: outcome.linked,
  };
  if (!membership) {
    logger.info(
      { requestId, userId: outcome.person.id, ...details },
      "sso: signed on without an active membership; no audit row",
    );
    return;
  }
  await recordAudit(
    db,
    {
      user: outcome.person,
      session: { id: sessionId, activeMembershipId: membership.id, authenticatedAt: new Date() },
      membership,
    },
    {
      action: "create",
      recordType: "session",
      recordId: outcome.person.id,
      purpose: "Inloggning via kommunens inloggning",
      requestId,
      details,
    },
  );
}

export default function SignOnAnswer() {
  const { problem } = useLoaderData<PageData>();
  return <SignOnProblem problem={problem} />;
}
