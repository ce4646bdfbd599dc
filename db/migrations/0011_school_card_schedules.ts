/**
 * The annual cycle (årshjul, issue 6): a caseworker plans school cards for their children, one
 * row per child and term with the day it goes out (by default 15 September for HT, 15 February
 * for VT). A daily job sends what is due, acting as the child's caseworker at that time, and
 * records once what happened: 'requested' (school_card_id), 'refused' (the gate's reason in
 * outcome_note), 'duplicate' (the term already had a card) or 'skipped' (no school, or no
 * caseworker any more; outcome_note says why).
 *
 * caseworker_user_id is who planned it. One row per child and term: planning again changes it.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table school_card_schedules (
      id uuid primary key default gen_random_uuid(),
      child_id uuid not null references children (id),
      caseworker_user_id uuid not null references users (id),
      term text not null check (term ~ '^(HT|VT)[0-9]{4}$'),
      send_on date not null,
      due_in_days integer not null default 21 check (due_in_days between 1 and 365),
      created_at timestamptz not null default now(),
      sent_at timestamptz,
      school_card_id uuid references school_cards (id),
      outcome text check (outcome in ('requested', 'refused', 'duplicate', 'skipped')),
      outcome_note text check (length(outcome_note) <= 1000),
      check ((sent_at is null) = (outcome is null)),
      check (outcome is distinct from 'requested' or school_card_id is not null),
      unique (child_id, term)
    )
  `.execute(db);
  await sql`
    create index school_card_schedules_due on school_card_schedules (send_on) where sent_at is null
  `.execute(db);
  await sql`
    create index school_card_schedules_caseworker on school_card_schedules (caseworker_user_id)
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists school_card_schedules`.execute(db);
}
