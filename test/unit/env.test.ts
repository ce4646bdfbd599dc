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
    expect(env.SESSION_IDLE_MINUTES).toBe(60);
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

  it("names the bad variable in its message", () => {
    expect(() => parseEnv({ PORT: "tretusen" })).toThrow(ConfigurationError);
    expect(() => parseEnv({ PORT: "tretusen" })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x@y/z" })).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ URL/,
    );
    expect(() => parseEnv({ APP_URL: "ftp://portal" })).toThrow(/APP_URL/);
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "1" })).toThrow(/SESSION_IDLE_MINUTES/);
    expect(() => parseEnv({ TRUST_PROXY: "kanske" })).toThrow(/TRUST_PROXY/);
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
});
