/**
 * The agreement's cooperation meetings as dated occurrences (issue 18): the active agreement
 * names its meetings and how often they are held; planning a school year makes one row per
 * meeting and date for the school, and the contact person or the principal records that it was
 * held (the date, who took part by role, short minutes that name no child). The follow-up counts
 * planned against held.
 *
 * - cooperation_meetings: one occurrence. `name` is the agreement's name of the meeting, copied
 *   so that a later version of the agreement does not rename what was held. Unique per school,
 *   version, meeting and date, so planning twice plans nothing more.
 * - calendar_feeds: a person's secret address for the iCalendar feed of their meetings, kept as
 *   the SHA-256 of the token (the address is shown once, like a recovery code).
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table cooperation_meetings (
      id uuid primary key default gen_random_uuid(),
      school_id uuid not null,
      school_kind text not null default 'school' check (school_kind = 'school'),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      agreement_version_id uuid not null references agreement_versions (id),
      name text not null check (length(btrim(name)) between 1 and 200),
      school_year text not null check (school_year ~ '^[0-9]{4}/[0-9]{2}$'),
      planned_on date not null,
      held_on date,
      participants text[] not null default '{}'
        check (participants <@ array['principal', 'studentHealth', 'mentor', 'contactPerson',
          'caseworker', 'intakeOfficer', 'districtManager', 'other']),
      minutes text check (length(minutes) <= 4000),
      recorded_by uuid references users (id),
      recorded_at timestamptz,
      created_at timestamptz not null default now(),
      check ((held_on is null) = (recorded_at is null)),
      check ((held_on is null) = (recorded_by is null)),
      unique (school_id, agreement_version_id, name, planned_on),
      foreign key (school_id, school_kind) references organisations (id, kind),
      foreign key (district_id, district_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create index cooperation_meetings_school on cooperation_meetings (school_id, planned_on)`.execute(
    db,
  );
  await sql`create index cooperation_meetings_district on cooperation_meetings (district_id, planned_on)`.execute(
    db,
  );
  await sql`
    create table calendar_feeds (
      user_id uuid primary key references users (id) on delete cascade,
      token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table calendar_feeds`.execute(db);
  await sql`drop table cooperation_meetings`.execute(db);
}
