/**
 * Issue 3: what districts and schools tell each other (addresses, phones, the intake unit, the
 * out-of-hours number), contact-person assignments with their history, invitations and
 * password resets (tokens stored only as SHA-256), and the e-mail log that is the outbox in
 * development and the delivery record in production.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table organisations
      add column address text check (length(address) <= 300),
      add column phone text check (length(phone) <= 40),
      add column intake_phone text check (length(intake_phone) <= 40),
      add column intake_email text check (length(intake_email) <= 254),
      add column out_of_hours_phone text check (length(out_of_hours_phone) <= 40),
      add column municipality text check (length(municipality) <= 100),
      add constraint district_fields check (
        kind = 'district' or (intake_phone is null and intake_email is null
                              and out_of_hours_phone is null)
      )
  `.execute(db);

  // One row per period a person is a school's (or, with school_id null, the whole district's
  // default) contact person. The current one has valid_to null; ending it keeps the history.
  await sql`
    create table contact_assignments (
      id uuid primary key default gen_random_uuid(),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      school_id uuid,
      school_kind text generated always as
        (case when school_id is null then null else 'school' end) stored,
      contact_user_id uuid not null references users (id),
      deputy_user_id uuid references users (id),
      valid_from timestamptz not null default now(),
      valid_to timestamptz,
      assigned_by uuid references users (id),
      ended_by uuid references users (id),
      foreign key (district_id, district_kind) references organisations (id, kind),
      foreign key (school_id, school_kind) references organisations (id, kind),
      check (deputy_user_id is null or deputy_user_id <> contact_user_id),
      check (valid_to is null or valid_to >= valid_from)
    )
  `.execute(db);
  await sql`create unique index contact_assignments_current_school
    on contact_assignments (school_id) where valid_to is null and school_id is not null`.execute(
    db,
  );
  await sql`create unique index contact_assignments_current_default
    on contact_assignments (district_id) where valid_to is null and school_id is null`.execute(db);
  await sql`create index contact_assignments_contact on contact_assignments (contact_user_id)
    where valid_to is null`.execute(db);
  await sql`create index contact_assignments_deputy on contact_assignments (deputy_user_id)
    where valid_to is null`.execute(db);

  await sql`
    create table invitations (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      email text not null check (email = lower(btrim(email))),
      name text not null check (length(btrim(name)) between 1 and 200),
      organisation_id uuid not null,
      organisation_kind text not null,
      role text not null,
      invited_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz,
      foreign key (organisation_id, organisation_kind) references organisations (id, kind),
      constraint invitation_role_fits_organisation check (
        role = 'admin'
        or (organisation_kind = 'school' and role in ('principal', 'mentor', 'studentHealth'))
        or (organisation_kind = 'district'
            and role in ('caseworker', 'intakeOfficer', 'districtManager'))
        or (organisation_kind = 'education_admin' and role = 'educationManager')
      )
    )
  `.execute(db);

  await sql`
    create table password_resets (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )
  `.execute(db);

  // The outbox: every message the portal sends. Bodies are kept while undelivered and, in
  // development, for reading; a message delivered by SMTP keeps only its envelope.
  await sql`
    create table emails (
      id uuid primary key default gen_random_uuid(),
      recipient text not null,
      subject text not null,
      template text not null,
      html text,
      text_body text,
      status text not null default 'queued' check (status in ('queued', 'sent', 'failed')),
      transport text check (transport in ('outbox', 'smtp')),
      attempts integer not null default 0,
      last_error text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )
  `.execute(db);
  await sql`create index emails_created on emails (created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["emails", "password_resets", "invitations", "contact_assignments"]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`alter table organisations drop constraint district_fields,
    drop column address, drop column phone, drop column intake_phone, drop column intake_email,
    drop column out_of_hours_phone, drop column municipality`.execute(db);
}
