/**
 * Issue 4, cooperation agreements (samverkansöverenskommelser).
 *
 * Templates keep every revision (a revision never changes; a change is a new revision). An
 * agreement belongs to one district; its text lives in versions. A version is edited only as a
 * draft; when it is sent for signing its content and the SHA-256 of its canonical form are
 * frozen, and the database refuses any later change to them, to its schools, and to its
 * signatures (which are append-only and must carry the version's hash). At most one version of
 * an agreement is open (draft or out for signing) and at most one is active, so version 1 stays
 * active while version 2 is being signed.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table agreement_templates (
      id uuid primary key default gen_random_uuid(),
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`
    create table agreement_template_revisions (
      id uuid primary key default gen_random_uuid(),
      template_id uuid not null references agreement_templates (id),
      revision_number integer not null check (revision_number > 0),
      title text not null check (length(title) between 1 and 200),
      introduction text not null,
      sections jsonb not null check (jsonb_typeof(sections) = 'array'),
      change_note text,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      unique (template_id, revision_number)
    )
  `.execute(db);

  await sql`
    create table agreements (
      id uuid primary key default gen_random_uuid(),
      district_id uuid not null references organisations (id),
      template_id uuid not null references agreement_templates (id),
      review_date date,
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index agreements_district on agreements (district_id)`.execute(db);

  await sql`
    create table agreement_versions (
      id uuid primary key default gen_random_uuid(),
      agreement_id uuid not null references agreements (id),
      version_number integer not null check (version_number > 0),
      template_revision_id uuid not null references agreement_template_revisions (id),
      status text not null default 'draft'
        check (status in ('draft', 'signing', 'active', 'superseded', 'declined', 'withdrawn')),
      title text not null check (length(title) between 1 and 200),
      introduction text not null,
      sections jsonb not null check (jsonb_typeof(sections) = 'array'),
      meetings jsonb not null default '[]' check (jsonb_typeof(meetings) = 'array'),
      contact_roles jsonb not null default '[]' check (jsonb_typeof(contact_roles) = 'array'),
      content_hash text check (content_hash ~ '^[0-9a-f]{64}$'),
      pdf bytea,
      pdf_sha256 text check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      sent_at timestamptz,
      sent_by uuid references users (id),
      activated_at timestamptz,
      superseded_at timestamptz,
      declined_at timestamptz,
      declined_by uuid references users (id),
      decline_reason text,
      withdrawn_at timestamptz,
      unique (agreement_id, version_number),
      check (status = 'draft' or content_hash is not null),
      check (status <> 'active' or (activated_at is not null and pdf_sha256 is not null)),
      check (status <> 'declined' or (decline_reason is not null and declined_by is not null))
    )
  `.execute(db);
  await sql`
    create unique index agreement_versions_one_open on agreement_versions (agreement_id)
      where status in ('draft', 'signing')
  `.execute(db);
  await sql`
    create unique index agreement_versions_one_active on agreement_versions (agreement_id)
      where status = 'active'
  `.execute(db);
  await sql`create index agreement_versions_hash on agreement_versions (content_hash)`.execute(db);
  await sql`create index agreement_versions_pdf_hash on agreement_versions (pdf_sha256)`.execute(
    db,
  );

  await sql`
    create table agreement_version_schools (
      version_id uuid not null references agreement_versions (id),
      school_id uuid not null references organisations (id),
      primary key (version_id, school_id)
    )
  `.execute(db);
  await sql`create index agreement_version_schools_school on agreement_version_schools (school_id)`.execute(
    db,
  );

  // Who must sign, fixed when the version is sent: the principal of each school, the district
  // manager, and the education manager when a municipal school is included.
  await sql`
    create table agreement_signatories (
      version_id uuid not null references agreement_versions (id),
      organisation_id uuid not null references organisations (id),
      role text not null check (role in ('principal', 'districtManager', 'educationManager')),
      primary key (version_id, organisation_id, role)
    )
  `.execute(db);
  await sql`
    create table agreement_signatures (
      id uuid primary key default gen_random_uuid(),
      version_id uuid not null,
      organisation_id uuid not null,
      role text not null,
      signer_user_id uuid not null references users (id),
      signer_name text not null,
      signer_title text,
      organisation_name text not null,
      signed_at timestamptz not null default now(),
      client_address text not null,
      document_hash text not null check (document_hash ~ '^[0-9a-f]{64}$'),
      unique (version_id, organisation_id, role),
      foreign key (version_id, organisation_id, role)
        references agreement_signatories (version_id, organisation_id, role)
    )
  `.execute(db);

  // Reminders sent by the daily job, one row each, so that none is sent twice.
  await sql`
    create table agreement_reminders (
      agreement_id uuid not null references agreements (id),
      kind text not null check (kind in ('days60', 'days14', 'due', 'templateRevised')),
      due_on date not null,
      sent_at timestamptz not null default now(),
      primary key (agreement_id, kind, due_on)
    )
  `.execute(db);

  // An invitation may be sent so that an independent school's principal can join and sign.
  await sql`
    alter table invitations add column agreement_id uuid references agreements (id)
  `.execute(db);

  await sql`
    create function refuse_agreement_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only or frozen: % refused', tg_table_name, tg_op
        using errcode = 'P0001', constraint = 'agreement_record_frozen';
    end
    $$
  `.execute(db);
  await sql`
    create trigger agreement_template_revisions_frozen
      before update or delete on agreement_template_revisions
      for each row execute function refuse_agreement_change()
  `.execute(db);
  await sql`
    create trigger agreement_signatures_frozen before update or delete on agreement_signatures
      for each row execute function refuse_agreement_change()
  `.execute(db);

  // A version's content is frozen once it leaves the draft state: only its status (and the
  // timestamps that go with it) may move on, and its PDF may be stored once, at activation.
  await sql`
    create function guard_agreement_version() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        if old.status <> 'draft' then
          raise exception 'agreement version % was sent for signing; it cannot be deleted', old.id
            using errcode = 'P0001', constraint = 'agreement_record_frozen';
        end if;
        return old;
      end if;
      if old.status <> 'draft' and (
        new.title is distinct from old.title
        or new.introduction is distinct from old.introduction
        or new.sections is distinct from old.sections
        or new.meetings is distinct from old.meetings
        or new.contact_roles is distinct from old.contact_roles
        or new.content_hash is distinct from old.content_hash
        or new.template_revision_id is distinct from old.template_revision_id
        or new.agreement_id is distinct from old.agreement_id
        or new.version_number is distinct from old.version_number
        or (old.pdf is not null and new.pdf is distinct from old.pdf)
        or (old.pdf_sha256 is not null and new.pdf_sha256 is distinct from old.pdf_sha256)
      ) then
        raise exception 'agreement version % is sent or signed; its content cannot change', old.id
          using errcode = 'P0001', constraint = 'agreement_record_frozen';
      end if;
      if old.status in ('superseded', 'declined', 'withdrawn') and new.status <> old.status then
        raise exception 'agreement version % is closed', old.id
          using errcode = 'P0001', constraint = 'agreement_record_frozen';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger agreement_versions_frozen before update or delete on agreement_versions
      for each row execute function guard_agreement_version()
  `.execute(db);

  // Schools and signatories follow the version's state: schools change only in a draft,
  // signatories are fixed while the version is sent, and a signature must be for a version out
  // for signing and carry exactly its hash.
  await sql`
    create function guard_agreement_version_children() returns trigger language plpgsql as $$
    declare
      v record;
    begin
      select status, content_hash into v from agreement_versions
        where id = coalesce(new.version_id, old.version_id);
      if tg_table_name = 'agreement_version_schools' and v.status <> 'draft' then
        raise exception 'the schools of a sent agreement version cannot change'
          using errcode = 'P0001', constraint = 'agreement_record_frozen';
      end if;
      -- Signatories are added when the version is sent, before anyone signs; never after.
      if tg_table_name = 'agreement_signatories' and (
        tg_op <> 'INSERT' or v.status <> 'signing' or exists (
          select 1 from agreement_signatures s
          where s.version_id = coalesce(new.version_id, old.version_id)
        )
      ) then
        raise exception 'signatories are fixed when a version is sent'
          using errcode = 'P0001', constraint = 'agreement_record_frozen';
      end if;
      -- Nested, not joined with "and": PL/pgSQL resolves every field an expression names before
      -- evaluating it, so new.document_hash would fail on the other two tables' rows.
      if tg_table_name = 'agreement_signatures' then
        if v.status <> 'signing' or new.document_hash <> v.content_hash then
          raise exception 'a signature must be for a version out for signing, with its hash'
            using errcode = 'P0001', constraint = 'agreement_signature_hash';
        end if;
      end if;
      if tg_op = 'DELETE' then return old; end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger agreement_version_schools_guard
      before insert or update or delete on agreement_version_schools
      for each row execute function guard_agreement_version_children()
  `.execute(db);
  await sql`
    create trigger agreement_signatories_guard
      before insert or update or delete on agreement_signatories
      for each row execute function guard_agreement_version_children()
  `.execute(db);
  await sql`
    create trigger agreement_signatures_guard before insert on agreement_signatures
      for each row execute function guard_agreement_version_children()
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table invitations drop column agreement_id`.execute(db);
  for (const table of [
    "agreement_reminders",
    "agreement_signatures",
    "agreement_signatories",
    "agreement_version_schools",
    "agreement_versions",
    "agreements",
    "agreement_template_revisions",
    "agreement_templates",
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
  await sql`drop function if exists guard_agreement_version_children()`.execute(db);
  await sql`drop function if exists guard_agreement_version()`.execute(db);
  await sql`drop function if exists refuse_agreement_change()`.execute(db);
}
