import { describe, expect, it } from "vitest";
import { isSameOriginRequest } from "~/lib/origin";

const base = {
  method: "POST",
  host: "localhost:3000",
  protocol: "http",
  appUrl: "http://localhost:3000",
  appUrlConfigured: false,
};

describe("isSameOriginRequest (CSRF)", () => {
  it("lets reading requests through without an Origin", () => {
    for (const method of ["GET", "HEAD", "OPTIONS"]) {
      expect(isSameOriginRequest({ ...base, method, origin: undefined })).toBe(true);
    }
  });

  it("accepts a write from the portal's own origin", () => {
    expect(isSameOriginRequest({ ...base, origin: "http://localhost:3000" })).toBe(true);
  });

  it("with APP_URL configured, accepts only APP_URL's origin, never one matching Host", () => {
    const portal = {
      method: "POST",
      host: "samverkan.example.se",
      protocol: "http", // behind a proxy that forwards plain http, without TRUST_PROXY
      appUrl: "https://samverkan.example.se",
      appUrlConfigured: true,
    };
    expect(isSameOriginRequest({ ...portal, origin: "https://samverkan.example.se" })).toBe(true);
    // An https portal refuses an http page of the same name (a network attacker's injection).
    expect(isSameOriginRequest({ ...portal, origin: "http://samverkan.example.se" })).toBe(false);
    // A Host header the client chose names no page of the portal.
    expect(
      isSameOriginRequest({ ...portal, host: "evil.example", origin: "http://evil.example" }),
    ).toBe(false);
    expect(
      isSameOriginRequest({
        ...portal,
        protocol: "https",
        host: "other.example",
        origin: "https://other.example",
      }),
    ).toBe(false);
  });

  it("without APP_URL (local use) accepts the portal reached under another host name", () => {
    expect(
      isSameOriginRequest({ ...base, host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" }),
    ).toBe(true);
  });

  it("refuses a write from another origin, a missing Origin, and the opaque origin", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect(isSameOriginRequest({ ...base, method, origin: "https://evil.example" })).toBe(false);
    }
    expect(isSameOriginRequest({ ...base, origin: undefined })).toBe(false);
    expect(isSameOriginRequest({ ...base, origin: "null" })).toBe(false);
    expect(isSameOriginRequest({ ...base, origin: "http://localhost:3001" })).toBe(false);
    expect(isSameOriginRequest({ ...base, origin: "https://localhost:3000" })).toBe(false);
  });
});

describe("withoutTokens", () => {
  it("keeps link tokens out of logged paths", async () => {
    const { withoutTokens } = await import("~/lib/redact");
    expect(withoutTokens("/aterstall-losenord/abcDEF_123-x")).toBe("/aterstall-losenord/[token]");
    expect(withoutTokens("/inbjudan/abc")).toBe("/inbjudan/[token]");
    expect(withoutTokens("/samtycke/abc_DEF-1")).toBe("/samtycke/[token]");
    expect(withoutTokens("/kalender/abc_DEF-1.ics")).toBe("/kalender/[token]");
    // Only a link at the root: a child's consent pages keep their (opaque) path.
    expect(withoutTokens("/barn/123/samtycke/lank")).toBe("/barn/123/samtycke/lank");
    expect(withoutTokens("/skola")).toBe("/skola");
  });
});

describe("serializeError", () => {
  it("keeps what went wrong but drops the row data a PostgreSQL error quotes", async () => {
    const { serializeError } = await import("~/lib/logger.server");
    const error = Object.assign(new Error("duplicate key value violates unique constraint"), {
      code: "23505",
      constraint: "children_district_identity_number",
      detail: "Key (district_id, personal_identity_number)=(x, 200806012399) already exists.",
      where: "SQL statement …",
    });
    const text = JSON.stringify(serializeError(error));
    expect(text).toContain("children_district_identity_number");
    expect(text).toContain("23505");
    expect(text).not.toContain("200806012399");
    expect(text).not.toContain("SQL statement");
    // Wrapped in another error, the cause's fields stay out too.
    const wrapped = JSON.stringify(serializeError(new Error("outer", { cause: error })));
    expect(wrapped).toContain("duplicate key value");
    expect(wrapped).not.toContain("200806012399");
  });
});
