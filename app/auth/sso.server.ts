/**
 * The municipality's single sign-on: OpenID Connect's authorization code flow with PKCE, state
 * and nonce, against the identity provider named by OIDC_ISSUER, through openid-client. Owns
 * sso_identities and sso_login_attempts (db/migrations/0022_sso_identities.ts).
 *
 * Sign-on finds a person; it never makes one. A subject of the provider (iss + sub) is matched
 * to the account it was linked to; an unlinked subject is linked the first time to the account
 * whose e-mail equals the provider's verified e-mail claim. Anyone else, and a deactivated
 * account, is refused. What the provider says of how the person authenticated (acr, amr) goes
 * onto the session; an acr among OIDC_MIN_ACR makes the session second-factor-confirmed.
 *
 * Not here: starting the session (session.server.ts) and the audit row (the route: app/auth
 * does not import the modules).
 */
import * as client from "openid-client";
import { db } from "~db/client.server";
import { env } from "~/lib/env.server";
import { logger, serializeError } from "~/lib/logger.server";
import { safeRedirectPath } from "./login.server";
import { readSessionId } from "./session.server";
import { hashToken, newToken, TOKEN_PATTERN } from "./tokens.server";

/** Where the provider sends the browser back: register `${APP_URL}${SSO_CALLBACK_PATH}`. */
export const SSO_CALLBACK_PATH = "/login/sso/svar";
/** Where the provider sends the browser after its own logout. */
const POST_LOGOUT_PATH = "/login?utloggad=1";

/** The cookie that ties an answer to the browser that began the sign-on. */
const ATTEMPT_COOKIE = "samverkan_sso";
const ATTEMPT_COOKIE_PATH = "/login/sso";
/** How long a person may spend at the provider: long enough to find the phone for Freja. */
const ATTEMPT_MINUTES = 10;
/** A provider that has not answered by then is down, as far as the person waiting can tell. */
const PROVIDER_TIMEOUT_SECONDS = 10;
/** The provider's metadata is read again after a day (new endpoints, new keys' location). */
const METADATA_MAX_AGE_MS = 24 * 60 * 60_000;
const RETRY_MS = 5 * 60_000;

export function ssoEnabled(): boolean {
  return env().OIDC_ISSUER !== undefined;
}

/** The provider could not be reached (or answered with no usable metadata). */
export class SsoUnavailableError extends Error {}

interface Discovered {
  config: Promise<client.Configuration>;
  at: number;
}

let discovered: Discovered | undefined;

/**
 * The provider's metadata, read at first use and kept. Requests that come while it is being read
 * wait for that one read. A failed first read is not kept, so the next sign-on tries again (every
 * waiting request gets SsoUnavailableError); a day-old one is read again, and while that fails
 * the old one serves on and is tried again in a few minutes, not at every request.
 */
function configuration(): Promise<client.Configuration> {
  const now = Date.now();
  if (discovered && now - discovered.at < METADATA_MAX_AGE_MS) return discovered.config;
  const previous = discovered;
  const attempt: Discovered = {
    at: now,
    config: discover().catch((error: unknown) => {
      logger.warn(
        { err: serializeError(error) },
        "sso: the identity provider could not be reached",
      );
      if (previous) {
        discovered = { config: previous.config, at: now - METADATA_MAX_AGE_MS + RETRY_MS };
        return previous.config;
      }
      if (discovered === attempt) discovered = undefined;
      throw new SsoUnavailableError("the identity provider could not be reached", { cause: error });
    }),
  };
  discovered = attempt;
  return attempt.config;
}

async function discover(): Promise<client.Configuration> {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET } = env();
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET) {
    throw new Error("sign-on is not configured");
  }
  const issuer = new URL(OIDC_ISSUER);
  // env.server.ts allows plain http only for a provider on this machine (the tests' own).
  const execute = issuer.protocol === "http:" ? [client.allowInsecureRequests] : [];
  const config = await client.discovery(issuer, OIDC_CLIENT_ID, undefined, undefined, {
    execute,
    timeout: PROVIDER_TIMEOUT_SECONDS,
  });
  // client_secret_basic is OpenID Connect's default and what a provider that names none offers;
  // client_secret_post only for a provider that supports nothing else.
  const methods = config.serverMetadata().token_endpoint_auth_methods_supported ?? [
    "client_secret_basic",
  ];
  const auth =
    !methods.includes("client_secret_basic") && methods.includes("client_secret_post")
      ? client.ClientSecretPost(OIDC_CLIENT_SECRET)
      : client.ClientSecretBasic(OIDC_CLIENT_SECRET);
  const configured = new client.Configuration(
    config.serverMetadata(),
    OIDC_CLIENT_ID,
    undefined,
    auth,
  );
  configured.timeout = PROVIDER_TIMEOUT_SECONDS;
  for (const extension of execute) extension(configured);
  return configured;
}

// ---- Beginning ------------------------------------------------------------------------------

function attemptCookie(value: string, maxAgeSeconds: number): string {
  const secure = env().APP_URL.startsWith("https://") ? "; Secure" : "";
  return `${ATTEMPT_COOKIE}=${value}; Path=${ATTEMPT_COOKIE_PATH}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

/** The Set-Cookie value that removes the attempt's cookie. */
export function clearedAttemptCookie(): string {
  return attemptCookie("", 0);
}

function readAttemptCookie(request: Request): string | null {
  for (const part of (request.headers.get("Cookie") ?? "").split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === ATTEMPT_COOKIE) {
      const token = value.join("=");
      return TOKEN_PATTERN.test(token) ? token : null;
    }
  }
  return null;
}

/**
 * Begins a sign-on: the state, nonce and PKCE verifier are kept in the database under the hash
 * of a random value that only this browser's cookie holds (so an answer brought to another
 * browser finds nothing), and the browser is sent to the provider. Throws SsoUnavailableError
 * when the provider cannot be reached.
 */
export async function beginSignOn(
  redirectTo: string | null,
  now = new Date(),
): Promise<{ location: string; cookie: string }> {
  const config = await configuration();
  const { token, hash } = newToken();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  // Attempts nobody finished are removed here: begun ones are few and short-lived.
  await db.deleteFrom("ssoLoginAttempts").where("expiresAt", "<=", now).execute();
  await db
    .insertInto("ssoLoginAttempts")
    .values({
      bindingHash: hash,
      state,
      nonce,
      codeVerifier,
      redirectTo: safeRedirectPath(redirectTo),
      createdAt: now,
      expiresAt: new Date(now.getTime() + ATTEMPT_MINUTES * 60_000),
    })
    .execute();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: `${env().APP_URL}${SSO_CALLBACK_PATH}`,
    scope: env().OIDC_SCOPES.join(" "),
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
  });
  return { location: url.href, cookie: attemptCookie(token, ATTEMPT_MINUTES * 60) };
}

// ---- The answer -----------------------------------------------------------------------------

interface SignedOnPerson {
  id: string;
  email: string;
  name: string;
  title: string | null;
  phone: string | null;
}

/** Why a person the provider vouched for has no way in. */
export type NoAccessReason = "unknown" | "unverifiedEmail" | "deactivated" | "otherSubject";

/** Why the answer itself was not accepted. */
export type FailureReason =
  /** No attempt of this browser waits (none begun here, used already, or too old). */
  | "expired"
  /** The provider answered with an error (the person cancelled, or it refused). */
  | "cancelled"
  /** The answer did not hold: state, nonce, PKCE, signature, issuer or audience. */
  | "invalid"
  /** The provider could not be reached to exchange the code. */
  | "unavailable";

export type SignOnOutcome =
  | {
      kind: "signedOn";
      person: SignedOnPerson;
      issuer: string;
      acr: string | null;
      amr: string[] | null;
      idToken: string | null;
      /** The acr is among OIDC_MIN_ACR: the session counts as second-factor-confirmed. */
      secondFactor: boolean;
      /** The subject was linked to the person now, by the e-mail claim. */
      linked: boolean;
      redirectTo: string | null;
    }
  | { kind: "noAccess"; reason: NoAccessReason }
  | { kind: "failed"; reason: FailureReason };

/**
 * Finishes a sign-on: takes this browser's attempt (deleting it: an answer is used once),
 * exchanges the code (openid-client checks state, PKCE, the ID token's signature, issuer,
 * audience and nonce), and finds the person.
 */
export async function finishSignOn(request: Request, now = new Date()): Promise<SignOnOutcome> {
  const token = readAttemptCookie(request);
  if (!token) return { kind: "failed", reason: "expired" };
  const attempt = await db
    .deleteFrom("ssoLoginAttempts")
    .where("bindingHash", "=", hashToken(token))
    .returningAll()
    .executeTakeFirst();
  if (!attempt || attempt.expiresAt <= now) return { kind: "failed", reason: "expired" };

  let config: client.Configuration;
  try {
    config = await configuration();
  } catch {
    return { kind: "failed", reason: "unavailable" };
  }
  // The address the provider was told, not the one this process sees behind a proxy.
  const answer = new URL(`${env().APP_URL}${SSO_CALLBACK_PATH}${new URL(request.url).search}`);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, answer, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    const reason = failureReason(error);
    logger.warn({ reason, err: describeError(error) }, "sso: the provider's answer was refused");
    return { kind: "failed", reason };
  }
  const claims = tokens.claims();
  if (!claims) return { kind: "failed", reason: "invalid" };
  const acr = typeof claims.acr === "string" ? claims.acr : null;
  const amr = Array.isArray(claims.amr)
    ? claims.amr.filter((m): m is string => typeof m === "string")
    : null;

  const found = await findPerson(config, tokens, claims, now);
  if (found.kind === "noAccess") {
    logger.warn(
      { issuer: claims.iss, subject: claims.sub, reason: found.reason },
      "sso: a person the identity provider vouched for has no access",
    );
    return found;
  }
  const secondFactor = acr !== null && env().OIDC_MIN_ACR.includes(acr);
  logger.info(
    { userId: found.person.id, issuer: claims.iss, acr, amr, secondFactor, linked: found.linked },
    "sso: signed on",
  );
  return {
    kind: "signedOn",
    person: found.person,
    issuer: claims.iss,
    acr,
    amr,
    idToken: tokens.id_token ?? null,
    secondFactor,
    linked: found.linked,
    redirectTo: attempt.redirectTo,
  };
}

function failureReason(error: unknown): FailureReason {
  if (error instanceof client.AuthorizationResponseError) return "cancelled";
  // fetch's own failures (refused, reset, DNS) and openid-client's timeout.
  if (error instanceof TypeError && error.message === "fetch failed") return "unavailable";
  if (error instanceof DOMException && ["TimeoutError", "AbortError"].includes(error.name)) {
    return "unavailable";
  }
  return "invalid";
}

/** What a log may say of a refused answer: never the code or a token. */
function describeError(error: unknown) {
  if (error instanceof client.AuthorizationResponseError) {
    return { name: error.name, error: error.error, description: error.error_description };
  }
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const cause = error.cause instanceof Error ? error.cause.message : undefined;
    return { name: error.name, code, message: error.message, cause };
  }
  return { message: String(error) };
}

const PERSON_COLUMNS = [
  "u.id",
  "u.email",
  "u.name",
  "u.title",
  "u.phone",
  "u.deactivatedAt",
] as const;

async function findPerson(
  config: client.Configuration,
  tokens: client.TokenEndpointResponse,
  claims: client.IDToken,
  now: Date,
): Promise<
  | { kind: "found"; person: SignedOnPerson; linked: boolean }
  | { kind: "noAccess"; reason: NoAccessReason }
> {
  const { iss: issuer, sub: subject } = claims;
  const linked = await db
    .selectFrom("ssoIdentities as i")
    .innerJoin("users as u", "u.id", "i.userId")
    .select(PERSON_COLUMNS)
    .where("i.issuer", "=", issuer)
    .where("i.subject", "=", subject)
    .executeTakeFirst();
  if (linked) {
    if (linked.deactivatedAt) return { kind: "noAccess", reason: "deactivated" };
    await db
      .updateTable("ssoIdentities")
      .set({ lastLoginAt: now })
      .where("issuer", "=", issuer)
      .where("subject", "=", subject)
      .execute();
    return { kind: "found", person: personOf(linked), linked: false };
  }

  const { email, verified } = await emailOf(config, tokens, claims);
  if (!email) return { kind: "noAccess", reason: "unknown" };
  if (!verified) return { kind: "noAccess", reason: "unverifiedEmail" };
  const user = await db
    .selectFrom("users as u")
    .select(PERSON_COLUMNS)
    .where("u.email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) return { kind: "noAccess", reason: "unknown" };
  if (user.deactivatedAt) return { kind: "noAccess", reason: "deactivated" };
  // One subject per person and provider: if the person is linked to another subject already,
  // the address has passed to someone else at the provider (or the provider made a new
  // account), and an administrator must look at it; nothing is linked.
  const inserted = await db
    .insertInto("ssoIdentities")
    .values({ issuer, subject, userId: user.id, linkedAt: now, lastLoginAt: now })
    .onConflict((oc) => oc.doNothing())
    .returning("userId")
    .executeTakeFirst();
  if (!inserted) {
    // Two first sign-ons of the same subject at once: the other one linked it.
    const same = await db
      .selectFrom("ssoIdentities")
      .select("userId")
      .where("issuer", "=", issuer)
      .where("subject", "=", subject)
      .executeTakeFirst();
    if (same?.userId !== user.id) return { kind: "noAccess", reason: "otherSubject" };
    return { kind: "found", person: personOf(user), linked: false };
  }
  return { kind: "found", person: personOf(user), linked: true };
}

function personOf(row: SignedOnPerson & { deactivatedAt: Date | null }): SignedOnPerson {
  return { id: row.id, email: row.email, name: row.name, title: row.title, phone: row.phone };
}

/**
 * The e-mail claim and whether the provider verified it, both from one answer: the ID token, or,
 * when it does not hold both (a provider that keeps the ID token small puts profile claims only
 * in UserInfo), the UserInfo endpoint's, which openid-client checks is about the same subject.
 * An address from one answer is never vouched for by the other's email_verified.
 */
async function emailOf(
  config: client.Configuration,
  tokens: client.TokenEndpointResponse,
  claims: client.IDToken,
): Promise<{ email: string | null; verified: boolean }> {
  const claim = env().OIDC_EMAIL_CLAIM;
  let source: Record<string, unknown> = claims;
  if (
    (claims[claim] === undefined || claims.email_verified === undefined) &&
    config.serverMetadata().userinfo_endpoint &&
    tokens.access_token
  ) {
    try {
      source = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    } catch (error) {
      logger.warn({ err: describeError(error) }, "sso: the provider's UserInfo could not be read");
    }
  }
  const email = source[claim];
  return {
    email: typeof email === "string" && email.includes("@") ? email : null,
    // Only a boolean true: a provider that does not say, or says it as text, has not vouched.
    verified: source.email_verified === true,
  };
}

// ---- Logout ---------------------------------------------------------------------------------

/**
 * Where logging out of a session begun by sign-on sends the browser: the provider's end-session
 * endpoint with the session's ID token as hint, so the person is logged out there too and comes
 * back to the login page. Null when the session did not begin by sign-on, the provider offers no
 * end-session endpoint, or it cannot be reached: logging out of the portal never waits for it.
 */
export async function providerLogoutLocation(request: Request): Promise<string | null> {
  if (!ssoEnabled()) return null;
  const sessionId = readSessionId(request);
  if (!sessionId) return null;
  const session = await db
    .selectFrom("sessions")
    .select("ssoIdToken")
    .where("id", "=", sessionId)
    .executeTakeFirst();
  if (!session?.ssoIdToken) return null;
  let config: client.Configuration;
  try {
    config = await configuration();
  } catch {
    return null;
  }
  if (!config.serverMetadata().end_session_endpoint) return null;
  return client.buildEndSessionUrl(config, {
    id_token_hint: session.ssoIdToken,
    post_logout_redirect_uri: `${env().APP_URL}${POST_LOGOUT_PATH}`,
  }).href;
}
