/**
 * A person's own sessions, for Mitt konto (/konto/sessioner): the ones still alive, and ending
 * one or all but the current. Every statement is scoped to the person's own user id, so no
 * reference, guessed or copied, reaches anyone else's session.
 *
 * A session's id is the secret its cookie carries: it never goes to a page. The page names a
 * session by a reference, the SHA-256 of its id in hex, which PostgreSQL computes both when
 * listing and when ending, so the two always agree and the id stays in the database.
 */
import { sql } from "kysely";
import { db } from "~db/client.server";
import type { AuthenticationMethod } from "~db/schema";
import { env } from "~/lib/env.server";
import { describeDevice, describeMethods } from "./session-display";
import { idleTimeoutMs, maxLifetimeMs } from "./session-lifetime";
import type { Auth } from "./session.server";

export interface OwnSession {
  /** The session's reference on the page (never its id). */
  ref: string;
  /** The session of this request: "Den här enheten". */
  current: boolean;
  device: string;
  clientAddress: string | null;
  startedAt: Date;
  lastSeenAt: Date;
  methods: AuthenticationMethod[];
  /** How it was authenticated, in Swedish ("lösenord och kod från app"). */
  authenticatedWith: string;
}

export const SESSION_REF = /^[0-9a-f]{64}$/;

const refOf = sql<string>`encode(sha256(convert_to(id, 'UTF8')), 'hex')`;

type Person = Pick<Auth, "user" | "session" | "memberships">;

/**
 * The person's sessions that are still alive at `now` (by the same rule as the session read:
 * not expired, not idle past the timeout of the person's roles, not past the absolute end), the
 * current one first, then by the last activity.
 */
export async function listOwnSessions(person: Person, now = new Date()): Promise<OwnSession[]> {
  const settings = env();
  const idleMs = idleTimeoutMs(
    person.memberships.map((m) => m.role),
    settings,
  );
  const rows = await db
    .selectFrom("sessions")
    .select([
      refOf.as("ref"),
      sql<boolean>`id = ${person.session.id}`.as("current"),
      "userAgent",
      "clientAddress",
      "createdAt",
      "lastSeenAt",
      "methods",
    ])
    .where("userId", "=", person.user.id)
    .where("expiresAt", ">", now)
    .where("lastSeenAt", ">", new Date(now.getTime() - idleMs))
    .where("createdAt", ">", new Date(now.getTime() - maxLifetimeMs(settings)))
    .orderBy(sql`id = ${person.session.id}`, "desc")
    .orderBy("lastSeenAt", "desc")
    .orderBy("createdAt", "desc")
    .execute();
  return rows.map((row) => ({
    ref: row.ref,
    current: row.current,
    device: describeDevice(row.userAgent),
    clientAddress: row.clientAddress,
    startedAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    methods: row.methods,
    authenticatedWith: describeMethods(row.methods),
  }));
}

/**
 * Ends one of the person's other sessions, named by its reference. False when there is no such
 * session of theirs (ended already, someone else's, or the current one, which is ended by
 * logging out).
 */
export async function endOwnSession(person: Person, ref: string): Promise<boolean> {
  if (!SESSION_REF.test(ref)) return false;
  const result = await db
    .deleteFrom("sessions")
    .where("userId", "=", person.user.id)
    .where("id", "<>", person.session.id)
    .where(refOf, "=", ref)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Ends every session of the person but the current one; how many were ended. */
export async function endOtherSessions(person: Person): Promise<number> {
  const result = await db
    .deleteFrom("sessions")
    .where("userId", "=", person.user.id)
    .where("id", "<>", person.session.id)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
