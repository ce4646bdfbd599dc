import path from "node:path";
import { defineConfig } from "vitest/config";
// First: this process and every worker read the test run's fixed clock (decision 025).
import "./test/helpers/test-clock.js";

const testClock = ["--import", path.resolve(import.meta.dirname, "test/helpers/test-clock.js")];

const alias = {
  "~": path.resolve(import.meta.dirname, "app"),
  "~db": path.resolve(import.meta.dirname, "db"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    // One PostgreSQL server for the run (DATABASE_URL's, or an embedded one) with a migrated
    // template database; see docs/decisions/003-test-database-isolation.md.
    globalSetup: ["test/helpers/global-setup.ts"],
    execArgv: testClock,
    projects: [
      {
        resolve: { alias },
        test: { name: "unit", include: ["test/unit/**/*.test.{ts,tsx}"], environment: "node" },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.{ts,tsx}"],
          environment: "node",
          // Each test file gets a fresh database of its own, made from the template.
          setupFiles: ["test/helpers/fresh-database.ts"],
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
