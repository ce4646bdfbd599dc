/**
 * Children (issue 5): the minimal record a caseworker keeps of each child they follow. Name,
 * personal identity number (12 digits, validated by the application; the shape is checked here),
 * current school, responsible district and caseworker, placement type, protected identity and
 * custody (how many guardians, and whether guardian 1 has sole custody, which the consent gate
 * needs). Nothing else: no address, no notes.
 *
 * The district and the school are checked to be what they claim through organisations' (id, kind)
 * key, as in contact_assignments. One district keeps one record per identity number (the unique
 * index): a duplicate is refused by the database even when two caseworkers save at once.
 * updated_at is the version a form shows: a save based on an older version is refused.
 *
 * It also adds the foreign key from audit_events.child_id, which 0005 left for this table. A
 * child with logged events can therefore never be deleted (the log is append-only and keeps its
 * reference): removing children at the end of retention will need a deliberate path.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table children (
      id uuid primary key default gen_random_uuid(),
      first_name text not null check (length(btrim(first_name)) between 1 and 100),
      last_name text not null check (length(btrim(last_name)) between 1 and 100),
      personal_identity_number char(12) not null
        check (personal_identity_number ~ '^[0-9]{12}$'),
      school_id uuid,
      school_kind text generated always as
        (case when school_id is null then null else 'school' end) stored,
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      caseworker_user_id uuid not null references users (id),
      placement_type text not null default 'none' check (placement_type in ('none', 'jourhem',
        'familjehem', 'hvb', 'sis', 'stodboende', 'skyddatBoende', 'behandlingsfamilj')),
      protected_identity boolean not null default false,
      guardians smallint not null default 2 check (guardians in (1, 2)),
      sole_custodian boolean not null default false,
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      foreign key (school_id, school_kind) references organisations (id, kind),
      foreign key (district_id, district_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create unique index children_district_identity_number
    on children (district_id, personal_identity_number)`.execute(db);
  await sql`create index children_caseworker on children (caseworker_user_id)`.execute(db);
  await sql`create index children_school on children (school_id)`.execute(db);

  // Added NOT VALID and then validated only when no earlier event names an unknown child: events
  // written before this table existed cannot be removed (the table is append-only), and must not
  // stop the migration; every new event is checked either way.
  await sql`
    alter table audit_events add constraint audit_events_child_id_fkey
      foreign key (child_id) references children (id) not valid
  `.execute(db);
  await sql`
    do $$
    begin
      if not exists (
        select 1 from audit_events a
        where a.child_id is not null
          and not exists (select 1 from children c where c.id = a.child_id)
      ) then
        alter table audit_events validate constraint audit_events_child_id_fkey;
      end if;
    end
    $$
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_events drop constraint if exists audit_events_child_id_fkey`.execute(
    db,
  );
  await sql`drop table if exists children`.execute(db);
}
