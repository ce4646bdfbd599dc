/**
 * The audit trail (loggutdrag): one row for every read of a child's record or of anything about
 * a child, and for every change. Who acted is kept twice: as ids (to search by) and as the name,
 * organisation and role they had at the time, so that an extract still reads right after a
 * person is renamed, changes role or is deactivated.
 *
 * The table is append-only and the database enforces it, so that no code path (a route, a
 * script, a future purge job) can rewrite or remove history: a row trigger refuses UPDATE and
 * DELETE, a statement trigger refuses TRUNCATE. The children table comes later; its migration can
 * add the foreign key from child_id.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_events (
      id uuid primary key default gen_random_uuid(),
      occurred_at timestamptz not null default now(),
      actor_user_id uuid not null references users (id),
      actor_name text not null,
      actor_organisation_id uuid not null references organisations (id),
      actor_organisation_name text not null,
      actor_role text not null,
      action text not null
        check (action in ('read', 'create', 'update', 'delete', 'export', 'print', 'disclose')),
      -- A code name from the glossary (child, consent, schoolCard, concernReport, …).
      record_type text not null check (record_type ~ '^[a-z][A-Za-z]{0,62}$'),
      record_id uuid not null,
      child_id uuid,
      purpose text not null check (length(purpose) between 1 and 500 and btrim(purpose) <> ''),
      request_id text check (length(request_id) <= 200),
      details jsonb check (jsonb_typeof(details) = 'object')
    )
  `.execute(db);
  await sql`create index audit_events_child on audit_events (child_id, occurred_at)`.execute(db);
  await sql`create index audit_events_actor on audit_events (actor_user_id, occurred_at)`.execute(
    db,
  );

  await sql`
    create function refuse_audit_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_events is append-only: % refused', tg_op
        using errcode = 'P0001', constraint = 'audit_append_only';
    end
    $$
  `.execute(db);
  await sql`
    create trigger audit_events_append_only before update or delete on audit_events
      for each row execute function refuse_audit_change()
  `.execute(db);
  // Row triggers do not fire for TRUNCATE, which would empty the table in one statement.
  await sql`
    create trigger audit_events_no_truncate before truncate on audit_events
      for each statement execute function refuse_audit_change()
  `.execute(db);

  // The trigger is what holds (the application connects as the table's owner, whom a revoke
  // does not bind); this only keeps any other role that may be granted access from changing rows.
  await sql`revoke update, delete, truncate on audit_events from public`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists audit_events`.execute(db);
  await sql`drop function if exists refuse_audit_change()`.execute(db);
}
