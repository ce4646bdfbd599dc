/**
 * What the browser's half and the server's half of a passkey ceremony share: where the portal
 * answers (app/routes/nyckel.tsx), the ceremonies, what they answer, and the name a passkey is
 * given (checked by both). No server code: the pages import it.
 */
import * as z from "zod/mini";

/** The one endpoint of every ceremony: form-encoded posts in, JSON out. */
export const PASSKEY_ENDPOINT = "/nyckel";

/**
 * login: a passkey alone (usernameless). secondFactor: the step after the password. register:
 * a new passkey under Mitt konto, or the first factor at enrolment. stepUp: confirming an act.
 */
export type PasskeyCeremony = "login" | "secondFactor" | "register" | "stepUp";

/**
 * The portal's answer to each step: the options for the browser, then the outcome. A field
 * error names the form's field it belongs beside ("name", "password"); other errors are shown
 * beside the button.
 */
export type PasskeyAnswer =
  | { ok: true; options: Record<string, unknown>; kind: "create" | "get" }
  | { ok: true; redirectTo?: string; added?: string }
  | { ok: false; error: string; field?: "name" | "password" };

export const PASSKEY_NAME_MAX_LENGTH = 100;

export const passkeyNameSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "Ge nyckeln ett namn, till exempel Jobbdatorn."),
    z.maxLength(PASSKEY_NAME_MAX_LENGTH, `Namnet får ha högst ${PASSKEY_NAME_MAX_LENGTH} tecken.`),
  );
