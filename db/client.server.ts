/**
 * The application's one kysely instance and the pg pool under it (lucia shares the pool).
 * Created lazily from DATABASE_URL, so tests and the embedded launcher can set the URL first.
 */
import { CamelCasePlugin, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

// `date` columns (calendar dates, such as an agreement's review date) come back as the text
// YYYY-MM-DD: pg's default turns them into a Date at the server's local midnight, which shifts
// the day in any other time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

// timestamptz columns come back as Date (pg's default); bigint ids as strings.
export function createDatabase(connectionString: string, max = 10) {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 5_000 });
  // An idle connection dropped by the server (a restart, a failover) must not crash the app;
  // the pool opens a new one on the next query, and /healthz reports the outage meanwhile.
  pool.on("error", (error) => {
    process.stderr.write(`PostgreSQL connection lost: ${error.message}\n`);
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return { pool, db };
}

type Instance = ReturnType<typeof createDatabase>;
const globalForDb = globalThis as typeof globalThis & { __samverkanDb?: Instance };

function instance(): Instance {
  if (!globalForDb.__samverkanDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the portal with `npm start`.");
    globalForDb.__samverkanDb = createDatabase(url);
  }
  return globalForDb.__samverkanDb;
}

export const db = new Proxy({} as Kysely<Database>, {
  get(_target, property) {
    const real = instance().db;
    const value = Reflect.get(real, property, real);
    return typeof value === "function" ? value.bind(real) : value;
  },
});

export function getPool(): pg.Pool {
  return instance().pool;
}

export async function closeDatabase(): Promise<void> {
  const current = globalForDb.__samverkanDb;
  globalForDb.__samverkanDb = undefined;
  if (current) await current.db.destroy();
}
