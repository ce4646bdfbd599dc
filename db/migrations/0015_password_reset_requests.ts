/**
 * Forgot password, answered before the work (app/auth/password-reset.server.ts): every request
 * the throttle lets through is one row here and one job, whether or not the address has an
 * account, so the answer takes the same time either way; the job makes the link. The rows are
 * what the throttle counts, per e-mail address and per client address, and are deleted after a
 * day. At most one reset link per account is live: a newer one replaces the older.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table password_reset_requests (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      client_address text not null,
      requested_at timestamptz not null default now(),
      processed_at timestamptz
    )
  `.execute(db);
  await sql`create index password_reset_requests_email
    on password_reset_requests (email, requested_at)`.execute(db);
  await sql`create index password_reset_requests_address
    on password_reset_requests (client_address, requested_at)`.execute(db);

  // Links not yet used, all but each account's newest, stop working now.
  await sql`
    delete from password_resets r
    where r.used_at is null
      and exists (
        select 1 from password_resets newer
        where newer.user_id = r.user_id and newer.used_at is null
          and (newer.created_at, newer.id) > (r.created_at, r.id)
      )
  `.execute(db);
  await sql`create unique index password_resets_one_live
    on password_resets (user_id) where used_at is null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists password_resets_one_live`.execute(db);
  await sql`drop table if exists password_reset_requests`.execute(db);
}
