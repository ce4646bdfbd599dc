/**
 * Intake's inbox, internal to the reports module: the district's open reports by view with their
 * deadlines, the closed and forwarded ones a page at a time, the start page's counts, and the
 * open reports' times the morning reminder reads.
 *
 * What a view costs grows with what it shows, not with the district's years of reports: every
 * list is one indexed query that selects the columns shown (the child's name, not the report's
 * whole content; each report's latest note by the notes' index, for the listed rows only), the
 * closed and forwarded views are paged in SQL, and the counts are aggregates. The overdue count
 * and the open views' counts come from the open reports' times: the open reports are the working
 * set, and their deadlines are counted in Swedish working days by policy.ts, which SQL does not
 * repeat. A view costs the same few statements however many reports it lists.
 */
import { sql, type SqlBool } from "kysely";
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { recordAuditMany } from "~/modules/audit/audit.server";
import { db } from "~db/client.server";
import {
  INBOX_PAGE_SIZE,
  INBOX_VIEWS,
  inboxState,
  inboxView,
  isOverdue,
  reportDeadlines,
  type InboxState,
  type InboxViewKey,
  type ReportDeadlines,
  type ReportTimes,
} from "./policy";
import {
  childNameColumn,
  childLabelOf,
  reportTimeColumns,
  requireDistrictSide,
  type Executor,
  type ReportContext,
} from "./shared.server";

interface InboxItem {
  id: string;
  reference: string;
  schoolName: string;
  childLabel: string;
  receivedAt: Date;
  /** Whole days since receipt. */
  ageDays: number;
  state: InboxState;
  deadlines: ReportDeadlines;
  overdue: boolean;
  wantsMeeting: boolean;
  /** The school's latest addition, if any. */
  lastNoteAt: Date | null;
  closedAt: Date | null;
}

interface ForwardedItem {
  reportId: string;
  reference: string | null;
  schoolName: string;
  toDistrictName: string;
  reason: string;
  forwardedAt: Date;
}

export interface Inbox {
  view: InboxViewKey;
  /** The view's reports: every open one in it, oldest first, or a page of closed, newest first. */
  items: InboxItem[];
  /** The view "vidarebefordrade": a page of the reports the district sent on, newest first. */
  forwarded: ForwardedItem[];
  /** How many reports each view holds. */
  counts: Record<InboxViewKey, number>;
  /** Open reports past a deadline, whatever the view. */
  overdueCount: number;
  page: number;
  pageCount: number;
}

/**
 * The district's inbox, one view of it: the open reports in it, or a page of the closed or the
 * forwarded ones, with what every view holds and how many are overdue. Only the reports listed
 * are logged as read, in one statement.
 */
export async function listInbox(
  actor: Actor,
  context: ReportContext = {},
  options: { view?: string | null; page?: number; pageSize?: number } = {},
): Promise<Inbox> {
  const districtId = requireDistrictSide(actor);
  const now = context.now ?? new Date();
  const view = inboxView(options.view);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? INBOX_PAGE_SIZE) || 1);

  const { counts, overdueCount } = await inboxFigures(districtId, stockholmDate(now));
  const paged = view.states === "forwarded" || view.key === "avslutade";
  const pageCount = paged ? Math.max(1, Math.ceil(counts[view.key] / pageSize)) : 1;
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1) || 1), pageCount);
  const window = { limit: pageSize, offset: (page - 1) * pageSize };

  let items: InboxItem[] = [];
  let forwarded: ForwardedItem[] = [];
  if (view.states === "forwarded") forwarded = await forwardedPage(districtId, window);
  else if (view.key === "avslutade") items = await closedPage(districtId, window, now);
  else items = await openItems(districtId, view.states, now);

  // What is listed is read: a forwarding's reason is intake's own words about the report.
  await logInboxRead(
    actor,
    [...items.map((i) => i.id), ...forwarded.map((f) => f.reportId)],
    context,
  );
  return { view: view.key, items, forwarded, counts, overdueCount, page, pageCount };
}

// ---------------------------------------------------------------------------------------------
// The counts

/**
 * How many reports each view holds, and how many open ones are overdue: the closed and the
 * forwarded counted in SQL (they pile up over the years), the open ones from their times.
 */
async function inboxFigures(districtId: string, today: string) {
  const open = await openReportTimes(db, districtId);
  const piled = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom("concernReports")
        .select(eb.fn.countAll<string>().as("n"))
        .where("districtId", "=", districtId)
        .where("status", "=", "closed")
        .as("closed"),
      eb
        .selectFrom("concernReportForwards")
        .select(eb.fn.countAll<string>().as("n"))
        .where("fromDistrictId", "=", districtId)
        .as("forwarded"),
    ])
    .executeTakeFirstOrThrow();
  const openStates = open.map((row) => inboxState(row));
  const counts = Object.fromEntries(
    INBOX_VIEWS.map((v) => [
      v.key,
      v.states === "forwarded"
        ? Number(piled.forwarded)
        : v.key === "avslutade"
          ? Number(piled.closed)
          : openStates.filter((state) => (v.states as readonly InboxState[]).includes(state))
              .length,
    ]),
  ) as Record<InboxViewKey, number>;
  const overdueCount = open.filter((row) => isOverdue(reportDeadlines(row, today))).length;
  return { counts, overdueCount };
}

/**
 * The open reports' times, for their deadlines: of one district, or of every active district
 * (the morning reminder). No content.
 */
export async function openReportTimes(executor: Executor, districtId?: string) {
  let query = executor
    .selectFrom("concernReports as r")
    .innerJoin("organisations as d", "d.id", "r.districtId")
    .select([...reportTimeColumns, "r.districtId"])
    .where("r.status", "=", "received")
    .where("d.deactivatedAt", "is", null);
  if (districtId) query = query.where("r.districtId", "=", districtId);
  return query.execute();
}

/** How many reports wait for the actor: intake's overdue and new items, for the start page. */
export async function inboxSummary(actor: Actor, context: ReportContext = {}) {
  const districtId = requireDistrictSide(actor);
  const rows = await openReportTimes(db, districtId);
  const today = stockholmDate(context.now ?? new Date());
  let overdue = 0;
  let unacknowledged = 0;
  let feedbackRequested = 0;
  for (const row of rows) {
    const d = reportDeadlines(row, today);
    if (isOverdue(d)) overdue++;
    if (!row.acknowledgedAt) unacknowledged++;
    if (row.feedbackRequestedAt && !row.feedbackGivenAt && !row.feedbackWithheldAt) {
      feedbackRequested++;
    }
  }
  return { open: rows.length, overdue, unacknowledged, feedbackRequested };
}

// ---------------------------------------------------------------------------------------------
// The lists

/**
 * A report's place in the inbox in SQL, the same as policy.ts's inboxState (a test holds the
 * two together), so that a view filters its open reports in the query.
 */
const inboxStateSql = sql<InboxState>`case
  when r.status = 'closed' then 'closed'
  when r.feedback_given_at is not null then 'feedbackGiven'
  when r.feedback_withheld_at is not null then 'feedbackWithheld'
  when r.feedback_requested_at is not null then 'feedbackRequested'
  when r.acknowledged_at is not null then 'acknowledged'
  else 'new' end`;

/**
 * What a listed report shows: no content but the child's name, and the school's latest note,
 * found by the notes' index (report, time) for each listed report only.
 */
const listedColumns = [
  ...reportTimeColumns,
  "r.id",
  "r.reference",
  "r.wantsMeeting",
  "r.closedAt",
  childNameColumn.as("childName"),
  "s.name as schoolName",
  sql<Date | null>`(select n.written_at from concern_report_notes n
    where n.report_id = r.id order by n.written_at desc limit 1)`.as("lastNoteAt"),
] as const;

/** The open reports in the view's states, oldest first: the working set, listed whole. */
async function openItems(districtId: string, states: readonly InboxState[], now: Date) {
  const rows = await db
    .selectFrom("concernReports as r")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .select(listedColumns)
    .where("r.districtId", "=", districtId)
    .where("r.status", "=", "received")
    .where(sql<SqlBool>`${inboxStateSql} in (${sql.join(states.map((s) => sql.lit(s)))})`)
    .orderBy("r.receivedAt")
    .orderBy("r.id")
    .execute();
  const today = stockholmDate(now);
  return rows.map((row) => toItem(row, now, today));
}

/**
 * A page of the district's closed reports, newest first. The page's ids are cut from the index
 * alone (closed reports never change, so it is read without the table), and only they are
 * joined: a late page costs little more than the first.
 */
async function closedPage(
  districtId: string,
  window: { limit: number; offset: number },
  now: Date,
) {
  const rows = await db
    .with("page", (qb) =>
      qb
        .selectFrom("concernReports")
        .select("id")
        .where("districtId", "=", districtId)
        .where("status", "=", "closed")
        .orderBy("closedAt", "desc")
        .orderBy("id")
        .limit(window.limit)
        .offset(window.offset),
    )
    .selectFrom("page")
    .innerJoin("concernReports as r", "r.id", "page.id")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .select(listedColumns)
    .orderBy("r.closedAt", "desc")
    .orderBy("r.id")
    .execute();
  const today = stockholmDate(now);
  return rows.map((row) => toItem(row, now, today));
}

/** A page of the reports the district sent on, newest first, cut before it is joined. */
async function forwardedPage(
  districtId: string,
  window: { limit: number; offset: number },
): Promise<ForwardedItem[]> {
  return db
    .with("page", (qb) =>
      qb
        .selectFrom("concernReportForwards as f")
        .select(["f.reportId", "f.toDistrictId", "f.reason", "f.forwardedAt"])
        .where("f.fromDistrictId", "=", districtId)
        .orderBy("f.forwardedAt", "desc")
        .orderBy("f.reportId")
        .limit(window.limit)
        .offset(window.offset),
    )
    .selectFrom("page as f")
    .innerJoin("concernReports as r", "r.id", "f.reportId")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .innerJoin("organisations as d", "d.id", "f.toDistrictId")
    .select([
      "f.reportId",
      "r.reference",
      "s.name as schoolName",
      "d.name as toDistrictName",
      "f.reason",
      "f.forwardedAt",
    ])
    .orderBy("f.forwardedAt", "desc")
    .orderBy("f.reportId")
    .execute();
}

interface ListedRow extends ReportTimes {
  id: string;
  reference: string | null;
  wantsMeeting: boolean;
  closedAt: Date | null;
  childName: string | null;
  schoolName: string;
  lastNoteAt: Date | null;
}

function toItem(row: ListedRow, now: Date, today: string): InboxItem {
  const deadlines = reportDeadlines(row, today);
  const receivedAt = row.receivedAt!;
  return {
    id: row.id,
    reference: row.reference!,
    schoolName: row.schoolName,
    childLabel: childLabelOf(row.childName),
    receivedAt,
    ageDays: Math.max(0, Math.floor((now.getTime() - receivedAt.getTime()) / 86_400_000)),
    state: inboxState(row),
    deadlines,
    overdue: isOverdue(deadlines),
    wantsMeeting: row.wantsMeeting,
    lastNoteAt: row.lastNoteAt ? new Date(row.lastNoteAt) : null,
    closedAt: row.closedAt,
  };
}

/** The listed reports as read, in one statement whatever their number. */
async function logInboxRead(actor: Actor, reportIds: string[], context: ReportContext) {
  await recordAuditMany(
    db,
    actor,
    [...new Set(reportIds)].map((id) => ({
      action: "read" as const,
      recordType: "concernReport",
      recordId: id,
      purpose: "Mottagningens inkorg",
      requestId: context.requestId ?? null,
    })),
  );
}
