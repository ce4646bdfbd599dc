/**
 * Fault tests of the built portal as an operator meets it: the portal runs as a process of its
 * own (dist/server.js, as `npm start` runs it), against a PostgreSQL this file owns, under load.
 * 1. The database restarts while 20 clients submit reports of concern and read pages: the
 *    process lives on, the outage is answered with the Swedish 503 page, every report the
 *    client saw acknowledged is stored exactly once, and service comes back by itself.
 * 2. SIGTERM under load drains: requests in flight get their whole answer, new connections are
 *    refused, the job workers and pools close, the embedded database stops, and the exit code
 *    is 0.
 * Needs the production build (npm test builds it first).
 */
import { randomUUID } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { databaseUrl, ensureDatabase, startEmbeddedPostgres } from "../../db/embedded";
import { freePort, withAdminClient } from "../helpers/postgres";
import { demoReportForm, logIn, sleep, startPortalProcess } from "../helpers/portal-process";

// A name that must never reach the log: the portal logs no child data.
const CHILD_NAME = "Testbarn Avbrottsson";

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function temporaryFolder(prefix: string) {
  const folder = mkdtempSync(path.join(os.tmpdir(), prefix));
  // As root, PostgreSQL runs as the unprivileged postgres user, which must reach the folder.
  chmodSync(folder, 0o755);
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

function isPortAcceptingConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("the portal and its database", () => {
  it("outlives a database restart under load and comes back by itself", async () => {
    const pgFolder = temporaryFolder("samverkan-outage-");
    const pgPort = await freePort();
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(pgFolder, "pg"),
      port: pgPort,
      persistent: true,
    });
    cleanups.push(() => pg.stop());
    await ensureDatabase(pg.adminUrl, "portal");
    const url = databaseUrl(pg.adminUrl, "portal");
    const portal = await startPortalProcess(cleanups, {
      DATABASE_URL: url,
      SEED_DEMO_DATA: "true",
    });
    const { base } = portal;
    const mentor = await logIn(base, "mentor@demo.test");
    const principal = await logIn(base, "rektor@demo.test");

    const acknowledged: string[] = [];
    const statuses = new Map<number, number>();
    const networkErrors: string[] = [];
    let outageAnswer: { status: number; html: string; requestId: string | null } | undefined;
    let phase: "before" | "outage" | "after" = "before";
    let running = true;

    async function client(index: number) {
      for (let round = 0; running; round++) {
        try {
          let response: Response;
          const key = randomUUID();
          if ((index + round) % 2 === 0) {
            response = await fetch(`${base}/orosanmalan/ny`, {
              method: "POST",
              redirect: "manual",
              headers: { Origin: base, Cookie: mentor },
              body: demoReportForm(key, CHILD_NAME),
            });
          } else {
            const page = index % 4 === 1 ? "/orosanmalan" : "/skola";
            response = await fetch(`${base}${page}`, {
              headers: { Cookie: index % 4 === 1 ? mentor : principal },
            });
          }
          const html = await response.text();
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (
            response.status === 302 &&
            /\/orosanmalan\/[0-9a-f-]{36}\/kvitto/.test(response.headers.get("location") ?? "")
          ) {
            acknowledged.push(key);
          }
          if (response.status === 503 && phase === "outage" && !outageAnswer) {
            outageAnswer = { status: 503, html, requestId: response.headers.get("x-request-id") };
          }
        } catch (error) {
          networkErrors.push(String(error));
        }
      }
    }

    const clients = Array.from({ length: 20 }, (_, i) => client(i));
    await sleep(2_000);
    phase = "outage";
    await pg.stop();
    await sleep(2_500);
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: "unavailable", database: "unreachable" });
    await pg.start();
    phase = "after";
    const backAt = new Date();
    // Back within a bounded time, with no restart of the portal.
    let back = false;
    for (let i = 0; i < 120 && !back; i++) {
      const page = await fetch(`${base}/skola`, { headers: { Cookie: principal } });
      back = page.status === 200;
      if (!back) await sleep(250);
    }
    expect(back).toBe(true);
    await sleep(1_500);
    running = false;
    await Promise.all(clients);

    // The process lived through it.
    expect(portal.child.exitCode).toBeNull();
    expect(portal.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
    expect(networkErrors).toEqual([]);
    // Every answer is a page, a redirect or the outage page: never a 500.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([200, 302, 503]));
    for (const status of statuses.keys()) expect([200, 302, 503]).toContain(status);

    // The outage page: Swedish, with the request id as its reference, no details.
    expect(outageAnswer).toBeDefined();
    expect(outageAnswer!.html).toContain("når inte sin databas");
    expect(outageAnswer!.html).toContain(
      `<strong class="reference">${outageAnswer!.requestId}</strong>`,
    );
    expect(outageAnswer!.html).not.toMatch(/ECONNREFUSED|57P01|node_modules|at async/);

    // Each acknowledged report exactly once; a new one is taken after the outage.
    const after = randomUUID();
    const last = await fetch(`${base}/orosanmalan/ny`, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: base, Cookie: mentor },
      body: demoReportForm(after, CHILD_NAME),
    });
    expect(last.status).toBe(302);
    acknowledged.push(after);
    expect(acknowledged.length).toBeGreaterThan(10);
    const stored = await withAdminClient(url, (c) =>
      c.query<{ key: string; count: string }>(
        "select submission_key::text as key, count(*) from concern_reports where submission_key = any($1::uuid[]) group by 1",
        [acknowledged],
      ),
    );
    expect(stored.rows.length).toBe(acknowledged.length);
    expect(stored.rows.every((row) => row.count === "1")).toBe(true);

    // The job queue came back too: its e-mail worker completes jobs again (delivering to the
    // outbox, as no SMTP server is set).
    let completed = 0;
    for (let i = 0; i < 240 && completed === 0; i++) {
      const jobs = await withAdminClient(url, (c) =>
        c.query<{ count: string }>(
          "select count(*) from pgboss.job where name = 'email' and state = 'completed' and completed_on >= $1",
          [backAt],
        ),
      );
      completed = Number(jobs.rows[0]!.count);
      if (completed === 0) await sleep(250);
    }
    expect(completed).toBeGreaterThan(0);

    // No child data in the log, even from the requests that failed.
    expect(portal.output()).not.toContain(CHILD_NAME);
  }, 240_000);

  it("drains on SIGTERM: answers what is in flight, stops the embedded database, exits 0", async () => {
    const folder = temporaryFolder("samverkan-sigterm-");
    const pgPort = await freePort();
    const portal = await startPortalProcess(cleanups, {
      EMBEDDED_PG_DIR: path.join(folder, "pg"),
      EMBEDDED_PG_PORT: String(pgPort),
    });
    const { base } = portal;
    const port = Number(new URL(base).port);
    const mentor = await logIn(base, "mentor@demo.test");

    // A submission still sending its body when the signal comes: it is in flight for certain.
    const body = demoReportForm(randomUUID(), CHILD_NAME).toString();
    let finishBody = () => {};
    const slow = new Promise<{ status: number; location?: string; error?: string }>((resolve) => {
      const request = http.request(
        `${base}/orosanmalan/ny`,
        {
          method: "POST",
          headers: {
            Origin: base,
            Cookie: mentor,
            "Content-Type": "application/x-www-form-urlencoded",
            "Content-Length": Buffer.byteLength(body),
          },
        },
        (response) => {
          response.resume();
          response.on("end", () =>
            resolve({ status: response.statusCode!, location: response.headers.location }),
          );
        },
      );
      request.on("error", (error) => resolve({ status: 0, error: String(error) }));
      request.write(body.slice(0, 40));
      finishBody = () => request.end(body.slice(40));
    });
    // And page reads in flight beside it.
    const reads = Array.from({ length: 10 }, () =>
      fetch(`${base}/orosanmalan`, { headers: { Cookie: mentor } }).then(
        async (r) => ({ status: r.status, html: await r.text() }),
        (error: unknown) => ({ status: 0, html: String(error) }),
      ),
    );
    await sleep(200);
    portal.child.kill("SIGTERM");
    for (let i = 0; i < 200 && !portal.output().includes("shutdown: stopped accepting"); i++) {
      await sleep(100);
    }
    expect(portal.output()).toContain("shutdown: stopped accepting");

    // Stopped accepting: a new connection is refused while the old ones finish.
    expect(await isPortAcceptingConnections(port)).toBe(false);
    expect(portal.child.exitCode).toBeNull();
    finishBody();

    const answer = await slow;
    expect(answer).toEqual({
      status: 302,
      location: expect.stringMatching(/\/orosanmalan\/[0-9a-f-]{36}\/kvitto/),
    });
    for (const read of await Promise.all(reads)) {
      expect(read.status).toBe(200);
      expect(read.html).toContain("</html>");
    }

    const exit = await portal.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    // The embedded database went down with the portal, after the portal was done with it.
    expect(await isPortAcceptingConnections(pgPort)).toBe(false);
    const log = portal.output();
    const order = [
      "shutdown: stopped accepting",
      "shutdown: requests drained",
      "shutdown: background work stopped",
      "shutdown: database pool closed",
      "shutdown: embedded PostgreSQL stopped",
    ].map((step) => log.indexOf(step));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  }, 240_000);
});
