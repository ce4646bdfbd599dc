/**
 * lucia v3 on our own pg pool. Its author ended v3 in 2025, so nothing outside app/auth/ may
 * import it: the rest of the app sees only session.server.ts.
 */
import { NodePostgresAdapter } from "@lucia-auth/adapter-postgresql";
import { Lucia, TimeSpan } from "lucia";
import { getPool } from "../../db/client.server";
import { env } from "~/lib/env.server";

function createLucia() {
  const config = env();
  return new Lucia(new NodePostgresAdapter(getPool(), { user: "users", session: "sessions" }), {
    sessionExpiresIn: new TimeSpan(config.SESSION_IDLE_MINUTES, "m"),
    // The browser keeps the cookie; the database decides when the session has expired.
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

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    UserId: string;
    DatabaseSessionAttributes: {
      active_membership_id: string | null;
      authenticated_at: Date | string;
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
