/**
 * The browser tests' way to the portal's database, for the few steps that control time rather
 * than click: making a login look older than the step-up window. test/e2e/server.ts writes the
 * database URL to a file named after the port; nothing here reads or writes application data.
 */
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export function e2eDatabaseFile(port = process.env.E2E_PORT ?? process.env.PORT ?? "3100") {
  return path.join(tmpdir(), `samverkan-e2e-${port}.database-url`);
}

/** Moves the time of a user's last login in every open session back by `minutes`. */
export async function ageLogins(email: string, minutes: number): Promise<number> {
  const client = new pg.Client({
    connectionString: (await readFile(e2eDatabaseFile(), "utf8")).trim(),
  });
  await client.connect();
  try {
    const result = await client.query(
      `update sessions set authenticated_at = authenticated_at - make_interval(mins => $2)
       where user_id = (select id from users where email = $1)`,
      [email, minutes],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * Moves the time of one session's last login back by `minutes`: the session of a browser context
 * (its cookie's value is the session id), so that journeys running at the same time as the same
 * demo user keep their own logins fresh.
 */
export async function ageSession(sessionId: string, minutes: number): Promise<number> {
  const client = new pg.Client({
    connectionString: (await readFile(e2eDatabaseFile(), "utf8")).trim(),
  });
  await client.connect();
  try {
    const result = await client.query(
      `update sessions set authenticated_at = authenticated_at - make_interval(mins => $2)
       where id = $1`,
      [sessionId, minutes],
    );
    return result.rowCount ?? 0;
  } finally {
    await client.end();
  }
}

/** The 30-second step of the last code accepted from a user's app, or null. */
export async function lastUsedTotpStep(email: string): Promise<bigint | null> {
  const client = new pg.Client({
    connectionString: (await readFile(e2eDatabaseFile(), "utf8")).trim(),
  });
  await client.connect();
  try {
    const result = await client.query<{ step: string | null }>(
      `select t.last_used_step as step from totp_factors t
       join users u on u.id = t.user_id where u.email = $1`,
      [email],
    );
    const step = result.rows[0]?.step;
    return step ? BigInt(step) : null;
  } finally {
    await client.end();
  }
}
