/**
 * The sign-on journeys' identity provider (test/helpers/oidc-provider.ts), started by
 * test/e2e/server.ts beside the portal of playwright.config.ts's "sso" project, which it
 * configures for it. Its people are fixed: the journeys (sso.spec.ts) sign in as them.
 */
import {
  startTestProvider,
  TEST_ACR,
  type TestPerson,
  type TestProvider,
} from "../helpers/oidc-provider";

export const SSO_PEOPLE = {
  /** A caseworker whose provider authenticated her strongly enough to count as a second factor. */
  caseworker: {
    sub: "maria.nystrom",
    email: "handlaggare@demo.test",
    email_verified: true,
    acr: TEST_ACR.high,
    amr: ["smartcard", "pin"],
  },
  mentor: {
    sub: "anna.mentor",
    email: "mentor@demo.test",
    email_verified: true,
    acr: TEST_ACR.low,
  },
  /** Someone the municipality knows and the portal does not. */
  stranger: {
    sub: "okand.person",
    email: "okand.person@kommun.example",
    email_verified: true,
    acr: TEST_ACR.high,
  },
} satisfies Record<string, TestPerson>;

/** Starts the provider and points the portal of this process at it (before it starts). */
export async function startSsoProvider(port: number, portalUrl: string): Promise<TestProvider> {
  const clientSecret = "e2e-only-client-secret-0123456789";
  const provider = await startTestProvider({
    port,
    clientId: "samverkansportalen",
    clientSecret,
    portalUrl,
    people: Object.values(SSO_PEOPLE),
  });
  Object.assign(process.env, {
    APP_URL: portalUrl,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: "samverkansportalen",
    OIDC_CLIENT_SECRET: clientSecret,
    OIDC_MIN_ACR: TEST_ACR.high,
  });
  return provider;
}
