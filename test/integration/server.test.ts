/**
 * The HTTP server end to end on this file's own database: health check, the CSRF refusal,
 * and the Swedish error page whose reference is the request id the server logged under.
 * Needs the production build (npm test builds it first).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/lib/env.server";
import { startPortal, type RunningPortal } from "../../server";
import { freePort, withAdminClient } from "../helpers/postgres";

let portal: RunningPortal;
let base: string;
const databaseUrl = process.env.DATABASE_URL!;
const databaseName = new URL(databaseUrl).pathname.slice(1);
const serverUrl = (() => {
  const url = new URL(databaseUrl);
  url.pathname = "/postgres";
  return url.toString();
})();

beforeAll(async () => {
  const port = await freePort();
  portal = await startPortal(
    parseEnv({
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED_DEMO_DATA: "true",
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
    }),
  );
  base = `http://localhost:${port}`;
});

afterAll(async () => {
  await withAdminClient(serverUrl, (c) =>
    c.query(`alter database "${databaseName}" allow_connections true`),
  );
  await portal?.close();
});

async function logIn(email: string) {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password: "Samverkan-demo-1" }),
  });
  expect(response.status).toBe(302);
  return response.headers.get("set-cookie")!.split(";")[0]!;
}

describe("the portal's server", () => {
  it("serves the Swedish login page and refuses a cross-origin login", async () => {
    const page = await fetch(`${base}/login`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html lang="sv"');
    const foreign = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "https://angripare.example" },
      body: new URLSearchParams({ email: "rektor@demo.test", password: "Samverkan-demo-1" }),
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("Förfrågan nekades");
  });

  it("refuses Remix's legacy ?_data requests with a 404 before Remix sees them", async () => {
    // Single fetch asks for <path>.data; ?_data= took a legacy path that gave a 500 when signed out.
    const anonymous = await fetch(`${base}/login?_data=routes/login`, { redirect: "manual" });
    expect(anonymous.status).toBe(404);
    expect(await anonymous.text()).toBe("Sidan finns inte.");
    const page = await fetch(`${base}/login`);
    expect(page.status).toBe(200);
  });

  it("refuses a body over 11 MB, and one of unknown length, before reading it", async () => {
    const origin = new URL(base).origin;
    const big = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, "Content-Type": "application/octet-stream" },
      body: new Uint8Array(11 * 1024 * 1024 + 1),
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("högst 10 MB");
    const chunked = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: origin, "Content-Type": "application/octet-stream" },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new Uint8Array(10));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(411);
  });

  it("after a login, sends the browser only to a path of the portal, never a 500", async () => {
    const login = (redirectTo: string) =>
      fetch(`${base}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          email: "mentor@demo.test",
          password: "Samverkan-demo-1",
          redirectTo,
        }),
      });
    // What /login?redirectTo=%2F%09%2Fevil.example and its like put in the form.
    for (const hostile of [
      "/\t/evil.example",
      "/\r\n/evil.example",
      "/\n/evil.example",
      "//evil.example",
      "/\\evil.example",
      "/.//evil.example",
      "https://evil.example/",
      "/\u{1F600}",
      "/skola\r\nSet-Cookie: stulen=1",
    ]) {
      const response = await login(hostile);
      expect(response.status, JSON.stringify(hostile)).toBe(302);
      const location = response.headers.get("location")!;
      expect(location, JSON.stringify(hostile)).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      expect(new URL(location, base).origin).toBe(new URL(base).origin);
      expect(response.headers.get("set-cookie")).not.toContain("stulen");
    }
    const wanted = await login("/skola/rutiner?flik=1");
    expect(wanted.headers.get("location")).toBe("/skola/rutiner?flik=1");
  });

  it("sets the session cookie without Max-Age or Expires: it ends with the browser", async () => {
    const response = await fetch(`${base}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "rektor@demo.test", password: "Samverkan-demo-1" }),
    });
    expect(response.status).toBe(302);
    const cookie = response.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^samverkan_session=[^;]+;/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).not.toMatch(/Max-Age|Expires/i);
  });

  it("answers 503 on /healthz and the outage page with a reference when the database is gone", async () => {
    const cookie = await logIn("mentor@demo.test");
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await withAdminClient(serverUrl, async (c) => {
      await c.query(`alter database "${databaseName}" allow_connections false`);
      await c.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
        [databaseName],
      );
    });

    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "unavailable", database: "unreachable" });

    const page = await fetch(`${base}/skola`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("30");
    const html = await page.text();
    const requestId = page.headers.get("x-request-id")!;
    expect(html).toContain("Något gick fel");
    expect(html).toContain("Portalen når inte sin databas just nu.");
    expect(html).toContain(`<strong class="reference">${requestId}</strong>`);
    // Details stay in the server log, never in the page.
    expect(html).not.toMatch(/ECONNREFUSED|node_modules|pg-pool|at async/);
    expect(html).toContain("Unexpected Server Error"); // Remix's sanitised stand-in, not shown
  });
});
