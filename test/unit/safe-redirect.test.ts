import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/auth/login.server";

const portal = "https://samverkan.example.se";

describe("safeRedirectPath (where a login may send the user)", () => {
  it("keeps a path of the portal, with its query", () => {
    expect(safeRedirectPath("/skola", portal)).toBe("/skola");
    expect(safeRedirectPath("/barn/123?flik=logg", portal)).toBe("/barn/123?flik=logg");
    expect(safeRedirectPath("/admin/logguttag?fran=2026-01-01&till=2026-02-01", portal)).toBe(
      "/admin/logguttag?fran=2026-01-01&till=2026-02-01",
    );
  });

  it("refuses nothing, another site, and a protocol-relative or scheme-bearing value", () => {
    for (const value of [
      null,
      undefined,
      "",
      "skola",
      "//evil.example",
      "///evil.example",
      "https://evil.example/",
      "https://samverkan.example.se/skola", // absolute: only paths are taken
      "javascript:alert(1)",
      "/\\evil.example",
      "\\\\evil.example",
    ]) {
      expect(safeRedirectPath(value, portal), String(value)).toBeNull();
    }
  });

  it("refuses tab, CR, LF and every other control character anywhere in the value", () => {
    for (const value of [
      "/\t/evil.example",
      "/\t/\tevil.example",
      "/\r\n/evil.example",
      "/skola\r\nSet-Cookie: x=1",
      "/\n/evil.example",
      "/sk\u0000ola",
      "/sk\u007fola",
      "/sk\u0085ola",
      "/\u000b/evil.example",
    ]) {
      expect(safeRedirectPath(value, portal), JSON.stringify(value)).toBeNull();
    }
  });

  it("refuses a path that a browser or the URL parser turns into another host", () => {
    // "/.//evil.example" parses to the path "//evil.example", a protocol-relative Location.
    for (const value of ["/.//evil.example", "/..//evil.example", "/./\\evil.example"]) {
      expect(safeRedirectPath(value, portal), value).toBeNull();
    }
  });

  it("gives only ASCII back, so that a Location header can always be sent", () => {
    for (const value of ["/sök?namn=Åsa", "/\u{1F600}", "/a\ud800b"]) {
      const result = safeRedirectPath(value, portal);
      expect(result, value).not.toBeNull();
      expect(result!, value).toMatch(/^\/[\x21-\x7e]*$/);
      expect(new URL(result!, portal).origin).toBe(portal);
    }
    expect(safeRedirectPath("/sök?namn=Åsa", portal)).toBe("/s%C3%B6k?namn=%C3%85sa");
  });
});
