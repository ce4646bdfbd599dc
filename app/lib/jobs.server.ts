/**
 * The durable job queue (pg-boss, in the portal's own PostgreSQL, schema `pgboss`): one
 * instance per process, started on first use. Jobs survive restarts and are retried with
 * back-off; see the queue options where each queue is created.
 */
import { CompiledQuery, type Kysely } from "kysely";
import { PgBoss, type Queue } from "pg-boss";
import { isDatabaseUnavailable } from "~db/client.server";
import type { Database } from "~db/schema";
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

const queuesReady = new Map<string, Promise<void>>();

/**
 * The job queue with `name` made (once per process), for a caller that sends or works on it. A
 * creation that failed (the database was away) is forgotten, so the next caller tries again.
 */
export async function queueReady(name: string, options: Omit<Queue, "name">): Promise<PgBoss> {
  const boss = await getBoss();
  let ready = queuesReady.get(name);
  if (!ready) {
    ready = boss.createQueue(name, options);
    queuesReady.set(name, ready);
  }
  try {
    await ready;
  } catch (error) {
    if (queuesReady.get(name) === ready) queuesReady.delete(name);
    throw error;
  }
  return boss;
}

/**
 * pg-boss's `db` option for `send`: the job is inserted on the caller's transaction, so it
 * exists if and only if the change that caused it is saved.
 */
export function onTransaction(executor: Kysely<Database>) {
  return {
    executeSql: async (text: string, values?: unknown[]) => {
      const result = await executor.executeQuery(CompiledQuery.raw(text, values ?? []));
      return { rows: result.rows as unknown[] };
    },
  };
}
