/**
 * Who is asking: the session behind a request, the user, and the membership (organisation and
 * role) they act for. Every protected loader and action starts with requireUser or
 * requireMembership; both throw a redirect or a refusal the route does not have to handle.
 */
import { redirect } from "@remix-run/node";
import { sql } from "kysely";
import { db } from "~db/client.server";
import type { OrganisationKind, Role } from "~db/schema";
import { env } from "~/lib/env.server";
import { oncePerRequest } from "~/lib/request-scope.server";
import { lucia, sessionCookie } from "./lucia.server";
import { startPath, type PolicyActor } from "./roles";

interface SessionUser {
  id: string;
  email: string;
  name: string;
  title: string | null;
  phone: string | null;
}

interface AuthSession {
  id: string;
  activeMembershipId: string | null;
  authenticatedAt: Date;
}

export interface ActiveMembership {
  id: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
  organisationName: string;
}

/** The acting user: the person, their session and the membership they act for. */
export interface Actor {
  user: SessionUser;
  session: AuthSession;
  membership: ActiveMembership;
}

/** The actor as the modules' policies see it (app/auth/roles.ts). */
export function policyActor(actor: Actor): PolicyActor {
  return {
    userId: actor.user.id,
    role: actor.membership.role,
    organisationId: actor.membership.organisationId,
    organisationKind: actor.membership.organisationKind,
  };
}

export interface Auth {
  user: SessionUser;
  session: AuthSession;
  /** The memberships the user may act for now (listActiveMemberships), read with the session. */
  memberships: ActiveMembership[];
}

/**
 * The session behind the request's cookie, with its user and their memberships, in one
 * statement, once per request: the root loader and the page's loaders share it.
 */
export async function getAuth(request: Request): Promise<Auth | null> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  return oncePerRequest(`auth:${sessionId}`, () => readAuth(sessionId));
}

// lucia's validateSession asks twice (the session; the user by session), on two connections;
// the portal asks once, with the memberships beside. lucia still creates, ends and names
// sessions; expiry is ours (below) as it was.
async function readAuth(sessionId: string): Promise<Auth | null> {
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.userId")
    .select([
      "s.id",
      "s.expiresAt",
      "s.activeMembershipId",
      "s.authenticatedAt",
      "u.id as userId",
      "u.email",
      "u.name",
      "u.title",
      "u.phone",
      "u.deactivatedAt",
      sql<ActiveMembership[]>`coalesce((
        select json_agg(json_build_object(
          'id', m.id, 'role', m.role, 'organisationId', m.organisation_id,
          'organisationKind', m.organisation_kind, 'organisationName', o.name
        ) order by o.name, m.role)
        from memberships m join organisations o on o.id = m.organisation_id
        where m.user_id = u.id and m.ended_at is null and o.deactivated_at is null
      ), '[]'::json)`.as("memberships"),
    ])
    .where("s.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expiresAt.getTime() <= Date.now()) {
    await db.deleteFrom("sessions").where("id", "=", row.id).execute();
    return null;
  }
  if (row.deactivatedAt) return null;
  await slideIdleExpiry(row.id, row.expiresAt);
  return {
    user: { id: row.userId, email: row.email, name: row.name, title: row.title, phone: row.phone },
    session: {
      id: row.id,
      activeMembershipId: row.activeMembershipId,
      authenticatedAt: row.authenticatedAt,
    },
    memberships: row.memberships,
  };
}

// lucia only extends a session in its second half; we extend it on every request (at most once
// a minute) so that SESSION_IDLE_MINUTES is the real idle timeout.
async function slideIdleExpiry(sessionId: string, expiresAt: Date) {
  const idleMs = env().SESSION_IDLE_MINUTES * 60_000;
  const wanted = Date.now() + idleMs;
  if (wanted - expiresAt.getTime() < 60_000) return;
  await db
    .updateTable("sessions")
    .set({ expiresAt: new Date(wanted) })
    .where("id", "=", sessionId)
    .execute();
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const target = url.pathname + url.search;
  const search = target === "/" ? "" : `?${new URLSearchParams({ redirectTo: target })}`;
  return redirect(`/login${search}`, { headers: { "Set-Cookie": blankSessionCookie() } });
}

export async function requireUser(request: Request) {
  const auth = await getAuth(request);
  if (!auth) throw loginRedirect(request);
  return auth;
}

/** The memberships a user may act for now: current, in an active organisation. */
export async function listActiveMemberships(userId: string): Promise<ActiveMembership[]> {
  return db
    .selectFrom("memberships as m")
    .innerJoin("organisations as o", "o.id", "m.organisationId")
    .select([
      "m.id",
      "m.role",
      "m.organisationId",
      "m.organisationKind",
      "o.name as organisationName",
    ])
    .where("m.userId", "=", userId)
    .where("m.endedAt", "is", null)
    .where("o.deactivatedAt", "is", null)
    .orderBy("o.name")
    .orderBy("m.role")
    .execute();
}

/**
 * The acting user with the membership chosen for this session. A user with exactly one
 * membership acts for it without choosing; with several, they are sent to choose.
 */
export async function requireActor(request: Request): Promise<Actor> {
  const { user, session, memberships } = await requireUser(request);
  const membership = actingMembership({ session, memberships });
  if (membership && membership.id !== session.activeMembershipId) {
    await setActiveMembership(session.id, membership.id);
  }
  if (!membership) {
    if (memberships.length === 0) throw redirect("/ingen-behorighet");
    throw redirect("/valj-organisation");
  }
  return { user, session, membership };
}

/** The membership a session acts for: the one chosen, or the user's only one. */
export function actingMembership(auth: Pick<Auth, "session" | "memberships">) {
  return (
    auth.memberships.find((m) => m.id === auth.session.activeMembershipId) ??
    (auth.memberships.length === 1 ? auth.memberships[0]! : undefined)
  );
}

/** Refuses (403) unless the acting membership has one of the roles. */
export async function requireMembership(request: Request, ...roles: Role[]): Promise<Actor> {
  const actor = await requireActor(request);
  if (!roles.includes(actor.membership.role)) {
    throw new Response("Du har inte behörighet till den här sidan.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  return actor;
}

export async function setActiveMembership(sessionId: string, membershipId: string | null) {
  await db
    .updateTable("sessions")
    .set({ activeMembershipId: membershipId })
    .where("id", "=", sessionId)
    .execute();
}

/** Starts a new session (a new id at every login) and returns its cookie and landing page. */
export async function startSession(
  userId: string,
  previousSessionId: string | null,
): Promise<{ cookie: string; landing: string }> {
  if (previousSessionId) await lucia().invalidateSession(previousSessionId);
  const memberships = await listActiveMemberships(userId);
  const only = memberships.length === 1 ? memberships[0]! : null;
  const session = await lucia().createSession(userId, {
    active_membership_id: only?.id ?? null,
    authenticated_at: new Date(),
  });
  const landing = only
    ? startPath(only.role)
    : memberships.length === 0
      ? "/ingen-behorighet"
      : "/valj-organisation";
  return { cookie: sessionCookie(session.id), landing };
}

export async function endSession(request: Request): Promise<string> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia().invalidateSession(sessionId);
  return blankSessionCookie();
}

function blankSessionCookie(): string {
  return lucia().createBlankSessionCookie().serialize();
}

export function readSessionId(request: Request): string | null {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}
