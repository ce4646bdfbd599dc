import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigurationError, parseEnv } from "~/lib/env.server";

describe("parseEnv", () => {
  it("has safe local defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.APP_URL_CONFIGURED).toBe(false);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBEDDED_PG_DIR).toBe(path.resolve(".data/postgres"));
    expect(env.SESSION_IDLE_MINUTES_SOCIAL).toBe(30);
    expect(env.SESSION_IDLE_MINUTES_SCHOOL).toBe(480);
    expect(env.SESSION_MAX_HOURS).toBe(12);
    expect(env.AUTH_RECORDS_RETENTION_DAYS).toBe(30);
  });

  it("follows PORT in the default APP_URL and treats empty values as unset", () => {
    const env = parseEnv({ PORT: "4100", DATABASE_URL: "" });
    expect(env.APP_URL).toBe("http://localhost:4100");
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("tells a configured APP_URL from the default, and drops a trailing slash", () => {
    const env = parseEnv({ APP_URL: "https://samverkan.example.se/" });
    expect(env.APP_URL).toBe("https://samverkan.example.se");
    expect(env.APP_URL_CONFIGURED).toBe(true);
    expect(parseEnv({ APP_URL: "" }).APP_URL_CONFIGURED).toBe(false);
  });

  it("seeds the follow-up's demo history unless SEED_HISTORY says not to", () => {
    expect(parseEnv({}).SEED_HISTORY).toBe(true);
    expect(parseEnv({ SEED_HISTORY: "false" }).SEED_HISTORY).toBe(false);
    expect(parseEnv({ SEED_HISTORY: "0" }).SEED_HISTORY).toBe(false);
  });

  it("names the bad variable in its message", () => {
    expect(() => parseEnv({ PORT: "tretusen" })).toThrow(ConfigurationError);
    expect(() => parseEnv({ PORT: "tretusen" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x@y/z" })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ URL/,
    );
    expect(() => parseEnv({ APP_URL: "ftp://portal" })).toThrow(/APP_URL/);
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "1" })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => parseEnv({ SESSION_IDLE_MINUTES_SOCIAL: "4" })).toThrow(
      /SESSION_IDLE_MINUTES_SOCIAL: expected at least 5 minutes/,
    );
    expect(() => parseEnv({ SESSION_MAX_HOURS: "0" })).toThrow(/SESSION_MAX_HOURS/);
    expect(() => parseEnv({ AUTH_RECORDS_RETENTION_DAYS: "0" })).toThrow(
      /AUTH_RECORDS_RETENTION_DAYS/,
    );
    expect(() => parseEnv({ TRUST_PROXY: "kanske" })).toThrow(/TRUST_PROXY/);
  });

  it("reads the one idle timeout of before only as the default of the two that replace it", () => {
    const former = parseEnv({ SESSION_IDLE_MINUTES: "45" });
    expect(former.SESSION_IDLE_MINUTES_SOCIAL).toBe(45);
    expect(former.SESSION_IDLE_MINUTES_SCHOOL).toBe(45);
    const both = parseEnv({
      SESSION_IDLE_MINUTES: "45",
      SESSION_IDLE_MINUTES_SOCIAL: "20",
      SESSION_IDLE_MINUTES_SCHOOL: "240",
    });
    expect(both.SESSION_IDLE_MINUTES_SOCIAL).toBe(20);
    expect(both.SESSION_IDLE_MINUTES_SCHOOL).toBe(240);
    expect("SESSION_IDLE_MINUTES" in both).toBe(false);
  });

  it("never prints the database URL, which may hold a password", () => {
    let thrown: unknown = null;
    try {
      parseEnv({ DATABASE_URL: "mysql://user:hemligt@db/portal" });
    } catch (error) {
      thrown = error;
    }
    // Fails if parseEnv stops refusing the URL, as well as if its message leaks the password.
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(String(thrown)).toContain("DATABASE_URL");
    expect(String(thrown)).not.toContain("hemligt");
  });

  describe("the municipality's sign-on (OIDC_*)", () => {
    const complete = {
      OIDC_ISSUER: "https://login.kommun.example/realms/personal",
      OIDC_CLIENT_ID: "samverkansportalen",
      OIDC_CLIENT_SECRET: "hemlig-klienthemlighet",
    };

    it("is off when none of it is set, with defaults for the rest", () => {
      const env = parseEnv({});
      expect(env.OIDC_ISSUER).toBeUndefined();
      expect(env.OIDC_EMAIL_CLAIM).toBe("email");
      expect(env.OIDC_SCOPES).toEqual(["openid", "email", "profile"]);
      expect(env.OIDC_MIN_ACR).toEqual([]);
    });

    it("reads the accepted acr values as a list, and the scopes", () => {
      const env = parseEnv({
        ...complete,
        OIDC_MIN_ACR: " http://id.elegnamnden.se/loa/1.0/loa3 , urn:kommun:siths ,",
        OIDC_SCOPES: "openid email",
        OIDC_EMAIL_CLAIM: "upn",
      });
      expect(env.OIDC_ISSUER).toBe(complete.OIDC_ISSUER);
      expect(env.OIDC_MIN_ACR).toEqual([
        "http://id.elegnamnden.se/loa/1.0/loa3",
        "urn:kommun:siths",
      ]);
      expect(env.OIDC_SCOPES).toEqual(["openid", "email"]);
      expect(env.OIDC_EMAIL_CLAIM).toBe("upn");
    });

    it("refuses a half-made configuration, naming what is missing", () => {
      expect(() => parseEnv({ OIDC_ISSUER: complete.OIDC_ISSUER })).toThrow(
        /OIDC_CLIENT_ID: required for the municipality's sign-on[\s\S]*OIDC_CLIENT_SECRET: required/,
      );
      expect(() =>
        parseEnv({ OIDC_CLIENT_ID: "x", OIDC_CLIENT_SECRET: "y", OIDC_ISSUER: "" }),
      ).toThrow(/OIDC_ISSUER: required/);
    });

    it("wants https, except for a provider on this machine", () => {
      expect(() => parseEnv({ ...complete, OIDC_ISSUER: "http://login.kommun.example" })).toThrow(
        /OIDC_ISSUER: expected an https:\/\/ URL/,
      );
      expect(parseEnv({ ...complete, OIDC_ISSUER: "http://localhost:4432" }).OIDC_ISSUER).toBe(
        "http://localhost:4432",
      );
      expect(() => parseEnv({ ...complete, OIDC_SCOPES: "email profile" })).toThrow(
        /OIDC_SCOPES: expected a list of scopes that holds openid/,
      );
    });

    it("never prints the client secret", () => {
      let thrown: unknown = null;
      try {
        parseEnv({ OIDC_CLIENT_SECRET: "x".repeat(2001) + "hemligt" });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigurationError);
      expect(String(thrown)).toContain("OIDC_CLIENT_SECRET");
      expect(String(thrown)).not.toContain("hemligt");
    });
  });
});
