/**
 * Passkeys, the server's half (app/auth/passkey-ceremony.server.ts, passkeys.server.ts): every
 * ceremony posted as the browser posts it to /nyckel, answered by an authenticator in software
 * (test/helpers/soft-authenticator.ts), on a real PostgreSQL. Covered: registering (and as the
 * first factor of a session that must enrol), a login with a passkey alone, the step after the
 * password, a step-up; a challenge is used once, expires and belongs to its session or browser;
 * answers for another origin or rpID, without user verification or with a counter that goes back
 * are refused; wrong answers count in the login throttle; removing a passkey; hostile input.
 */
import { describe, expect, it } from "vitest";
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "@simplewebauthn/server";
import { db } from "../../db/client.server";
import { passkeyCeremony } from "~/auth/passkey-ceremony.server";
import { listPasskeys, relyingParty, removePasskey } from "~/auth/passkeys.server";
import { LOGIN_LIMITS } from "~/auth/rate-limit.server";
import { getSessionState, startSession, type SignIn } from "~/auth/session.server";
import { confirmStepUp, stepUpNeeded } from "~/auth/step-up.server";
import {
  addMembership,
  createDistrict,
  createSchool,
  createUser,
  TEST_PASSWORD,
} from "../helpers/factories";
import { COMPLETE_SIGN_IN, PASSWORD_SIGN_IN } from "../helpers/sign-in";
import { SoftAuthenticator, type Bend } from "../helpers/soft-authenticator";

const ORIGIN = relyingParty().origin;

/** A browser: its cookies (the session's and the passkey login's), kept between posts. */
class Browser {
  cookies = new Map<string, string>();
  constructor(
    readonly address = "10.9.0.1",
    sessionCookie?: string,
  ) {
    if (sessionCookie) this.keep([sessionCookie]);
  }

  keep(setCookies: string[]) {
    for (const cookie of setCookies) {
      const [pair, ...attributes] = cookie.split(";");
      const [name, value] = pair!.split("=") as [string, string];
      if (value === "" || attributes.some((a) => /max-age=0/i.test(a.trim()))) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
  }

  request() {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    return new Request(`${ORIGIN}/nyckel`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: ORIGIN, "User-Agent": "vitest" },
    });
  }

  async post(fields: Record<string, string>) {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    const response = await passkeyCeremony(this.request(), form, this.address);
    this.keep(response.headers.getSetCookie());
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  async state() {
    return getSessionState(
      new Request(`${ORIGIN}/`, {
        headers: { Cookie: `samverkan_session=${this.cookies.get("samverkan_session") ?? ""}` },
      }),
    );
  }
}

async function signedIn(userId: string, signIn: SignIn = COMPLETE_SIGN_IN, address?: string) {
  const { cookie } = await startSession(userId, null, signIn);
  return new Browser(address, cookie);
}

async function principal(email?: string) {
  const district = await createDistrict();
  const school = await createSchool({ districtId: district.id });
  const user = await createUser(email ? { email } : {});
  await addMembership(user.id, school.id, "principal");
  return user;
}

async function caseworker() {
  const district = await createDistrict();
  const user = await createUser();
  await addMembership(user.id, district.id, "caseworker");
  return user;
}

/** Registers a passkey in the browser's complete session; the authenticator that holds it. */
async function register(
  browser: Browser,
  name = "Jobbdatorn",
  authenticator = new SoftAuthenticator(),
) {
  const options = await browser.post({ ceremony: "register", step: "options", name });
  expect(options.body).toMatchObject({ ok: true, kind: "create" });
  const response = authenticator.register(
    options.body.options as PublicKeyCredentialCreationOptionsJSON,
    ORIGIN,
  );
  const verified = await browser.post({
    ceremony: "register",
    step: "verify",
    name,
    response: JSON.stringify(response),
  });
  expect(verified.body).toMatchObject({ ok: true, added: name });
  return authenticator;
}

/** One assertion ceremony: the options, the authenticator's answer (bent or not), the verdict. */
async function assert(
  browser: Browser,
  ceremony: "login" | "secondFactor" | "stepUp",
  authenticator: SoftAuthenticator,
  bend: Bend = {},
  extra: Record<string, string> = {},
) {
  const options = await browser.post({ ceremony, step: "options", ...extra });
  expect(options.body).toMatchObject({ ok: true, kind: "get" });
  const response = authenticator.authenticate(
    options.body.options as PublicKeyCredentialRequestOptionsJSON,
    ORIGIN,
    bend,
  );
  const verified = await browser.post({
    ceremony,
    step: "verify",
    response: JSON.stringify(response),
    ...extra,
  });
  return { ...verified, response };
}

describe("registering a passkey", () => {
  it("adds one under Mitt konto, listed with its name, and none by the same authenticator again", async () => {
    const user = await principal();
    const browser = await signedIn(user.id);
    const authenticator = await register(browser, "Jobbdatorn");
    const [listed] = await listPasskeys(user.id);
    expect(listed).toMatchObject({ id: authenticator.id, name: "Jobbdatorn", lastUsedAt: null });
    // The browser is told not to make a second one on this authenticator.
    const again = await browser.post({ ceremony: "register", step: "options", name: "Igen" });
    expect(again.body.options.excludeCredentials).toEqual([
      expect.objectContaining({ id: authenticator.id }),
    ]);
    const row = await db
      .selectFrom("passkeys")
      .select(["userId", "counter", "transports"])
      .where("id", "=", authenticator.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ userId: user.id, counter: "1", transports: ["internal"] });
  });

  it("asks for a discoverable credential with user verification, on the portal's own rpID", async () => {
    const browser = await signedIn((await principal()).id);
    const options = await browser.post({ ceremony: "register", step: "options", name: "Mobilen" });
    expect(options.body.options).toMatchObject({
      rp: { id: new URL(ORIGIN).hostname, name: "Samverkansportalen" },
      authenticatorSelection: { residentKey: "required", userVerification: "required" },
      attestation: "none",
    });
  });

  it("refuses an answer for another origin or rpID, or without user verification", async () => {
    const user = await principal();
    const browser = await signedIn(user.id);
    for (const bend of [
      { origin: "https://falsk-kommun.example" },
      { rpId: "falsk-kommun.example" },
      { noUserVerification: true },
    ] satisfies Bend[]) {
      const options = await browser.post({ ceremony: "register", step: "options", name: "X" });
      const response = new SoftAuthenticator().register(options.body.options, ORIGIN, bend);
      const verified = await browser.post({
        ceremony: "register",
        step: "verify",
        name: "X",
        response: JSON.stringify(response),
      });
      expect(verified, JSON.stringify(bend)).toMatchObject({
        status: 400,
        body: { ok: false, error: "Nyckeln kunde inte läggas till. Försök igen." },
      });
    }
    expect(await listPasskeys(user.id)).toEqual([]);
  });

  it("asks a session older than five minutes to confirm with the password first", async () => {
    const user = await principal();
    const browser = await signedIn(user.id);
    await db
      .updateTable("sessions")
      .set({ authenticatedAt: new Date(Date.now() - 10 * 60_000) })
      .where("userId", "=", user.id)
      .execute();
    const missing = await browser.post({ ceremony: "register", step: "options", name: "X" });
    expect(missing).toMatchObject({ status: 400, body: { ok: false, field: "password" } });
    const wrong = await browser.post({
      ceremony: "register",
      step: "options",
      name: "X",
      password: "fel-lösenord",
    });
    expect(wrong.body).toMatchObject({
      field: "password",
      error: "Lösenordet stämmer inte. Försök igen.",
    });
    const right = await browser.post({
      ceremony: "register",
      step: "options",
      name: "X",
      password: TEST_PASSWORD,
    });
    expect(right.body).toMatchObject({ ok: true, kind: "create" });
  });

  it("makes a passkey the first factor of a session that must enrol, and completes it", async () => {
    const user = await caseworker();
    const browser = await signedIn(user.id, PASSWORD_SIGN_IN);
    expect((await browser.state())?.stage).toBe("enrolment");
    const options = await browser.post({
      ceremony: "register",
      step: "options",
      name: "Jobbdatorn",
      redirectTo: "/barn",
    });
    const response = new SoftAuthenticator().register(options.body.options, ORIGIN);
    const before = browser.cookies.get("samverkan_session");
    const verified = await browser.post({
      ceremony: "register",
      step: "verify",
      name: "Jobbdatorn",
      redirectTo: "/barn",
      response: JSON.stringify(response),
    });
    expect(verified.body).toEqual({ ok: true, added: "Jobbdatorn", redirectTo: "/barn" });
    // A new session id, confirmed by the passkey.
    expect(browser.cookies.get("samverkan_session")).not.toBe(before);
    expect((await browser.state())?.stage).toBe("complete");
    const session = await db
      .selectFrom("sessions")
      .select(["methods", "secondFactor"])
      .where("userId", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ methods: ["password", "passkey"], secondFactor: true });
  });

  it("refuses a session that has not given its second factor yet, and no session at all", async () => {
    const user = await principal();
    await register(await signedIn(user.id));
    // The password alone: this person has a passkey, so the session waits for it.
    const halfway = await signedIn(user.id, PASSWORD_SIGN_IN);
    expect((await halfway.state())?.stage).toBe("secondFactor");
    const refused = await halfway.post({ ceremony: "register", step: "options", name: "Min" });
    expect(refused.status).toBe(403);
    const anonymous = await new Browser().post({
      ceremony: "register",
      step: "options",
      name: "X",
    });
    expect(anonymous.status).toBe(401);
    expect(await listPasskeys(user.id)).toHaveLength(1);
  });
});

describe("a login with a passkey alone", () => {
  it("starts a session confirmed by two factors, with methods ['passkey'], and goes where asked", async () => {
    const user = await principal();
    const authenticator = await register(await signedIn(user.id));
    const browser = new Browser("10.9.1.1");
    const login = await assert(browser, "login", authenticator, {}, { redirectTo: "/skola" });
    expect(login.body).toEqual({ ok: true, redirectTo: "/skola" });
    // The browser's id served this one login: its cookie is gone.
    expect(browser.cookies.has("samverkan_nyckel")).toBe(false);
    const state = await browser.state();
    expect(state).toMatchObject({ stage: "complete", user: { id: user.id } });
    const session = await db
      .selectFrom("sessions")
      .select(["methods", "secondFactor", "authenticatedAt"])
      .where("id", "=", state!.session.id)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ methods: ["passkey"], secondFactor: true });
    const passkey = await db
      .selectFrom("passkeys")
      .select(["counter", "lastUsedAt"])
      .where("id", "=", authenticator.id)
      .executeTakeFirstOrThrow();
    expect(passkey.counter).toBe("2");
    expect(passkey.lastUsedAt).not.toBeNull();
  });

  it("asks for any discoverable passkey, with user verification", async () => {
    const browser = new Browser();
    const options = await browser.post({ ceremony: "login", step: "options" });
    expect(options.body.options).toMatchObject({
      rpId: new URL(ORIGIN).hostname,
      userVerification: "required",
    });
    expect(options.body.options.allowCredentials ?? []).toEqual([]);
    expect(browser.cookies.get("samverkan_nyckel")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("uses each challenge once, right or wrong: a second answer to it is refused", async () => {
    const user = await principal();
    const browser = await signedIn(user.id, COMPLETE_SIGN_IN, "10.9.1.8");
    const authenticator = await register(browser);
    const first = await assert(browser, "stepUp", authenticator);
    expect(first.body).toEqual({ ok: true });
    const replay = await browser.post({
      ceremony: "stepUp",
      step: "verify",
      response: JSON.stringify(first.response),
    });
    expect(replay).toMatchObject({
      status: 400,
      body: { error: "Det tog för lång tid, eller så har försöket redan använts. Försök igen." },
    });
    // A wrong answer uses the challenge up too: the right one after it comes too late.
    const options = await browser.post({ ceremony: "stepUp", step: "options" });
    const wrong = authenticator.authenticate(options.body.options, ORIGIN, {
      noUserVerification: true,
    });
    const right = authenticator.authenticate(options.body.options, ORIGIN);
    for (const response of [wrong, right]) {
      const answer = await browser.post({
        ceremony: "stepUp",
        step: "verify",
        response: JSON.stringify(response),
      });
      expect(answer.body.ok).toBe(false);
    }
    // A new options call replaces the open challenge: an answer to the old one is refused.
    const older = await browser.post({ ceremony: "stepUp", step: "options" });
    await browser.post({ ceremony: "stepUp", step: "options" });
    const stale = await browser.post({
      ceremony: "stepUp",
      step: "verify",
      response: JSON.stringify(authenticator.authenticate(older.body.options, ORIGIN)),
    });
    expect(stale.body.ok).toBe(false);
  });

  it("takes the login's challenge from the browser's cookie: a replayed answer is refused", async () => {
    const authenticator = await register(await signedIn((await principal()).id));
    const browser = new Browser("10.9.1.2");
    const first = await assert(browser, "login", authenticator);
    expect(first.body.ok).toBe(true);
    // The same signed answer again, with a cookie for a fresh browser id whose challenge it is not.
    await browser.post({ ceremony: "login", step: "options" });
    const replay = await browser.post({
      ceremony: "login",
      step: "verify",
      response: JSON.stringify(first.response),
    });
    expect(replay).toMatchObject({ status: 400, body: { ok: false } });
  });

  it("refuses an answer to a challenge that has expired", async () => {
    const authenticator = await register(await signedIn((await principal()).id));
    const browser = new Browser("10.9.1.3");
    const options = await browser.post({ ceremony: "login", step: "options" });
    await db
      .updateTable("webauthnChallenges")
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where("challenge", "=", options.body.options.challenge)
      .execute();
    const response = authenticator.authenticate(options.body.options, ORIGIN);
    const late = await browser.post({
      ceremony: "login",
      step: "verify",
      response: JSON.stringify(response),
    });
    expect(late).toMatchObject({
      status: 400,
      body: { error: "Det tog för lång tid, eller så har försöket redan använts. Försök igen." },
    });
    expect(await browser.state()).toBeNull();
  });

  it("ties the challenge to the browser that asked: another browser's answer is refused", async () => {
    const authenticator = await register(await signedIn((await principal()).id));
    const asked = new Browser("10.9.1.4");
    const options = await asked.post({ ceremony: "login", step: "options" });
    const response = authenticator.authenticate(options.body.options, ORIGIN);
    const other = new Browser("10.9.1.4");
    await other.post({ ceremony: "login", step: "options" });
    const stolen = await other.post({
      ceremony: "login",
      step: "verify",
      response: JSON.stringify(response),
    });
    expect(stolen.body.ok).toBe(false);
    const noCookie = await new Browser().post({
      ceremony: "login",
      step: "verify",
      response: JSON.stringify(response),
    });
    expect(noCookie.body.ok).toBe(false);
  });

  it("refuses another origin, another rpID, no user verification and a counter that goes back", async () => {
    const user = await principal();
    const authenticator = await register(await signedIn(user.id));
    const bends: Bend[] = [
      { origin: "https://falsk-kommun.example" },
      { origin: ORIGIN.replace(/^http:/, "https:") },
      { rpId: "falsk-kommun.example" },
      { noUserVerification: true },
      { counter: 1 }, // registered at 1: not past it
    ];
    for (const bend of bends) {
      const browser = new Browser("10.9.1.5");
      const refused = await assert(browser, "login", authenticator, bend);
      expect(refused, JSON.stringify(bend)).toMatchObject({ status: 400, body: { ok: false } });
      expect(await browser.state()).toBeNull();
    }
    // The right answer still works, and then an older counter does not.
    const good = await assert(new Browser("10.9.1.6"), "login", authenticator);
    expect(good.body.ok).toBe(true);
    const cloned = await assert(new Browser("10.9.1.6"), "login", authenticator, {
      counter: authenticator.counter - 1,
    });
    expect(cloned.body.ok).toBe(false);
  });

  it("accepts an authenticator that keeps no counter (always 0)", async () => {
    const authenticator = await register(
      await signedIn((await principal()).id),
      "Telefonen",
      new SoftAuthenticator({ counts: false }),
    );
    for (let i = 0; i < 2; i++) {
      const login = await assert(new Browser("10.9.1.7"), "login", authenticator);
      expect(login.body.ok).toBe(true);
    }
  });

  it("counts wrong answers in the login throttle, by the passkey's account and by address", async () => {
    const user = await principal();
    const authenticator = await register(await signedIn(user.id));
    for (let i = 0; i < LOGIN_LIMITS.failuresPerAccount; i++) {
      // Spread over addresses: the account's limit holds all the same.
      const wrong = await assert(new Browser(`10.9.2.${i}`), "login", authenticator, {
        origin: "https://falsk-kommun.example",
      });
      expect(wrong.status).toBe(400);
    }
    const right = await assert(new Browser("10.9.3.1"), "login", authenticator);
    expect(right.status).toBe(429);
    expect(right.body.error).toMatch(/^För många misslyckade försök/);
    const attempts = await db
      .selectFrom("loginAttempts")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("email", "=", user.email)
      .where("succeeded", "=", false)
      .executeTakeFirstOrThrow();
    expect(Number(attempts.n)).toBe(LOGIN_LIMITS.failuresPerAccount);
  });

  it("counts an unknown passkey by address alone", async () => {
    const stranger = new SoftAuthenticator();
    const refused = await assert(new Browser("10.9.4.1"), "login", stranger);
    expect(refused.status).toBe(400);
    const attempt = await db
      .selectFrom("loginAttempts")
      .select(["email", "succeeded"])
      .where("clientAddress", "=", "10.9.4.1")
      .executeTakeFirstOrThrow();
    expect(attempt).toEqual({ email: "", succeeded: false });
  });

  it("no longer logs in with a removed passkey, and nobody removes another's", async () => {
    const user = await principal();
    const other = await principal();
    const authenticator = await register(await signedIn(user.id), "Gamla datorn");
    expect(await removePasskey(other.id, authenticator.id)).toBeNull();
    expect(await listPasskeys(user.id)).toHaveLength(1);
    expect(await removePasskey(user.id, authenticator.id)).toBe("Gamla datorn");
    expect(await listPasskeys(user.id)).toEqual([]);
    const login = await assert(new Browser("10.9.5.1"), "login", authenticator);
    expect(login.body.ok).toBe(false);
  });

  it("does not log in a deactivated person", async () => {
    const user = await principal();
    const authenticator = await register(await signedIn(user.id));
    await db
      .updateTable("users")
      .set({ deactivatedAt: new Date() })
      .where("id", "=", user.id)
      .execute();
    const login = await assert(new Browser("10.9.5.2"), "login", authenticator);
    expect(login.body.ok).toBe(false);
  });
});

describe("the passkey as the step after the password", () => {
  it("completes a session that waits for its second factor, with the method added", async () => {
    const user = await principal();
    const authenticator = await register(await signedIn(user.id));
    const browser = await signedIn(user.id, PASSWORD_SIGN_IN, "10.9.6.1");
    const done = await assert(browser, "secondFactor", authenticator, {}, { redirectTo: "/skola" });
    expect(done.body).toEqual({ ok: true, redirectTo: "/skola" });
    const state = await browser.state();
    expect(state?.stage).toBe("complete");
    const session = await db
      .selectFrom("sessions")
      .select(["methods", "secondFactor"])
      .where("id", "=", state!.session.id)
      .executeTakeFirstOrThrow();
    expect(session).toEqual({ methods: ["password", "passkey"], secondFactor: true });
  });

  it("accepts only the session's own person's passkey", async () => {
    const user = await principal();
    await register(await signedIn(user.id));
    const intruder = await principal();
    const theirs = await register(await signedIn(intruder.id));
    const browser = await signedIn(user.id, PASSWORD_SIGN_IN, "10.9.6.2");
    const options = await browser.post({ ceremony: "secondFactor", step: "options" });
    expect(options.body.options.allowCredentials).toHaveLength(1);
    const response = theirs.authenticate(options.body.options, ORIGIN);
    const refused = await browser.post({
      ceremony: "secondFactor",
      step: "verify",
      response: JSON.stringify(response),
    });
    expect(refused.body.ok).toBe(false);
    expect((await browser.state())?.stage).toBe("secondFactor");
  });

  it("is not for a session that is complete already", async () => {
    const user = await principal();
    const browser = await signedIn(user.id);
    await register(browser);
    const refused = await browser.post({ ceremony: "secondFactor", step: "options" });
    expect(refused.status).toBe(403);
  });
});

describe("a step-up by passkey", () => {
  it("renews the session's authentication time, so the act needs no other answer", async () => {
    const user = await principal();
    const browser = await signedIn(user.id, COMPLETE_SIGN_IN, "10.9.7.1");
    const authenticator = await register(browser);
    await db
      .updateTable("sessions")
      .set({ authenticatedAt: new Date(Date.now() - 10 * 60_000) })
      .where("userId", "=", user.id)
      .execute();
    const stale = await browser.state();
    expect(stepUpNeeded(stale!)).toBe(true);
    const confirmed = await assert(browser, "stepUp", authenticator);
    expect(confirmed.body).toEqual({ ok: true });
    const fresh = await browser.state();
    expect(stepUpNeeded(fresh!)).toBe(false);
    expect(await confirmStepUp(fresh!, null, "10.9.7.1")).toBe("ok");
  });

  it("is refused with a wrong answer, and the session stays as old as it was", async () => {
    const user = await principal();
    const browser = await signedIn(user.id, COMPLETE_SIGN_IN, "10.9.7.2");
    const authenticator = await register(browser);
    const old = new Date(Date.now() - 10 * 60_000);
    await db
      .updateTable("sessions")
      .set({ authenticatedAt: old })
      .where("userId", "=", user.id)
      .execute();
    const refused = await assert(browser, "stepUp", authenticator, { noUserVerification: true });
    expect(refused.body.ok).toBe(false);
    expect(stepUpNeeded((await browser.state())!)).toBe(true);
  });

  it("tells a person without a passkey so", async () => {
    const browser = await signedIn((await principal()).id);
    const none = await browser.post({ ceremony: "stepUp", step: "options" });
    expect(none).toMatchObject({
      status: 400,
      body: { error: "Det finns ingen nyckel (passkey) kopplad till ditt konto." },
    });
  });
});

describe("hostile input", () => {
  it("answers 400 with a Swedish message, never 500, and stores nothing", async () => {
    const user = await principal();
    const browser = await signedIn(user.id);
    await browser.post({ ceremony: "register", step: "options", name: "Jobbdatorn" });
    const posts: Record<string, string>[] = [
      {},
      { ceremony: "admin", step: "options" },
      { ceremony: "login", step: "maybe" },
      { ceremony: "register", step: "options", name: "" },
      { ceremony: "register", step: "options", name: "x".repeat(200_000) },
      { ceremony: "register", step: "verify", name: "Jobbdatorn", response: "{" },
      { ceremony: "register", step: "verify", name: "Jobbdatorn", response: "[]" },
      { ceremony: "register", step: "verify", name: "Jobbdatorn", response: "x".repeat(200_000) },
      {
        ceremony: "register",
        step: "verify",
        name: "Jobbdatorn",
        response: JSON.stringify({ id: "a", rawId: "a", type: "public-key", response: {} }),
      },
      { ceremony: "login", step: "verify", response: '{"id":"<script>","rawId":"x"}' },
      { ceremony: "stepUp", step: "verify", response: "null" },
    ];
    for (const fields of posts) {
      const answer = await browser.post(fields);
      expect(answer.status, JSON.stringify(fields).slice(0, 100)).toBe(400);
      expect(answer.body.ok).toBe(false);
      expect(typeof answer.body.error).toBe("string");
    }
    // A well-formed answer the library cannot read (CBOR that is no attestation) is refused too.
    const broken = await browser.post({
      ceremony: "register",
      step: "verify",
      name: "Jobbdatorn",
      response: JSON.stringify({
        id: "AAAA",
        rawId: "AAAA",
        type: "public-key",
        response: { clientDataJSON: "e30", attestationObject: "oWNmbXRkbm9uZQ" },
        clientExtensionResults: {},
      }),
    });
    expect(broken.status).toBe(400);
    expect(await listPasskeys(user.id)).toEqual([]);
  });
});
