/**
 * The follow-up's figures (issue 18), each a count, a share or a median computed in SQL over the
 * period, never rows carried into JavaScript. Every query is scoped by `FollowUpScope` first
 * and then narrowed by the page's filters; nothing here names a child.
 *
 * Deadlines are counted as the intake's own pages count them (app/modules/reports/policy.ts):
 * a calendar of the period's days in SQL, its non-working days (weekends, the Swedish public
 * holidays and the three eves) taken from app/lib/working-days.ts, so the two never differ.
 */
import { sql, type RawBuilder } from "kysely";
import { addToDate } from "~/lib/dates";
import { isWorkingDay } from "~/lib/working-days";
import { db } from "~db/client.server";
import type { FollowUpNarrowing, FollowUpScope } from "./policy";
import { lastTerms, termPeriod, type Period } from "./period";

const TZ = sql.lit("Europe/Stockholm");

/** The first moment of a Stockholm calendar date, as SQL. */
function startOf(date: string): RawBuilder<Date> {
  return sql<Date>`(${date}::date)::timestamp at time zone ${TZ}`;
}

/** The first moment after a Stockholm calendar date, as SQL. */
function endOf(date: string): RawBuilder<Date> {
  return sql<Date>`(${date}::date + 1)::timestamp at time zone ${TZ}`;
}

function inPeriod(column: RawBuilder<unknown>, period: Pick<Period, "from" | "to">) {
  return sql`${column} >= ${startOf(period.from)} and ${column} < ${endOf(period.to)}`;
}

/**
 * `cal`: one row a day from `from` to `to` with its working-day ordinal `wd` (working days so
 * far) and `next_wd`, the day itself when it is a working day, else the next working day.
 */
function calendar(from: string, to: string): RawBuilder<unknown> {
  const closed: string[] = [];
  for (let d = from; d <= to; d = addToDate(d, { days: 1 })) {
    if (!isWorkingDay(d)) closed.push(d);
  }
  return sql`cal as (
    select c.day, c.working,
      count(*) filter (where c.working) over (order by c.day) as wd,
      min(c.day) filter (where c.working)
        over (order by c.day rows between current row and unbounded following) as next_wd
    from (
      select g::date as day, not (g::date = any(${closed}::date[])) as working
      from generate_series(${from}::date, ${to}::date, interval '1 day') g
    ) c
  )`;
}

/** Whom a query about schools and their districts may count, and what the page narrowed it to. */
function schoolCondition(
  school: RawBuilder<unknown>,
  district: RawBuilder<unknown>,
  operator: RawBuilder<unknown>,
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
) {
  const conditions = [sql`true`];
  if (scope.kind === "school") conditions.push(sql`${school} = ${scope.schoolId}`);
  if (scope.kind === "district") conditions.push(sql`${district} = ${scope.districtId}`);
  if (narrowing.districtId) conditions.push(sql`${district} = ${narrowing.districtId}`);
  if (narrowing.schoolId) conditions.push(sql`${school} = ${narrowing.schoolId}`);
  if (narrowing.operatorType) conditions.push(sql`${operator} = ${narrowing.operatorType}`);
  return sql.join(conditions, sql` and `);
}

/** What a table's rows are: districts, schools, or one row for everything the query counts. */
export type Grouping = "district" | "school" | "all";

/** The column a query groups by, as SQL: the district's, the school's, or one group, "all". */
function groupColumn(groupBy: Grouping, district: string, school: string) {
  if (groupBy === "all") return sql.raw(`'all'::text`);
  return sql.raw(groupBy === "district" ? district : school);
}

export interface CardFigureRow {
  groupId: string;
  requested: number;
  returned: number;
  returnedOnTime: number;
  /** Of the requested, those whose due date has passed or that are returned: the share's base. */
  due: number;
  medianDays: number | null;
  completionAsked: number;
  stopped: number;
}

/**
 * School cards requested in the period, per school (or district): returned, returned by the due
 * date, the median days from request to return, completion asked, stopped (consent or the legal
 * basis ended). A district manager counts the cards the district asked for; the others, the
 * cards at the schools in their view.
 */
export async function cardFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  today: string,
  groupBy: Grouping,
): Promise<CardFigureRow[]> {
  const group = groupColumn(groupBy, "sc.district_id", "sc.school_id");
  const result = await sql<CardFigureRow>`
    select ${group} as "groupId",
      count(*)::int as "requested",
      (count(*) filter (where sc.submitted_at is not null))::int as "returned",
      (count(*) filter (where sc.submitted_at is not null
        and (sc.submitted_at at time zone ${TZ})::date <= sc.due_on::date))::int as "returnedOnTime",
      (count(*) filter (where sc.status <> 'stopped'
        and (sc.submitted_at is not null or sc.due_on::date < ${today}::date)))::int as "due",
      percentile_cont(0.5) within group (order by
        extract(epoch from sc.submitted_at - sc.requested_at) / 86400)
        filter (where sc.submitted_at is not null) as "medianDays",
      (count(*) filter (where sc.completion_asked_at is not null))::int as "completionAsked",
      (count(*) filter (where sc.status = 'stopped'))::int as "stopped"
    from school_cards sc
    join organisations s on s.id = sc.school_id
    where ${inPeriod(sql`sc.requested_at`, period)}
      and ${schoolCondition(sql`sc.school_id`, sql`sc.district_id`, sql`s.operator_type`, scope, narrowing)}
    group by 1`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    medianDays: r.medianDays === null ? null : Number(r.medianDays),
  }));
}

export interface TrendPoint {
  term: string;
  requested: number;
  due: number;
  returnedOnTime: number;
  received: number;
  acknowledgedOnTime: number;
}

/**
 * The last six terms up to the period's end: cards returned on time of those due, and reports
 * acknowledged by the next working day of those received, term by term.
 */
export async function trend(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  lastTerm: string,
  today: string,
): Promise<TrendPoint[]> {
  const terms = lastTerms(lastTerm, 6).map((t) => termPeriod(t)!);
  const first = terms[0]!.from;
  const last = terms[terms.length - 1]!.to;
  const termOf = (column: RawBuilder<unknown>) =>
    sql`case when extract(month from (${column} at time zone ${TZ})) >= 7
      then 'HT' else 'VT' end || extract(year from (${column} at time zone ${TZ}))::text`;
  const span = { from: first, to: last };
  const result = await sql<{
    term: string;
    requested: number;
    due: number;
    returnedOnTime: number;
    received: number;
    acknowledgedOnTime: number;
  }>`
    with ${calendar(first, addToDate(last, { days: 30 }))},
    cards as (
      select ${termOf(sql`sc.requested_at`)} as term,
        count(*)::int as requested,
        (count(*) filter (where sc.status <> 'stopped'
          and (sc.submitted_at is not null or sc.due_on::date < ${today}::date)))::int as due,
        (count(*) filter (where sc.submitted_at is not null
          and (sc.submitted_at at time zone ${TZ})::date <= sc.due_on::date))::int as returned_on_time
      from school_cards sc join organisations s on s.id = sc.school_id
      where ${inPeriod(sql`sc.requested_at`, span)}
        and ${schoolCondition(sql`sc.school_id`, sql`sc.district_id`, sql`s.operator_type`, scope, narrowing)}
      group by 1
    ),
    reports as (
      select ${termOf(sql`r.arrived_at`)} as term,
        count(*)::int as received,
        (count(*) filter (where (r.acknowledged_at at time zone ${TZ})::date <= due.next_wd))::int
          as acknowledged_on_time
      from concern_reports r
      join organisations s on s.id = r.school_id
      join cal due on due.day = (r.arrived_at at time zone ${TZ})::date + 1
      where r.received_at is not null and ${inPeriod(sql`r.arrived_at`, span)}
        and ${schoolCondition(sql`r.school_id`, sql`r.district_id`, sql`s.operator_type`, scope, narrowing)}
      group by 1
    )
    select t.term, coalesce(c.requested, 0) as "requested", coalesce(c.due, 0) as "due",
      coalesce(c.returned_on_time, 0) as "returnedOnTime", coalesce(r.received, 0) as "received",
      coalesce(r.acknowledged_on_time, 0) as "acknowledgedOnTime"
    from unnest(${terms.map((t) => t.code)}::text[]) with ordinality as t(term, n)
    left join cards c on c.term = t.term
    left join reports r on r.term = t.term
    order by t.n`.execute(db);
  return result.rows;
}

export interface ReportFigureRow {
  groupId: string;
  received: number;
  acknowledgedOnTime: number;
  decided: number;
  decidedInTime: number;
  feedbackAsked: number;
  feedbackGiven: number;
  feedbackInTime: number;
  feedbackWithheld: number;
  forwarded: number;
}

/**
 * Reports of concern that reached the district in the period (on receipt, or when forwarded
 * there), per district or per reporting school. A principal counts the school's own reports.
 */
export async function reportFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  today: string,
  groupBy: Grouping,
): Promise<ReportFigureRow[]> {
  // Far enough past the period for every deadline of a report that arrived in it, and today.
  const calendarEnd = [addToDate(period.to, { days: 60 }), today].sort().at(-1)!;
  const result = await sql<ReportFigureRow>`
    with ${calendar(addToDate(period.from, { days: -1 }), calendarEnd)},
    reports as (
      select r.*, (r.feedback_requested_at at time zone ${TZ})::date as requested_on,
        ack.next_wd as ack_due, dec.next_wd as decision_due
      from concern_reports r
      join organisations s on s.id = r.school_id
      join cal ack on ack.day = (r.arrived_at at time zone ${TZ})::date + 1
      join cal dec on dec.day = (r.received_at at time zone ${TZ})::date + 14
      where r.received_at is not null and ${inPeriod(sql`r.arrived_at`, period)}
        and ${schoolCondition(sql`r.school_id`, sql`r.district_id`, sql`s.operator_type`, scope, narrowing)}
    ),
    feedback as (
      -- When the feedback asked for is due (policy.ts feedbackDueOn): a week after the decision,
      -- or at once when asked after it or when an investigation was already running.
      select rp.*, case
        when rp.feedback_requested_at is null then null
        when rp.decision_outcome = 'alreadyOngoing' then rp.requested_on
        when rp.decision_on is not null then case
          when rp.feedback_requested_at > rp.decision_recorded_at
            or rp.requested_on > rp.decision_on::date then rp.requested_on
          else after_decision.next_wd end
        when rp.requested_on > rp.decision_due then rp.requested_on
        else after_due.next_wd end as feedback_due
      from reports rp
      left join cal after_decision on after_decision.day = rp.decision_on::date + 7
      left join cal after_due on after_due.day = rp.decision_due + 7
    )
    select ${groupColumn(groupBy, "f.district_id", "f.school_id")} as "groupId",
      count(*)::int as "received",
      (count(*) filter (where (f.acknowledged_at at time zone ${TZ})::date <= f.ack_due))::int
        as "acknowledgedOnTime",
      (count(*) filter (where f.decision_on is not null))::int as "decided",
      (count(*) filter (where f.decision_on::date <= f.decision_due))::int as "decidedInTime",
      (count(*) filter (where f.feedback_requested_at is not null))::int as "feedbackAsked",
      (count(*) filter (where f.feedback_given_at is not null))::int as "feedbackGiven",
      (count(*) filter (where (f.feedback_given_at at time zone ${TZ})::date <= f.feedback_due))::int
        as "feedbackInTime",
      (count(*) filter (where f.feedback_withheld_at is not null))::int as "feedbackWithheld",
      0 as "forwarded"
    from feedback f
    group by 1`.execute(db);
  const forwarded = await forwardedFigures(scope, narrowing, period, groupBy);
  const rows = new Map(result.rows.map((r) => [r.groupId, r]));
  for (const [groupId, count] of forwarded) {
    const row = rows.get(groupId) ?? emptyReportRow(groupId);
    row.forwarded = count;
    rows.set(groupId, row);
  }
  return [...rows.values()];
}

/** A row with nothing counted: for a group, or the total of a period with no reports. */
export function emptyReportRow(groupId: string): ReportFigureRow {
  return {
    groupId,
    received: 0,
    acknowledgedOnTime: 0,
    decided: 0,
    decidedInTime: 0,
    feedbackAsked: 0,
    feedbackGiven: 0,
    feedbackInTime: 0,
    feedbackWithheld: 0,
    forwarded: 0,
  };
}

/** Reports a district sent on to another in the period, by the district that sent them. */
async function forwardedFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  groupBy: Grouping,
): Promise<Map<string, number>> {
  const group = groupColumn(groupBy, "f.from_district_id", "r.school_id");
  const result = await sql<{ groupId: string; count: number }>`
    select ${group} as "groupId", count(*)::int as "count"
    from concern_report_forwards f
    join concern_reports r on r.id = f.report_id
    join organisations s on s.id = r.school_id
    where ${inPeriod(sql`f.forwarded_at`, period)}
      and ${schoolCondition(sql`r.school_id`, sql`f.from_district_id`, sql`s.operator_type`, scope, narrowing)}
    group by 1`.execute(db);
  return new Map(result.rows.map((r) => [r.groupId, r.count]));
}

export interface ContactFigureRow {
  groupId: string;
  meetingsProposed: number;
  meetingsHeld: number;
  consultationsAsked: number;
  consultationsAnswered: number;
  medianAnswerWorkingDays: number | null;
}

/**
 * Report meetings proposed in the period and held (accepted, and their time has come), and
 * consultations asked in the period: answered, and the median working days to the first answer.
 */
export async function contactFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  today: string,
  now: Date,
  groupBy: Grouping,
): Promise<ContactFigureRow[]> {
  const calendarEnd = [addToDate(period.to, { days: 1 }), today].sort().at(-1)!;
  const result = await sql<ContactFigureRow>`
    with ${calendar(period.from, calendarEnd)},
    meetings as (
      select ${groupColumn(groupBy, "r.district_id", "r.school_id")} as group_id,
        count(*)::int as proposed,
        (count(*) filter (where m.status = 'accepted' and m.starts_at <= ${now}))::int as held
      from concern_report_meetings m
      join concern_reports r on r.id = m.report_id
      join organisations s on s.id = r.school_id
      where ${inPeriod(sql`m.proposed_at`, period)}
        and ${schoolCondition(sql`r.school_id`, sql`r.district_id`, sql`s.operator_type`, scope, narrowing)}
      group by 1
    ),
    consultations as (
      select ${groupColumn(groupBy, "c.district_id", "c.school_id")} as group_id,
        count(*)::int as asked,
        count(answer.first_at)::int as answered,
        percentile_cont(0.5) within group (order by answered_day.wd - asked_day.wd)
          filter (where answer.first_at is not null) as median_days
      from consultations c
      join organisations s on s.id = c.school_id
      left join lateral (
        select min(cm.written_at) as first_at from consultation_messages cm
        where cm.consultation_id = c.id and cm.side = 'district'
      ) answer on true
      left join cal asked_day on asked_day.day = (c.asked_at at time zone ${TZ})::date
      left join cal answered_day on answered_day.day = (answer.first_at at time zone ${TZ})::date
      where ${inPeriod(sql`c.asked_at`, period)}
        and ${schoolCondition(sql`c.school_id`, sql`c.district_id`, sql`s.operator_type`, scope, narrowing)}
      group by 1
    )
    select coalesce(m.group_id, c.group_id) as "groupId",
      coalesce(m.proposed, 0) as "meetingsProposed", coalesce(m.held, 0) as "meetingsHeld",
      coalesce(c.asked, 0) as "consultationsAsked", coalesce(c.answered, 0) as "consultationsAnswered",
      c.median_days as "medianAnswerWorkingDays"
    from meetings m full join consultations c on c.group_id = m.group_id`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    medianAnswerWorkingDays:
      r.medianAnswerWorkingDays === null ? null : Number(r.medianAnswerWorkingDays),
  }));
}

export interface ConsentFigureRow {
  groupId: string;
  linksSent: number;
  answered: number;
  given: number;
  refused: number;
  withoutBasis: number;
}

/**
 * Consent asked for by link in the period (sent, answered, given, refused), and planned school
 * cards that could not be requested for want of consent or another legal basis, per district
 * (the social services that asked) or per school.
 */
export async function consentFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  groupBy: Grouping,
): Promise<ConsentFigureRow[]> {
  const result = await sql<ConsentFigureRow>`
    with links as (
      select ${groupColumn(groupBy, "cr.district_id", "cr.school_id")} as group_id,
        count(*)::int as sent,
        (count(*) filter (where cr.answered_at is not null))::int as answered,
        (count(*) filter (where cr.answer = 'given'))::int as given,
        (count(*) filter (where cr.answer = 'refused'))::int as refused
      from consent_requests cr
      join organisations s on s.id = cr.school_id
      where ${inPeriod(sql`cr.sent_at`, period)}
        and ${schoolCondition(sql`cr.school_id`, sql`cr.district_id`, sql`s.operator_type`, scope, narrowing)}
      group by 1
    ),
    refused_cards as (
      select ${groupColumn(groupBy, "ch.district_id", "ch.school_id")} as group_id,
        count(*)::int as without_basis
      from school_card_schedules sch
      join children ch on ch.id = sch.child_id
      join organisations s on s.id = ch.school_id
      where sch.outcome = 'refused' and ${inPeriod(sql`sch.sent_at`, period)}
        and ${schoolCondition(sql`ch.school_id`, sql`ch.district_id`, sql`s.operator_type`, scope, narrowing)}
      group by 1
    )
    select coalesce(l.group_id, rc.group_id) as "groupId",
      coalesce(l.sent, 0) as "linksSent", coalesce(l.answered, 0) as "answered",
      coalesce(l.given, 0) as "given", coalesce(l.refused, 0) as "refused",
      coalesce(rc.without_basis, 0) as "withoutBasis"
    from links l full join refused_cards rc on rc.group_id = l.group_id`.execute(db);
  return result.rows;
}

export interface SchoolWithoutContact {
  schoolId: string;
  schoolName: string;
  districtId: string;
  /** When its last contact person's assignment ended; null when it never had one. */
  since: Date | null;
}

/**
 * Schools in the view without a contact person today, and since when; and how many times a
 * school's contact person changed in the calendar year of `today`.
 */
export async function contactPersonFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  today: string,
): Promise<{ without: SchoolWithoutContact[]; changesThisYear: number; schools: number }> {
  const year = today.slice(0, 4);
  const where = schoolCondition(
    sql`s.id`,
    sql`s.district_id`,
    sql`s.operator_type`,
    scope,
    narrowing,
  );
  const [without, counts] = await Promise.all([
    sql<SchoolWithoutContact>`
      select s.id as "schoolId", s.name as "schoolName", s.district_id as "districtId",
        (select max(ca.valid_to) from contact_assignments ca where ca.school_id = s.id) as "since"
      from organisations s
      where s.kind = 'school' and s.deactivated_at is null and ${where}
        and not exists (select 1 from contact_assignments ca
          where ca.school_id = s.id and ca.valid_to is null)
      order by 4 nulls first, s.name collate "sv-x-icu"`.execute(db),
    sql<{ schools: number; changes: number }>`
      select count(*)::int as "schools",
        coalesce(sum((select count(*) from contact_assignments ca
          where ca.school_id = s.id and ${inPeriod(sql`ca.valid_from`, { from: `${year}-01-01`, to: `${year}-12-31` })}
            and exists (select 1 from contact_assignments earlier
              where earlier.school_id = s.id and earlier.valid_from < ca.valid_from))), 0)::int
          as "changes"
      from organisations s
      where s.kind = 'school' and s.deactivated_at is null and ${where}`.execute(db),
  ]);
  return {
    without: without.rows,
    changesThisYear: counts.rows[0]?.changes ?? 0,
    schools: counts.rows[0]?.schools ?? 0,
  };
}

export interface MeetingFigureRow {
  groupId: string;
  planned: number;
  held: number;
}

/**
 * The agreement's cooperation meetings planned for the period (by their planned date), and how
 * many of them were recorded as held.
 */
export async function meetingFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  groupBy: Grouping,
): Promise<MeetingFigureRow[]> {
  const result = await sql<MeetingFigureRow>`
    select ${groupColumn(groupBy, "m.district_id", "m.school_id")} as "groupId",
      count(*)::int as "planned",
      (count(*) filter (where m.held_on is not null))::int as "held"
    from cooperation_meetings m
    join organisations s on s.id = m.school_id
    where m.planned_on between ${period.from}::date and ${period.to}::date
      and ${schoolCondition(sql`m.school_id`, sql`m.district_id`, sql`s.operator_type`, scope, narrowing)}
    group by 1`.execute(db);
  return result.rows;
}
