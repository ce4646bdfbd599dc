/**
 * A real OpenID provider for the sign-on tests (oidc-provider on localhost): the portal as its one
 * confidential client, people the test controls (subject, e-mail and whether it is verified, and
 * the acr and amr of their authentication), and a login page of its own that only asks which
 * person to be: the provider's own login is not what is tested. Consent is taken as given for the
 * portal, as a municipality's provider treats its own services.
 *
 * The integration tests run it in their process and change its people between sign-ons; the
 * browser tests run it beside the portal (test/e2e/server.ts) with SSO_TEST_PEOPLE.
 */
import { generateKeyPairSync } from "node:crypto";
import { createServer, type Server } from "node:http";
import Provider from "oidc-provider";

export interface TestPerson {
  /** The subject, and what is typed into the provider's login page. */
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  acr?: string;
  amr?: string[];
}

export interface TestProviderOptions {
  port: number;
  clientId: string;
  clientSecret: string;
  /** The portal's APP_URL: its sign-on answer and post-logout addresses are registered. */
  portalUrl: string;
  people?: TestPerson[];
  /** The signing key, so a provider started again signs as before (keys the portal cached). */
  signingKey?: Record<string, unknown>;
}

export interface TestProvider {
  issuer: string;
  people: Map<string, TestPerson>;
  signingKey: Record<string, unknown>;
  close(): Promise<void>;
}

/** The acr values the tests use: "loa3" is what the portal is set to accept (OIDC_MIN_ACR). */
export const TEST_ACR = { low: "urn:test:loa2", high: "urn:test:loa3" } as const;

export function newSigningKey(): Record<string, unknown> {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { ...privateKey.export({ format: "jwk" }), kid: "test-signing-key", use: "sig" };
}

export async function startTestProvider(options: TestProviderOptions): Promise<TestProvider> {
  const issuer = `http://localhost:${options.port}`;
  const people = new Map((options.people ?? []).map((p) => [p.sub, p]));
  const signingKey = options.signingKey ?? newSigningKey();

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [`${options.portalUrl}/login/sso/svar`],
        post_logout_redirect_uris: [`${options.portalUrl}/login?utloggad=1`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ["only-for-the-sign-on-tests"] },
    // acr and amr in every ID token, as a municipality's provider sends them (oidc-provider's
    // default is to send acr only when the client asks for it).
    claims: {
      acr: null,
      amr: null,
      sid: null,
      auth_time: null,
      iss: null,
      openid: ["sub", "acr", "amr"],
      email: ["email", "email_verified"],
      profile: ["name"],
    },
    acrValues: [TEST_ACR.low, TEST_ACR.high],
    features: {
      devInteractions: { enabled: false },
      // Its own page (the default one loads a web font from the internet).
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: { body: string }, form: string) {
          ctx.body = logoutPage(form);
        },
      },
    },
    pkce: { required: () => true },
    async findAccount(_ctx: unknown, sub: string) {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        async claims() {
          const { acr: _acr, amr: _amr, ...claims } = person;
          return claims;
        },
      };
    },
    async loadExistingGrant(ctx: {
      oidc: {
        client: { clientId: string };
        session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
        result?: { consent?: { grantId?: string } };
      };
    }) {
      const { clientId } = ctx.oidc.client;
      const accountId = ctx.oidc.session.accountId;
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session.grantIdFor(clientId);
      const existing = grantId ? await provider.Grant.find(grantId) : undefined;
      if (existing && existing.accountId === accountId) return existing;
      const grant = new provider.Grant({ clientId, accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });

  // The login page: which person to be, or cancel.
  provider.use(async (ctx, next) => {
    const match = /^\/interaction\/([^/]+)(?:\/(login|abort))?$/.exec(ctx.path);
    if (!match) return next();
    const [, , step] = match;
    if (!step && ctx.method === "GET") {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      ctx.type = "html";
      ctx.body = loginPage(details.uid, null);
      return;
    }
    if (step && ctx.method === "POST") {
      const form = new URLSearchParams(await readBody(ctx.req));
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (step === "abort") {
        ctx.respond = false;
        await provider.interactionFinished(
          ctx.req,
          ctx.res,
          { error: "access_denied", error_description: "The person cancelled." },
          { mergeWithLastSubmission: false },
        );
        return;
      }
      const person = people.get(form.get("login")?.trim() ?? "");
      if (!person) {
        ctx.type = "html";
        ctx.body = loginPage(details.uid, "Det finns ingen sådan person hos testleverantören.");
        return;
      }
      ctx.respond = false;
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId: person.sub, acr: person.acr, amr: person.amr, remember: false } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    return next();
  });

  // The provider reads the test run's clock (test/helpers/test-clock.js), days behind the
  // browser's: a cookie it dates to expire in ten minutes has, to the browser, expired long ago,
  // and the interaction it stands for is lost ("invalid_request"). Its cookies go out as
  // session cookies; the provider still checks its own expiry by its own clock.
  const handle = provider.callback();
  const server = await new Promise<Server>((resolve) => {
    const s = createServer((req, res) => {
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name, value) =>
        setHeader(name, name.toLowerCase() === "set-cookie" ? withoutExpiry(value) : value);
      void handle(req, res);
    });
    s.listen(options.port, "127.0.0.1", () => resolve(s));
  });
  return {
    issuer,
    people,
    signingKey,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error: string | null): string {
  return `<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Testleverantörens inloggning</title></head>
<body><main>
<h1>Testleverantörens inloggning</h1>
${error ? `<p role="alert">${escape(error)}</p>` : ""}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Användarnamn</label>
<input id="login" name="login" autocomplete="off" required>
<button type="submit">Logga in</button>
</form>
<form method="post" action="/interaction/${escape(uid)}/abort">
<button type="submit">Avbryt</button>
</form>
</main></body></html>`;
}

function logoutPage(form: string): string {
  return `<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Logga ut – Testleverantören</title></head>
<body><main>
<h1>Vill du logga ut från kommunens inloggning också?</h1>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Ja, logga ut</button>
<button type="submit" form="op.logoutForm">Nej</button>
</main></body></html>`;
}

function withoutExpiry(value: number | string | readonly string[]): number | string | string[] {
  const strip = (cookie: string) => cookie.replace(/;\s*expires=[^;]*/gi, "");
  if (typeof value === "number") return value;
  return typeof value === "string" ? strip(value) : value.map(strip);
}
