/**
 * The reports module's shared pieces, internal to the folder: the context every call takes, the
 * report row as the scoped queries read it, the columns its deadlines are worked out from, the
 * timeline events and audit lines every step writes, the scope checks of the two sides, and the
 * reads both report pages show (meetings, notes, timeline, the last forwarding).
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { ConcernReportEventKind, Database, ReportMeetingStatus } from "~db/schema";
import { maySubmitReport } from "./policy";
import { reportDraftSchema, type ReportFormValues } from "./schema";

export type Executor = Kysely<Database> | Transaction<Database>;

export interface ReportContext {
  requestId?: string | null;
  now?: Date;
  /** The new-report form's one-time key: a double submit finds the report it already made. */
  submissionKey?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Shared reads

const reportColumns = [
  "r.id",
  "r.reference",
  "r.status",
  "r.schoolId",
  "r.districtId",
  "r.createdBy",
  "r.createdAt",
  "r.content",
  "r.version",
  "r.savedAt",
  "r.cosignRequired",
  "r.wantsFeedback",
  "r.wantsMeeting",
  "r.submittedAt",
  "r.cosignedBy",
  "r.cosignedAt",
  "r.receivedAt",
  "r.arrivedAt",
  "r.protectionAssessedAt",
  "r.acknowledgedAt",
  "r.contactName",
  "r.contactPhone",
  "r.feedbackRequestedAt",
  "r.decisionOutcome",
  "r.decisionOn",
  "r.decisionRecordedAt",
  "r.feedbackGivenAt",
  "r.feedbackWithheldAt",
  "r.feedbackWithheldReason",
  "r.closedAt",
] as const;

/** What a report's deadlines are worked out from (reportDeadlines, inboxState), and nothing more. */
export const reportTimeColumns = [
  "r.status",
  "r.receivedAt",
  "r.arrivedAt",
  "r.acknowledgedAt",
  "r.feedbackRequestedAt",
  "r.decisionOutcome",
  sql<string | null>`to_char(r.decision_on, 'YYYY-MM-DD')`.as("decisionOn"),
  "r.feedbackGivenAt",
  "r.feedbackWithheldAt",
  "r.decisionRecordedAt",
] as const;

/**
 * The district the school sees its report at: the current one, unless the report was forwarded
 * with the destination hidden from the school (protected personal data), in which case the
 * district it was forwarded from the first such time.
 */
export const schoolVisibleDistrictId = sql<string>`coalesce((select f.from_district_id
  from concern_report_forwards f where f.report_id = r.id and f.hidden_from_school
  order by f.forwarded_at limit 1), r.district_id)`;

export async function reportRow(executor: Executor, reportId: string, lock = false) {
  let query = executor
    .selectFrom("concernReports as r")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .innerJoin("organisations as d", "d.id", "r.districtId")
    .innerJoin("users as author", "author.id", "r.createdBy")
    .select(reportColumns)
    .select([
      "s.name as schoolName",
      "s.reportStudentHealthAccess",
      "d.name as districtName",
      "d.intakePhone",
      "d.intakeEmail",
      "d.outOfHoursPhone",
      "author.name as authorName",
      sql<string>`to_char(r.decision_on, 'YYYY-MM-DD')`.as("decisionOnText"),
      schoolVisibleDistrictId.as("schoolVisibleDistrictId"),
      sql<boolean>`exists (select 1 from concern_report_forwards f
        where f.report_id = r.id and f.hidden_from_school)`.as("hiddenFromSchool"),
    ])
    .where("r.id", "=", reportId);
  if (lock) query = query.forUpdate("r");
  return query.executeTakeFirst();
}
export type ReportRow = NonNullable<Awaited<ReturnType<typeof reportRow>>>;

export function times(row: ReportRow) {
  return {
    status: row.status,
    receivedAt: row.receivedAt,
    arrivedAt: row.arrivedAt,
    acknowledgedAt: row.acknowledgedAt,
    feedbackRequestedAt: row.feedbackRequestedAt,
    decisionOutcome: row.decisionOutcome,
    decisionOn: row.decisionOnText,
    decisionRecordedAt: row.decisionRecordedAt,
    feedbackGivenAt: row.feedbackGivenAt,
    feedbackWithheldAt: row.feedbackWithheldAt,
  };
}

/** The report as the school's form reads it; unknown keys and wrong types are dropped. */
export function contentOf(row: { content: Record<string, unknown> }): ReportFormValues {
  const parsed = reportDraftSchema.safeParse(row.content);
  return (parsed.success ? parsed.data : reportDraftSchema.parse({})) as ReportFormValues;
}

/** The list label of a child's name as childNameColumn reads it. */
export function childLabelOf(childName: string | null): string {
  return childName || "Barnet är okänt";
}

/**
 * The child's name from `r.content`, for lists that show the name and nothing else of what the
 * school wrote: the same as childLabel(contentOf(row)) gives (null when the child is unknown or
 * the name is empty), without sending every report's whole content to be parsed. The content is
 * stored as the form's schema parsed it (a trimmed string, a boolean), so the name needs no more
 * than the checkbox's accepted forms.
 */
export const childNameColumn = sql<string | null>`case
  when jsonb_typeof(r.content -> 'childName') = 'string'
    and not coalesce(r.content -> 'childUnknown' in ('true', '"on"', '"true"'), false)
  then nullif(btrim(r.content ->> 'childName'), '') end`;

export async function addEvent(
  executor: Executor,
  actor: Actor,
  reportId: string,
  kind: ConcernReportEventKind,
  details?: Record<string, unknown>,
  at?: Date,
) {
  await executor
    .insertInto("concernReportEvents")
    .values({
      reportId,
      kind,
      ...(at ? { occurredAt: at } : {}),
      actorUserId: actor.user.id,
      actorName: actor.user.name,
      actorOrganisationId: actor.membership.organisationId,
      actorOrganisationName: actor.membership.organisationName,
      details: details ? JSON.stringify(details) : null,
    })
    .execute();
}

export async function audit(
  executor: Executor,
  actor: Actor,
  reportId: string,
  action: "read" | "create" | "update" | "disclose",
  purpose: string,
  context: ReportContext,
  details?: Record<string, unknown>,
) {
  await recordAudit(executor, actor, {
    action,
    recordType: "concernReport",
    recordId: reportId,
    purpose,
    requestId: context.requestId ?? null,
    details,
  });
}

export function requireReporter(actor: Actor): string {
  if (actor.membership.organisationKind !== "school" || !maySubmitReport(actor.membership)) {
    throw new NotFoundError();
  }
  return actor.membership.organisationId;
}

export function requireDistrictSide(actor: Actor): string {
  const role = actor.membership.role;
  if (role !== "intakeOfficer" && role !== "districtManager") throw new NotFoundError();
  return actor.membership.organisationId;
}

export interface TimelineEntry {
  kind: ConcernReportEventKind;
  at: Date;
  actorName: string;
  organisationId: string;
  organisationName: string;
  details: Record<string, unknown> | null;
}

export interface MeetingView {
  id: string;
  startsAt: Date;
  place: string;
  status: ReportMeetingStatus;
  answerNote: string | null;
  answeredAt: Date | null;
}

export async function meetingsOf(executor: Executor, reportId: string): Promise<MeetingView[]> {
  return executor
    .selectFrom("concernReportMeetings")
    .select(["id", "startsAt", "place", "status", "answerNote", "answeredAt"])
    .where("reportId", "=", reportId)
    .where("status", "<>", "withdrawn")
    .orderBy("proposedAt", "desc")
    .execute();
}

export async function notesOf(executor: Executor, reportId: string) {
  return executor
    .selectFrom("concernReportNotes as n")
    .innerJoin("users as u", "u.id", "n.writtenBy")
    .select(["n.id", "n.body", "n.writtenAt", "u.name as authorName"])
    .where("n.reportId", "=", reportId)
    .orderBy("n.writtenAt")
    .execute();
}

export async function timelineOf(
  executor: Executor,
  reportId: string,
  kinds: readonly ConcernReportEventKind[] | null,
): Promise<TimelineEntry[]> {
  let query = executor
    .selectFrom("concernReportEvents")
    .select([
      "kind",
      "occurredAt as at",
      "actorName",
      "actorOrganisationId as organisationId",
      "actorOrganisationName as organisationName",
      "details",
    ])
    .where("reportId", "=", reportId)
    .orderBy("seq");
  if (kinds) query = query.where("kind", "in", kinds);
  return query.execute();
}

export async function lastForward(executor: Executor, reportId: string) {
  return executor
    .selectFrom("concernReportForwards as f")
    .innerJoin("organisations as d", "d.id", "f.fromDistrictId")
    .select(["d.name as districtName", "f.forwardedAt as at", "f.reason"])
    .where("f.reportId", "=", reportId)
    .orderBy("f.forwardedAt", "desc")
    .executeTakeFirst();
}
