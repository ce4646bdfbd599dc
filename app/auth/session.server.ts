/**
 * Who is asking: the session behind a request, the user, and the membership (organisation and
 * role) they act for. Every protected loader and action starts with requireUser or
 * requireMembership; both throw a redirect or a refusal the route does not have to handle.
 */
import { redirect } from "@remix-run/node";
import { db } from "../../db/client.server";
import type { OrganisationKind, Role } from "../../db/schema";
import { env } from "~/lib/env.server";
import { lucia, sessionCookie } from "./lucia.server";
import { startPath } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  title: string | null;
  phone: string | null;
}

export interface AuthSession {
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

export async function getAuth(
  request: Request,
): Promise<{ user: SessionUser; session: AuthSession } | null> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { session, user } = await lucia().validateSession(sessionId);
  if (!session || user.deactivatedAt) return null;
  await slideIdleExpiry(session.id, session.expiresAt);
  return {
    user: { id: user.id, email: user.email, name: user.name, title: user.title, phone: user.phone },
    session: {
      id: session.id,
      activeMembershipId: session.activeMembershipId,
      authenticatedAt: session.authenticatedAt,
    },
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
  const { user, session } = await requireUser(request);
  const memberships = await listActiveMemberships(user.id);
  let membership = memberships.find((m) => m.id === session.activeMembershipId);
  if (!membership && memberships.length === 1) {
    membership = memberships[0]!;
    await setActiveMembership(session.id, membership.id);
  }
  if (!membership) {
    if (memberships.length === 0) throw redirect("/ingen-behorighet");
    throw redirect("/valj-organisation");
  }
  return { user, session, membership };
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

export function blankSessionCookie(): string {
  return lucia().createBlankSessionCookie().serialize();
}

export function readSessionId(request: Request): string | null {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}
