/**
 * The second factor: a TOTP app (RFC 6238: 30-second steps, six digits, one step of drift either
 * way, no code used twice) and recovery codes (ten, shown once, stored as hashes, each usable
 * once). Passkeys count as a second factor too (passkeys.server.ts); this file answers for both
 * whether a person has one. Every code check is counted by the login throttle, as passwords are.
 */
import { createHash, randomBytes } from "node:crypto";
import { encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import type { Kysely } from "kysely";
import { db } from "~db/client.server";
import type { Database, Role } from "~db/schema";
import { env } from "~/lib/env.server";
import { throttledPasswordCheck, type ThrottledCheck } from "./rate-limit.server";

const STEP_SECONDS = 30;
const DIGITS = 6;
const ISSUER = "Samverkansportalen";
export const RECOVERY_CODE_COUNT = 10;

/** The second factors a person has: a confirmed TOTP app, and how many passkeys. */
export interface Factors {
  totp: boolean;
  passkeys: number;
}

export async function factorsOf(userId: string, executor: Kysely<Database> = db): Promise<Factors> {
  const row = await executor
    .selectNoFrom((eb) => [
      eb
        .exists(
          eb
            .selectFrom("totpFactors")
            .select("userId")
            .where("userId", "=", userId)
            .where("confirmedAt", "is not", null),
        )
        .as("totp"),
      eb
        .selectFrom("passkeys")
        .select((e) => e.fn.countAll<string>().as("n"))
        .where("userId", "=", userId)
        .as("passkeys"),
    ])
    .executeTakeFirstOrThrow();
  return { totp: Boolean(row.totp), passkeys: Number(row.passkeys ?? 0) };
}

export function hasFactor(factors: Factors): boolean {
  return factors.totp || factors.passkeys > 0;
}

/** Whether a person holding these roles must have a second factor (MFA_REQUIRED_ROLES). */
export function secondFactorRequired(roles: readonly Role[]): boolean {
  const required = env().MFA_REQUIRED_ROLES;
  return roles.some((role) => required.includes(role));
}

// ---- TOTP ----------------------------------------------------------------------------------

export function formatSecret(secret: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(secret).replace(/(.{4})(?=.)/g, "$1 ");
}

export interface Enrolment {
  /** The secret in base32, in groups of four, for typing into an app by hand. */
  secretText: string;
  /** The otpauth:// URI the QR code carries. */
  uri: string;
  /** The QR code as an SVG document (no script, no external reference). */
  qrSvg: string;
}

/**
 * Starts (or shows again) enrolment of a TOTP app: the unconfirmed secret kept for the person,
 * made on first call. A person who already has a confirmed app gets null.
 */
export async function startTotpEnrolment(
  user: { id: string; email: string },
  now = new Date(),
): Promise<Enrolment | null> {
  const existing = await db
    .selectFrom("totpFactors")
    .select(["secret", "confirmedAt"])
    .where("userId", "=", user.id)
    .executeTakeFirst();
  if (existing?.confirmedAt) return null;
  let secret = existing?.secret;
  if (!secret) {
    const fresh = new Uint8Array(randomBytes(20));
    const inserted = await db
      .insertInto("totpFactors")
      .values({ userId: user.id, secret: fresh, createdAt: now })
      .onConflict((oc) => oc.column("userId").doNothing())
      .returning("secret")
      .executeTakeFirst();
    secret =
      inserted?.secret ??
      (
        await db
          .selectFrom("totpFactors")
          .select("secret")
          .where("userId", "=", user.id)
          .executeTakeFirstOrThrow()
      ).secret;
  }
  const uri = createTOTPKeyURI(ISSUER, user.email, secret, STEP_SECONDS, DIGITS);
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return { secretText: formatSecret(secret), uri, qrSvg };
}

/** The 30-second step a moment falls in. */
export function totpStep(at: Date): bigint {
  return BigInt(Math.floor(at.getTime() / 1000 / STEP_SECONDS));
}

const CODE_PATTERN = /^\d{6}$/;

/** A typed code without spaces (apps show "123 456"). */
export function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, "");
}

/**
 * The step a code matches, within one step of drift of now and after the last used step; null
 * when it matches none.
 */
function matchingStep(
  secret: Uint8Array,
  code: string,
  lastUsedStep: string | null,
  now: Date,
): bigint | null {
  if (!CODE_PATTERN.test(code)) return null;
  const current = totpStep(now);
  const floor = lastUsedStep === null ? null : BigInt(lastUsedStep);
  for (const step of [current - 1n, current, current + 1n]) {
    if (floor !== null && step <= floor) continue;
    if (verifyHOTP(secret, step, DIGITS, code)) return step;
  }
  return null;
}

/**
 * Checks a TOTP code for a person, through the login throttle. A confirmed factor is required
 * unless `enrolling` (the code that proves a new app works). An accepted code moves
 * last_used_step forward in the same statement that checks it was behind, so of two requests
 * with the same code only one is accepted.
 */
export async function verifyTotpCode(
  user: { id: string; email: string },
  code: string,
  clientAddress: string,
  options: { now?: Date; enrolling?: boolean } = {},
): Promise<ThrottledCheck> {
  const now = options.now ?? new Date();
  const typed = normaliseCode(code);
  return throttledPasswordCheck(
    { email: user.email.trim().toLowerCase(), clientAddress, now },
    async () => {
      const factor = await db
        .selectFrom("totpFactors")
        .select(["secret", "confirmedAt", "lastUsedStep"])
        .where("userId", "=", user.id)
        .executeTakeFirst();
      if (!factor) return false;
      if (!options.enrolling && !factor.confirmedAt) return false;
      const step = matchingStep(factor.secret, typed, factor.lastUsedStep, now);
      if (step === null) return false;
      const updated = await db
        .updateTable("totpFactors")
        .set({
          lastUsedStep: step.toString(),
          confirmedAt: factor.confirmedAt ?? now,
        })
        .where("userId", "=", user.id)
        .where((eb) =>
          eb.or([eb("lastUsedStep", "is", null), eb("lastUsedStep", "<", step.toString())]),
        )
        .executeTakeFirst();
      return updated.numUpdatedRows === 1n;
    },
  );
}

// ---- Recovery codes ------------------------------------------------------------------------

// Crockford's base32 alphabet without I, L, O, U: nothing to mistake when reading it off paper.
const RECOVERY_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function newRecoveryCode(): string {
  // 12 characters of 32 = 60 bits: out of reach of guessing behind the throttle and of
  // brute force against the stored hash.
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b & 31]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

function hashRecoveryCode(code: string): string {
  const normalised = code
    .toUpperCase()
    .replace(/[\s-]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return createHash("sha256").update(`recovery:${normalised}`).digest("hex");
}

/** Makes ten new recovery codes for a person, voiding the old ones; the codes are returned once. */
export async function replaceRecoveryCodes(userId: string, now = new Date()): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("recoveryCodes").where("userId", "=", userId).execute();
    await trx
      .insertInto("recoveryCodes")
      .values(codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code), createdAt: now })))
      .execute();
  });
  return codes;
}

export async function unusedRecoveryCodes(userId: string): Promise<number> {
  const row = await db
    .selectFrom("recoveryCodes")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("userId", "=", userId)
    .where("usedAt", "is", null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Uses a recovery code, through the login throttle: it is marked used in the same statement. */
export async function redeemRecoveryCode(
  user: { id: string; email: string },
  code: string,
  clientAddress: string,
  now = new Date(),
): Promise<ThrottledCheck> {
  return throttledPasswordCheck(
    { email: user.email.trim().toLowerCase(), clientAddress, now },
    async () => {
      const used = await db
        .updateTable("recoveryCodes")
        .set({ usedAt: now })
        .where("userId", "=", user.id)
        .where("codeHash", "=", hashRecoveryCode(code))
        .where("usedAt", "is", null)
        .executeTakeFirst();
      return used.numUpdatedRows === 1n;
    },
  );
}

/**
 * Removes every second factor of a person (the TOTP app, recovery codes, passkeys) and ends
 * their sessions: an administrator's reset, for a lost phone. Runs in the caller's transaction,
 * which also writes the audit row and the e-mail.
 */
export async function removeSecondFactors(trx: Kysely<Database>, userId: string): Promise<void> {
  await trx.deleteFrom("totpFactors").where("userId", "=", userId).execute();
  await trx.deleteFrom("recoveryCodes").where("userId", "=", userId).execute();
  await trx.deleteFrom("passkeys").where("userId", "=", userId).execute();
  await trx.deleteFrom("sessions").where("userId", "=", userId).execute();
}
