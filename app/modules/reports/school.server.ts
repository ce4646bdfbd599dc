/**
 * The school's side of a sent report, internal to the reports module: the school's list, the
 * report page (with the district the school may see), asking for feedback, answering meeting
 * proposals, dated notes, and the principal's routine for the school's reports.
 */
import { sql } from "kysely";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAuditMany } from "~/modules/audit/audit.server";
import { db } from "~db/client.server";
import type { ConcernReportEventKind, ConcernReportStatus, DecisionOutcome } from "~db/schema";
import { tellIntake } from "./notifications.server";
import {
  maySeeFeedback,
  mayRequestFeedback,
  SCHOOL_REPORTS_PAGE_SIZE,
  schoolSideAccess,
  type SchoolSideAccess,
} from "./policy";
import type { ReportFormValues } from "./schema";
import {
  addEvent,
  audit,
  childLabelOf,
  childNameColumn,
  contentOf,
  lastForward,
  meetingsOf,
  notesOf,
  reportRow,
  requireReporter,
  schoolVisibleDistrictId,
  timelineOf,
  times,
  type Executor,
  type MeetingView,
  type ReportContext,
  type TimelineEntry,
} from "./shared.server";

// ---------------------------------------------------------------------------------------------
// The school: lists and the report page

export interface SchoolReportListItem {
  id: string;
  reference: string | null;
  status: ConcernReportStatus;
  childLabel: string;
  authorName: string;
  isOwn: boolean;
  createdAt: Date;
  receivedAt: Date | null;
  districtName: string;
  acknowledged: boolean;
  feedbackRequested: boolean;
  /** Only for the sender and the principal. */
  feedbackGiven: boolean;
  /** Only for the sender and the principal: intake judged feedback inappropriate. */
  feedbackWithheld: boolean;
}

/** Whether the actor sees all the school's sent reports (the principal, student health by the
 * school's routine) or only their own. */
async function schoolReportScope(actor: Actor): Promise<"all" | "own"> {
  const schoolId = requireReporter(actor);
  if (actor.membership.role === "principal") return "all";
  if (actor.membership.role !== "studentHealth") return "own";
  const school = await db
    .selectFrom("organisations")
    .select("reportStudentHealthAccess")
    .where("id", "=", schoolId)
    .executeTakeFirstOrThrow();
  return school.reportStudentHealthAccess ? "all" : "own";
}

export interface SchoolReportList {
  /** One page of the reports, newest first. */
  items: SchoolReportListItem[];
  scope: "all" | "own";
  /** How many reports the actor may see in all. */
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The school's reports the actor may see, newest first, a page at a time; drafts only the
 * author's own. The page is cut from the school's index before anything is joined, the child's
 * name is read from the content without sending the content, and the page's reports are logged
 * as read in one statement: a page costs the same few statements whatever the school's history.
 */
export async function listSchoolReports(
  actor: Actor,
  context: ReportContext = {},
  options: { page?: number; pageSize?: number } = {},
): Promise<SchoolReportList> {
  const schoolId = requireReporter(actor);
  const scope = await schoolReportScope(actor);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? SCHOOL_REPORTS_PAGE_SIZE) || 1);
  const visible = db
    .selectFrom("concernReports as r")
    .where("r.schoolId", "=", schoolId)
    .where((eb) =>
      scope === "all"
        ? eb.or([eb("r.status", "<>", "draft"), eb("r.createdBy", "=", actor.user.id)])
        : eb("r.createdBy", "=", actor.user.id),
    );
  const { n } = await visible
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const total = Number(n);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1) || 1), pageCount);
  const rows = await db
    .with("page", () =>
      visible
        .select("r.id")
        .orderBy(sentOrCreated, "desc")
        .orderBy("r.id")
        .limit(pageSize)
        .offset((page - 1) * pageSize),
    )
    .selectFrom("page")
    .innerJoin("concernReports as r", "r.id", "page.id")
    .innerJoin("users as author", "author.id", "r.createdBy")
    .innerJoin("organisations as d", (join) => join.on("d.id", "=", schoolVisibleDistrictId))
    .select([
      "r.id",
      "r.reference",
      "r.status",
      childNameColumn.as("childName"),
      "r.createdBy",
      "r.createdAt",
      "r.receivedAt",
      "r.acknowledgedAt",
      "r.feedbackRequestedAt",
      "r.feedbackGivenAt",
      "r.feedbackWithheldAt",
      "author.name as authorName",
      "d.name as districtName",
    ])
    .orderBy(sentOrCreated, "desc")
    .orderBy("r.id")
    .execute();
  await recordAuditMany(
    db,
    actor,
    rows.map((row) => ({
      action: "read" as const,
      recordType: "concernReport",
      recordId: row.id,
      purpose: "Skolans lista över orosanmälningar",
      requestId: context.requestId ?? null,
    })),
  );
  const items = rows.map((row) => {
    const isOwn = row.createdBy === actor.user.id;
    const feedbackVisible = isOwn || actor.membership.role === "principal";
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      childLabel: childLabelOf(row.childName),
      authorName: row.authorName,
      isOwn,
      createdAt: row.createdAt,
      receivedAt: row.receivedAt,
      districtName: row.districtName,
      acknowledged: row.acknowledgedAt !== null,
      feedbackRequested: row.feedbackRequestedAt !== null,
      feedbackGiven: feedbackVisible && row.feedbackGivenAt !== null,
      feedbackWithheld: feedbackVisible && row.feedbackWithheldAt !== null,
    };
  });
  return { items, scope, total, page, pageCount };
}

/** The school's list is newest first: by when a report was sent, a draft by when it was begun. */
const sentOrCreated = sql<Date>`coalesce(r.submitted_at, r.created_at)`;

export interface SchoolReportView {
  id: string;
  reference: string | null;
  status: ConcernReportStatus;
  access: SchoolSideAccess;
  content: ReportFormValues;
  authorName: string;
  schoolName: string;
  submittedAt: Date | null;
  receivedAt: Date | null;
  cosignRequired: boolean;
  cosignedAt: Date | null;
  /** The district that has the report now, and how to reach its intake. */
  district: { name: string; intakePhone: string | null; intakeEmail: string | null };
  outOfHoursPhone: string | null;
  forwardedFrom: { districtName: string; at: Date } | null;
  acknowledgement: { at: Date; contactName: string; contactPhone: string } | null;
  feedbackRequestedAt: Date | null;
  mayRequestFeedback: boolean;
  /** Null when not given, or when the actor may not see it (student health). */
  feedback: { outcome: DecisionOutcome; decisionOn: string; givenAt: Date } | null;
  /** Intake judged feedback inappropriate; only for those who may see the feedback. */
  feedbackWithheldAt: Date | null;
  maySeeFeedback: boolean;
  mayCosign: boolean;
  mayAnswerMeeting: boolean;
  meetings: MeetingView[];
  notes: { id: string; body: string; writtenAt: Date; authorName: string }[];
  timeline: TimelineEntry[];
}

/** School-side events: the decision recorded without feedback is social services' own. */
const SCHOOL_TIMELINE: readonly ConcernReportEventKind[] = [
  "submitted",
  "cosigned",
  "received",
  "acknowledged",
  "feedbackRequested",
  "feedbackGiven",
  "feedbackWithheld",
  "forwarded",
  "meetingProposed",
  "meetingAccepted",
  "meetingDeclined",
  "noteAdded",
  "closed",
];

async function schoolScopedReport(
  executor: Executor,
  actor: Actor,
  reportId: string,
  lock = false,
) {
  const schoolId = requireReporter(actor);
  const row = await reportRow(executor, reportId, lock);
  if (!row || row.schoolId !== schoolId) throw new NotFoundError();
  const access = schoolSideAccess(
    actor.membership,
    actor.user.id,
    row,
    row.reportStudentHealthAccess,
  );
  if (!access) throw new NotFoundError();
  // A draft is its author's alone.
  if (row.status === "draft" && access !== "sender") throw new NotFoundError();
  return { row, access };
}

/**
 * The actor's access to a report from the school's side, or NotFoundError: one scoped query, no
 * content and no log line, for an action to refuse an outsider before it reads the form.
 */
export async function schoolReportAccess(
  actor: Actor,
  reportId: string,
): Promise<SchoolSideAccess> {
  return (await schoolScopedReport(db, actor, reportId)).access;
}

/** A report as the school sees it; the feedback only for the sender and the principal. */
export async function getSchoolReport(
  actor: Actor,
  reportId: string,
  context: ReportContext = {},
): Promise<SchoolReportView> {
  return db.transaction().execute(async (trx) => {
    const { row, access } = await schoolScopedReport(trx, actor, reportId);
    const seesFeedback = maySeeFeedback(access);
    // Forwarded with the destination hidden (protected personal data): the school keeps seeing
    // the district it reported to, and nothing on the page names where the report went.
    // Once any forwarding was hidden, every later step stays hidden too.
    const hidden = row.hiddenFromSchool;
    const visible = hidden
      ? await trx
          .selectFrom("organisations")
          .select(["name", "intakePhone", "intakeEmail", "outOfHoursPhone"])
          .where("id", "=", row.schoolVisibleDistrictId)
          .executeTakeFirstOrThrow()
      : {
          name: row.districtName,
          intakePhone: row.intakePhone,
          intakeEmail: row.intakeEmail,
          outOfHoursPhone: row.outOfHoursPhone,
        };
    const [meetings, notes, events, forward] = await Promise.all([
      meetingsOf(trx, row.id),
      notesOf(trx, row.id),
      timelineOf(
        trx,
        row.id,
        seesFeedback
          ? SCHOOL_TIMELINE
          : SCHOOL_TIMELINE.filter((k) => k !== "feedbackGiven" && k !== "feedbackWithheld"),
      ),
      lastForward(trx, row.id),
    ]);
    const timeline = hidden
      ? events
          .filter((e) => !(e.kind === "forwarded" && e.details?.hiddenFromSchool === true))
          .map((e) =>
            e.organisationId === row.schoolId
              ? e
              : {
                  ...e,
                  // Nothing of the district that has it: not its name, id or event details.
                  actorName: "Mottagningen",
                  organisationId: row.schoolVisibleDistrictId,
                  organisationName: visible.name,
                  details: null,
                },
          )
      : events.filter((e) => !(e.kind === "forwarded" && e.details?.hiddenFromSchool === true));
    await audit(trx, actor, row.id, "read", "Läsa skolans orosanmälan", context, {
      feedbackShown: seesFeedback && row.feedbackGivenAt !== null,
    });
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      access,
      content: contentOf(row),
      authorName: row.authorName,
      schoolName: row.schoolName,
      submittedAt: row.submittedAt,
      receivedAt: row.receivedAt,
      cosignRequired: row.cosignRequired,
      cosignedAt: row.cosignedAt,
      district: {
        name: visible.name,
        intakePhone: visible.intakePhone,
        intakeEmail: visible.intakeEmail,
      },
      outOfHoursPhone: visible.outOfHoursPhone,
      forwardedFrom:
        forward && !hidden ? { districtName: forward.districtName, at: forward.at } : null,
      acknowledgement:
        row.acknowledgedAt && row.contactName && row.contactPhone
          ? { at: row.acknowledgedAt, contactName: row.contactName, contactPhone: row.contactPhone }
          : null,
      feedbackRequestedAt: row.feedbackRequestedAt,
      mayRequestFeedback: access !== "studentHealth" && mayRequestFeedback(times(row)),
      feedback:
        seesFeedback && row.feedbackGivenAt && row.decisionOutcome && row.decisionOnText
          ? {
              outcome: row.decisionOutcome,
              decisionOn: row.decisionOnText,
              givenAt: row.feedbackGivenAt,
            }
          : null,
      feedbackWithheldAt: seesFeedback ? row.feedbackWithheldAt : null,
      maySeeFeedback: seesFeedback,
      mayCosign: access === "principal" && row.status === "awaitingCosign",
      mayAnswerMeeting: access !== "studentHealth" && row.status === "received",
      meetings,
      notes,
      timeline,
    };
  });
}

/** The sender or the principal asks for feedback after sending, until the report is closed. */
export async function requestFeedback(
  actor: Actor,
  reportId: string,
  context: ReportContext = {},
): Promise<{ kind: "requested" | "notPossible" }> {
  return db.transaction().execute(async (trx) => {
    const { row, access } = await schoolScopedReport(trx, actor, reportId, true);
    if (access === "studentHealth" || !mayRequestFeedback(times(row))) {
      return { kind: "notPossible" } as const;
    }
    const now = context.now ?? new Date();
    await trx
      .updateTable("concernReports")
      .set({ feedbackRequestedAt: now, feedbackRequestedBy: actor.user.id })
      .where("id", "=", row.id)
      .execute();
    await addEvent(trx, actor, row.id, "feedbackRequested", undefined, now);
    await audit(trx, actor, row.id, "update", "Begära återkoppling", context);
    await tellIntake(trx, row.districtId, row.id, "feedbackRequested");
    return { kind: "requested" } as const;
  });
}

/** The school accepts a proposed meeting or asks for another time. */
export async function answerMeeting(
  actor: Actor,
  reportId: string,
  meetingId: string,
  answer: { answer: "accept" | "decline"; note: string },
  context: ReportContext = {},
): Promise<{ kind: "answered" | "notOpen" }> {
  return db.transaction().execute(async (trx) => {
    const { row, access } = await schoolScopedReport(trx, actor, reportId, true);
    if (access === "studentHealth") throw new NotFoundError();
    const meeting = await trx
      .selectFrom("concernReportMeetings")
      .select(["id", "status"])
      .where("id", "=", meetingId)
      .where("reportId", "=", row.id)
      .forUpdate()
      .executeTakeFirst();
    if (!meeting) throw new NotFoundError();
    if (meeting.status !== "proposed" || row.status !== "received") {
      return { kind: "notOpen" } as const;
    }
    const now = context.now ?? new Date();
    await trx
      .updateTable("concernReportMeetings")
      .set({
        status: answer.answer === "accept" ? "accepted" : "declined",
        answeredBy: actor.user.id,
        answeredAt: now,
        answerNote: answer.note || null,
      })
      .where("id", "=", meeting.id)
      .execute();
    await addEvent(
      trx,
      actor,
      row.id,
      answer.answer === "accept" ? "meetingAccepted" : "meetingDeclined",
      { meetingId: meeting.id },
      now,
    );
    await audit(trx, actor, row.id, "update", "Svara på förslag om anmälningsmöte", context);
    await tellIntake(trx, row.districtId, row.id, "meetingAnswered");
    return { kind: "answered" } as const;
  });
}

/** A dated correction or addition by the sender or the principal; the report itself stays. */
export async function addReportNote(
  actor: Actor,
  reportId: string,
  body: string,
  context: ReportContext = {},
): Promise<{ kind: "added" | "closed" | "notYet" }> {
  return db.transaction().execute(async (trx) => {
    const { row, access } = await schoolScopedReport(trx, actor, reportId, true);
    if (access === "studentHealth" || row.status === "draft") throw new NotFoundError();
    // A closed report is nobody's to read any more: new facts go in a new report.
    if (row.status === "closed") return { kind: "closed" } as const;
    if (row.status !== "received") return { kind: "notYet" } as const;
    const now = context.now ?? new Date();
    const note = await trx
      .insertInto("concernReportNotes")
      .values({ reportId: row.id, body, writtenBy: actor.user.id, writtenAt: now })
      .returning("id")
      .executeTakeFirstOrThrow();
    await addEvent(trx, actor, row.id, "noteAdded", { noteId: note.id }, now);
    await audit(trx, actor, row.id, "update", "Tillägg till orosanmälan", context, {
      noteId: note.id,
    });
    await tellIntake(trx, row.districtId, row.id, "noteAdded");
    return { kind: "added" } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// The school's routine

/** The principal's settings for the school's reports: co-signature, student health's access. */
export async function getSchoolRoutine(actor: Actor) {
  if (actor.membership.role !== "principal") throw new NotFoundError();
  return db
    .selectFrom("organisations")
    .select(["name", "reportCosignRequired", "reportStudentHealthAccess"])
    .where("id", "=", actor.membership.organisationId)
    .where("kind", "=", "school")
    .executeTakeFirstOrThrow();
}

export async function saveSchoolRoutine(
  actor: Actor,
  values: { reportCosignRequired: boolean; reportStudentHealthAccess: boolean },
): Promise<void> {
  if (actor.membership.role !== "principal") throw new NotFoundError();
  await db
    .updateTable("organisations")
    .set(values)
    .where("id", "=", actor.membership.organisationId)
    .where("kind", "=", "school")
    .execute();
}

/**
 * What waits on the school's start page: the actor's own drafts, reports waiting for the
 * principal's signature (for the principal), and report meetings intake proposed that nobody at
 * the school has answered. Counts only; nothing of a report is read.
 */
export async function schoolReportsWaiting(
  actor: Actor,
): Promise<{ drafts: number; toCosign: number; meetingsToAnswer: number }> {
  const schoolId = requireReporter(actor);
  const scope = await schoolReportScope(actor);
  const row = await db
    .selectFrom("concernReports as r")
    .where("r.schoolId", "=", schoolId)
    .select((eb) => [
      eb.fn
        .countAll<string>()
        .filterWhere((w) =>
          w.and([w("r.status", "=", "draft"), w("r.createdBy", "=", actor.user.id)]),
        )
        .as("drafts"),
      eb.fn.countAll<string>().filterWhere("r.status", "=", "awaitingCosign").as("toCosign"),
      eb
        .selectFrom("concernReportMeetings as m")
        .innerJoin("concernReports as mr", "mr.id", "m.reportId")
        .where("mr.schoolId", "=", schoolId)
        .where("m.status", "=", "proposed")
        .$if(scope !== "all", (q) => q.where("mr.createdBy", "=", actor.user.id))
        .select((m) => m.fn.countAll<string>().as("n"))
        .as("meetingsToAnswer"),
    ])
    .executeTakeFirstOrThrow();
  return {
    drafts: Number(row.drafts),
    // Only the principal signs.
    toCosign: actor.membership.role === "principal" ? Number(row.toCosign) : 0,
    meetingsToAnswer: Number(row.meetingsToAnswer ?? 0),
  };
}
