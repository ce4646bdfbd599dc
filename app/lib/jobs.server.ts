/**
 * The durable job queue (pg-boss, in the portal's own PostgreSQL, schema `pgboss`): one
 * instance per process, started on first use. Jobs survive restarts and are retried with
 * back-off; see the queue options where each queue is created.
 */
import { PgBoss } from "pg-boss";
import { isDatabaseUnavailable } from "../../db/client.server";
import { logger } from "./logger.server";

const globalForBoss = globalThis as typeof globalThis & { __samverkanBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  globalForBoss.__samverkanBoss ??= (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 4 });
    // pg-boss keeps polling through a database outage and carries on when it is back; each
    // failed poll is an outage (a warning), not a fault of ours.
    boss.on("error", (error) => {
      if (isDatabaseUnavailable(error))
        logger.warn({ reason: error.message }, "job queue: database unavailable");
      else logger.error({ err: error }, "job queue error");
    });
    await boss.start();
    return boss;
  })();
  // A start that failed (the database was away) is tried again by the next caller.
  const pending = globalForBoss.__samverkanBoss;
  pending.catch(() => {
    if (globalForBoss.__samverkanBoss === pending) globalForBoss.__samverkanBoss = undefined;
  });
  return pending;
}

export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.__samverkanBoss;
  globalForBoss.__samverkanBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 5_000 });
}
