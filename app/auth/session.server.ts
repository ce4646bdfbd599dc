/**
 * Who is asking: the session behind a request, the user, and the membership (organisation and
 * role) they act for. Every protected loader and action starts with requireUser or
 * requireMembership; both throw a redirect or a refusal the route does not have to handle.
 */
import { redirect } from "@remix-run/node";
import { sql } from "kysely";
import { db } from "~db/client.server";
import type { AuthenticationMethod, OrganisationKind, Role } from "~db/schema";
import { AUTOMATIC_REQUEST_HEADER } from "~/lib/automatic-request";
import { env } from "~/lib/env.server";
import { oncePerRequest } from "~/lib/request-scope.server";
import { lucia, sessionCookie } from "./lucia.server";
import { startPath, type PolicyActor } from "./roles";
import { factorsOf, hasFactor, secondFactorRequired } from "./second-factor.server";
import { idleSlide, idleTimeoutMs, maxLifetimeMs, sessionDeadline } from "./session-lifetime";

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
  /**
   * When the session ends if no request comes before (after this request's slide): the idle
   * timeout of the person's roles or the absolute end (session-lifetime.ts), whichever is first.
   */
  expiresAt?: Date;
  /** The idle timeout of the person's roles, in milliseconds. */
  idleMs?: number;
  /** The absolute end: the login plus SESSION_MAX_HOURS, however active the session is. */
  endsAt?: Date;
}

/**
 * How far a session has come. "complete": it may be used. "secondFactor": the password was
 * right, and the person has a second factor that has not been given yet. "enrolment": the
 * person's role requires a second factor (MFA_REQUIRED_ROLES) and they have none: they can only
 * enrol one. Worked out at every request from the session and the person's factors and roles,
 * so a role that becomes required, or a factor added elsewhere, takes effect at once.
 */
export type SessionStage = "complete" | "secondFactor" | "enrolment";

/** The page a session of an unfinished stage may use (and every other page sends it to). */
export const STAGE_PATHS: Record<Exclude<SessionStage, "complete">, string> = {
  secondFactor: "/login/kod",
  enrolment: "/konto/tvastegsverifiering",
};

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

/** A session of any stage: only the login and enrolment pages take one that is not complete. */
export interface SessionState extends Auth {
  stage: SessionStage;
}

/**
 * The session behind the request's cookie, with its user and their memberships, in one
 * statement, once per request: the root loader and the page's loaders share it.
 */
export async function getAuth(request: Request, now = new Date()): Promise<Auth | null> {
  const state = await getSessionState(request, now);
  return state?.stage === "complete" ? state : null;
}

/**
 * The session behind the request, whatever its stage. A request the page made by itself
 * (AUTOMATIC_REQUEST_HEADER, ~/lib/automatic-request.ts) is served but does not slide it.
 */
export async function getSessionState(
  request: Request,
  now = new Date(),
): Promise<SessionState | null> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const slide = request.headers.get(AUTOMATIC_REQUEST_HEADER) !== "1";
  return oncePerRequest(`auth:${sessionId}`, () => readAuth(sessionId, now, slide));
}

/**
 * The session behind the request as it stands, without counting the look as activity: for the
 * page's question "how long until I am logged out?" (/inloggad). Null when there is none.
 */
export async function peekSession(request: Request, now = new Date()): Promise<Auth | null> {
  const sessionId = lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const state = await readAuth(sessionId, now, false);
  return state?.stage === "complete" ? state : null;
}

/**
 * What the page needs to warn before the idle timeout (SessionTimeout.tsx): how long the session
 * has left after this request, and the idle timeout a later request would slide it to. As
 * durations, so that the browser's clock need not agree with the server's.
 */
export interface SessionTiming {
  /** Until the session ends if nothing more happens. */
  remainingMs: number;
  /** What a request slides the end to: now plus this (but never past the absolute end). */
  idleMs: number;
  /** Until the absolute end, which nothing moves. */
  absoluteMs: number;
  /** SESSION_MAX_HOURS, for the warning's words. */
  maxHours: number;
}

export function sessionTiming(auth: Auth | null, now = new Date()): SessionTiming {
  const { expiresAt, endsAt, idleMs } = auth?.session ?? {};
  const maxHours = env().SESSION_MAX_HOURS;
  if (!expiresAt || !endsAt || !idleMs) {
    return { remainingMs: 0, idleMs: 0, absoluteMs: 0, maxHours };
  }
  return {
    remainingMs: Math.max(0, expiresAt.getTime() - now.getTime()),
    idleMs,
    absoluteMs: Math.max(0, endsAt.getTime() - now.getTime()),
    maxHours,
  };
}

// lucia's validateSession asks twice (the session; the user by session), on two connections;
// the portal asks once, with the memberships beside. lucia still creates, ends and names
// sessions; expiry is ours (below, and session-lifetime.ts): the statement reads the session's
// times and the person's roles, and the deadline is worked out from them.
async function readAuth(
  sessionId: string,
  now: Date,
  slide: boolean,
): Promise<SessionState | null> {
  const row = await db
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.userId")
    .select([
      "s.id",
      "s.expiresAt",
      "s.createdAt",
      "s.lastSeenAt",
      "s.activeMembershipId",
      "s.authenticatedAt",
      "s.secondFactor",
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
      sql<boolean>`exists (select 1 from totp_factors t
        where t.user_id = u.id and t.confirmed_at is not null)
        or exists (select 1 from passkeys p where p.user_id = u.id)`.as("hasFactor"),
    ])
    .where("s.id", "=", sessionId)
    .executeTakeFirst();
  if (!row) return null;
  const settings = env();
  const idleMs = idleTimeoutMs(
    row.memberships.map((m) => m.role),
    settings,
  );
  const maxMs = maxLifetimeMs(settings);
  let expiresAt = sessionDeadline(row, idleMs, maxMs);
  if (expiresAt.getTime() <= now.getTime()) {
    await db.deleteFrom("sessions").where("id", "=", row.id).execute();
    return null;
  }
  if (row.deactivatedAt) return null;
  // lucia only extends a session in its second half; we slide it on every request (written at
  // most once a minute) so that the idle timeout is real. A request the page made by itself is
  // no sign of the person, and neither is the page asking how long is left (peekSession).
  const slid = slide ? idleSlide(row, idleMs, maxMs, now) : null;
  if (slid) {
    await db.updateTable("sessions").set(slid).where("id", "=", row.id).execute();
    expiresAt = slid.expiresAt;
  }
  return {
    user: { id: row.userId, email: row.email, name: row.name, title: row.title, phone: row.phone },
    session: {
      id: row.id,
      activeMembershipId: row.activeMembershipId,
      authenticatedAt: row.authenticatedAt,
      expiresAt,
      idleMs,
      endsAt: new Date(row.createdAt.getTime() + maxMs),
    },
    memberships: row.memberships,
    stage: stageOf(row.secondFactor, row.hasFactor, row.memberships),
  };
}

function stageOf(
  secondFactor: boolean,
  personHasFactor: boolean,
  memberships: ActiveMembership[],
): SessionStage {
  if (secondFactor) return "complete";
  if (personHasFactor) return "secondFactor";
  if (secondFactorRequired(memberships.map((m) => m.role))) return "enrolment";
  return "complete";
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const target = url.pathname + url.search;
  const search = target === "/" ? "" : `?${new URLSearchParams({ redirectTo: target })}`;
  return redirect(`/login${search}`, { headers: { "Set-Cookie": blankSessionCookie() } });
}

export async function requireUser(request: Request): Promise<Auth> {
  const state = await getSessionState(request);
  if (!state) throw loginRedirect(request);
  if (state.stage !== "complete") throw stageRedirect(request, state.stage);
  return state;
}

/** Sends an unfinished session to the page of its stage, keeping where it was going. */
function stageRedirect(request: Request, stage: Exclude<SessionStage, "complete">): Response {
  const url = new URL(request.url);
  const target = request.method === "GET" ? url.pathname + url.search : "/";
  const search = target === "/" ? "" : `?${new URLSearchParams({ redirectTo: target })}`;
  return redirect(`${STAGE_PATHS[stage]}${search}`);
}

/**
 * The session of a page that serves one unfinished stage (the code page, enrolment): the person
 * with a session of that stage. A session of another stage is sent to its own page, a complete
 * one to `whenComplete` (null: let it through, as enrolment under Mitt konto does), none to login.
 */
export async function requireSessionStage(
  request: Request,
  stage: Exclude<SessionStage, "complete">,
  whenComplete: string | null,
): Promise<SessionState> {
  const state = await getSessionState(request);
  if (!state) throw loginRedirect(request);
  if (state.stage === stage) return state;
  if (state.stage === "complete") {
    if (whenComplete === null) return state;
    throw redirect(whenComplete);
  }
  throw stageRedirect(request, state.stage);
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

/** How a login was made, and from where: kept on the session. */
export interface SignIn {
  methods: AuthenticationMethod[];
  /** The session is confirmed by a second factor (or sign-on of the required assurance). */
  secondFactor: boolean;
  clientAddress: string;
  userAgent: string | null;
  acr?: string | null;
  amr?: string[] | null;
  /** The identity provider's ID token (sign-on), kept for its logout (sso.server.ts). */
  idToken?: string | null;
}

/**
 * lucia stamps a new session's expiry by the wall clock, with one idle time for everyone: the
 * session gets its own instead, from the time of the login and the person's roles
 * (session-lifetime.ts), so that it is right from the first moment and `now` is the one clock.
 */
async function fitNewSession(
  sessionId: string,
  memberships: ActiveMembership[],
  createdAt: Date,
  now: Date,
) {
  const settings = env();
  const idleMs = idleTimeoutMs(
    memberships.map((m) => m.role),
    settings,
  );
  const end = Math.min(now.getTime() + idleMs, createdAt.getTime() + maxLifetimeMs(settings));
  await db
    .updateTable("sessions")
    .set({ expiresAt: new Date(end) })
    .where("id", "=", sessionId)
    .execute();
}

/**
 * Starts a new session (a new id at every login) and returns its cookie and landing page: the
 * code page or enrolment when the session is not complete yet (then `complete` is false and a
 * page asked for must wait), else the start page of the person's only membership, or the choice.
 */
export async function startSession(
  userId: string,
  previousSessionId: string | null,
  signIn: SignIn,
  now = new Date(),
): Promise<{ cookie: string; sessionId: string; landing: string; complete: boolean }> {
  if (previousSessionId) await lucia().invalidateSession(previousSessionId);
  const [memberships, factors] = await Promise.all([
    listActiveMemberships(userId),
    factorsOf(userId),
  ]);
  const only = memberships.length === 1 ? memberships[0]! : null;
  const session = await lucia().createSession(userId, {
    active_membership_id: only?.id ?? null,
    authenticated_at: now,
    second_factor: signIn.secondFactor,
    methods: signIn.methods,
    acr: signIn.acr ?? null,
    amr: signIn.amr ?? null,
    client_address: signIn.clientAddress.slice(0, 100),
    user_agent: signIn.userAgent?.slice(0, 500) ?? null,
    last_seen_at: now,
    sso_id_token: signIn.idToken ?? null,
    // The login: the absolute lifetime counts from here.
    created_at: now,
  });
  await fitNewSession(session.id, memberships, now, now);
  const cookie = sessionCookie(session.id);
  const sessionId = session.id;
  const stage = stageOf(signIn.secondFactor, hasFactor(factors), memberships);
  if (stage !== "complete") {
    return { cookie, sessionId, landing: STAGE_PATHS[stage], complete: false };
  }
  const landing = only
    ? startPath(only.role)
    : memberships.length === 0
      ? "/ingen-behorighet"
      : "/valj-organisation";
  return { cookie, sessionId, landing, complete: true };
}

/**
 * A second factor was given in a session: the session is replaced by a new one (a new id, as at
 * every step up in what a session may do) that is confirmed, with the method added and the
 * authentication time renewed.
 */
export async function completeSecondFactor(
  state: SessionState,
  method: AuthenticationMethod,
  now = new Date(),
): Promise<{ cookie: string; landing: string }> {
  const old = await db
    .selectFrom("sessions")
    .select(["methods", "acr", "amr", "clientAddress", "userAgent", "ssoIdToken", "createdAt"])
    .where("id", "=", state.session.id)
    .executeTakeFirst();
  await lucia().invalidateSession(state.session.id);
  const methods = [...new Set([...(old?.methods ?? ["password"]), method])];
  const membership = actingMembership(state);
  const session = await lucia().createSession(state.user.id, {
    active_membership_id: membership?.id ?? null,
    authenticated_at: now,
    second_factor: true,
    methods,
    acr: old?.acr ?? null,
    amr: old?.amr ?? null,
    client_address: old?.clientAddress ?? null,
    user_agent: old?.userAgent ?? null,
    last_seen_at: now,
    sso_id_token: old?.ssoIdToken ?? null,
    // The same login, a step further: a new id, but the absolute lifetime still counts from the
    // login (enrolling an app under Mitt konto must not restart it).
    created_at: old?.createdAt ?? now,
  });
  await fitNewSession(session.id, state.memberships, old?.createdAt ?? now, now);
  const landing = membership
    ? startPath(membership.role)
    : state.memberships.length === 0
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
