/**
 * Reports of concern (orosanmälan) and consultations (issue 7).
 *
 * - concern_reports: one report from a school to the intake unit of a district. While it is a
 *   draft only its author sees it and it may change; from the moment it is sent it is a record:
 *   a trigger refuses any change to what the school wrote, and corrections are dated notes
 *   (concern_report_notes). What the school wrote is kept as one jsonb document validated by the
 *   form's zod schema; what the portal acts on (state, dates, the decision) are columns.
 * - The decision and the feedback: intake records the decision on an investigation as exactly one
 *   of the three outcomes SoL 19 kap. 6 § allows, with its date; the feedback is that decision
 *   released to the school, once, never with free text. Both are frozen once set.
 * - concern_report_events: the timeline both sides see, append-only.
 * - concern_report_forwards: a report sent on to another district's intake; the report's
 *   district_id is the district that has it now.
 * - concern_report_meetings: report meetings (anmälningsmöte) intake proposes and the school
 *   answers.
 * - consultations and consultation_messages: a school's question without naming the child, and
 *   the thread with social services.
 * - Two settings per school: whether a report waits for the principal's co-signature, and whether
 *   the school's student health sees the school's reports.
 */
import { sql, type Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table organisations
      add column report_cosign_required boolean not null default false,
      add column report_student_health_access boolean not null default false
  `.execute(db);

  await sql`create sequence concern_report_reference_seq`.execute(db);

  await sql`
    create table concern_reports (
      id uuid primary key default gen_random_uuid(),
      reference text unique check (reference ~ '^ORO-[0-9]{4}-[0-9]{5,}$'),
      status text not null default 'draft'
        check (status in ('draft', 'awaitingCosign', 'received', 'closed')),
      school_id uuid not null,
      school_kind text not null default 'school' check (school_kind = 'school'),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      -- One per form shown: a double submit of a new report finds the report it already made.
      submission_key uuid unique,
      content jsonb not null default '{}' check (jsonb_typeof(content) = 'object'),
      version integer not null default 0 check (version >= 0),
      saved_at timestamptz,
      cosign_required boolean not null default false,
      wants_feedback boolean not null default false,
      wants_meeting boolean not null default false,
      submitted_at timestamptz,
      cosigned_by uuid references users (id),
      cosigned_at timestamptz,
      received_at timestamptz,
      -- When the district that has the report now got it: receipt, or the latest forwarding.
      arrived_at timestamptz,
      protection_assessed_at timestamptz,
      protection_assessed_by uuid references users (id),
      acknowledged_at timestamptz,
      acknowledged_by uuid references users (id),
      contact_user_id uuid references users (id),
      contact_name text check (length(btrim(contact_name)) between 1 and 200),
      contact_phone text check (length(btrim(contact_phone)) between 5 and 40),
      feedback_requested_at timestamptz,
      feedback_requested_by uuid references users (id),
      decision_outcome text check (decision_outcome in ('opened', 'notOpened', 'alreadyOngoing')),
      decision_on date,
      decision_recorded_at timestamptz,
      decision_recorded_by uuid references users (id),
      feedback_given_at timestamptz,
      feedback_given_by uuid references users (id),
      -- SoL 19 kap. 6 §: feedback on request "om det inte är olämpligt". Why stays with intake.
      feedback_withheld_at timestamptz,
      feedback_withheld_by uuid references users (id),
      feedback_withheld_reason text
        check (length(btrim(feedback_withheld_reason)) between 5 and 1000),
      closed_at timestamptz,
      closed_by uuid references users (id),
      check ((status = 'draft') = (submitted_at is null)),
      check ((status in ('received', 'closed')) = (received_at is not null)),
      check ((received_at is null) = (arrived_at is null)),
      check ((status in ('received', 'closed')) = (reference is not null)),
      check ((status = 'closed') = (closed_at is not null)),
      check (status <> 'closed' or (acknowledged_at is not null and decision_outcome is not null
        and (feedback_requested_at is null or feedback_given_at is not null
          or feedback_withheld_at is not null))),
      check ((acknowledged_at is null) = (contact_name is null)),
      check ((acknowledged_at is null) = (contact_phone is null)),
      check ((decision_outcome is null) = (decision_on is null)),
      check ((decision_outcome is null) = (decision_recorded_at is null)),
      check (feedback_given_at is null or (decision_outcome is not null
        and feedback_requested_at is not null)),
      check ((feedback_withheld_at is null) = (feedback_withheld_reason is null)),
      check (feedback_withheld_at is null or (feedback_requested_at is not null
        and feedback_given_at is null)),
      foreign key (school_id, school_kind) references organisations (id, kind),
      foreign key (district_id, district_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create index concern_reports_school on concern_reports (school_id, status)`.execute(db);
  await sql`create index concern_reports_district on concern_reports (district_id, status)`.execute(
    db,
  );

  // A sent report is a record. What the school wrote, who sent it and when, and the decision and
  // feedback once given, never change; nothing is deleted.
  await sql`
    create function guard_concern_report() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.status = 'closed' then
        raise exception 'a closed report of concern cannot be changed'
          using errcode = 'P0001', constraint = 'concern_report_record';
      end if;
      if tg_op = 'DELETE' then
        if old.status <> 'draft' then
          raise exception 'a sent report of concern is never deleted'
            using errcode = 'P0001', constraint = 'concern_report_record';
        end if;
        return old;
      end if;
      if old.status <> 'draft' and (
        new.content is distinct from old.content
        or new.school_id is distinct from old.school_id
        or new.created_by is distinct from old.created_by
        or new.submitted_at is distinct from old.submitted_at
        or new.wants_meeting is distinct from old.wants_meeting
        or new.cosign_required is distinct from old.cosign_required
        or new.status = 'draft'
        or (old.status in ('received', 'closed') and new.status = 'awaitingCosign')
        or (old.status = 'closed' and new.status <> 'closed')
        or (old.cosigned_at is not null and (new.cosigned_at is distinct from old.cosigned_at
          or new.cosigned_by is distinct from old.cosigned_by))
        or (old.received_at is not null and new.received_at is distinct from old.received_at)
        or (old.reference is not null and new.reference is distinct from old.reference)
      ) then
        raise exception 'a sent report of concern is a record and cannot be changed'
          using errcode = 'P0001', constraint = 'concern_report_record';
      end if;
      if old.decision_outcome is not null and (
        new.decision_outcome is distinct from old.decision_outcome
        or new.decision_on is distinct from old.decision_on
        or new.decision_recorded_at is distinct from old.decision_recorded_at
        or new.decision_recorded_by is distinct from old.decision_recorded_by
      ) then
        raise exception 'a recorded decision cannot be changed'
          using errcode = 'P0001', constraint = 'concern_report_decision';
      end if;
      if (old.feedback_given_at is not null
        and (new.feedback_given_at is distinct from old.feedback_given_at
          or new.feedback_given_by is distinct from old.feedback_given_by))
        or (old.feedback_withheld_at is not null
        and (new.feedback_withheld_at is distinct from old.feedback_withheld_at
          or new.feedback_withheld_reason is distinct from old.feedback_withheld_reason
          or new.feedback_withheld_by is distinct from old.feedback_withheld_by)) then
        raise exception 'feedback once given cannot be changed'
          using errcode = 'P0001', constraint = 'concern_report_decision';
      end if;
      return new;
    end
    $$
  `.execute(db);
  await sql`
    create trigger concern_reports_guard before update or delete on concern_reports
      for each row execute function guard_concern_report()
  `.execute(db);

  await sql`
    create table concern_report_events (
      id uuid primary key default gen_random_uuid(),
      -- Events written in one transaction share their time; this keeps their order.
      seq bigint generated always as identity,
      report_id uuid not null references concern_reports (id),
      kind text not null check (kind in ('submitted', 'cosigned', 'received', 'protectionAssessed',
        'acknowledged', 'feedbackRequested', 'decisionRecorded', 'feedbackGiven',
        'feedbackWithheld', 'forwarded',
        'meetingProposed', 'meetingAccepted', 'meetingDeclined', 'noteAdded', 'closed')),
      occurred_at timestamptz not null default now(),
      actor_user_id uuid not null references users (id),
      actor_name text not null,
      actor_organisation_id uuid not null references organisations (id),
      actor_organisation_name text not null,
      details jsonb check (jsonb_typeof(details) = 'object')
    )
  `.execute(db);
  await sql`create index concern_report_events_report on concern_report_events
    (report_id, seq)`.execute(db);

  await sql`
    create table concern_report_forwards (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references concern_reports (id),
      from_district_id uuid not null references organisations (id),
      to_district_id uuid not null references organisations (id),
      reason text not null check (length(btrim(reason)) between 5 and 1000),
      -- For a child with protected personal data: the school is not told where the report went
      -- (which would say where the child lives); it keeps seeing the district it reported to.
      hidden_from_school boolean not null default false,
      forwarded_by uuid not null references users (id),
      forwarded_at timestamptz not null default now(),
      check (from_district_id <> to_district_id)
    )
  `.execute(db);
  await sql`create index concern_report_forwards_from on concern_report_forwards
    (from_district_id, forwarded_at)`.execute(db);

  await sql`
    create table concern_report_meetings (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references concern_reports (id),
      starts_at timestamptz not null,
      place text not null check (length(btrim(place)) between 2 and 500),
      proposed_by uuid not null references users (id),
      proposed_at timestamptz not null default now(),
      status text not null default 'proposed' check (status in ('proposed', 'accepted',
        'declined', 'withdrawn')),
      answered_by uuid references users (id),
      answered_at timestamptz,
      answer_note text check (length(answer_note) <= 1000),
      check ((status in ('accepted', 'declined')) = (answered_at is not null))
    )
  `.execute(db);
  // One open proposal at a time: a new time replaces the old one.
  await sql`create unique index concern_report_meetings_one_open on concern_report_meetings
    (report_id) where status = 'proposed'`.execute(db);

  await sql`
    create table concern_report_notes (
      id uuid primary key default gen_random_uuid(),
      report_id uuid not null references concern_reports (id),
      body text not null check (length(btrim(body)) between 2 and 4000),
      written_by uuid not null references users (id),
      written_at timestamptz not null default now()
    )
  `.execute(db);

  await sql`
    create table consultations (
      id uuid primary key default gen_random_uuid(),
      school_id uuid not null,
      school_kind text not null default 'school' check (school_kind = 'school'),
      district_id uuid not null,
      district_kind text not null default 'district' check (district_kind = 'district'),
      subject text not null check (length(btrim(subject)) between 3 and 200),
      asked_by uuid not null references users (id),
      asked_at timestamptz not null default now(),
      closed_at timestamptz,
      foreign key (school_id, school_kind) references organisations (id, kind),
      foreign key (district_id, district_kind) references organisations (id, kind)
    )
  `.execute(db);
  await sql`create index consultations_school on consultations (school_id, asked_at)`.execute(db);
  await sql`create index consultations_district on consultations (district_id, asked_at)`.execute(
    db,
  );
  await sql`
    create table consultation_messages (
      id uuid primary key default gen_random_uuid(),
      consultation_id uuid not null references consultations (id),
      author_user_id uuid not null references users (id),
      side text not null check (side in ('school', 'district')),
      body text not null check (length(btrim(body)) between 2 and 4000),
      written_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create index consultation_messages_thread on consultation_messages
    (consultation_id, written_at)`.execute(db);

  // The timeline, the notes and the thread are history: append-only.
  await sql`
    create function refuse_history_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'P0001', constraint = 'history_append_only';
    end
    $$
  `.execute(db);
  for (const table of [
    "concern_report_events",
    "concern_report_notes",
    "concern_report_forwards",
    "consultation_messages",
  ]) {
    await sql`
      create trigger ${sql.raw(`${table}_append_only`)} before update or delete on ${sql.raw(table)}
        for each row execute function refuse_history_change()
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists consultation_messages`.execute(db);
  await sql`drop table if exists consultations`.execute(db);
  await sql`drop table if exists concern_report_notes`.execute(db);
  await sql`drop table if exists concern_report_meetings`.execute(db);
  await sql`drop table if exists concern_report_forwards`.execute(db);
  await sql`drop table if exists concern_report_events`.execute(db);
  await sql`drop table if exists concern_reports`.execute(db);
  await sql`drop function if exists refuse_history_change()`.execute(db);
  await sql`drop function if exists guard_concern_report()`.execute(db);
  await sql`drop sequence if exists concern_report_reference_seq`.execute(db);
  await sql`
    alter table organisations
      drop column if exists report_cosign_required,
      drop column if exists report_student_health_access
  `.execute(db);
}
