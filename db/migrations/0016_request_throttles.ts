/**
 * Throttles for anonymous work (issue 14; app/modules/agreements/verification-limits.server.ts):
 * one row per kind of work and client address, counting requests in a fixed window. A counter row
 * updated by one upsert counts and decides in one statement, so parallel requests cannot all slip
 * under the limit, and the count holds across restarts and several app processes. It holds no
 * child data: the address and a count.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table request_throttles (
      scope text not null check (scope in ('verify')),
      client_address text not null check (length(client_address) between 1 and 100),
      window_started_at timestamptz not null,
      count integer not null check (count > 0),
      primary key (scope, client_address)
    )
  `.execute(db);
  await sql`create index request_throttles_window on request_throttles (window_started_at)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists request_throttles`.execute(db);
}
