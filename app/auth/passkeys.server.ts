/**
 * Passkeys (WebAuthn, issue 17), with @simplewebauthn/server: registering one, and checking one
 * as the step after the password, as a login on its own and as a step-up. A passkey is asked
 * for with user verification (its PIN, fingerprint or face) every time, so that an assertion is
 * two factors in one: something held and something known or been.
 *
 * - The relying party is the portal's own address (APP_URL): its host name is the rpID, and its
 *   origin is the only origin whose answers are accepted.
 * - Challenges are kept on the server (webauthn_challenges): one open at a time for each session
 *   and ceremony, five minutes long, deleted as they are used whether the answer was right or not.
 *   A login with a passkey alone has no session yet: its challenge belongs to a random id in a
 *   short-lived http-only cookie, of which the table keeps only the hash.
 * - Every assertion checked counts in the login throttle (rate-limit.server.ts), by the account
 *   where it is known (the session's person, or the passkey's) and by address.
 * - The signature counter is kept; an answer whose counter does not move past the kept one is
 *   refused (a cloned authenticator), except for authenticators that keep no counter (always 0).
 */
import { createHash, randomBytes } from "node:crypto";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { db } from "~db/client.server";
import type { WebauthnCeremony } from "~db/schema";
import { env } from "~/lib/env.server";
import { logger } from "~/lib/logger.server";
import { PASSKEY_ENDPOINT } from "./passkey-schema";
import { throttledPasswordCheck } from "./rate-limit.server";

const RP_NAME = "Samverkansportalen";
export const CHALLENGE_MINUTES = 5;
/** How long the browser waits for the person at the authenticator. */
const CEREMONY_TIMEOUT_MS = 2 * 60_000;
export const MAX_PASSKEYS_PER_PERSON = 10;

/** The portal as a WebAuthn relying party: from APP_URL. */
export function relyingParty(appUrl = env().APP_URL) {
  const url = new URL(appUrl);
  return { id: url.hostname, origin: url.origin };
}

// ---- Challenges ------------------------------------------------------------------------------

/** Whom a challenge belongs to: a session, or (a login with a passkey alone) a browser. */
export type ChallengeOwner = { sessionId: string } | { browserKey: string };

async function storeChallenge(
  challenge: string,
  ceremony: WebauthnCeremony,
  owner: ChallengeOwner,
  now: Date,
) {
  await db.transaction().execute(async (trx) => {
    // The table stays small without a job: every new challenge clears the expired ones, and
    // the owner's earlier challenge of the same ceremony (one open ceremony at a time).
    await trx.deleteFrom("webauthnChallenges").where("expiresAt", "<=", now).execute();
    await trx
      .deleteFrom("webauthnChallenges")
      .where("ceremony", "=", ceremony)
      .where((eb) =>
        "sessionId" in owner
          ? eb("sessionId", "=", owner.sessionId)
          : eb("browserKey", "=", owner.browserKey),
      )
      .execute();
    await trx
      .insertInto("webauthnChallenges")
      .values({
        challenge,
        ceremony,
        sessionId: "sessionId" in owner ? owner.sessionId : null,
        browserKey: "browserKey" in owner ? owner.browserKey : null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000),
      })
      .execute();
  });
}

/**
 * The owner's open challenge of a ceremony, deleted in the same statement that reads it: of two
 * answers to one challenge only the first gets it. Null when there is none, or it has expired.
 */
async function takeChallenge(
  ceremony: WebauthnCeremony,
  owner: ChallengeOwner,
  now: Date,
): Promise<string | null> {
  const taken = await db
    .deleteFrom("webauthnChallenges")
    .where("ceremony", "=", ceremony)
    .where((eb) =>
      "sessionId" in owner
        ? eb("sessionId", "=", owner.sessionId)
        : eb("browserKey", "=", owner.browserKey),
    )
    .returning(["challenge", "expiresAt"])
    .execute();
  const live = taken.find((row) => row.expiresAt.getTime() > now.getTime());
  return live?.challenge ?? null;
}

// ---- The browser's id, for a login with a passkey alone ---------------------------------------

const BROWSER_COOKIE = "samverkan_nyckel";

function cookieAttributes(maxAgeSeconds: number) {
  const secure = env().APP_URL.startsWith("https://") ? "; Secure" : "";
  return `Path=${PASSKEY_ENDPOINT}; Max-Age=${maxAgeSeconds}; HttpOnly; SameSite=Lax${secure}`;
}

const hashBrowserId = (id: string) => createHash("sha256").update(id).digest("hex");

/** A new random id for this browser's login: the cookie that carries it, and its hash. */
export function newBrowserId(): { cookie: string; browserKey: string } {
  const id = randomBytes(32).toString("base64url");
  return {
    cookie: `${BROWSER_COOKIE}=${id}; ${cookieAttributes(CHALLENGE_MINUTES * 60)}`,
    browserKey: hashBrowserId(id),
  };
}

/** The hash of the id in the request's cookie, or null without one. */
export function browserKeyOf(request: Request): string | null {
  const header = request.headers.get("Cookie") ?? "";
  const match = new RegExp(`(?:^|;\\s*)${BROWSER_COOKIE}=([A-Za-z0-9_-]{43})(?:;|$)`).exec(header);
  return match ? hashBrowserId(match[1]!) : null;
}

/** The cookie that ends the browser's id: each id serves one login attempt. */
export function blankBrowserCookie(): string {
  return `${BROWSER_COOKIE}=; ${cookieAttributes(0)}`;
}

// ---- What the browser sends back ---------------------------------------------------------------

const base64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/);
const credentialId = base64url.min(1).max(1400);

const assertionSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.max(128).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.object({}).default({}),
});

const attestationSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(20)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults: z.object({}).default({}),
});

function parseJson<T>(schema: z.ZodType<T>, text: string): T | null {
  if (text.length > 65_536) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** The browser's answer to an assertion, or null when it is not one. */
export function parseAssertion(text: string): AuthenticationResponseJSON | null {
  return parseJson(assertionSchema, text) as AuthenticationResponseJSON | null;
}

/** The browser's answer to a registration, or null when it is not one. */
export function parseAttestation(text: string): RegistrationResponseJSON | null {
  return parseJson(attestationSchema, text) as RegistrationResponseJSON | null;
}

// ---- A person's passkeys -----------------------------------------------------------------------

/** The WebAuthn user handle of a person: the 16 bytes of their id, which say nothing about them. */
function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replace(/-/g, ""), "hex"));
}

export interface PasskeySummary {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** A person's passkeys, newest first, as Mitt konto lists them. */
export async function listPasskeys(userId: string): Promise<PasskeySummary[]> {
  return db
    .selectFrom("passkeys")
    .select(["id", "name", "createdAt", "lastUsedAt"])
    .where("userId", "=", userId)
    .orderBy("createdAt", "desc")
    .orderBy("id")
    .execute();
}

/** Removes one of a person's own passkeys: its name, or null when they have none by that id. */
export async function removePasskey(userId: string, passkeyId: string): Promise<string | null> {
  const removed = await db
    .deleteFrom("passkeys")
    .where("userId", "=", userId)
    .where("id", "=", passkeyId)
    .returning("name")
    .executeTakeFirst();
  return removed?.name ?? null;
}

async function transportsOf(userId: string) {
  const rows = await db
    .selectFrom("passkeys")
    .select(["id", "transports"])
    .where("userId", "=", userId)
    .execute();
  return rows.map((row) => ({ id: row.id, transports: row.transports }));
}

// ---- Registration ------------------------------------------------------------------------------

/**
 * The options for registering a new passkey in a session: a discoverable credential with user
 * verification, none of the person's own again. Null when the person has the most they may.
 */
export async function registrationOptions(
  user: { id: string; email: string; name: string },
  sessionId: string,
  now = new Date(),
): Promise<PublicKeyCredentialCreationOptionsJSON | null> {
  const existing = await transportsOf(user.id);
  if (existing.length >= MAX_PASSKEYS_PER_PERSON) return null;
  const rp = relyingParty();
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userName: user.email,
    userDisplayName: user.name,
    userID: userHandle(user.id),
    timeout: CEREMONY_TIMEOUT_MS,
    attestationType: "none",
    excludeCredentials: existing,
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  await storeChallenge(options.challenge, "register", { sessionId }, now);
  return options;
}

export type RegistrationResult =
  { outcome: "registered" } | { outcome: "expired" | "invalid" | "duplicate" | "tooMany" };

/**
 * Registers the passkey the browser made for the session's open registration challenge, under
 * the name the person gave it.
 */
export async function registerPasskey(
  user: { id: string },
  sessionId: string,
  input: { name: string; response: RegistrationResponseJSON },
  now = new Date(),
): Promise<RegistrationResult> {
  const challenge = await takeChallenge("register", { sessionId }, now);
  if (!challenge) return { outcome: "expired" };
  const rp = relyingParty();
  let registration;
  try {
    registration = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: true,
    });
  } catch (error) {
    logRefusal("register", error);
    return { outcome: "invalid" };
  }
  if (!registration.verified) return { outcome: "invalid" };
  const info = registration.registrationInfo;
  return db.transaction().execute(async (trx): Promise<RegistrationResult> => {
    // Counted under the person's lock, so that two registrations at once cannot pass the limit.
    await trx.selectFrom("users").select("id").where("id", "=", user.id).forUpdate().execute();
    const count = await trx
      .selectFrom("passkeys")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("userId", "=", user.id)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_PASSKEYS_PER_PERSON) return { outcome: "tooMany" };
    const inserted = await trx
      .insertInto("passkeys")
      .values({
        id: info.credential.id,
        userId: user.id,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: (info.credential.transports ?? []).slice(0, 10),
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        name: input.name,
        createdAt: now,
      })
      .onConflict((oc) => oc.column("id").doNothing())
      .returning("id")
      .executeTakeFirst();
    return inserted ? { outcome: "registered" } : { outcome: "duplicate" };
  });
}

// ---- Assertion ---------------------------------------------------------------------------------

/**
 * The options for an assertion: for a login with a passkey alone any of the portal's passkeys
 * (the authenticator offers those it holds), else only the person's own. Null when the person
 * has none.
 */
export async function authenticationOptions(
  ceremony: Exclude<WebauthnCeremony, "register">,
  owner: ChallengeOwner,
  userId: string | null,
  now = new Date(),
): Promise<PublicKeyCredentialRequestOptionsJSON | null> {
  const allowCredentials = userId ? await transportsOf(userId) : undefined;
  if (allowCredentials?.length === 0) return null;
  const options = await generateAuthenticationOptions({
    rpID: relyingParty().id,
    allowCredentials,
    userVerification: "required",
    timeout: CEREMONY_TIMEOUT_MS,
  });
  await storeChallenge(options.challenge, ceremony, owner, now);
  return options;
}

export type AssertionResult =
  | { outcome: "valid"; userId: string }
  | { outcome: "expired" | "invalid" }
  | { outcome: "throttled"; retryAt: Date };

/**
 * Checks the browser's answer to the owner's open challenge of a ceremony, through the login
 * throttle. `person` is who must be answering (the session's person); null for a login with a
 * passkey alone, where the passkey says who. The challenge is used up whatever the outcome. A
 * right answer moves the passkey's counter forward and notes when it was last used.
 */
export async function verifyPasskeyAssertion(
  ceremony: Exclude<WebauthnCeremony, "register">,
  owner: ChallengeOwner,
  response: AuthenticationResponseJSON,
  person: { id: string; email: string } | null,
  clientAddress: string,
  now = new Date(),
): Promise<AssertionResult> {
  const challenge = await takeChallenge(ceremony, owner, now);
  if (!challenge) return { outcome: "expired" };
  let query = db
    .selectFrom("passkeys as p")
    .innerJoin("users as u", "u.id", "p.userId")
    .select(["p.id", "p.userId", "p.publicKey", "p.counter", "p.transports", "u.email"])
    .where("p.id", "=", response.id)
    .where("u.deactivatedAt", "is", null);
  if (person) query = query.where("p.userId", "=", person.id);
  const passkey = await query.executeTakeFirst();
  const email = (person?.email ?? passkey?.email ?? null)?.trim().toLowerCase() ?? null;
  const rp = relyingParty();
  const check = await throttledPasswordCheck({ email, clientAddress, now }, async () => {
    if (!passkey) return false;
    const handle = response.response.userHandle;
    if (handle && handle !== Buffer.from(userHandle(passkey.userId)).toString("base64url")) {
      return false;
    }
    let verification;
    try {
      verification = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.id,
        credential: {
          id: passkey.id,
          publicKey: new Uint8Array(passkey.publicKey),
          counter: Number(passkey.counter),
          transports: passkey.transports,
        },
        requireUserVerification: true,
      });
    } catch (error) {
      logRefusal(ceremony, error);
      return false;
    }
    if (!verification.verified) return false;
    const info = verification.authenticationInfo;
    // Only from the counter just checked: of two answers checked at once, one moves it.
    const updated = await db
      .updateTable("passkeys")
      .set({ counter: info.newCounter, lastUsedAt: now, backedUp: info.credentialBackedUp })
      .where("id", "=", passkey.id)
      .where("counter", "=", passkey.counter)
      .executeTakeFirst();
    return updated.numUpdatedRows === 1n;
  });
  if (check.outcome === "throttled") return check;
  return check.outcome === "valid" && passkey
    ? { outcome: "valid", userId: passkey.userId }
    : { outcome: "invalid" };
}

/**
 * Why the library refused an answer, for the operators: its message up to the first quotation,
 * since what follows quotes what the browser sent.
 */
function logRefusal(ceremony: WebauthnCeremony, error: unknown) {
  const reason = error instanceof Error ? error.message.split('"')[0]!.trim().slice(0, 80) : "";
  logger.info({ ceremony, reason }, "passkey answer refused");
}
