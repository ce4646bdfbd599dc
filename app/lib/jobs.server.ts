/**
 * The durable job queue (pg-boss, in the portal's own PostgreSQL, schema `pgboss`): one
 * instance per process, started on first use. Jobs survive restarts and are retried with
 * back-off; see the queue options where each queue is created.
 */
import { PgBoss } from "pg-boss";
import { logger } from "./logger.server";

const globalForBoss = globalThis as typeof globalThis & { __samverkanBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  globalForBoss.__samverkanBoss ??= (async () => {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set");
    const boss = new PgBoss({ connectionString: url, schema: "pgboss", max: 4 });
    boss.on("error", (error) => logger.error({ err: error }, "job queue error"));
    await boss.start();
    return boss;
  })();
  return globalForBoss.__samverkanBoss;
}

export async function stopBoss(): Promise<void> {
  const pending = globalForBoss.__samverkanBoss;
  globalForBoss.__samverkanBoss = undefined;
  if (pending) await (await pending).stop({ graceful: true, timeout: 5_000 });
}
