import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
// The runner, its workers (which load this file too) and the portal they start (its env is
// this process's) all read the test run's fixed clock: see docs/decisions/025.
import "./test/helpers/test-clock.js";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
// Debian's Chromium (apt-get install -y chromium); Playwright never downloads a browser here.
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

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
    {
      name: "chromium",
      use: {
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
      },
    },
  ],
  webServer: {
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
});
