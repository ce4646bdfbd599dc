/**
 * Checking a login: throttling first, then the password. The answer for an unknown address
 * and for a wrong password is the same, and takes as long.
 */
import { env } from "~/lib/env.server";
import { db } from "~db/client.server";
import { verifyPassword } from "./password.server";
import { throttledPasswordCheck } from "./rate-limit.server";

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAt: Date };

export async function attemptLogin(input: {
  email: string;
  password: string;
  clientAddress: string;
  now?: Date;
}): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  let userId: string | undefined;
  const result = await throttledPasswordCheck(
    { email, clientAddress: input.clientAddress, now },
    async () => {
      const user = await db
        .selectFrom("users")
        .select(["id", "passwordHash"])
        .where("email", "=", email)
        .where("deactivatedAt", "is", null)
        .executeTakeFirst();
      userId = user?.id;
      // Against a decoy hash when there is no user: the same work, the same time.
      return (await verifyPassword(user?.passwordHash ?? null, input.password)) && Boolean(user);
    },
  );
  if (result.outcome === "throttled") {
    return { ok: false, reason: "throttled", retryAt: result.retryAt };
  }
  return result.outcome === "valid" && userId
    ? { ok: true, userId }
    : { ok: false, reason: "invalid" };
}

// C0 and C1 control characters (tab, CR and LF among them), and the backslash, which browsers
// read as "/" in a URL: "/\t/evil.example" loses its tab in the browser and becomes
// "//evil.example", another site.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_REDIRECT = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * Where a login may send the user afterwards: only a path of this portal. The value must begin
 * with a single "/", hold no control character or backslash, and parse, with the portal's origin
 * as base, to that same origin and a path that begins with a single "/". What comes back is the
 * parsed path and query, percent-encoded ASCII, so that a Location header made of it can always
 * be sent (a non-ASCII or CR/LF value in a header makes Node throw).
 */
export function safeRedirectPath(
  value: string | null | undefined,
  portalOrigin: string = env().APP_URL,
): string | null {
  if (!value || value.length > 2000) return null;
  if (!value.startsWith("/") || value.startsWith("//") || UNSAFE_IN_REDIRECT.test(value)) {
    return null;
  }
  let base: URL;
  let parsed: URL;
  try {
    base = new URL(portalOrigin);
    parsed = new URL(value, base);
  } catch {
    return null;
  }
  if (parsed.origin !== base.origin) return null;
  const path = parsed.pathname + parsed.search;
  // "/.//evil.example" parses to the path "//evil.example": protocol-relative once sent back.
  if (!path.startsWith("/") || path.startsWith("//") || UNSAFE_IN_REDIRECT.test(path)) {
    return null;
  }
  return path;
}

/**
 * Where a login step sends the person: an unfinished session to its next step (keeping the page
 * asked for), a person who must choose an organisation (or has none) to that page, else to the
 * page asked for or the start page.
 */
export function afterLogin(landing: string, complete: boolean, target: string | null): string {
  if (!complete) {
    return target ? `${landing}?${new URLSearchParams({ redirectTo: target })}` : landing;
  }
  // A requested page only makes sense once the user acts for an organisation.
  if (landing === "/valj-organisation" || landing === "/ingen-behorighet") return landing;
  return target ?? landing;
}
