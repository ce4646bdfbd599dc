/**
 * The follow-up's night count (issue 18, migration 0025): the figures of the last twelve terms
 * counted once, per term, school and district, by the same queries the page runs live
 * (figures.server.ts with the "term" grouping), and the page's figures for a term, a school year
 * or a calendar year read from it: sums of counts, and medians over the kept values. At national
 * scale a live page aggregated a term's 100 000 reports several times over (13 s); the count is
 * read in milliseconds. A range of dates, or a term the count does not cover, is counted live.
 *
 * The count holds counts per organisation only: no child, no report, no text.
 */
import { sql, type RawBuilder, type Transaction } from "kysely";
import { stockholmDate } from "~/lib/dates";
import { getBoss } from "~/lib/jobs.server";
import { logger } from "~/lib/logger.server";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";
import {
  cardFigures,
  cardQuery,
  consentFigures,
  consentLinkQuery,
  contactFigures,
  consultationQuery,
  forwardQuery,
  meetingProposalQuery,
  reportFigures,
  reportQuery,
  schoolCondition,
  withoutBasisQuery,
  type CardFigureRow,
  type ConsentFigureRow,
  type ContactFigureRow,
  type ReportFigureRow,
} from "./figures.server";
import { lastTerms, termOf, termOrdinal, termPeriod, termsOf, type Period } from "./period";
import { liveTrend, type TrendPoint } from "./trend.server";
import type { FollowUpNarrowing, FollowUpScope } from "./policy";

/** Six years: every period the page offers, the one before it and its six-term trend. */
const TERMS_KEPT = 12;

export interface RollupState {
  refreshedAt: Date;
  firstTerm: string;
  lastTerm: string;
}

/** The count's columns: counts, added up over schools and terms. */
const COUNTS = [
  "cards_requested",
  "cards_returned",
  "cards_returned_on_time",
  "cards_due",
  "cards_completion_asked",
  "cards_stopped",
  "reports_received",
  "reports_acknowledged_on_time",
  "reports_decided",
  "reports_decided_in_time",
  "feedback_asked",
  "feedback_given",
  "feedback_in_time",
  "feedback_withheld",
  "reports_forwarded",
  "meetings_proposed",
  "meetings_held",
  "consultations_asked",
  "consultations_answered",
  "links_sent",
  "links_answered",
  "links_given",
  "links_refused",
  "cards_without_basis",
];
/** The values medians are taken of, joined over schools and terms. */
const KEPT_VALUES = ["card_days", "answer_working_days"];

/**
 * The count to read: per district (and operator type) where the page asks for no school's
 * rows and names no school, else per school. Either way as `f`, with the scope's and the narrowing's condition.
 */
function countedRows(scope: FollowUpScope, narrowing: FollowUpNarrowing, schoolRows: boolean) {
  if (!schoolRows && scope.kind !== "school" && !narrowing.schoolId) {
    return {
      from: sql`follow_up_district_figures f`,
      where: schoolCondition(sql`null`, sql`f.district_id`, sql`f.operator_type`, scope, narrowing),
      bySchool: false,
    };
  }
  // The operator type is the school's; the join is made only when the page narrows by it.
  return {
    from: narrowing.operatorType
      ? sql`follow_up_term_figures f join organisations s on s.id = f.school_id`
      : sql`follow_up_term_figures f`,
    where: schoolCondition(
      sql`f.school_id`,
      sql`f.district_id`,
      narrowing.operatorType ? sql`s.operator_type` : sql`null`,
      scope,
      narrowing,
    ),
    bySchool: true,
  };
}

/** Which count's column each figure of a query goes to. */
type Columns = Record<string, string>;

async function upsert(trx: Transaction<Database>, query: RawBuilder<unknown>, columns: Columns) {
  const entries = Object.entries(columns);
  const quoted = (name: string) => sql.raw(`"${name}"`);
  await sql`
    insert into follow_up_term_figures (term, school_id, district_id,
      ${sql.join(entries.map(([, column]) => quoted(column)))})
    select q."term", q."schoolId", q."districtId",
      ${sql.join(entries.map(([figure]) => sql`q.${quoted(figure)}`))}
    from (${query}) q
    on conflict (term, school_id, district_id) do update set
      ${sql.join(entries.map(([, column]) => sql`${quoted(column)} = excluded.${quoted(column)}`))}
  `.execute(trx);
}

/**
 * Counts the last twelve terms again, as of `now`: what is due, held or late is decided at this
 * moment, as a live page at the same moment would. One transaction: a page reads the old count
 * or the new one, never half of each; and one count at a time.
 */
export async function refreshFollowUpFigures(now: Date): Promise<RollupState> {
  const today = stockholmDate(now);
  const terms = lastTerms(termOf(today), TERMS_KEPT);
  const span = { from: termPeriod(terms[0]!)!.from, to: termPeriod(terms.at(-1)!)!.to };
  const all: FollowUpScope = { kind: "municipality" };
  const none: FollowUpNarrowing = { districtId: "", schoolId: "", operatorType: "" };
  const state = { refreshedAt: now, firstTerm: terms[0]!, lastTerm: terms.at(-1)! };
  await db.transaction().execute(async (trx) => {
    // One count at a time: two portal processes may both start one, and the night's job may
    // meet a first count still running. The second waits, then counts again on its own.
    await sql`select pg_advisory_xact_lock(hashtext('follow-up-count'))`.execute(trx);
    await sql`delete from follow_up_term_figures`.execute(trx);
    await sql`delete from follow_up_district_figures`.execute(trx);
    await upsert(trx, cardQuery(all, none, span, today, "term"), {
      requested: "cards_requested",
      returned: "cards_returned",
      returnedOnTime: "cards_returned_on_time",
      due: "cards_due",
      medianDays: "card_days",
      completionAsked: "cards_completion_asked",
      stopped: "cards_stopped",
    });
    await upsert(trx, reportQuery(all, none, span, today, "term"), {
      received: "reports_received",
      acknowledgedOnTime: "reports_acknowledged_on_time",
      decided: "reports_decided",
      decidedInTime: "reports_decided_in_time",
      feedbackAsked: "feedback_asked",
      feedbackGiven: "feedback_given",
      feedbackInTime: "feedback_in_time",
      feedbackWithheld: "feedback_withheld",
    });
    await upsert(trx, forwardQuery(all, none, span, "term"), { forwarded: "reports_forwarded" });
    await upsert(trx, meetingProposalQuery(all, none, span, now, "term"), {
      meetingsProposed: "meetings_proposed",
      meetingsHeld: "meetings_held",
    });
    await upsert(trx, consultationQuery(all, none, span, today, "term"), {
      consultationsAsked: "consultations_asked",
      consultationsAnswered: "consultations_answered",
      medianAnswerWorkingDays: "answer_working_days",
    });
    await upsert(trx, consentLinkQuery(all, none, span, "term"), {
      linksSent: "links_sent",
      answered: "links_answered",
      given: "links_given",
      refused: "links_refused",
    });
    await upsert(trx, withoutBasisQuery(all, none, span, "term"), {
      withoutBasis: "cards_without_basis",
    });
    const columns = [...COUNTS, ...KEPT_VALUES].map((c) => sql.raw(c));
    await sql`
      insert into follow_up_district_figures (term, district_id, operator_type, ${sql.join(columns)})
      select f.term, f.district_id, coalesce(s.operator_type, ''),
        ${sql.join(COUNTS.map((c) => sql.raw(`sum(f.${c})`)))},
        ${sql.join(KEPT_VALUES.map((c) => sql.raw(`array_cat_agg(f.${c})`)))}
      from follow_up_term_figures f join organisations s on s.id = f.school_id
      group by 1, 2, 3
    `.execute(trx);
    await sql`analyze follow_up_term_figures`.execute(trx);
    await sql`analyze follow_up_district_figures`.execute(trx);
    await sql`
      insert into follow_up_rollup (id, refreshed_at, first_term, last_term)
      values (1, ${now}, ${state.firstTerm}, ${state.lastTerm})
      on conflict (id) do update set refreshed_at = excluded.refreshed_at,
        first_term = excluded.first_term, last_term = excluded.last_term
    `.execute(trx);
  });
  return state;
}

export async function rollupState(): Promise<RollupState | null> {
  const result = await sql<RollupState>`
    select refreshed_at as "refreshedAt", first_term as "firstTerm", last_term as "lastTerm"
    from follow_up_rollup where id = 1`.execute(db);
  return result.rows[0] ?? null;
}

/** Whether the count holds every one of the terms. */
export function covers(state: RollupState | null, terms: string[]): state is RollupState {
  if (!state) return false;
  const first = termOrdinal(state.firstTerm);
  const last = termOrdinal(state.lastTerm);
  return terms.every((t) => termOrdinal(t) >= first && termOrdinal(t) <= last);
}

/** Every figure of a period that the count holds: the tables' rows and their totals. */
export interface PeriodFigures {
  cards: CardFigureRow[];
  cardTotal: CardFigureRow[];
  reports: ReportFigureRow[];
  reportTotal: ReportFigureRow[];
  contacts: ContactFigureRow[];
  contactTotal: ContactFigureRow[];
  consents: ConsentFigureRow[];
  consentTotal: ConsentFigureRow[];
}

type Summed = CardFigureRow &
  Omit<ReportFigureRow, "groupId"> &
  Omit<ContactFigureRow, "groupId"> &
  Omit<ConsentFigureRow, "groupId" | "answered"> & { linksAnswered: number };

/**
 * Every figure of the period from the count in one statement: one pass over the terms' rows
 * (scope and narrowing first), summed per group and in total (grouping sets), with the medians
 * taken over the kept values. `grouping` "all" gives the totals alone.
 */
async function countedFigures(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  terms: string[],
  grouping: "district" | "school" | "all",
): Promise<Summed[]> {
  // Districts' rows unless the page shows schools (a district manager's, or one narrowed).
  const counted = countedRows(scope, narrowing, grouping === "school");
  const group = grouping === "all" ? sql`null::text` : sql.raw(`f.${grouping}_id::text`);
  const sets = grouping === "all" ? sql`()` : sql`(f.g), ()`;
  const key =
    grouping === "all"
      ? sql`'all'::text`
      : sql`case when grouping(f.g) = 1 then 'all' else f.g end`;
  const median = (column: string) => sql`(
    select ${key} as key, percentile_cont(0.5) within group (order by v) as median
    from f, unnest(f.${sql.raw(column)}) v group by grouping sets (${sets})
  )`;
  const result = await sql<Summed>`
    with f as materialized (
      select ${group} as g, f.* from ${counted.from}
      where f.term = any(${terms}::text[]) and ${counted.where}
    ),
    sums as (
      select ${key} as key,
        sum(f.cards_requested)::int as "requested", sum(f.cards_returned)::int as "returned",
        sum(f.cards_returned_on_time)::int as "returnedOnTime", sum(f.cards_due)::int as "due",
        sum(f.cards_completion_asked)::int as "completionAsked",
        sum(f.cards_stopped)::int as "stopped",
        sum(f.reports_received)::int as "received",
        sum(f.reports_acknowledged_on_time)::int as "acknowledgedOnTime",
        sum(f.reports_decided)::int as "decided",
        sum(f.reports_decided_in_time)::int as "decidedInTime",
        sum(f.feedback_asked)::int as "feedbackAsked",
        sum(f.feedback_given)::int as "feedbackGiven",
        sum(f.feedback_in_time)::int as "feedbackInTime",
        sum(f.feedback_withheld)::int as "feedbackWithheld",
        sum(f.reports_forwarded)::int as "forwarded",
        sum(f.meetings_proposed)::int as "meetingsProposed",
        sum(f.meetings_held)::int as "meetingsHeld",
        sum(f.consultations_asked)::int as "consultationsAsked",
        sum(f.consultations_answered)::int as "consultationsAnswered",
        sum(f.links_sent)::int as "linksSent", sum(f.links_answered)::int as "linksAnswered",
        sum(f.links_given)::int as "given", sum(f.links_refused)::int as "refused",
        sum(f.cards_without_basis)::int as "withoutBasis"
      from f group by grouping sets (${sets})
    )
    select sums.key as "groupId", sums.*, cm.median as "medianDays",
      am.median as "medianAnswerWorkingDays"
    from sums
    left join ${median("card_days")} cm on cm.key = sums.key
    left join ${median("answer_working_days")} am on am.key = sums.key`.execute(db);
  return result.rows.map((r) => ({
    ...r,
    medianDays: numberOrNull(r.medianDays),
    medianAnswerWorkingDays: numberOrNull(r.medianAnswerWorkingDays),
  }));
}

const numberOrNull = (value: unknown) => (value === null ? null : Number(value));

/** The summed rows split by figure, each kept where the live query would have a row. */
function split(
  rows: Summed[],
): Omit<PeriodFigures, "cardTotal" | "reportTotal" | "contactTotal" | "consentTotal"> {
  return {
    cards: rows
      .filter((r) => r.requested > 0)
      .map((r) => ({
        groupId: r.groupId,
        requested: r.requested,
        returned: r.returned,
        returnedOnTime: r.returnedOnTime,
        due: r.due,
        medianDays: r.medianDays,
        completionAsked: r.completionAsked,
        stopped: r.stopped,
      })),
    reports: rows
      .filter((r) => r.received > 0 || r.forwarded > 0)
      .map((r) => ({
        groupId: r.groupId,
        received: r.received,
        acknowledgedOnTime: r.acknowledgedOnTime,
        decided: r.decided,
        decidedInTime: r.decidedInTime,
        feedbackAsked: r.feedbackAsked,
        feedbackGiven: r.feedbackGiven,
        feedbackInTime: r.feedbackInTime,
        feedbackWithheld: r.feedbackWithheld,
        forwarded: r.forwarded,
      })),
    contacts: rows
      .filter((r) => r.meetingsProposed > 0 || r.consultationsAsked > 0)
      .map((r) => ({
        groupId: r.groupId,
        meetingsProposed: r.meetingsProposed,
        meetingsHeld: r.meetingsHeld,
        consultationsAsked: r.consultationsAsked,
        consultationsAnswered: r.consultationsAnswered,
        medianAnswerWorkingDays: r.medianAnswerWorkingDays,
      })),
    consents: rows
      .filter((r) => r.linksSent > 0 || r.withoutBasis > 0)
      .map((r) => ({
        groupId: r.groupId,
        linksSent: r.linksSent,
        answered: r.linksAnswered,
        given: r.given,
        refused: r.refused,
        withoutBasis: r.withoutBasis,
      })),
  };
}

async function countedPeriod(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  terms: string[],
  grouping: "district" | "school" | "all",
): Promise<PeriodFigures> {
  const rows = await countedFigures(scope, narrowing, terms, grouping);
  const groups = split(rows.filter((r) => r.groupId !== "all"));
  const total = split(rows.filter((r) => r.groupId === "all"));
  return {
    ...(grouping === "all" ? total : groups),
    cardTotal: total.cards,
    reportTotal: total.reports,
    contactTotal: total.contacts,
    consentTotal: total.consents,
  };
}

/** The trend's six terms from the count. */
async function rollupTrend(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  lastTerm: string,
): Promise<TrendPoint[]> {
  const terms = lastTerms(lastTerm, 6);
  const counted = countedRows(scope, narrowing, false);
  const result = await sql<TrendPoint>`
    with f as (
      select f.term, f.cards_requested, f.cards_due, f.cards_returned_on_time,
        f.reports_received, f.reports_acknowledged_on_time
      from ${counted.from}
      where f.term = any(${terms}::text[]) and ${counted.where}
    )
    select t.term, coalesce(sum(f.cards_requested), 0)::int as "requested",
      coalesce(sum(f.cards_due), 0)::int as "due",
      coalesce(sum(f.cards_returned_on_time), 0)::int as "returnedOnTime",
      coalesce(sum(f.reports_received), 0)::int as "received",
      coalesce(sum(f.reports_acknowledged_on_time), 0)::int as "acknowledgedOnTime"
    from unnest(${terms}::text[]) with ordinality as t(term, n)
    left join f on f.term = t.term
    group by t.term, t.n
    order by t.n`.execute(db);
  return result.rows;
}

const FOLLOW_UP_COUNT_QUEUE = "follow-up-count";

/**
 * The night's count at 02:30 in Stockholm, and at once when the portal starts on a database that
 * has none (a new installation, the demo): the page counts live until then.
 */
export async function startFollowUpCountJob(): Promise<void> {
  const boss = await getBoss();
  await boss.createQueue(FOLLOW_UP_COUNT_QUEUE, { retryLimit: 3, retryDelay: 300 });
  await boss.schedule(FOLLOW_UP_COUNT_QUEUE, "30 2 * * *", null, { tz: "Europe/Stockholm" });
  await boss.work(FOLLOW_UP_COUNT_QUEUE, async () => {
    const started = Date.now();
    const state = await refreshFollowUpFigures(new Date());
    logger.info(
      { firstTerm: state.firstTerm, lastTerm: state.lastTerm, ms: Date.now() - started },
      "follow-up figures counted",
    );
  });
  if (!(await rollupState())) {
    await boss.send(FOLLOW_UP_COUNT_QUEUE, null, { singletonKey: "first-count" });
  }
}

/** Where a page's figures come from: the night's count, or live queries at this moment. */
export interface FigureSource {
  /** The moment the figures hold for: the night's count, or now. */
  asOf: Date;
  counted: boolean;
  /**
   * The period's figures per district or school, and in total; consent only when asked for
   * (a principal's page has none).
   */
  figures(
    period: Period,
    grouping: "district" | "school",
    consent: boolean,
  ): Promise<PeriodFigures>;
  /** The period's totals alone, without consent (the period before, for the tiles' change). */
  totals(period: Period): Promise<PeriodFigures>;
  trend(lastTerm: string): Promise<TrendPoint[]>;
}

async function livePeriod(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  period: Period,
  grouping: "district" | "school" | "all",
  now: Date,
  consent: boolean,
): Promise<PeriodFigures> {
  const today = stockholmDate(now);
  const live = (g: "district" | "school" | "all") =>
    Promise.all([
      cardFigures(scope, narrowing, period, today, g),
      reportFigures(scope, narrowing, period, today, g),
      contactFigures(scope, narrowing, period, today, now, g),
      consent ? consentFigures(scope, narrowing, period, g) : Promise.resolve([]),
    ]);
  const [[cards, reports, contacts, consents], totals] = await Promise.all([
    live(grouping),
    grouping === "all" ? null : live("all"),
  ]);
  const [cardTotal, reportTotal, contactTotal, consentTotal] = totals ?? [
    cards,
    reports,
    contacts,
    consents,
  ];
  return {
    cards,
    cardTotal,
    reports,
    reportTotal,
    contacts,
    contactTotal,
    consents,
    consentTotal,
  };
}

/**
 * The night's count when it holds every term the page needs (its period, the period before and
 * the six terms of the trend), else live queries.
 */
export async function figureSource(
  scope: FollowUpScope,
  narrowing: FollowUpNarrowing,
  periods: Period[],
  lastTerm: string,
  now: Date,
): Promise<FigureSource> {
  const needed = periods.map(termsOf);
  const state = needed.every((terms) => terms !== null) ? await rollupState() : null;
  if (covers(state, [...needed.flatMap((t) => t ?? []), ...lastTerms(lastTerm, 6)])) {
    const terms = (period: Period) => termsOf(period)!;
    return {
      asOf: state.refreshedAt,
      counted: true,
      figures: (period, grouping) => countedPeriod(scope, narrowing, terms(period), grouping),
      totals: (period) => countedPeriod(scope, narrowing, terms(period), "all"),
      trend: (last) => rollupTrend(scope, narrowing, last),
    };
  }
  return {
    asOf: now,
    counted: false,
    figures: (period, grouping, consent) =>
      livePeriod(scope, narrowing, period, grouping, now, consent),
    totals: (period) => livePeriod(scope, narrowing, period, "all", now, false),
    trend: (last) => liveTrend(scope, narrowing, last, stockholmDate(now)),
  };
}
