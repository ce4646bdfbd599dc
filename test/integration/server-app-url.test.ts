/**
 * The CSRF Origin check of a portal whose APP_URL is configured (https): only that origin may
 * post, not one that merely matches the Host header the client sent, and not its http twin.
 * Needs the production build (npm test builds it first).
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/lib/env.server";
import { startPortal, type RunningPortal } from "../../server";
import { freePort } from "../helpers/postgres";

const APP_URL = "https://samverkan.example.se";
let portal: RunningPortal;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  portal = await startPortal(
    parseEnv({
      DATABASE_URL: process.env.DATABASE_URL!,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL,
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
    }),
  );
  base = `http://localhost:${port}`;
});

afterAll(async () => {
  await portal?.close();
});

/** A login post with the given Origin and Host (fetch may not set Host; node:http may). */
function post(origin: string, host: string): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ email: "ingen@demo.test", password: "fel" }).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      `${base}/login`,
      {
        method: "POST",
        headers: {
          Origin: origin,
          Host: host,
          "Content-Type": "application/x-www-form-urlencoded",
          "Content-Length": Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("a portal with APP_URL configured", () => {
  it("takes a post from APP_URL's origin", async () => {
    // Behind its proxy the portal is asked for by APP_URL's name.
    const response = await post(APP_URL, "samverkan.example.se");
    expect(response.status).toBe(200); // the login form, with its Swedish error
    expect(response.body).toContain("Fel e-postadress eller lösenord");
  });

  it("takes a post from APP_URL's origin when the proxy sends its own Host name, never a 500", async () => {
    // A proxy that passes the portal's internal address as Host (and no X-Forwarded-Host):
    // Remix's own check compared Origin with Host and threw.
    const response = await post(APP_URL, new URL(base).host);
    expect(response.status).toBe(200);
    expect(response.body).toContain("Fel e-postadress eller lösenord");
  });

  it("refuses an Origin that only matches the Host header, and the http twin of APP_URL", async () => {
    const local = new URL(base).host;
    const hostMatch = await post(base, local);
    expect(hostMatch.status).toBe(403);
    expect(hostMatch.body).toContain("Förfrågan nekades");
    const httpTwin = await post("http://samverkan.example.se", "samverkan.example.se");
    expect(httpTwin.status).toBe(403);
  });
});
