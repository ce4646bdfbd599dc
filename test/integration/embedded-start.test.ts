/**
 * A start of the embedded PostgreSQL that cannot work says why, and names the setting that
 * changes it (issue 16: a second checkout on the same machine used to exit with "could not
 * start: undefined"). With no port set, the first free one is taken.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigurationError } from "~/lib/env.server";
import { firstFreePort, startEmbeddedPostgres, whyNotStarted } from "../../db/embedded";
import { startThrowawayPostgres } from "../helpers/postgres";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

describe("starting the embedded PostgreSQL", () => {
  it("on a port another program holds: refused, naming EMBEDDED_PG_PORT", async () => {
    const other = await startThrowawayPostgres("samverkan-embedded-a-");
    cleanups.push(() => other.stop());
    const parent = mkdtempSync(path.join(os.tmpdir(), "samverkan-embedded-b-"));
    chmodSync(parent, 0o755);
    cleanups.push(async () => rmSync(parent, { recursive: true, force: true }));
    const attempt = startEmbeddedPostgres({
      dataDir: path.join(parent, "pg"),
      port: Number(new URL(other.adminUrl).port),
      persistent: false,
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigurationError);
    await expect(attempt).rejects.toThrow(/port \d+: another program uses it.*EMBEDDED_PG_PORT/s);
  });

  it("chooses the first free port when none is set", async () => {
    const first = await firstFreePort(55400);
    const holder = await listen(first);
    cleanups.push(() => new Promise((resolve) => holder.close(resolve)));
    const next = await firstFreePort(first);
    expect(next).toBeGreaterThan(first);
  });

  it("says which folder is in use, and what it said when the cause is unknown", () => {
    const inUse = whyNotStarted(
      'FATAL:  lock file "postmaster.pid" already exists\nHINT:  Is another postmaster (PID 42) running in data directory "/x"?',
      54329,
      "/x",
    );
    expect(inUse).toContain("/x is in use by another running portal");
    expect(inUse).toContain("EMBEDDED_PG_DIR");
    const unknown = whyNotStarted("line 1\nFATAL:  something else entirely", 54329, "/y");
    expect(unknown).toContain("FATAL:  something else entirely");
    expect(unknown).toContain("DATABASE_URL");
    expect(whyNotStarted("", 54329, "/y")).toContain("PostgreSQL wrote nothing");
  });
});
