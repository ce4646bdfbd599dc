/**
 * The application's one kysely instance and the pg pool under it (lucia shares the pool).
 * Created lazily from DATABASE_URL, so tests and the embedded launcher can set the URL first.
 */
import { CamelCasePlugin, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { env } from "../app/lib/env.server";
import { countStatement } from "../app/lib/request-scope.server";
import type { Database } from "./schema";

// `date` columns (calendar dates, such as an agreement's review date) come back as the text
// YYYY-MM-DD: pg's default turns them into a Date at the server's local midnight, which shifts
// the day in any other time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

// timestamptz columns come back as Date (pg's default); bigint ids as strings.
export function createDatabase(connectionString: string, max = 10) {
  // JIT off for the portal's connections: PostgreSQL compiles a query with LLVM when its
  // estimated cost is high, which an aggregate over a national table's term (the follow-up's
  // figures) reaches. On the bench's national database that compilation took 1.1 s of a
  // 1.9 s statement and never paid back; the portal's statements are short.
  const pool = new pg.Pool({
    connectionString,
    max,
    connectionTimeoutMillis: 5_000,
    options: "-c jit=off",
  });
  // A connection the server drops (a restart, a failover, pg_terminate_backend) must never
  // crash the process. pg-pool listens for errors only on idle clients; a client checked out
  // by kysely (inside a transaction, or between a query and its release) emits "error" with
  // nobody listening, which Node turns into an uncaught exception. So every client gets a
  // listener of its own for its whole life: the query in flight fails with the error, the
  // client is not queryable any more and the pool discards it on release, and the next query
  // opens a new connection. /healthz reports the outage meanwhile.
  pool.on("connect", (client) => {
    client.on("error", (error) => reportConnectionLoss(error));
    countStatementsOf(client);
  });
  pool.on("error", (error) => reportConnectionLoss(error));
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  return { pool, db };
}

/**
 * Every statement a client sends counts toward the request it serves (the request log line's
 * `sql`): a list that runs one statement per row shows at once, in tests and in the bench.
 */
function countStatementsOf(client: pg.PoolClient) {
  const query = client.query as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = function (this: pg.PoolClient, ...args: unknown[]) {
    countStatement();
    return query.apply(this, args);
  };
}

let lastReport = 0;
/** One line a second at most: a restart drops every connection at once. */
function reportConnectionLoss(error: Error) {
  const now = Date.now();
  if (now - lastReport < 1_000) return;
  lastReport = now;
  process.stderr.write(`PostgreSQL connection lost: ${error.message}\n`);
}

// SQLSTATE classes and codes that mean "the database cannot be reached now", not "this query
// is wrong": connection exceptions (08), a server shutting down or starting (57P01–57P03), too
// many connections (53300).
const UNAVAILABLE_CODES = new Set(["57P01", "57P02", "57P03", "53300"]);
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
const UNAVAILABLE_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error and is not queryable",
  "Cannot use a pool after calling end on the pool",
  "Connection ended unexpectedly",
];

/** Whether an error means the database is unreachable (a 503), not a fault of the request. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const { code, severity } = error as { code?: unknown; severity?: unknown };
  // FATAL (and PANIC) end the session: the server refused or dropped the connection itself,
  // e.g. "database … is not currently accepting connections" during maintenance.
  if (severity === "FATAL" || severity === "PANIC") return true;
  if (typeof code === "string") {
    if (code.startsWith("08") || UNAVAILABLE_CODES.has(code) || NETWORK_CODES.has(code)) {
      return true;
    }
  }
  if (UNAVAILABLE_MESSAGES.some((message) => error.message.includes(message))) return true;
  if (
    error instanceof AggregateError &&
    error.errors.some((e) => isDatabaseUnavailable(e, depth + 1))
  )
    return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}

/**
 * Serialises transactions on one key until the caller's transaction ends
 * (pg_advisory_xact_lock on the key's hash). Keys name their kind first ("login:account:…"), so
 * keys of different kinds never meet; a hash collision only makes two callers wait in turn.
 * Where one transaction takes several keys, every caller takes them in the same order.
 */
export async function lockKey(trx: Kysely<Database>, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
}

type Instance = ReturnType<typeof createDatabase>;
const globalForDb = globalThis as typeof globalThis & { __samverkanDb?: Instance };

function instance(): Instance {
  if (!globalForDb.__samverkanDb) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the portal with `npm start`.");
    globalForDb.__samverkanDb = createDatabase(url, env().DATABASE_POOL_SIZE);
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
