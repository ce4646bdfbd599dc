/**
 * Intake's inbox, internal to the reports module: the district's open reports by view with their
 * deadlines, the closed and forwarded ones a page at a time, the start page's counts, and the
 * open reports' times the morning reminder reads.
 */
import { sql } from "kysely";
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { recordAuditMany } from "~/modules/audit/audit.server";
import { db } from "../../../db/client.server";
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
} from "./policy";
import {
  childLabel,
  contentOf,
  reportTimeColumns,
  requireDistrictSide,
  type Executor,
  type ReportContext,
} from "./shared.server";

export interface InboxItem {
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

export interface ForwardedItem {
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
 * are logged as read.
 */
export async function listInbox(
  actor: Actor,
  context: ReportContext = {},
  options: { view?: string | null; page?: number; pageSize?: number } = {},
): Promise<Inbox> {
  const districtId = requireDistrictSide(actor);
  const now = context.now ?? new Date();
  const today = stockholmDate(now);
  const view = inboxView(options.view);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? INBOX_PAGE_SIZE) || 1);

  const inboxRows = () =>
    db
      .selectFrom("concernReports as r")
      .innerJoin("organisations as s", "s.id", "r.schoolId")
      .select([
        ...reportTimeColumns,
        "r.id",
        "r.reference",
        "r.content",
        "r.wantsMeeting",
        "r.closedAt",
        "s.name as schoolName",
        sql<Date | null>`(select max(n.written_at) from concern_report_notes n
          where n.report_id = r.id)`.as("lastNoteAt"),
      ])
      .where("r.districtId", "=", districtId);
  type Row = Awaited<ReturnType<ReturnType<typeof inboxRows>["execute"]>>[number];
  const toItem = (row: Row): InboxItem => {
    const deadlines = reportDeadlines(row, today);
    const receivedAt = row.receivedAt!;
    return {
      id: row.id,
      reference: row.reference!,
      schoolName: row.schoolName,
      childLabel: childLabel(contentOf(row)),
      receivedAt,
      ageDays: Math.max(0, Math.floor((now.getTime() - receivedAt.getTime()) / 86_400_000)),
      state: inboxState(row),
      deadlines,
      overdue: isOverdue(deadlines),
      wantsMeeting: row.wantsMeeting,
      lastNoteAt: row.lastNoteAt ? new Date(row.lastNoteAt) : null,
      closedAt: row.closedAt,
    };
  };

  // The open reports are the working set: their times give the counts and the overdue.
  const [open, closedCount, forwardedCount] = await Promise.all([
    openReportTimes(db, districtId),
    db
      .selectFrom("concernReports")
      .select(sql<string>`count(*)`.as("n"))
      .where("districtId", "=", districtId)
      .where("status", "=", "closed")
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("concernReportForwards")
      .select(sql<string>`count(*)`.as("n"))
      .where("fromDistrictId", "=", districtId)
      .executeTakeFirstOrThrow(),
  ]);
  const openStates = open.map((row) => inboxState(row));
  const counts = Object.fromEntries(
    INBOX_VIEWS.map((v) => [
      v.key,
      v.states === "forwarded"
        ? Number(forwardedCount.n)
        : v.key === "avslutade"
          ? Number(closedCount.n)
          : openStates.filter((state) => (v.states as readonly InboxState[]).includes(state))
              .length,
    ]),
  ) as Record<InboxViewKey, number>;
  const overdueCount = open.filter((row) => isOverdue(reportDeadlines(row, today))).length;

  const paged = view.key === "avslutade" || view.key === "vidarebefordrade";
  const pageCount = paged ? Math.max(1, Math.ceil(counts[view.key] / pageSize)) : 1;
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1) || 1), pageCount);
  let items: InboxItem[] = [];
  let forwarded: ForwardedItem[] = [];
  if (view.key === "avslutade") {
    const closed = await inboxRows()
      .where("r.status", "=", "closed")
      .orderBy("r.closedAt", "desc")
      .orderBy("r.id")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    items = closed.map(toItem);
  } else if (view.key === "vidarebefordrade") {
    forwarded = await db
      .selectFrom("concernReportForwards as f")
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
      .where("f.fromDistrictId", "=", districtId)
      .orderBy("f.forwardedAt", "desc")
      .orderBy("f.reportId")
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
  } else {
    const states = view.states as readonly InboxState[];
    const rows = await inboxRows()
      .where("r.status", "=", "received")
      .orderBy("r.receivedAt")
      .orderBy("r.id")
      .execute();
    items = rows.map(toItem).filter((i) => states.includes(i.state));
  }
  // What is listed is read: a forwarding's reason is intake's own words about the report.
  const listed = new Set([...items.map((i) => i.id), ...forwarded.map((f) => f.reportId)]);
  await recordAuditMany(
    db,
    actor,
    [...listed].map((id) => ({
      action: "read" as const,
      recordType: "concernReport",
      recordId: id,
      purpose: "Mottagningens inkorg",
      requestId: context.requestId ?? null,
    })),
  );
  return {
    view: view.key,
    items,
    forwarded,
    counts,
    overdueCount,
    page,
    pageCount,
  };
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
