/**
 * The portal for the browser tests: the production build on a fresh database of its own,
 * migrated and seeded with the demo data, on DATABASE_URL's server when set, else on an
 * embedded PostgreSQL that is deleted afterwards. The database is dropped on shutdown.
 */
import { parseEnv } from "../../app/lib/env.server";
import { databaseUrl, ensureDatabase } from "../../db/embedded";
import { startPortal } from "../../server";
import { dropDatabase, startThrowawayPostgres } from "../helpers/postgres";

let serverUrl = process.env.DATABASE_URL;
let stopEmbedded: (() => Promise<void>) | undefined;
if (!serverUrl) {
  const embedded = await startThrowawayPostgres("samverkan-e2e-");
  serverUrl = embedded.adminUrl;
  stopEmbedded = embedded.stop;
}

const name = `samverkan_e2e_${process.pid}`;
await dropDatabase(serverUrl, name);
await ensureDatabase(serverUrl, name);
const portal = await startPortal(
  parseEnv({ ...process.env, DATABASE_URL: databaseUrl(serverUrl, name), SEED_DEMO_DATA: "true" }),
);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await portal.close();
  await dropDatabase(serverUrl!, name).catch(() => {});
  await stopEmbedded?.();
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
