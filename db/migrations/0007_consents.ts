/**
 * Consent and legal bases (issue 5): what lets information about a child pass between a district
 * and a school (app/modules/consent/policy.ts decides; LAW.md, "Secrecy").
 *
 * - consent_documents: the scan of a signed paper form, kept in the database (outside any web
 *   root), served only through the child's page to those who may open the child.
 * - consent_requests: a one-time digital consent link sent to a guardian (or the child). Only the
 *   SHA-256 of the token is stored. The answer (given or refused), the name typed, the time, and
 *   the link evidence (address, browser) are kept on the row; it is answered once.
 * - consents: one row per giver (guardian 1, guardian 2, the child). Nothing in a consent changes
 *   once recorded except its revocation, which is set once, with who and when (a trigger).
 * - legal_bases: a basis from the portal's list with the written secrecy assessment, who and when.
 *   Never changed; it can be ended (ended_at, ended_by), once.
 *
 * The audit trail gets a second kind of actor: a guardian answering through a consent link has no
 * account, so actor_user_id and actor_organisation_id may be empty exactly when the role is
 * 'guardian'.
 */
import { sql, type Kysely } from "kysely";

const CATEGORIES = `array['attendance', 'results', 'supportMeasures', 'wellbeing', 'studentHealth']`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table consent_documents (
      id uuid primary key default gen_random_uuid(),
      child_id uuid not null references children (id),
      file_name text not null check (length(file_name) between 1 and 200),
      media_type text not null check (media_type in ('application/pdf', 'image/jpeg', 'image/png')),
      byte_size integer not null check (byte_size between 1 and 10485760),
      sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
      content bytea not null check (octet_length(content) = byte_size),
      uploaded_by uuid not null references users (id),
      uploaded_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index consent_documents_child on consent_documents (child_id)`.execute(db);

  await sql`
    create table consent_requests (
      id uuid primary key default gen_random_uuid(),
      child_id uuid not null references children (id),
      given_by text not null check (given_by in ('guardian1', 'guardian2', 'child')),
      recipient_email text not null check (length(recipient_email) between 3 and 320),
      token_hash char(64) not null unique,
      categories text[] not null
        check (cardinality(categories) > 0 and categories <@ ${sql.raw(CATEGORIES)}),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      school_id uuid not null,
      school_kind text not null default 'school' check (school_kind = 'school'),
      valid_from date not null,
      valid_to date not null check (valid_to >= valid_from),
      sent_by uuid not null references users (id),
      sent_at timestamptz not null default now(),
      expires_at timestamptz not null,
      failed_birth_date_attempts smallint not null default 0,
      answered_at timestamptz,
      answer text check (answer in ('given', 'refused')),
      answer_name text check (length(btrim(answer_name)) between 1 and 200),
      answer_ip text,
      answer_user_agent text check (length(answer_user_agent) <= 500),
      withdrawn_at timestamptz,
      withdrawn_by uuid references users (id),
      check ((answered_at is null) = (answer is null) and (answer is null) = (answer_name is null)),
      check ((withdrawn_at is null) = (withdrawn_by is null)),
      check (expires_at > sent_at),
      foreign key (district_id, district_kind) references organisations (id, kind),
      foreign key (school_id, school_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create index consent_requests_child on consent_requests (child_id, sent_at)`.execute(
    db,
  );

  await sql`
    create table consents (
      id uuid primary key default gen_random_uuid(),
      child_id uuid not null references children (id),
      given_by text not null check (given_by in ('guardian1', 'guardian2', 'child')),
      giver_name text not null check (length(btrim(giver_name)) between 1 and 200),
      categories text[] not null
        check (cardinality(categories) > 0 and categories <@ ${sql.raw(CATEGORIES)}),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      school_id uuid not null,
      school_kind text not null default 'school' check (school_kind = 'school'),
      valid_from date not null,
      valid_to date not null check (valid_to >= valid_from),
      method text not null check (method in ('digitalLink', 'signedPaper', 'oral')),
      -- The day it was given: the link answered, the form signed, the words heard.
      obtained_on date not null,
      recorded_by uuid not null references users (id),
      recorded_at timestamptz not null default now(),
      consent_request_id uuid unique references consent_requests (id),
      document_id uuid references consent_documents (id),
      revoked_at timestamptz,
      revoked_by uuid references users (id),
      check ((method = 'digitalLink') = (consent_request_id is not null)),
      check ((method = 'signedPaper') = (document_id is not null)),
      check ((revoked_at is null) = (revoked_by is null)),
      foreign key (district_id, district_kind) references organisations (id, kind),
      foreign key (school_id, school_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create index consents_child on consents (child_id)`.execute(db);

  await sql`
    create table legal_bases (
      id uuid primary key default gen_random_uuid(),
      child_id uuid not null references children (id),
      basis_code text not null
        check (basis_code in ('reportingDuty', 'investigationInformationDuty')),
      categories text[] not null
        check (cardinality(categories) > 0 and categories <@ ${sql.raw(CATEGORIES)}),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      school_id uuid not null,
      school_kind text not null default 'school' check (school_kind = 'school'),
      direction text not null default 'schoolToSocialServices'
        check (direction in ('schoolToSocialServices', 'socialServicesToSchool')),
      secrecy_assessment text not null
        check (length(btrim(secrecy_assessment)) between 20 and 4000),
      valid_to date,
      recorded_by uuid not null references users (id),
      recorded_at timestamptz not null default now(),
      ended_at timestamptz,
      ended_by uuid references users (id),
      check ((ended_at is null) = (ended_by is null)),
      foreign key (district_id, district_kind) references organisations (id, kind),
      foreign key (school_id, school_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create index legal_bases_child on legal_bases (child_id)`.execute(db);

  // What was recorded stays as recorded: only the end (revocation) may be set, once. No deletes.
  await sql`
    create function refuse_consent_rewrite() returns trigger language plpgsql as $$
    declare
      end_columns text[] := coalesce(tg_argv, '{}'::text[]);
      old_row jsonb;
      new_row jsonb;
      col text;
    begin
      if tg_op = 'DELETE' then
        raise exception '% rows are never deleted', tg_table_name
          using errcode = 'P0001', constraint = 'consent_record_frozen';
      end if;
      old_row := to_jsonb(old);
      new_row := to_jsonb(new);
      foreach col in array end_columns loop
        if old_row -> col <> 'null'::jsonb and old_row -> col is distinct from new_row -> col then
          raise exception '% of % is already set', col, tg_table_name
            using errcode = 'P0001', constraint = 'consent_record_frozen';
        end if;
        old_row := old_row - col;
        new_row := new_row - col;
      end loop;
      if old_row is distinct from new_row then
        raise exception 'a recorded % row cannot be changed', tg_table_name
          using errcode = 'P0001', constraint = 'consent_record_frozen';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger consents_frozen before update or delete on consents
      for each row execute function refuse_consent_rewrite('revoked_at', 'revoked_by')
  `.execute(db);
  await sql`
    create trigger legal_bases_frozen before update or delete on legal_bases
      for each row execute function refuse_consent_rewrite('ended_at', 'ended_by')
  `.execute(db);
  await sql`
    create trigger consent_documents_frozen before update or delete on consent_documents
      for each row execute function refuse_consent_rewrite()
  `.execute(db);

  // A link's evidence stays as given: the answer and the withdrawal are set once, the count of
  // wrong birth dates only rises, nothing else changes, and no link is deleted.
  await sql`
    alter table consent_requests add constraint consent_requests_answered_or_withdrawn
      check (answered_at is null or withdrawn_at is null)
  `.execute(db);
  await sql`
    create function refuse_consent_request_rewrite() returns trigger language plpgsql as $$
    declare
      answer_columns text[] := array['answered_at', 'answer', 'answer_name', 'answer_ip',
        'answer_user_agent'];
      withdrawal_columns text[] := array['withdrawn_at', 'withdrawn_by'];
      old_row jsonb;
      new_row jsonb;
    begin
      if tg_op = 'DELETE' then
        raise exception 'consent_requests rows are never deleted'
          using errcode = 'P0001', constraint = 'consent_record_frozen';
      end if;
      old_row := to_jsonb(old);
      new_row := to_jsonb(new);
      if old.answered_at is not null and (
        (select jsonb_object_agg(k, old_row -> k) from unnest(answer_columns) k)
          is distinct from (select jsonb_object_agg(k, new_row -> k) from unnest(answer_columns) k)
      ) then
        raise exception 'a consent link is answered once'
          using errcode = 'P0001', constraint = 'consent_record_frozen';
      end if;
      if old.withdrawn_at is not null
        and (old.withdrawn_at, old.withdrawn_by) is distinct from (new.withdrawn_at, new.withdrawn_by)
      then
        raise exception 'a consent link is withdrawn once'
          using errcode = 'P0001', constraint = 'consent_record_frozen';
      end if;
      if new.failed_birth_date_attempts < old.failed_birth_date_attempts then
        raise exception 'wrong birth dates are never uncounted'
          using errcode = 'P0001', constraint = 'consent_record_frozen';
      end if;
      if (old_row - answer_columns - withdrawal_columns - 'failed_birth_date_attempts')
        is distinct from (new_row - answer_columns - withdrawal_columns - 'failed_birth_date_attempts')
      then
        raise exception 'a consent link cannot be changed'
          using errcode = 'P0001', constraint = 'consent_record_frozen';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger consent_requests_frozen before update or delete on consent_requests
      for each row execute function refuse_consent_request_rewrite()
  `.execute(db);

  // A guardian answering a consent link acts without an account or an organisation.
  await sql`alter table audit_events alter column actor_user_id drop not null`.execute(db);
  await sql`alter table audit_events alter column actor_organisation_id drop not null`.execute(db);
  await sql`
    alter table audit_events add constraint audit_events_actor_kind check (
      case when actor_role = 'guardian'
        then actor_user_id is null and actor_organisation_id is null
        else actor_user_id is not null and actor_organisation_id is not null
      end
    )
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_events drop constraint if exists audit_events_actor_kind`.execute(db);
  await sql`drop table if exists legal_bases`.execute(db);
  await sql`drop table if exists consents`.execute(db);
  await sql`drop table if exists consent_requests`.execute(db);
  await sql`drop table if exists consent_documents`.execute(db);
  await sql`drop function if exists refuse_consent_rewrite()`.execute(db);
  await sql`drop function if exists refuse_consent_request_rewrite()`.execute(db);
}
