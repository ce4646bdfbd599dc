/**
 * The second factor (issue 17): the TOTP window and replay refusal, wrong codes in the login
 * throttle, recovery codes, step-up by code, the administrator's reset, and the required-roles
 * rule over HTTP: a person who must enrol reaches no page but enrolment, by any URL or POST.
 * The HTTP part needs the production build (npm test builds it first).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { generateHOTP } from "@oslojs/otp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  factorsOf,
  redeemRecoveryCode,
  replaceRecoveryCodes,
  startTotpEnrolment,
  totpStep,
  unusedRecoveryCodes,
  verifyTotpCode,
} from "~/auth/second-factor.server";
import { LOGIN_LIMITS } from "~/auth/rate-limit.server";
import { startSession, getSessionState } from "~/auth/session.server";
import { confirmStepUp } from "~/auth/step-up.server";
import { parseEnv } from "~/lib/env.server";
import { resetSecondFactor } from "~/modules/people/second-factor-reset.server";
import { db } from "../../db/client.server";
import { startPortal, type RunningPortal } from "../../server";
import {
  addMembership,
  createActor,
  createDistrict,
  createEducationAdmin,
  createUser,
  TEST_PASSWORD,
} from "../helpers/factories";
import { freePort } from "../helpers/postgres";
import { COMPLETE_SIGN_IN, PASSWORD_SIGN_IN } from "../helpers/sign-in";

const at = new Date("2026-12-07T09:00:00Z");
const seconds = (date: Date, n: number) => new Date(date.getTime() + n * 1000);

/** A person with a confirmed app; the secret and a code maker for any moment. */
async function enrolledUser(email?: string) {
  const user = await createUser({ email });
  await startTotpEnrolment(user, at);
  const { secret } = await db
    .selectFrom("totpFactors")
    .select("secret")
    .where("userId", "=", user.id)
    .executeTakeFirstOrThrow();
  const codeAt = (moment: Date) => generateHOTP(secret, totpStep(moment), 6);
  // Confirm with the code of a minute before `at`, so tests at `at` start after it.
  const confirm = await verifyTotpCode(user, codeAt(seconds(at, -60)), "10.1.0.1", {
    now: seconds(at, -60),
    enrolling: true,
  });
  expect(confirm.outcome).toBe("valid");
  return { user, codeAt };
}

function requestWith(cookie: string, path = "/") {
  return new Request(`http://localhost:3000${path}`, {
    headers: { Cookie: cookie.split(";")[0]! },
  });
}

describe("TOTP codes", () => {
  it("accepts this step's code and one step either side, nothing further", async () => {
    const { user, codeAt } = await enrolledUser();
    const check = (moment: Date, now: Date) =>
      verifyTotpCode(user, codeAt(moment), "10.1.0.2", { now });
    // Each accepted code moves the floor; go forward in time between them.
    expect((await check(seconds(at, -30), at)).outcome).toBe("valid");
    expect((await check(seconds(at, 60), seconds(at, 30))).outcome).toBe("valid");
    expect((await check(seconds(at, 120), seconds(at, 120))).outcome).toBe("valid");
    expect((await check(seconds(at, 240), seconds(at, 180))).outcome).toBe("invalid");
    expect((await check(seconds(at, 180), seconds(at, 270))).outcome).toBe("invalid");
  });

  it("refuses a code used once, and an earlier one after a later was used", async () => {
    const { user, codeAt } = await enrolledUser();
    const code = codeAt(at);
    expect((await verifyTotpCode(user, code, "10.1.0.3", { now: at })).outcome).toBe("valid");
    expect((await verifyTotpCode(user, code, "10.1.0.3", { now: at })).outcome).toBe("invalid");
    const later = codeAt(seconds(at, 30));
    expect((await verifyTotpCode(user, later, "10.1.0.3", { now: seconds(at, 30) })).outcome).toBe(
      "valid",
    );
    const earlier = codeAt(seconds(at, 0));
    expect(
      (await verifyTotpCode(user, earlier, "10.1.0.3", { now: seconds(at, 31) })).outcome,
    ).toBe("invalid");
  });

  it("of two requests with the same code at once, accepts one", async () => {
    const { user, codeAt } = await enrolledUser();
    const code = codeAt(at);
    const outcomes = await Promise.all(
      [1, 2, 3].map(() => verifyTotpCode(user, code, "10.1.0.4", { now: at })),
    );
    expect(outcomes.filter((o) => o.outcome === "valid")).toHaveLength(1);
  });

  it("counts wrong codes in the login throttle: after ten, even the right code is refused", async () => {
    const { user, codeAt } = await enrolledUser();
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount; i++) {
      const wrong = await verifyTotpCode(user, "000000", `10.2.0.${i}`, { now: at });
      expect(wrong.outcome).toBe("invalid");
    }
    const right = await verifyTotpCode(user, codeAt(at), "10.2.1.1", { now: seconds(at, 1) });
    expect(right.outcome).toBe("throttled");
    const after = seconds(at, LOGIN_LIMITS.windowMinutes * 60 + 5);
    const later = await verifyTotpCode(user, codeAt(after), "10.2.1.1", { now: after });
    expect(later.outcome).toBe("valid");
  });

  it("does not count an unconfirmed app as a factor, nor accept its code outside enrolment", async () => {
    const user = await createUser();
    const enrolment = await startTotpEnrolment(user, at);
    expect(enrolment?.uri).toMatch(/^otpauth:\/\/totp\/Samverkansportalen:/);
    expect(enrolment?.qrSvg).toMatch(/^<svg/);
    expect(await factorsOf(user.id)).toEqual({ totp: false, passkeys: 0 });
    // The same secret while enrolment is open: a reload shows the same QR code.
    expect((await startTotpEnrolment(user, at))?.secretText).toBe(enrolment?.secretText);
    const { secret } = await db
      .selectFrom("totpFactors")
      .select("secret")
      .where("userId", "=", user.id)
      .executeTakeFirstOrThrow();
    const code = generateHOTP(secret, totpStep(at), 6);
    expect((await verifyTotpCode(user, code, "10.3.0.1", { now: at })).outcome).toBe("invalid");
    const enrolled = await verifyTotpCode(user, code, "10.3.0.1", { now: at, enrolling: true });
    expect(enrolled.outcome).toBe("valid");
    expect(await factorsOf(user.id)).toEqual({ totp: true, passkeys: 0 });
    expect(await startTotpEnrolment(user, at)).toBeNull();
  });
});

describe("recovery codes", () => {
  it("makes ten, stored only as hashes; each works once; new ones void the old", async () => {
    const { user } = await enrolledUser();
    const codes = await replaceRecoveryCodes(user.id, at);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const stored = await db
      .selectFrom("recoveryCodes")
      .select("codeHash")
      .where("userId", "=", user.id)
      .execute();
    expect(stored.map((r) => r.codeHash).some((h) => codes.some((c) => h.includes(c)))).toBe(false);
    // Typed in lower case without the dashes, it still works: once.
    const typed = codes[0]!.toLowerCase().replace(/-/g, "");
    expect((await redeemRecoveryCode(user, typed, "10.4.0.1", at)).outcome).toBe("valid");
    expect((await redeemRecoveryCode(user, codes[0]!, "10.4.0.1", at)).outcome).toBe("invalid");
    expect(await unusedRecoveryCodes(user.id)).toBe(9);
    const fresh = await replaceRecoveryCodes(user.id, at);
    expect((await redeemRecoveryCode(user, codes[1]!, "10.4.0.1", at)).outcome).toBe("invalid");
    expect((await redeemRecoveryCode(user, fresh[1]!, "10.4.0.1", at)).outcome).toBe("valid");
  });

  it("a recovery code completes a login that waits for the second factor", async () => {
    const district = await createDistrict();
    const { user } = await enrolledUser();
    await addMembership(user.id, district.id, "caseworker");
    const started = await startSession(user.id, null, PASSWORD_SIGN_IN);
    expect(started).toMatchObject({ landing: "/login/kod", complete: false });
    const state = await getSessionState(requestWith(started.cookie));
    expect(state?.stage).toBe("secondFactor");
  });
});

describe("who must have a second factor", () => {
  it("sends a caseworker without one to enrolment, a principal without one to the start page", async () => {
    const district = await createDistrict();
    const caseworker = await createUser();
    await addMembership(caseworker.id, district.id, "caseworker");
    const started = await startSession(caseworker.id, null, PASSWORD_SIGN_IN);
    expect(started).toMatchObject({ landing: "/konto/tvastegsverifiering", complete: false });
    expect((await getSessionState(requestWith(started.cookie)))?.stage).toBe("enrolment");

    const educationAdmin = await createEducationAdmin();
    const manager = await createUser();
    await addMembership(manager.id, educationAdmin.id, "educationManager");
    const managerSession = await startSession(manager.id, null, PASSWORD_SIGN_IN);
    expect(managerSession).toMatchObject({ landing: "/ledning", complete: true });
  });

  it("a role that becomes required takes effect at the next request", async () => {
    const district = await createDistrict();
    const educationAdmin = await createEducationAdmin();
    const user = await createUser();
    await addMembership(user.id, educationAdmin.id, "educationManager");
    const { cookie } = await startSession(user.id, null, PASSWORD_SIGN_IN);
    expect((await getSessionState(requestWith(cookie, "/a")))?.stage).toBe("complete");
    await addMembership(user.id, district.id, "districtManager");
    expect((await getSessionState(requestWith(cookie, "/b")))?.stage).toBe("enrolment");
  });
});

describe("step-up by code", () => {
  it("asks a person with an app for a code, not the password, and renews the session", async () => {
    const district = await createDistrict();
    const { user, codeAt } = await enrolledUser();
    const membership = await addMembership(user.id, district.id, "intakeOfficer");
    const { cookie } = await startSession(user.id, null, COMPLETE_SIGN_IN, seconds(at, -600));
    const sessionId = cookie.split(";")[0]!.split("=")[1]!;
    const actor = {
      user: { id: user.id, email: user.email, name: user.name, title: null, phone: null },
      session: {
        id: sessionId,
        activeMembershipId: membership.id,
        authenticatedAt: seconds(at, -600),
      },
    };
    expect(await confirmStepUp(actor, null, "10.5.0.1", at)).toBe("missingCode");
    expect(await confirmStepUp(actor, TEST_PASSWORD, "10.5.0.1", at)).toBe("invalidCode");
    expect(await confirmStepUp(actor, codeAt(at), "10.5.0.1", at)).toBe("ok");
    const session = await db
      .selectFrom("sessions")
      .select("authenticatedAt")
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(session.authenticatedAt.getTime()).toBe(at.getTime());
  });

  it("asks a person without an app for the password", async () => {
    const user = await createUser();
    const actor = {
      user: { id: user.id, email: user.email, name: user.name, title: null, phone: null },
      session: { id: "none", activeMembershipId: null, authenticatedAt: seconds(at, -600) },
    };
    expect(await confirmStepUp(actor, null, "10.5.0.2", at)).toBe("missing");
    expect(await confirmStepUp(actor, "fel", "10.5.0.2", at)).toBe("invalid");
  });
});

describe("an administrator's reset", () => {
  it("removes the app, codes and passkeys, ends the sessions, e-mails the person, and is audited", async () => {
    const district = await createDistrict();
    const educationAdmin = await createEducationAdmin();
    const admin = await createActor(educationAdmin.id, "admin");
    const { user } = await enrolledUser();
    await addMembership(user.id, district.id, "caseworker");
    await replaceRecoveryCodes(user.id, at);
    await startSession(user.id, null, COMPLETE_SIGN_IN);
    expect(await resetSecondFactor(admin, user.id, { requestId: "req-reset-1" })).toEqual({
      kind: "secondFactorReset",
    });
    expect(await factorsOf(user.id)).toEqual({ totp: false, passkeys: 0 });
    expect(await unusedRecoveryCodes(user.id)).toBe(0);
    const sessions = await db
      .selectFrom("sessions")
      .select("id")
      .where("userId", "=", user.id)
      .execute();
    expect(sessions).toHaveLength(0);
    const email = await db
      .selectFrom("emails")
      .select(["subject", "textBody"])
      .where("recipient", "=", user.email)
      .executeTakeFirstOrThrow();
    expect(email.subject).toMatch(/tvåstegsverifiering/);
    const audit = await db
      .selectFrom("auditEvents")
      .selectAll()
      .where("recordId", "=", user.id)
      .where("recordType", "=", "secondFactor")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actorUserId: admin.user.id, action: "delete" });
    // Nothing left to reset; and a non-administrator gets the 404.
    expect(await resetSecondFactor(admin, user.id)).toEqual({ kind: "noSecondFactor" });
    const manager = await createActor(district.id, "districtManager");
    await expect(resetSecondFactor(manager, user.id)).rejects.toThrow();
    expect(await resetSecondFactor(admin, admin.user.id)).toEqual({ kind: "self" });
  });
});

describe("over HTTP, through the built server (npm test builds it first)", () => {
  let portal: RunningPortal;
  let base: string;
  let patterns: string[] = [];

  beforeAll(async () => {
    const build = (await import(
      pathToFileURL(path.resolve(import.meta.dirname, "../../build/index.js")).href
    )) as ServerBuild;
    patterns = Object.values(build.routes)
      .filter((route) => route.id !== "root" && route.path !== undefined)
      .map((route) => {
        const parts: string[] = [];
        for (let r = build.routes[route.id]; r; r = build.routes[r.parentId ?? ""]) {
          if (r.path) parts.unshift(r.path);
        }
        return `/${parts.join("/")}`.replace(/\/+/g, "/");
      });
    patterns.push("/");
    const port = await freePort();
    portal = await startPortal(
      parseEnv({
        DATABASE_URL: process.env.DATABASE_URL,
        PORT: String(port),
        HOST: "127.0.0.1",
        NODE_ENV: "production",
        LOG_LEVEL: "silent",
      }),
    );
    base = `http://localhost:${port}`;
  });

  afterAll(async () => {
    await portal?.close();
  });

  async function send(method: "GET" | "POST", url: string, cookie?: string) {
    const response = await fetch(`${base}${url}`, {
      method,
      redirect: "manual",
      headers: {
        Origin: base,
        ...(cookie ? { Cookie: cookie } : {}),
        ...(method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {}),
      },
      body: method === "POST" ? "intent=x&code=123456" : undefined,
    });
    await response.arrayBuffer();
    return { status: response.status, location: response.headers.get("location") };
  }

  it("a caseworker without a factor reaches nothing but enrolment, by any URL or POST", async () => {
    const district = await createDistrict();
    const user = await createUser();
    await addMembership(user.id, district.id, "caseworker");
    const login = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: user.email, password: TEST_PASSWORD }),
    });
    expect(login.status).toBe(302);
    expect(login.headers.get("location")).toBe("/konto/tvastegsverifiering");
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;

    const id = "6b0d7b1e-6a57-4c1e-9a43-2f1b3c4d5e6f";
    const urls = [
      ...new Set(
        patterns
          .filter((p) => p !== "/logout")
          .map((p) => p.replace(/:[^/]+/g, id).replace(/\*$/, "nagot")),
      ),
    ];
    expect(urls.length).toBeGreaterThan(60);
    const leaks: string[] = [];
    for (const url of urls) {
      for (const method of ["GET", "POST"] as const) {
        const pending = await send(method, url, cookie);
        if (url === "/konto/tvastegsverifiering") {
          expect(pending.status, `${method} ${url}`).toBeLessThan(500);
          continue;
        }
        const toEnrolment =
          [302, 303].includes(pending.status) &&
          (pending.location ?? "").startsWith("/konto/tvastegsverifiering");
        if (toEnrolment) continue;
        // Anything else must be what a visitor without a session gets: a public page.
        const anonymous = await send(method, url);
        if (pending.status !== anonymous.status || pending.location !== anonymous.location) {
          leaks.push(`${method} ${url}: ${pending.status} ${pending.location ?? ""}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    // And the session is still waiting: nothing above completed it.
    const state = await getSessionState(requestWith(cookie));
    expect(state?.stage).toBe("enrolment");
  });
});
