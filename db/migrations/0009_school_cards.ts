/**
 * School cards (skolkort, issue 6): a caseworker's request to a school for one child and one
 * term, the school's answers (a draft while it works, locked when returned), the review, and the
 * reminders the daily job sends once each.
 *
 * - categories: what the consent gate allowed for this district and school when the card was
 *   requested; the school is asked, and shown, only those. Every read re-checks the gate, so a
 *   revoked consent stops an open card at once (status 'stopped').
 * - version: counts saves of the answers; a save based on an older version is refused, so two
 *   people editing never overwrite each other silently.
 * - One open card per child, school and term (a partial unique index): a double submit of the
 *   request form makes one card.
 */
import { sql, type Kysely } from "kysely";

const CATEGORIES = `array['attendance', 'results', 'supportMeasures', 'wellbeing', 'studentHealth']`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table school_cards (
      id uuid primary key default gen_random_uuid(),
      child_id uuid not null references children (id),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      school_id uuid not null,
      school_kind text not null default 'school' check (school_kind = 'school'),
      term text not null check (term ~ '^(HT|VT)[0-9]{4}$'),
      due_on date not null,
      mentor_user_id uuid references users (id),
      message text check (length(message) <= 2000),
      categories text[] not null
        check (cardinality(categories) > 0 and categories <@ ${sql.raw(CATEGORIES)}),
      status text not null default 'requested' check (status in ('requested', 'opened',
        'inProgress', 'returned', 'completionAsked', 'accepted', 'stopped')),
      requested_by uuid not null references users (id),
      requested_at timestamptz not null default now(),
      opened_at timestamptz,
      answers jsonb not null default '{}' check (jsonb_typeof(answers) = 'object'),
      version integer not null default 0 check (version >= 0),
      saved_at timestamptz,
      saved_by uuid references users (id),
      submitted_at timestamptz,
      submitted_by uuid references users (id),
      completion_note text check (length(completion_note) <= 2000),
      completion_asked_at timestamptz,
      completion_asked_by uuid references users (id),
      accepted_at timestamptz,
      accepted_by uuid references users (id),
      stopped_at timestamptz,
      stopped_reason text check (length(stopped_reason) <= 500),
      check ((status = 'accepted') = (accepted_at is not null)),
      check ((status = 'stopped') = (stopped_at is not null)),
      check (status not in ('returned', 'accepted') or submitted_at is not null),
      foreign key (district_id, district_kind) references organisations (id, kind),
      foreign key (school_id, school_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`
    create unique index school_cards_one_open_per_term on school_cards (child_id, school_id, term)
      where status <> 'stopped'
  `.execute(db);
  await sql`create index school_cards_school on school_cards (school_id, status)`.execute(db);
  await sql`create index school_cards_child on school_cards (child_id, term)`.execute(db);

  await sql`
    create table school_card_reminders (
      school_card_id uuid not null references school_cards (id),
      kind text not null check (kind in ('beforeDue', 'onDue', 'escalation')),
      sent_at timestamptz not null default now(),
      primary key (school_card_id, kind)
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists school_card_reminders`.execute(db);
  await sql`drop table if exists school_cards`.execute(db);
}
