/**
 * For the command-line database scripts: the database named by DATABASE_URL, or else the
 * embedded one that `npm start` uses (started for the script and stopped after it).
 */
import type { Kysely } from "kysely";
import { parseEnv } from "../app/lib/env.server";
import { createDatabase } from "../db/client.server";
import { openEmbeddedDatabase } from "../db/embedded";
import type { Database } from "../db/schema";

export async function withDatabase<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const env = parseEnv();
  const embedded = env.DATABASE_URL
    ? undefined
    : await openEmbeddedDatabase({
        dataDir: env.EMBEDDED_PG_DIR,
        port: env.EMBEDDED_PG_PORT,
        log: (message) => console.warn(message),
      });
  const { db } = createDatabase(env.DATABASE_URL ?? embedded!.url, 2);
  try {
    return await work(db);
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
}
