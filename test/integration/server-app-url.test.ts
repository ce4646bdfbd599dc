/**
 * The CSRF Origin check of a portal whose APP_URL is configured (https): only that origin may
 * post, not one that merely matches the Host header the client sent, and not its http twin.
 * Needs the production build (npm test builds it first).
 */
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

const post = (origin: string, host?: string) =>
  fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: {
      Origin: origin,
      ...(host ? { Host: host } : {}),
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ email: "ingen@demo.test", password: "fel" }),
  });

describe("a portal with APP_URL configured", () => {
  it("takes a post from APP_URL's origin", async () => {
    const response = await post(APP_URL);
    expect(response.status).toBe(200); // the login form, with its Swedish error
    expect(await response.text()).toContain("Fel e-postadress eller lösenord");
  });

  it("refuses an Origin that only matches the Host header, and the http twin of APP_URL", async () => {
    const hostMatch = await post(base);
    expect(hostMatch.status).toBe(403);
    expect(await hostMatch.text()).toContain("Förfrågan nekades");
    const httpTwin = await post("http://samverkan.example.se", "samverkan.example.se");
    expect(httpTwin.status).toBe(403);
  });
});
