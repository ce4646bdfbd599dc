import { describe, expect, it } from "vitest";
import { idleSlide, idleTimeoutMs, sessionDeadline } from "~/auth/session-lifetime";

const SETTINGS = {
  SESSION_IDLE_MINUTES_SOCIAL: 30,
  SESSION_IDLE_MINUTES_SCHOOL: 480,
  SESSION_MAX_HOURS: 12,
};
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const MAX = 12 * HOUR;

describe("the idle timeout by role", () => {
  it("is 30 minutes for social services and administrators", () => {
    for (const role of ["caseworker", "intakeOfficer", "districtManager", "admin"] as const) {
      expect(idleTimeoutMs([role], SETTINGS), role).toBe(30 * MINUTE);
    }
  });

  it("is 8 hours for school staff and the education manager", () => {
    for (const role of ["principal", "mentor", "studentHealth", "educationManager"] as const) {
      expect(idleTimeoutMs([role], SETTINGS), role).toBe(8 * HOUR);
    }
  });

  it("is the shorter for a person with both kinds of membership, or with none", () => {
    expect(idleTimeoutMs(["studentHealth", "caseworker"], SETTINGS)).toBe(30 * MINUTE);
    expect(idleTimeoutMs(["mentor", "admin"], SETTINGS)).toBe(30 * MINUTE);
    expect(idleTimeoutMs([], SETTINGS)).toBe(30 * MINUTE);
    // Settings the other way round still give the shorter to social services.
    const reversed = { ...SETTINGS, SESSION_IDLE_MINUTES_SOCIAL: 600 };
    expect(idleTimeoutMs(["caseworker"], reversed)).toBe(8 * HOUR);
  });
});

describe("the deadline and the slide", () => {
  const login = new Date("2026-12-07T07:00:00Z");
  const at = (ms: number) => new Date(login.getTime() + ms);

  it("ends at the first of the expiry, the last activity plus the idle time, and the absolute end", () => {
    const times = { createdAt: login, lastSeenAt: at(HOUR), expiresAt: at(HOUR + 8 * HOUR) };
    expect(sessionDeadline(times, 8 * HOUR, MAX)).toEqual(at(9 * HOUR));
    // A role that shortens the timeout counts from the last activity at once.
    expect(sessionDeadline(times, 30 * MINUTE, MAX)).toEqual(at(HOUR + 30 * MINUTE));
    // However recent the activity, the absolute end.
    const late = { createdAt: login, lastSeenAt: at(11 * HOUR), expiresAt: at(19 * HOUR) };
    expect(sessionDeadline(late, 8 * HOUR, MAX)).toEqual(at(MAX));
  });

  it("slides to now plus the idle time, never past the absolute end, at most once a minute", () => {
    const times = { createdAt: login, lastSeenAt: login, expiresAt: at(30 * MINUTE) };
    expect(idleSlide(times, 30 * MINUTE, MAX, at(59_000))).toBeNull();
    expect(idleSlide(times, 30 * MINUTE, MAX, at(MINUTE))).toEqual({
      expiresAt: at(31 * MINUTE),
      lastSeenAt: at(MINUTE),
    });
    const capped = { createdAt: login, lastSeenAt: at(11 * HOUR), expiresAt: at(MAX) };
    // The expiry cannot move, but the last activity is still kept (once a minute).
    expect(idleSlide(capped, 8 * HOUR, MAX, at(11 * HOUR + 30_000))).toBeNull();
    expect(idleSlide(capped, 8 * HOUR, MAX, at(11 * HOUR + MINUTE))).toEqual({
      expiresAt: at(MAX),
      lastSeenAt: at(11 * HOUR + MINUTE),
    });
    // A timeout that became shorter is written at once, even within the minute.
    const school = { createdAt: login, lastSeenAt: login, expiresAt: at(8 * HOUR) };
    expect(idleSlide(school, 30 * MINUTE, MAX, at(1000))).toEqual({
      expiresAt: at(30 * MINUTE + 1000),
      lastSeenAt: at(1000),
    });
  });
});
