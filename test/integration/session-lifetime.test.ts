/**
 * How long a session lives, against the real database with the clock passed in as `now`: the
 * idle timeout by role (30 minutes for social services and administrators, 8 hours for school
 * staff and the education manager, the shorter for a person with both), the absolute lifetime
 * of 12 hours from the login that activity never extends, and the requests that do not count as
 * activity (the page asking how long is left, and the draft it saves by itself).
 *
 * lucia stamps a new session's expiry by the wall clock, so each test's clock starts at the
 * real time of the login and moves forward from there.
 */
import { describe, expect, it } from "vitest";
import { db } from "../../db/client.server";
import type { Role } from "../../db/schema";
import {
  completeSecondFactor,
  getAuth,
  getSessionState,
  peekSession,
  sessionTiming,
  startSession,
} from "~/auth/session.server";
import { AUTOMATIC_REQUEST_HEADER } from "~/lib/automatic-request";
import { countStatements } from "~/lib/request-scope.server";
import { action as stayLoggedIn, loader as howLongLeft } from "~/routes/inloggad";
import {
  addMembership,
  createDistrict,
  createEducationAdmin,
  createSchool,
  createUser,
} from "../helpers/factories";
import { COMPLETE_SIGN_IN, PASSWORD_SIGN_IN } from "../helpers/sign-in";

const MINUTE = 60_000;
const CONTEXT = { requestId: "test", clientAddress: "127.0.0.1", nonce: "test" };
const HOUR = 60 * MINUTE;

function requestWith(cookie: string, headers: Record<string, string> = {}, path = "/") {
  return new Request(`http://localhost:3000${path}`, {
    headers: { Cookie: cookie.split(";")[0]!, ...headers },
  });
}

const sessionIdOf = (cookie: string) => cookie.split(";")[0]!.split("=")[1]!;

async function sessionRow(cookie: string) {
  return db
    .selectFrom("sessions")
    .selectAll()
    .where("id", "=", sessionIdOf(cookie))
    .executeTakeFirst();
}

/** A person with these roles (each in an organisation of the right kind), logged in at `t0`. */
async function loggedIn(roles: Role[]) {
  const district = await createDistrict();
  const school = await createSchool({ districtId: district.id });
  const education = await createEducationAdmin();
  const user = await createUser();
  const organisationFor = (role: Role) =>
    ["principal", "mentor", "studentHealth"].includes(role)
      ? school.id
      : role === "educationManager" || role === "admin"
        ? education.id
        : district.id;
  for (const role of roles) await addMembership(user.id, organisationFor(role), role);
  const t0 = new Date();
  const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN, t0);
  const at = (ms: number) => new Date(t0.getTime() + ms);
  /** A request at `ms` after the login: the person, or null when the session has ended. */
  const visit = (ms: number, headers: Record<string, string> = {}) =>
    getAuth(requestWith(cookie, headers), at(ms));
  return { user, district, school, cookie, t0, at, visit };
}

describe("the idle timeout by role", () => {
  it("logs a caseworker out after 30 minutes without a request, and slides with each one", async () => {
    const { cookie, visit } = await loggedIn(["caseworker"]);
    expect(await visit(0)).not.toBeNull();
    expect(await visit(29 * MINUTE)).not.toBeNull();
    // 29 + 29: still within 30 minutes of the last request.
    expect(await visit(58 * MINUTE)).not.toBeNull();
    expect(await visit(88 * MINUTE + 1000)).toBeNull();
    // The ended session is gone from the database, not only refused.
    expect(await sessionRow(cookie)).toBeUndefined();
  });

  it("gives administrators, intake officers and district managers the 30 minutes too", async () => {
    for (const role of ["admin", "intakeOfficer", "districtManager"] as const) {
      const { visit } = await loggedIn([role]);
      expect(await visit(0), role).not.toBeNull();
      expect(await visit(30 * MINUTE + 1000), role).toBeNull();
    }
  });

  it("keeps a counsellor, a mentor, a principal and the education manager for 8 hours", async () => {
    for (const role of ["studentHealth", "mentor", "principal", "educationManager"] as const) {
      const { visit } = await loggedIn([role]);
      expect(await visit(0), role).not.toBeNull();
      expect(await visit(7 * HOUR + 59 * MINUTE), role).not.toBeNull();
      // 7:59 + 8 hours would be past the absolute end: a request at 8:01 after that is not.
      const quiet = await loggedIn([role]);
      expect(await quiet.visit(0), role).not.toBeNull();
      expect(await quiet.visit(8 * HOUR + 1000), role).toBeNull();
    }
  });

  it("gives a person with school and social-services memberships the shorter timeout", async () => {
    const { visit } = await loggedIn(["studentHealth", "caseworker"]);
    expect(await visit(0)).not.toBeNull();
    expect(await visit(31 * MINUTE)).toBeNull();
  });

  it("shortens an open session at once when the person gets a social-services role", async () => {
    const { user, district, visit } = await loggedIn(["mentor"]);
    expect(await visit(5 * MINUTE)).not.toBeNull();
    await addMembership(user.id, district.id, "caseworker");
    // 40 minutes after the last request: within a mentor's 8 hours, past a caseworker's 30.
    expect(await visit(45 * MINUTE)).toBeNull();
  });

  it("tells the page how long is left after the request, and the idle time it slides to", async () => {
    const school = await loggedIn(["mentor"]);
    const auth = await school.visit(10 * MINUTE);
    expect(sessionTiming(auth, school.at(10 * MINUTE))).toEqual({
      remainingMs: 8 * HOUR,
      idleMs: 8 * HOUR,
      absoluteMs: 12 * HOUR - 10 * MINUTE,
      maxHours: 12,
    });
    expect(sessionTiming(null)).toMatchObject({ remainingMs: 0 });
  });

  it("writes the slide at most once a minute, so most requests are one statement", async () => {
    const { cookie, at, visit } = await loggedIn(["studentHealth"]);
    // The login set the school's 8 hours at once.
    expect((await sessionRow(cookie))?.expiresAt).toEqual(at(8 * HOUR));
    const soon = await countStatements(() => visit(30_000));
    expect(soon.statements).toBe(1);
    const minuteLater = await countStatements(() => visit(61_000));
    expect(minuteLater.statements).toBe(2);
    expect((await sessionRow(cookie))?.lastSeenAt).toEqual(at(61_000));
    const again = await countStatements(() => visit(90_000));
    expect(again.statements).toBe(1);
  });
});

describe("the absolute lifetime", () => {
  it("ends a caseworker's session 12 hours after the login however active it is", async () => {
    const { cookie, visit } = await loggedIn(["caseworker"]);
    for (let ms = 0; ms < 12 * HOUR; ms += 20 * MINUTE) {
      expect(await visit(ms), `after ${ms / MINUTE} minutes`).not.toBeNull();
    }
    expect(await visit(12 * HOUR - 1000)).not.toBeNull();
    expect(await visit(12 * HOUR)).toBeNull();
    expect(await sessionRow(cookie)).toBeUndefined();
  });

  it("ends a counsellor's session at 12 hours too: sliding never moves the end", async () => {
    const { cookie, at, visit } = await loggedIn(["studentHealth"]);
    expect(await visit(4 * HOUR)).not.toBeNull();
    expect((await sessionRow(cookie))?.expiresAt).toEqual(at(12 * HOUR));
    expect(await visit(11 * HOUR + 59 * MINUTE)).not.toBeNull();
    expect((await sessionRow(cookie))?.expiresAt).toEqual(at(12 * HOUR));
    expect(await visit(12 * HOUR + 1)).toBeNull();
  });

  it("counts from the login when a second factor replaces the session", async () => {
    const district = await createDistrict();
    const school = await createSchool({ districtId: district.id });
    const user = await createUser();
    await addMembership(user.id, school.id, "principal");
    const t0 = new Date();
    const first = await startSession(user.id, null, PASSWORD_SIGN_IN, t0);
    const state = await getSessionState(requestWith(first.cookie), t0);
    // A principal may enrol an app by choice (a complete session): the confirmation replaces
    // the session with a new id, three hours into the login.
    const later = new Date(t0.getTime() + 3 * HOUR);
    const { cookie } = await completeSecondFactor(state!, "totp", later);
    expect(sessionIdOf(cookie)).not.toBe(sessionIdOf(first.cookie));
    expect((await sessionRow(cookie))?.createdAt).toEqual(t0);
    const visit = (ms: number) => getAuth(requestWith(cookie), new Date(t0.getTime() + ms));
    expect(await visit(10 * HOUR)).not.toBeNull();
    expect(await visit(12 * HOUR - 1000)).not.toBeNull();
    expect(await visit(12 * HOUR)).toBeNull();
  });
});

describe("requests that are not the person's activity", () => {
  it("serves a request the page made by itself without sliding the session", async () => {
    const { cookie, visit } = await loggedIn(["caseworker"]);
    expect(await visit(0)).not.toBeNull();
    const before = (await sessionRow(cookie))!;
    const automatic = { [AUTOMATIC_REQUEST_HEADER]: "1" };
    expect(await visit(25 * MINUTE, automatic)).not.toBeNull();
    expect((await sessionRow(cookie))!.expiresAt).toEqual(before.expiresAt);
    expect((await sessionRow(cookie))!.lastSeenAt).toEqual(before.lastSeenAt);
    expect(await visit(30 * MINUTE + 1000, automatic)).toBeNull();
  });

  it("lets the page ask how long is left without sliding, and slide by 'stay logged in'", async () => {
    const { cookie, t0 } = await loggedIn(["intakeOfficer"]);
    expect(await getAuth(requestWith(cookie), t0)).not.toBeNull();
    const before = (await sessionRow(cookie))!;

    const peeked = await peekSession(requestWith(cookie), new Date(t0.getTime() + 29 * MINUTE));
    expect(peeked).not.toBeNull();
    expect((await sessionRow(cookie))!.expiresAt).toEqual(before.expiresAt);

    // The route itself, on the wall clock: GET answers what is left and changes nothing.
    const answer = await howLongLeft({
      request: requestWith(cookie, { Accept: "application/json" }, "/inloggad"),
      params: {},
      context: CONTEXT,
    });
    const left = (await answer.json()) as { remainingMs: number; idleMs: number };
    expect(left.idleMs).toBe(30 * MINUTE);
    expect(left.remainingMs).toBeGreaterThan(29 * MINUTE);
    expect(left.remainingMs).toBeLessThanOrEqual(30 * MINUTE);
    expect((await sessionRow(cookie))!.lastSeenAt).toEqual(before.lastSeenAt);

    // POST is "Fortsätt vara inloggad": a request of the person, which slides (when it moves the
    // end by a minute or more: make the stored end older first).
    await db
      .updateTable("sessions")
      .set({
        expiresAt: new Date(Date.now() + 2 * MINUTE),
        lastSeenAt: new Date(t0.getTime() - 28 * MINUTE),
      })
      .where("id", "=", sessionIdOf(cookie))
      .execute();
    const stayed = await stayLoggedIn({
      request: new Request("http://localhost:3000/inloggad", {
        method: "POST",
        headers: { Cookie: cookie.split(";")[0]!, Accept: "application/json" },
      }),
      params: {},
      context: CONTEXT,
    });
    const after = (await stayed.json()) as { remainingMs: number };
    expect(after.remainingMs).toBeGreaterThan(29 * MINUTE);
    expect((await sessionRow(cookie))!.expiresAt.getTime()).toBeGreaterThan(
      Date.now() + 29 * MINUTE,
    );
  });

  it("finds nothing left when the page asks after the idle timeout", async () => {
    const { cookie, t0 } = await loggedIn(["caseworker"]);
    const late = new Date(t0.getTime() + 31 * MINUTE);
    expect(await peekSession(requestWith(cookie), late)).toBeNull();
    expect(await sessionRow(cookie)).toBeUndefined();
  });

  it("answers 0 left for no session, and a plain form post goes back to the start page", async () => {
    const none = await howLongLeft({
      request: new Request("http://localhost:3000/inloggad"),
      params: {},
      context: CONTEXT,
    });
    expect(await none.json()).toMatchObject({ remainingMs: 0 });
    const plain = await stayLoggedIn({
      request: new Request("http://localhost:3000/inloggad", { method: "POST" }),
      params: {},
      context: CONTEXT,
    });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("Location")).toBe("/");
  });
});
