import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
// The runner, its workers (which load this file too) and the portal they start (its env is
// this process's) all read the test run's fixed clock: see docs/decisions/025.
import "./test/helpers/test-clock.js";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
// Debian's Chromium (apt-get install -y chromium); Playwright never downloads a browser here.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// The sign-on journeys (sso.spec.ts) need a portal configured for an identity provider, and the
// provider: a second portal on the next port, the provider on the one after. The first portal
// stays as it was, without sign-on.
const SSO_PORT = Number(process.env.E2E_SSO_PORT ?? PORT + 1);
const SSO_PROVIDER_PORT = Number(process.env.E2E_SSO_PROVIDER_PORT ?? PORT + 2);
const SSO_SPEC = /sso\.spec\.ts$/;

const browser = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: existsSync(chromium) ? chromium : undefined,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  },
};

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
  // Generous: a 2-core machine runs two browsers, the portal and PostgreSQL at once, and on a
  // busy day it runs the suite three times slower (23 minutes instead of 8, with tests at 47 s
  // of a 60 s limit). A guard against hangs, not a measure of speed (speed is measured in
  // scripts/bench).
  timeout: 180_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL,
    locale: "sv-SE",
    timezoneId: "Europe/Stockholm",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "chromium", testIgnore: SSO_SPEC, use: browser },
    {
      name: "sso",
      testMatch: SSO_SPEC,
      use: { ...browser, baseURL: `http://localhost:${SSO_PORT}` },
    },
  ],
  webServer: [
    {
      // The production build (npm run test:e2e builds it) on a fresh, seeded database.
      command: "tsx test/e2e/server.ts",
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: { PORT: String(PORT), NODE_ENV: "production", LOG_LEVEL: "warn" },
    },
    {
      command: "tsx test/e2e/server.ts",
      url: `http://localhost:${SSO_PORT}/healthz`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      env: {
        PORT: String(SSO_PORT),
        // Its database file (test/e2e/database.ts) is named after its own port.
        E2E_PORT: String(SSO_PORT),
        E2E_SSO_PROVIDER_PORT: String(SSO_PROVIDER_PORT),
        NODE_ENV: "production",
        LOG_LEVEL: "warn",
      },
    },
  ],
});
