/**
 * Once per test run: choose the PostgreSQL server (DATABASE_URL's server when set, else an
 * embedded one that is deleted afterwards) and build a migrated template database that every
 * test file copies into a fresh database of its own.
 */
import type { TestProject } from "vitest/node";
import { createDatabase } from "../../db/client.server";
import { databaseUrl, ensureDatabase } from "../../db/embedded";
import { migrateToLatest } from "../../db/migrate";
import { dropDatabase, startThrowawayPostgres } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string;
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject) {
  let serverUrl = process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!serverUrl) {
    const embedded = await startThrowawayPostgres("samverkan-test-");
    serverUrl = embedded.adminUrl;
    stop = embedded.stop;
  }
  const template = `samverkan_template_${process.pid}`;
  await dropDatabase(serverUrl, template);
  await ensureDatabase(serverUrl, template);
  const { db } = createDatabase(databaseUrl(serverUrl, template), 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  project.provide("postgresServerUrl", serverUrl);
  project.provide("templateDatabase", template);

  return async () => {
    await dropDatabase(serverUrl, template);
    await stop?.();
  };
}
