/**
 * lucia v3 on our own pg pool. Its author ended v3 in 2025, so nothing outside app/auth/ may
 * import it: the rest of the app sees only session.server.ts.
 */
import { NodePostgresAdapter } from "@lucia-auth/adapter-postgresql";
import { Cookie, Lucia, TimeSpan } from "lucia";
import { getPool } from "~db/client.server";
import { env } from "~/lib/env.server";

function createLucia() {
  const config = env();
  return new Lucia(new NodePostgresAdapter(getPool(), { user: "users", session: "sessions" }), {
    // lucia's expiry for a new session, which startSession replaces at once with the person's
    // own (session-lifetime.ts); the shorter idle timeout, should that ever not happen.
    sessionExpiresIn: new TimeSpan(
      Math.min(config.SESSION_IDLE_MINUTES_SOCIAL, config.SESSION_IDLE_MINUTES_SCHOOL),
      "m",
    ),
    // lucia's `expires: false` does not make a browser-session cookie: it gives Max-Age of 400
    // days. sessionCookie() below drops Max-Age; the database decides when the session expires.
    sessionCookie: {
      name: "samverkan_session",
      expires: false,
      attributes: { sameSite: "lax", secure: config.APP_URL.startsWith("https://") },
    },
    getSessionAttributes: (attributes) => ({
      activeMembershipId: attributes.active_membership_id,
      authenticatedAt: new Date(attributes.authenticated_at),
    }),
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      name: attributes.name,
      title: attributes.title,
      phone: attributes.phone,
      deactivatedAt: attributes.deactivated_at,
    }),
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
export function lucia() {
  instance ??= createLucia();
  return instance;
}

/**
 * The Set-Cookie value for a session: a browser-session cookie, with neither Max-Age nor
 * Expires, so that it never outlives the browser while the session on the server ends after
 * its idle timeout or its absolute lifetime (session-lifetime.ts). (A cookie with a lifetime
 * would have to be renewed at every slide of the idle expiry; one without needs nothing.)
 */
export function sessionCookie(sessionId: string): string {
  const cookie = lucia().createSessionCookie(sessionId);
  const { maxAge: _maxAge, expires: _expires, ...attributes } = cookie.attributes;
  return new Cookie(cookie.name, cookie.value, attributes).serialize();
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: string;
    DatabaseSessionAttributes: {
      active_membership_id: string | null;
      authenticated_at: Date | string;
      second_factor?: boolean;
      methods?: string[];
      acr?: string | null;
      amr?: string[] | null;
      client_address?: string | null;
      user_agent?: string | null;
      last_seen_at?: Date | string;
      sso_id_token?: string | null;
      created_at?: Date | string;
    };
    DatabaseUserAttributes: {
      email: string;
      name: string;
      title: string | null;
      phone: string | null;
      deactivated_at: Date | null;
    };
  }
}
