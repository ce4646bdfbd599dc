/**
 * Runs before each integration test file: a fresh database, copied from the migrated
 * template, becomes this file's DATABASE_URL; it is dropped when the file is done.
 */
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { closeDatabase } from "../../db/client.server";
import { databaseUrl } from "../../db/embedded";
import { createDatabaseFromTemplate, dropDatabase } from "./postgres";

const serverUrl = inject("postgresServerUrl");
const name = `samverkan_test_${randomBytes(6).toString("hex")}`;
await createDatabaseFromTemplate(serverUrl, name, inject("templateDatabase"));
process.env.DATABASE_URL = databaseUrl(serverUrl, name);

afterAll(async () => {
  await closeDatabase();
  await dropDatabase(serverUrl, name);
});
