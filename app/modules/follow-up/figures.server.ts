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
import type { Period } from "./period";

export const TZ = sql.lit("Europe/Stockholm");

/** The first moment of a Stockholm calendar date, as SQL. */
function startOf(date: string): RawBuilder<Date> {
  return sql<Date>`(${date}::date)::timestamp at time zone ${TZ}`;
}

/** The first moment after a Stockholm calendar date, as SQL. */
function endOf(date: string): RawBuilder<Date> {
  return sql<Date>`(${date}::date + 1)::timestamp at time zone ${TZ}`;
}

export function inPeriod(column: RawBuilder<unknown>, period: Pick<Period, "from" | "to">) {
  return sql`${column} >= ${startOf(period.from)} and ${column} < ${endOf(period.to)}`;
}

/**
 * `cal`: one row a day from `from` to `to` with its working-day ordinal `wd` (working days so
 * far) and `next_wd`, the day itself when it is a working day, else the next working day.
 */
export function calendar(from: string, to: string): RawBuilder<unknown> {
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
export function schoolCondition(
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

/**
 * What a table's rows are: districts, schools, or one row for everything the query counts;
 * "term" is the night's count (rollup.server.ts): a row per term, school and district.
 */
export type Grouping = "district" | "school" | "all" | "term";

/** The term (HT2026, VT2027) a moment falls in, in Stockholm: as period.ts `termOf`. */
export function termOfMoment(column: RawBuilder<unknown>) {
  return sql<string>`case when extract(month from (${column} at time zone ${TZ})) >= 7
    then 'HT' else 'VT' end || extract(year from (${column} at time zone ${TZ}))::text`;
}

/**
 * What a query selects and groups by: "groupId" (the district's, the school's, or "all"), or for
 * the night's count the term of `at` with the school and the district.
 */
function groupBy(grouping: Grouping, at: string, district: string, school: string) {
  if (grouping === "term") {
    return {
      select: sql`${termOfMoment(sql.raw(at))} as "term", ${sql.raw(school)} as "schoolId",
        ${sql.raw(district)} as "districtId"`,
      keys: sql`1, 2, 3`,
    };
  }
  const column = grouping === "all" ? `'all'::text` : grouping === "district" ? district : school;
  return { select: sql`${sql.raw(column)} as "groupId"`, keys: sql`1` };
}

/**
 * A median of `value` over the group's rows where `when` holds; for the night's count, the
 * values themselves (a median cannot be added up, so the page takes it over the period's values).
 */
function medianOf(grouping: Grouping, value: RawBuilder<unknown>, when: RawBuilder<unknown>) {
  return grouping === "term"
    ? sql`coalesce(array_agg((${value})::double precision) filter (where ${when}), '{}')`
    : sql`percentile_cont(0.5) within group (order by ${value}) filter (where ${when})`;
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
  grouping: Exclude<Grouping, "term">,
): Promise<CardFigureRow[]> {
  const result = await cardQuery(scope, narrowing, period, today, grouping).execute(db);
  return result.rows.map((r) => ({
    ...r,
    medianDays: r.medianDays === null ? null : Number(r.medianDays),
  }));
}

export function cardQuery(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  today: string,
  grouping: Grouping,
) {
  const group = groupBy(grouping, "sc.requested_at", "sc.district_id", "sc.school_id");
  return sql<CardFigureRow>`
    select ${group.select},
      count(*)::int as "requested",
      (count(*) filter (where sc.submitted_at is not null))::int as "returned",
      (count(*) filter (where sc.submitted_at is not null
        and (sc.submitted_at at time zone ${TZ})::date <= sc.due_on::date))::int as "returnedOnTime",
      (count(*) filter (where sc.status <> 'stopped'
        and (sc.submitted_at is not null or sc.due_on::date < ${today}::date)))::int as "due",
      ${medianOf(
        grouping,
        sql`extract(epoch from sc.submitted_at - sc.requested_at) / 86400`,
        sql`sc.submitted_at is not null`,
      )} as "medianDays",
      (count(*) filter (where sc.completion_asked_at is not null))::int as "completionAsked",
      (count(*) filter (where sc.status = 'stopped'))::int as "stopped"
    from school_cards sc
    join organisations s on s.id = sc.school_id
    where ${inPeriod(sql`sc.requested_at`, period)}
      and ${schoolCondition(sql`sc.school_id`, sql`sc.district_id`, sql`s.operator_type`, scope, narrowing)}
    group by ${group.keys}`;
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
  grouping: Exclude<Grouping, "term">,
): Promise<ReportFigureRow[]> {
  const result = await reportQuery(scope, narrowing, period, today, grouping).execute(db);
  const forwarded = await forwardQuery(scope, narrowing, period, grouping).execute(db);
  const rows = new Map(result.rows.map((r) => [r.groupId, r]));
  for (const { groupId, forwarded: count } of forwarded.rows) {
    const row = rows.get(groupId) ?? emptyReportRow(groupId);
    row.forwarded = count;
    rows.set(groupId, row);
  }
  return [...rows.values()];
}

export function reportQuery(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  today: string,
  grouping: Grouping,
) {
  // Far enough past the period for every deadline of a report that arrived in it, and today.
  const calendarEnd = [addToDate(period.to, { days: 60 }), today].sort().at(-1)!;
  const group = groupBy(grouping, "f.arrived_at", "f.district_id", "f.school_id");
  return sql<ReportFigureRow>`
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
    select ${group.select},
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
    group by ${group.keys}`;
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
export function forwardQuery(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  grouping: Grouping,
) {
  const group = groupBy(grouping, "f.forwarded_at", "f.from_district_id", "r.school_id");
  return sql<{ groupId: string; forwarded: number }>`
    select ${group.select}, count(*)::int as "forwarded"
    from concern_report_forwards f
    join concern_reports r on r.id = f.report_id
    join organisations s on s.id = r.school_id
    where ${inPeriod(sql`f.forwarded_at`, period)}
      and ${schoolCondition(sql`r.school_id`, sql`f.from_district_id`, sql`s.operator_type`, scope, narrowing)}
    group by ${group.keys}`;
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
  grouping: Exclude<Grouping, "term">,
): Promise<ContactFigureRow[]> {
  const result = await sql<ContactFigureRow>`
    with meetings as (${meetingProposalQuery(scope, narrowing, period, now, grouping)}),
    consultations as (${consultationQuery(scope, narrowing, period, today, grouping)})
    select coalesce(m."groupId", c."groupId") as "groupId",
      coalesce(m."meetingsProposed", 0) as "meetingsProposed",
      coalesce(m."meetingsHeld", 0) as "meetingsHeld",
      coalesce(c."consultationsAsked", 0) as "consultationsAsked",
      coalesce(c."consultationsAnswered", 0) as "consultationsAnswered",
      c."medianAnswerWorkingDays"
    from meetings m full join consultations c on c."groupId" = m."groupId"`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    medianAnswerWorkingDays:
      r.medianAnswerWorkingDays === null ? null : Number(r.medianAnswerWorkingDays),
  }));
}

/** Report meetings proposed in the period, and held: accepted, and their time has come. */
export function meetingProposalQuery(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  now: Date,
  grouping: Grouping,
) {
  const group = groupBy(grouping, "m.proposed_at", "r.district_id", "r.school_id");
  return sql`
    select ${group.select},
      count(*)::int as "meetingsProposed",
      (count(*) filter (where m.status = 'accepted' and m.starts_at <= ${now}))::int
        as "meetingsHeld"
    from concern_report_meetings m
    join concern_reports r on r.id = m.report_id
    join organisations s on s.id = r.school_id
    where ${inPeriod(sql`m.proposed_at`, period)}
      and ${schoolCondition(sql`r.school_id`, sql`r.district_id`, sql`s.operator_type`, scope, narrowing)}
    group by ${group.keys}`;
}

/** Consultations asked in the period: answered, and the working days to the first answer. */
export function consultationQuery(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  today: string,
  grouping: Grouping,
) {
  const calendarEnd = [addToDate(period.to, { days: 1 }), today].sort().at(-1)!;
  const group = groupBy(grouping, "c.asked_at", "c.district_id", "c.school_id");
  return sql`
    with ${calendar(period.from, calendarEnd)}
    select ${group.select},
      count(*)::int as "consultationsAsked",
      count(answer.first_at)::int as "consultationsAnswered",
      ${medianOf(grouping, sql`answered_day.wd - asked_day.wd`, sql`answer.first_at is not null`)}
        as "medianAnswerWorkingDays"
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
    group by ${group.keys}`;
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
  grouping: Exclude<Grouping, "term">,
): Promise<ConsentFigureRow[]> {
  const result = await sql<ConsentFigureRow>`
    with links as (${consentLinkQuery(scope, narrowing, period, grouping)}),
    refused_cards as (${withoutBasisQuery(scope, narrowing, period, grouping)})
    select coalesce(l."groupId", rc."groupId") as "groupId",
      coalesce(l."linksSent", 0) as "linksSent", coalesce(l."answered", 0) as "answered",
      coalesce(l."given", 0) as "given", coalesce(l."refused", 0) as "refused",
      coalesce(rc."withoutBasis", 0) as "withoutBasis"
    from links l full join refused_cards rc on rc."groupId" = l."groupId"`.execute(db);
  return result.rows;
}

/** Consent asked for by link in the period: sent, answered, given, refused. */
export function consentLinkQuery(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  grouping: Grouping,
) {
  const group = groupBy(grouping, "cr.sent_at", "cr.district_id", "cr.school_id");
  return sql`
    select ${group.select},
      count(*)::int as "linksSent",
      (count(*) filter (where cr.answered_at is not null))::int as "answered",
      (count(*) filter (where cr.answer = 'given'))::int as "given",
      (count(*) filter (where cr.answer = 'refused'))::int as "refused"
    from consent_requests cr
    join organisations s on s.id = cr.school_id
    where ${inPeriod(sql`cr.sent_at`, period)}
      and ${schoolCondition(sql`cr.school_id`, sql`cr.district_id`, sql`s.operator_type`, scope, narrowing)}
    group by ${group.keys}`;
}

/** Planned school cards not requested in the period for want of consent or a legal basis. */
export function withoutBasisQuery(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Pick<Period, "from" | "to">,
  grouping: Grouping,
) {
  const group = groupBy(grouping, "sch.sent_at", "ch.district_id", "ch.school_id");
  return sql`
    select ${group.select}, count(*)::int as "withoutBasis"
    from school_card_schedules sch
    join children ch on ch.id = sch.child_id
    join organisations s on s.id = ch.school_id
    where sch.outcome = 'refused' and ${inPeriod(sql`sch.sent_at`, period)}
      and ${schoolCondition(sql`ch.school_id`, sql`ch.district_id`, sql`s.operator_type`, scope, narrowing)}
    group by ${group.keys}`;
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
      select (select count(*) from organisations s
          where s.kind = 'school' and s.deactivated_at is null and ${where})::int as "schools",
        (select count(*) from contact_assignments ca
          join organisations s on s.id = ca.school_id
          where s.kind = 'school' and s.deactivated_at is null and ${where}
            and ${inPeriod(sql`ca.valid_from`, { from: `${year}-01-01`, to: `${year}-12-31` })}
            and exists (select 1 from contact_assignments earlier
              where earlier.school_id = ca.school_id and earlier.valid_from < ca.valid_from)
        )::int as "changes"`.execute(db),
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
  grouping: Exclude<Grouping, "term">,
): Promise<MeetingFigureRow[]> {
  const group = groupBy(grouping, "m.planned_on", "m.district_id", "m.school_id");
  const result = await sql<MeetingFigureRow>`
    select ${group.select},
      count(*)::int as "planned",
      (count(*) filter (where m.held_on is not null))::int as "held"
    from cooperation_meetings m
    join organisations s on s.id = m.school_id
    where m.planned_on between ${period.from}::date and ${period.to}::date
      and ${schoolCondition(sql`m.school_id`, sql`m.district_id`, sql`s.operator_type`, scope, narrowing)}
    group by 1`.execute(db);
  return result.rows;
}
