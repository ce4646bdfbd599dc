/**
 * Foundation: organisations (districts, schools, the education administration), users,
 * their memberships with roles, lucia's sessions and the login-attempt log behind rate limiting.
 * Rules that matter live here as constraints, so no code path can break them.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table organisations (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('district', 'school', 'education_admin')),
      name text not null check (length(btrim(name)) between 1 and 200),
      school_unit_code text unique check (school_unit_code ~ '^[0-9]{8}$'),
      school_forms text[] not null default '{}' check (
        school_forms <@ array['forskoleklass', 'grundskola', 'anpassad_grundskola',
                              'gymnasieskola', 'anpassad_gymnasieskola']::text[]
      ),
      operator_type text check (operator_type in ('municipal', 'independent')),
      operator_name text check (length(btrim(operator_name)) between 1 and 200),
      district_id uuid,
      district_kind text generated always as
        (case when district_id is null then null else 'district' end) stored,
      deactivated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (id, kind),
      -- A school always has its code, forms, operator and the district whose area it lies in;
      -- nothing else has any of them.
      constraint school_fields check (
        case when kind = 'school' then
          school_unit_code is not null and cardinality(school_forms) > 0
          and operator_type is not null and operator_name is not null and district_id is not null
        else
          school_unit_code is null and cardinality(school_forms) = 0
          and operator_type is null and operator_name is null and district_id is null
        end
      ),
      -- district_id must point at a district, not at another school.
      foreign key (district_id, district_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create unique index organisations_kind_name_unique
    on organisations (kind, lower(name)) where kind <> 'school'`.execute(db);
  await sql`create index organisations_district_id on organisations (district_id)`.execute(db);

  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null unique check (email = lower(btrim(email)) and email like '%_@_%'),
      name text not null check (length(btrim(name)) between 1 and 200),
      title text,
      phone text,
      password_hash text,
      deactivated_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `.execute(db);

  await sql`
    create table memberships (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      organisation_id uuid not null,
      organisation_kind text not null,
      role text not null check (role in ('principal', 'mentor', 'studentHealth', 'caseworker',
        'intakeOfficer', 'districtManager', 'educationManager', 'admin')),
      created_at timestamptz not null default now(),
      ended_at timestamptz,
      foreign key (organisation_id, organisation_kind) references organisations (id, kind),
      -- School roles belong to schools, social-services roles to districts, the education
      -- manager to the education administration; an administrator may sit anywhere.
      constraint role_fits_organisation check (
        role = 'admin'
        or (organisation_kind = 'school' and role in ('principal', 'mentor', 'studentHealth'))
        or (organisation_kind = 'district'
            and role in ('caseworker', 'intakeOfficer', 'districtManager'))
        or (organisation_kind = 'education_admin' and role = 'educationManager')
      ),
      check (ended_at is null or ended_at >= created_at)
    )
  `.execute(db);
  await sql`create unique index memberships_current_unique
    on memberships (user_id, organisation_id, role) where ended_at is null`.execute(db);
  await sql`create index memberships_organisation on memberships (organisation_id)`.execute(db);

  // lucia's session table; extra columns are lucia "session attributes".
  await sql`
    create table sessions (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      expires_at timestamptz not null,
      active_membership_id uuid references memberships (id) on delete set null,
      authenticated_at timestamptz not null default now(),
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index sessions_user_id on sessions (user_id)`.execute(db);

  await sql`
    create table login_attempts (
      id bigint generated always as identity primary key,
      email text not null,
      client_address text not null,
      succeeded boolean not null,
      attempted_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index login_attempts_email on login_attempts (email, attempted_at)`.execute(db);
  await sql`create index login_attempts_address
    on login_attempts (client_address, attempted_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["login_attempts", "sessions", "memberships", "users", "organisations"]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
