/**
 * The municipality's sign-on end to end, over HTTP: the portal (the production build, in this
 * process, on this file's database with the demo data) and a real OpenID provider started here
 * (test/helpers/oidc-provider.ts), whose people the tests change between sign-ons. A browser is
 * played by a cookie jar that follows redirects between the two and fills in the provider's
 * login page. Needs the build (npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/lib/env.server";
import { db } from "~db/client.server";
import { startPortal, type RunningPortal } from "../../server";
import {
  newSigningKey,
  startTestProvider,
  TEST_ACR,
  type TestPerson,
  type TestProvider,
} from "../helpers/oidc-provider";
import { demoCode } from "../helpers/demo-code";
import { freePort } from "../helpers/postgres";

const CLIENT_ID = "samverkansportalen";
const CLIENT_SECRET = "sso-test-client-secret-0123456789";

let portal: RunningPortal;
let provider: TestProvider | undefined;
let portalUrl: string;
let providerPort: number;
let issuer: string;
const signingKey = newSigningKey();

beforeAll(async () => {
  const port = await freePort();
  providerPort = await freePort();
  portalUrl = `http://localhost:${port}`;
  issuer = `http://localhost:${providerPort}`;
  // The build reads its configuration from the environment at first use.
  const settings = {
    DATABASE_URL: process.env.DATABASE_URL!,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: portalUrl,
    SEED_DEMO_DATA: "true",
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_MIN_ACR: `${TEST_ACR.high}, urn:test:loa4`,
  };
  Object.assign(process.env, settings);
  portal = await startPortal(parseEnv(settings));
});

afterAll(async () => {
  await portal?.close();
  await provider?.close();
});

/** The provider, started the first time a test needs it (the first test needs it down). */
async function theProvider(): Promise<TestProvider> {
  provider ??= await startTestProvider({
    port: providerPort,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    portalUrl,
    signingKey,
  });
  return provider;
}

async function withPerson(person: TestPerson): Promise<TestPerson> {
  (await theProvider()).people.set(person.sub, person);
  return person;
}

// --- a browser --------------------------------------------------------------------------------

/** Cookies by name, as a browser keeps them for localhost (whatever the port). */
class Browser {
  cookies = new Map<string, string>();

  async get(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) {
      headers.set("Cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((part) => part.trim());
      const [name, ...value] = pair!.split("=");
      const gone =
        value.join("=") === "" ||
        attributes.some((a) => /^max-age=0$/i.test(a)) ||
        attributes.some((a) => /^expires=/i.test(a) && new Date(a.slice(8)) < new Date());
      if (gone) this.cookies.delete(name!);
      else this.cookies.set(name!, value.join("="));
    }
    return response;
  }

  post(url: string | URL, form: Record<string, string>): Promise<Response> {
    return this.get(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: new URL(url).origin,
      },
      body: new URLSearchParams(form),
    });
  }
}

function location(response: Response, base: string | URL): URL {
  const value = response.headers.get("location");
  if (!value) throw new Error(`no Location in a ${response.status} answer`);
  return new URL(value, base);
}

/**
 * Begins a sign-on at the portal and goes through the provider as `login` (typed into its login
 * page), returning the address the provider sends the browser back to, not yet opened.
 * `tamper` changes the request the portal made before the provider sees it.
 */
async function throughProvider(
  browser: Browser,
  login: string,
  options: { redirectTo?: string; tamper?: (url: URL) => void } = {},
): Promise<URL> {
  await theProvider();
  const start = new URL("/login/sso", portalUrl);
  if (options.redirectTo) start.searchParams.set("redirectTo", options.redirectTo);
  const begun = await browser.get(start);
  expect(begun.status).toBe(302);
  let url = location(begun, start);
  expect(url.origin).toBe(issuer);
  options.tamper?.(url);
  for (let hops = 0; hops < 10; hops++) {
    if (url.origin === new URL(portalUrl).origin) return url;
    const response = await browser.get(url);
    if (response.status === 200 && url.pathname.startsWith("/interaction/")) {
      await response.text();
      const submitted = await browser.post(new URL(`${url.pathname}/login`, url), { login });
      expect(submitted.status).toBe(303);
      url = location(submitted, url);
      continue;
    }
    expect([302, 303]).toContain(response.status);
    url = location(response, url);
  }
  throw new Error("the provider did not send the browser back");
}

/** A whole sign-on: the portal's answer to the provider's redirect back. */
async function signOn(browser: Browser, login: string, redirectTo?: string) {
  const back = await throughProvider(browser, login, { redirectTo });
  return browser.get(back);
}

async function sessionOf(browser: Browser) {
  const id = browser.cookies.get("samverkan_session");
  if (!id) return undefined;
  return db
    .selectFrom("sessions")
    .select(["userId", "secondFactor", "methods", "acr", "amr", "ssoIdToken"])
    .where("id", "=", id)
    .executeTakeFirst();
}

async function userId(email: string) {
  const row = await db
    .selectFrom("users")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirstOrThrow();
  return row.id;
}

// --- the tests --------------------------------------------------------------------------------

describe("sign-on by the municipality's login", () => {
  it("answers a provider that does not answer with a Swedish page, and tries again later", async () => {
    const browser = new Browser();
    // Two at once wait for the same failed read of the provider's metadata: both get the page.
    const [down, alsoDown] = await Promise.all([
      browser.get(`${portalUrl}/login/sso`),
      browser.get(`${portalUrl}/login/sso`),
    ]);
    expect(alsoDown.status).toBe(503);
    expect(down.status).toBe(503);
    const page = await down.text();
    expect(page).toContain("Kommunens inloggning svarar inte just nu");
    expect(page).toContain('href="/login"');

    await theProvider();
    const up = await browser.get(`${portalUrl}/login/sso`);
    expect(up.status).toBe(302);
    const authorization = location(up, portalUrl);
    expect(authorization.origin).toBe(issuer);
    // Authorization code flow with PKCE, state and nonce, back to the documented address.
    expect(authorization.searchParams.get("response_type")).toBe("code");
    expect(authorization.searchParams.get("redirect_uri")).toBe(`${portalUrl}/login/sso/svar`);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
    expect(authorization.searchParams.get("state")).toBeTruthy();
    expect(authorization.searchParams.get("nonce")).toBeTruthy();
    expect(authorization.searchParams.get("scope")).toBe("openid email profile");
  });

  it("shows the button on /login", async () => {
    const page = await (await fetch(`${portalUrl}/login?redirectTo=%2Fkonto`)).text();
    expect(page).toContain("Logga in med kommunens inloggning");
    expect(page).toContain('href="/login/sso?redirectTo=%2Fkonto"');
  });

  it("links a verified e-mail the first time, and then knows the person by subject alone", async () => {
    const mentor = await userId("mentor@demo.test");
    await withPerson({
      sub: "anna-mentor",
      email: "MENTOR@demo.test",
      email_verified: true,
      acr: TEST_ACR.low,
      amr: ["pwd"],
    });
    const first = new Browser();
    const answer = await signOn(first, "anna-mentor");
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/skola");
    const session = await sessionOf(first);
    expect(session).toMatchObject({
      userId: mentor,
      methods: ["sso"],
      acr: TEST_ACR.low,
      amr: ["pwd"],
      secondFactor: false,
    });
    expect(session?.ssoIdToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    // This provider keeps the ID token small: the e-mail claims came from its UserInfo.
    const idClaims = JSON.parse(
      Buffer.from(session!.ssoIdToken!.split(".")[1]!, "base64url").toString("utf8"),
    ) as Record<string, unknown>;
    expect(idClaims).toMatchObject({ sub: "anna-mentor", acr: TEST_ACR.low });
    expect(idClaims).not.toHaveProperty("email");
    // A school role needs no second factor: the session is complete.
    expect((await first.get(`${portalUrl}/skola`)).status).toBe(200);
    // The attempt's cookie is gone, and so is the attempt.
    expect(first.cookies.has("samverkan_sso")).toBe(false);
    const link = await db
      .selectFrom("ssoIdentities")
      .selectAll()
      .where("subject", "=", "anna-mentor")
      .executeTakeFirstOrThrow();
    expect(link).toMatchObject({ issuer, userId: mentor });

    const audit = await db
      .selectFrom("auditEvents")
      .selectAll()
      .where("recordType", "=", "session")
      .where("recordId", "=", mentor)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({
      action: "create",
      actorUserId: mentor,
      actorRole: "mentor",
      purpose: "Inloggning via kommunens inloggning",
    });
    expect(audit.details).toMatchObject({
      issuer,
      acr: TEST_ACR.low,
      amr: ["pwd"],
      secondFactor: false,
      linked: true,
    });

    // The provider's e-mail changes (a new name, or an address that is not verified any more):
    // the subject still finds the same account.
    await withPerson({
      sub: "anna-mentor",
      email: "anna.nytt.namn@kommun.example",
      email_verified: false,
      acr: TEST_ACR.low,
    });
    const second = new Browser();
    const again = await signOn(second, "anna-mentor", "/konto");
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe("/konto");
    expect((await sessionOf(second))?.userId).toBe(mentor);
  });

  it("refuses an answer whose state is not the one the portal sent", async () => {
    await withPerson({ sub: "state-person", email: "rektor@demo.test", email_verified: true });
    const browser = new Browser();
    const back = await throughProvider(browser, "state-person", {
      tamper: (url) => url.searchParams.set("state", "an-attackers-state"),
    });
    const answer = await browser.get(back);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("Svaret från kommunens inloggning kunde inte godkännas");
    expect(browser.cookies.has("samverkan_session")).toBe(false);
    // The attempt is used up: the same answer again finds none.
    expect((await browser.get(back)).status).toBe(400);
  });

  it("refuses an ID token whose nonce is not the one the portal sent", async () => {
    await withPerson({ sub: "nonce-person", email: "rektor@demo.test", email_verified: true });
    const browser = new Browser();
    const back = await throughProvider(browser, "nonce-person", {
      tamper: (url) => url.searchParams.set("nonce", "a-replayed-nonce"),
    });
    const answer = await browser.get(back);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("kunde inte godkännas");
    expect(browser.cookies.has("samverkan_session")).toBe(false);
    expect(
      await db
        .selectFrom("ssoIdentities")
        .select("subject")
        .where("subject", "=", "nonce-person")
        .execute(),
    ).toEqual([]);
  });

  it("refuses an answer brought to another browser than the one that began the sign-on", async () => {
    await withPerson({ sub: "other-browser", email: "rektor@demo.test", email_verified: true });
    const back = await throughProvider(new Browser(), "other-browser");
    const stranger = new Browser();
    const answer = await stranger.get(back);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("började i en annan webbläsare");
    expect(stranger.cookies.has("samverkan_session")).toBe(false);
  });

  it("sends a person without an account to the no-access page, and makes no account", async () => {
    await withPerson({ sub: "okand", email: "okand.person@kommun.example", email_verified: true });
    const users = await db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const browser = new Browser();
    const answer = await signOn(browser, "okand");
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/login/sso/ingen-atkomst");
    expect(browser.cookies.has("samverkan_session")).toBe(false);
    const page = await browser.get(`${portalUrl}/login/sso/ingen-atkomst`);
    expect(page.status).toBe(200);
    const text = await page.text();
    expect(text).toContain("Du har ingen åtkomst till Samverkansportalen");
    expect(text).toContain("rektor");
    expect(text).toContain("enhetschef");
    expect(text).toContain("systemadministratör");
    expect(
      await db
        .selectFrom("users")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow(),
    ).toEqual(users);
  });

  it("does not match an e-mail the provider has not verified", async () => {
    for (const verified of [false, undefined]) {
      const sub = `unverified-${String(verified)}`;
      await withPerson({ sub, email: "rektor.gymnasium@demo.test", email_verified: verified });
      const browser = new Browser();
      const answer = await signOn(browser, sub);
      expect(answer.headers.get("location")).toBe("/login/sso/ingen-atkomst");
      expect(browser.cookies.has("samverkan_session")).toBe(false);
    }
    expect(
      await db
        .selectFrom("ssoIdentities")
        .select("subject")
        .where("subject", "like", "unverified-%")
        .execute(),
    ).toEqual([]);
  });

  it("refuses a deactivated account, linked or not", async () => {
    await withPerson({
      sub: "avslutad",
      email: "rektor.montessori@demo.test",
      email_verified: true,
    });
    expect((await signOn(new Browser(), "avslutad")).headers.get("location")).toBe("/skola");
    await db
      .updateTable("users")
      .set({ deactivatedAt: new Date() })
      .where("email", "=", "rektor.montessori@demo.test")
      .execute();
    const browser = new Browser();
    const answer = await signOn(browser, "avslutad");
    expect(answer.headers.get("location")).toBe("/login/sso/ingen-atkomst");
    expect(browser.cookies.has("samverkan_session")).toBe(false);
  });

  it("does not link a second subject to a person already linked", async () => {
    await withPerson({
      sub: "first-subject",
      email: "rektor.torgskolan@demo.test",
      email_verified: true,
    });
    await withPerson({
      sub: "second-subject",
      email: "rektor.torgskolan@demo.test",
      email_verified: true,
    });
    expect((await signOn(new Browser(), "first-subject")).headers.get("location")).toBe("/skola");
    const answer = await signOn(new Browser(), "second-subject");
    expect(answer.headers.get("location")).toBe("/login/sso/ingen-atkomst");
  });

  it("asks a caseworker whose acr is too low for the code, and lets one whose acr meets the minimum in", async () => {
    await withPerson({
      sub: "maria",
      email: "handlaggare@demo.test",
      email_verified: true,
      acr: TEST_ACR.low,
      amr: ["pwd"],
    });
    const low = new Browser();
    const first = await signOn(low, "maria");
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe("/login/kod");
    expect(await sessionOf(low)).toMatchObject({ secondFactor: false, acr: TEST_ACR.low });
    // The session can do nothing but give the code.
    const elsewhere = await low.get(`${portalUrl}/handlaggare`);
    expect(elsewhere.status).toBe(302);
    expect(elsewhere.headers.get("location")).toMatch(/^\/login\/kod/);
    // With the code the session is complete, and still one begun by sign-on: its logout goes to
    // the provider.
    const code = await demoCode("handlaggare@demo.test", async () => {
      const row = await db
        .selectFrom("totpFactors")
        .select("lastUsedStep")
        .where("userId", "=", await userId("handlaggare@demo.test"))
        .executeTakeFirst();
      return row?.lastUsedStep ? BigInt(row.lastUsedStep) : null;
    });
    const confirmed = await low.post(`${portalUrl}/login/kod`, { method: "totp", code });
    expect(confirmed.headers.get("location")).toBe("/handlaggare");
    expect(await sessionOf(low)).toMatchObject({
      secondFactor: true,
      methods: ["sso", "totp"],
      acr: TEST_ACR.low,
    });
    const out = await low.post(`${portalUrl}/logout`, {});
    expect(location(out, portalUrl).origin).toBe(issuer);

    await withPerson({
      sub: "maria",
      email: "handlaggare@demo.test",
      email_verified: true,
      acr: TEST_ACR.high,
      amr: ["smartcard", "pin"],
    });
    const high = new Browser();
    const second = await signOn(high, "maria");
    expect(second.headers.get("location")).toBe("/handlaggare");
    expect(await sessionOf(high)).toMatchObject({
      secondFactor: true,
      acr: TEST_ACR.high,
      amr: ["smartcard", "pin"],
      methods: ["sso"],
    });
    expect((await high.get(`${portalUrl}/handlaggare`)).status).toBe(200);
  });

  it("sends a caseworker with no factor and too low an acr to enrolment", async () => {
    await db
      .deleteFrom("totpFactors")
      .where("userId", "=", await userId("handlaggare2@demo.test"))
      .execute();
    await withPerson({
      sub: "sofia",
      email: "handlaggare2@demo.test",
      email_verified: true,
      acr: TEST_ACR.low,
    });
    const answer = await signOn(new Browser(), "sofia");
    expect(answer.headers.get("location")).toBe("/konto/tvastegsverifiering");
  });

  it("logs out at the provider too, with the ID token as hint, and back to the login page", async () => {
    await withPerson({
      sub: "chef",
      email: "chef@demo.test",
      email_verified: true,
      acr: TEST_ACR.high,
    });
    const browser = new Browser();
    expect((await signOn(browser, "chef")).headers.get("location")).toBe("/ledning");
    const idToken = (await sessionOf(browser))?.ssoIdToken;
    const loggedOut = await browser.post(`${portalUrl}/logout`, {});
    expect(loggedOut.status).toBe(302);
    const endSession = location(loggedOut, portalUrl);
    expect(endSession.origin).toBe(issuer);
    expect(endSession.searchParams.get("id_token_hint")).toBe(idToken);
    expect(endSession.searchParams.get("post_logout_redirect_uri")).toBe(
      `${portalUrl}/login?utloggad=1`,
    );
    // The portal's session is over whatever the provider does.
    const home = await browser.get(`${portalUrl}/ledning`);
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toMatch(/^\/login/);

    // The provider takes the hint and the address: it asks to confirm, then sends the browser back.
    const confirm = await browser.get(endSession);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)?.[1];
    expect(action && xsrf).toBeTruthy();
    const done = await browser.post(new URL(action!, endSession).href, {
      xsrf: xsrf!,
      logout: "yes",
    });
    expect(done.status).toBe(303);
    expect(location(done, issuer).href).toBe(`${portalUrl}/login?utloggad=1`);

    // A session begun by password logs out to the portal's own page, as before.
    const password = new Browser();
    const login = await password.post(`${portalUrl}/login`, {
      email: "mentor.gymnasium@demo.test",
      password: "Samverkan-demo-1",
    });
    expect(login.status).toBe(302);
    const out = await password.post(`${portalUrl}/logout`, {});
    expect(out.headers.get("location")).toBe("/login?utloggad=1");
  });

  it("answers with a Swedish page when the provider goes down before the code is exchanged", async () => {
    await withPerson({ sub: "mitt-i", email: "rektor@demo.test", email_verified: true });
    const browser = new Browser();
    const back = await throughProvider(browser, "mitt-i");
    await provider!.close();
    provider = undefined;
    const answer = await browser.get(back);
    expect(answer.status).toBe(503);
    expect(await answer.text()).toContain("Kommunens inloggning svarar inte just nu");
    expect(browser.cookies.has("samverkan_session")).toBe(false);
  });
});
