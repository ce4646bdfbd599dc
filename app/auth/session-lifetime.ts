/**
 * How long a session lives (issue 17): an idle timeout that depends on the person's work, and an
 * absolute lifetime from the login that activity never extends. Pure functions of the session's
 * times, the person's roles and the settings, so that the session read (session.server.ts), the
 * list under Mitt konto and the clean-up agree, and tests can pass any clock.
 *
 * - Social services (caseworker, intake officer, district manager) and administrators: the short
 *   idle timeout (SESSION_IDLE_MINUTES_SOCIAL, 30 minutes). They open children's secret records,
 *   often on shared or mobile desks.
 * - School staff (principal, mentor, student health) and the education manager: the long one
 *   (SESSION_IDLE_MINUTES_SCHOOL, 8 hours). A counsellor writes a school card or a report between
 *   lessons and pupils, and is logged in for the school day. The education manager is on the
 *   school side too: the role sees agreements and overviews, never a child's record, and is not
 *   among the roles that must have a second factor.
 * - A person with both kinds of membership, or with none, gets the short one.
 * - However active, a session ends SESSION_MAX_HOURS (12) after its login.
 */
import type { Role } from "~db/schema";

/** The roles whose holders reach children's secret records, or administer everyone's access. */
const SHORT_IDLE_ROLES: readonly Role[] = [
  "caseworker",
  "intakeOfficer",
  "districtManager",
  "admin",
] satisfies Role[];

export interface LifetimeSettings {
  SESSION_IDLE_MINUTES_SOCIAL: number;
  SESSION_IDLE_MINUTES_SCHOOL: number;
  SESSION_MAX_HOURS: number;
}

/** The idle timeout, in milliseconds, of a person holding these roles. */
export function idleTimeoutMs(roles: readonly Role[], settings: LifetimeSettings): number {
  const short = settings.SESSION_IDLE_MINUTES_SOCIAL * 60_000;
  const long = settings.SESSION_IDLE_MINUTES_SCHOOL * 60_000;
  if (roles.length === 0 || roles.some((role) => SHORT_IDLE_ROLES.includes(role))) {
    return Math.min(short, long);
  }
  return long;
}

export function maxLifetimeMs(settings: LifetimeSettings): number {
  return settings.SESSION_MAX_HOURS * 3_600_000;
}

/** The times of a session row that decide when it ends. */
export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

/**
 * When the session ends if nothing more happens: the stored expiry, the last activity plus the
 * idle timeout of the person's roles now (so a role that shortens the timeout takes effect at
 * once, and a lowered setting too), and the absolute end, whichever comes first.
 */
export function sessionDeadline(times: SessionTimes, idleMs: number, maxMs: number): Date {
  return new Date(
    Math.min(
      times.expiresAt.getTime(),
      times.lastSeenAt.getTime() + idleMs,
      times.createdAt.getTime() + maxMs,
    ),
  );
}

/**
 * What a request at `now` writes to slide the idle timeout, or null: the expiry moves to now plus
 * the idle timeout (never past the absolute end), and the last activity to now. Written at most
 * once a minute per session: only when the expiry would move, or the last activity is older, by
 * a minute or more. So the stored expiry is never more than a minute short of now + idle, which
 * the page's warning counts with (SessionTimeout.tsx).
 */
/** How much slack the slide leaves: the stored expiry may be this much short of now + idle. */
const SLIDE_STEP_MS = 60_000;

export function idleSlide(
  times: SessionTimes,
  idleMs: number,
  maxMs: number,
  now: Date,
): { expiresAt: Date; lastSeenAt: Date } | null {
  const expiresAt = Math.min(now.getTime() + idleMs, times.createdAt.getTime() + maxMs);
  const moves = Math.abs(expiresAt - times.expiresAt.getTime()) >= SLIDE_STEP_MS;
  const seen = now.getTime() - times.lastSeenAt.getTime() >= SLIDE_STEP_MS;
  if (!moves && !seen) return null;
  return { expiresAt: new Date(expiresAt), lastSeenAt: now };
}
