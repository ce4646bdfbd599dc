/**
 * Intake's work on one report, internal to the reports module: the report as intake and the
 * district manager see it, and the acts on an open report (acknowledging, the protection
 * assessment, forwarding, meetings, closing), each scoped, locked and refused once closed.
 * The decision and the feedback are in decisions.server.ts.
 */
import type { Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { stockholmDate } from "~/lib/dates";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { ConcernReportStatus, Database, DecisionOutcome } from "~db/schema";
import { tellIntake, tellSchool } from "./notifications.server";
import {
  districtSideAccess,
  inboxState,
  mayClose,
  reportDeadlines,
  type DistrictSideAccess,
  type InboxState,
  type ReportDeadlines,
} from "./policy";
import type { AcknowledgeValues } from "./intake-schema";
import type { ReportFormValues } from "./schema";
import {
  addEvent,
  audit,
  contentOf,
  lastForward,
  meetingsOf,
  notesOf,
  reportRow,
  requireDistrictSide,
  timelineOf,
  times,
  type Executor,
  type MeetingView,
  type ReportContext,
  type ReportRow,
  type TimelineEntry,
} from "./shared.server";

export interface IntakeReportView {
  id: string;
  reference: string;
  status: ConcernReportStatus;
  access: DistrictSideAccess;
  content: ReportFormValues;
  schoolName: string;
  schoolId: string;
  districtName: string;
  authorName: string;
  submittedAt: Date | null;
  receivedAt: Date;
  cosignedAt: Date | null;
  state: InboxState;
  deadlines: ReportDeadlines;
  protectionAssessedAt: Date | null;
  acknowledgement: { at: Date; contactName: string; contactPhone: string } | null;
  feedbackRequestedAt: Date | null;
  decision: { outcome: DecisionOutcome; decisionOn: string; recordedAt: Date } | null;
  feedbackGivenAt: Date | null;
  feedbackWithheld: { at: Date; reason: string } | null;
  forwardedFrom: { districtName: string; at: Date; reason: string } | null;
  wantsMeeting: boolean;
  meetings: MeetingView[];
  notes: { id: string; body: string; writtenAt: Date; authorName: string }[];
  timeline: TimelineEntry[];
  mayAct: boolean;
  mayClose: boolean;
  actorDefaults: { contactName: string; contactPhone: string };
  /**
   * Forwarded with the destination hidden (protected personal data): the school sees this
   * district only as `schoolSeesDistrictName`, and sees what intake writes when acknowledging
   * and proposing meetings.
   */
  hiddenFromSchool: boolean;
  schoolSeesDistrictName: string;
}

async function districtScopedReport(
  executor: Executor,
  actor: Actor,
  reportId: string,
  lock = false,
) {
  requireDistrictSide(actor);
  const row = await reportRow(executor, reportId, lock);
  if (!row || (row.status !== "received" && row.status !== "closed")) throw new NotFoundError();
  const access = districtSideAccess(actor.membership, row);
  if (!access) throw new NotFoundError();
  return { row, access };
}

/**
 * Whether the actor may act on the report as intake, or NotFoundError when they may not see it:
 * one scoped query, no content and no log line, for an action to check before reading the form.
 */
export async function intakeReportAccess(
  actor: Actor,
  reportId: string,
): Promise<{ mayAct: boolean }> {
  const { row, access } = await districtScopedReport(db, actor, reportId);
  return { mayAct: access === "intake" && row.status === "received" };
}

/** A report as intake (or the district manager) sees it: everything the school wrote. */
export async function getIntakeReport(
  actor: Actor,
  reportId: string,
  context: ReportContext = {},
): Promise<IntakeReportView> {
  return db.transaction().execute(async (trx) => {
    const { row, access } = await districtScopedReport(trx, actor, reportId);
    const today = stockholmDate(context.now ?? new Date());
    const [meetings, notes, timeline, forward] = await Promise.all([
      meetingsOf(trx, row.id),
      notesOf(trx, row.id),
      timelineOf(trx, row.id, null),
      lastForward(trx, row.id),
    ]);
    await audit(trx, actor, row.id, "read", "Handlägga orosanmälan i mottagningen", context);
    const visible = row.hiddenFromSchool
      ? await trx
          .selectFrom("organisations")
          .select(["name", "intakePhone"])
          .where("id", "=", row.schoolVisibleDistrictId)
          .executeTakeFirst()
      : undefined;
    const t = times(row);
    return {
      id: row.id,
      reference: row.reference!,
      status: row.status,
      access,
      content: contentOf(row),
      schoolName: row.schoolName,
      schoolId: row.schoolId,
      districtName: row.districtName,
      authorName: row.authorName,
      submittedAt: row.submittedAt,
      receivedAt: row.receivedAt!,
      cosignedAt: row.cosignedAt,
      state: inboxState(t),
      deadlines: reportDeadlines(t, today),
      protectionAssessedAt: row.protectionAssessedAt,
      acknowledgement:
        row.acknowledgedAt && row.contactName && row.contactPhone
          ? { at: row.acknowledgedAt, contactName: row.contactName, contactPhone: row.contactPhone }
          : null,
      feedbackRequestedAt: row.feedbackRequestedAt,
      decision:
        row.decisionOutcome && row.decisionOnText && row.decisionRecordedAt
          ? {
              outcome: row.decisionOutcome,
              decisionOn: row.decisionOnText,
              recordedAt: row.decisionRecordedAt,
            }
          : null,
      feedbackGivenAt: row.feedbackGivenAt,
      feedbackWithheld:
        row.feedbackWithheldAt && row.feedbackWithheldReason
          ? { at: row.feedbackWithheldAt, reason: row.feedbackWithheldReason }
          : null,
      forwardedFrom: forward
        ? { districtName: forward.districtName, at: forward.at, reason: forward.reason }
        : null,
      wantsMeeting: row.wantsMeeting,
      meetings,
      notes,
      timeline,
      mayAct: access === "intake" && row.status === "received",
      mayClose: access === "intake" && mayClose(t),
      actorDefaults: row.hiddenFromSchool
        ? { contactName: "Mottagningen", contactPhone: visible?.intakePhone ?? "" }
        : { contactName: actor.user.name, contactPhone: actor.user.phone ?? "" },
      hiddenFromSchool: row.hiddenFromSchool,
      schoolSeesDistrictName: visible?.name ?? row.districtName,
    };
  });
}

/** Intake's change to an open report: scoped, locked, and refused once closed. */
export async function openReportForIntake(
  trx: Transaction<Database>,
  actor: Actor,
  reportId: string,
) {
  if (actor.membership.role !== "intakeOfficer") throw new NotFoundError();
  const { row } = await districtScopedReport(trx, actor, reportId, true);
  return row;
}

export type IntakeActResult<K extends string> = { kind: K } | { kind: "closed" };

/** One act of intake on an open report: scoped and locked, refused once closed, one transaction. */
export async function intakeAct<R extends { kind: string }>(
  actor: Actor,
  reportId: string,
  context: ReportContext,
  act: (trx: Transaction<Database>, row: ReportRow, now: Date) => Promise<R>,
): Promise<R | { kind: "closed" }> {
  return db.transaction().execute(async (trx) => {
    const row = await openReportForIntake(trx, actor, reportId);
    if (row.status !== "received") return { kind: "closed" } as const;
    return act(trx, row, context.now ?? new Date());
  });
}

/** Confirms receipt, naming a contact with a phone; the school sees it at once and is e-mailed. */
export async function acknowledgeReport(
  actor: Actor,
  reportId: string,
  values: AcknowledgeValues,
  context: ReportContext = {},
): Promise<IntakeActResult<"acknowledged" | "alreadyAcknowledged">> {
  return intakeAct(actor, reportId, context, async (trx, row, now) => {
    if (row.acknowledgedAt) return { kind: "alreadyAcknowledged" } as const;
    await trx
      .updateTable("concernReports")
      .set({
        acknowledgedAt: now,
        acknowledgedBy: actor.user.id,
        contactName: values.contactName,
        contactPhone: values.contactPhone,
        contactUserId: values.contactName === actor.user.name ? actor.user.id : null,
      })
      .where("id", "=", row.id)
      .execute();
    await addEvent(trx, actor, row.id, "acknowledged", { contactName: values.contactName }, now);
    await audit(trx, actor, row.id, "update", "Bekräfta mottagen orosanmälan", context);
    await tellSchool(trx, row, "acknowledged");
    return { kind: "acknowledged" } as const;
  });
}

/** Records that the immediate protection assessment (SoL 20 kap. 1 §) was made: when, not what. */
export async function recordProtectionAssessment(
  actor: Actor,
  reportId: string,
  context: ReportContext = {},
): Promise<IntakeActResult<"recorded" | "alreadyRecorded">> {
  return intakeAct(actor, reportId, context, async (trx, row, now) => {
    if (row.protectionAssessedAt) return { kind: "alreadyRecorded" } as const;
    await trx
      .updateTable("concernReports")
      .set({ protectionAssessedAt: now, protectionAssessedBy: actor.user.id })
      .where("id", "=", row.id)
      .execute();
    await addEvent(trx, actor, row.id, "protectionAssessed", undefined, now);
    await audit(trx, actor, row.id, "update", "Skyddsbedömning gjord", context);
    return { kind: "recorded" } as const;
  });
}

/** The other districts a report can be forwarded to. */
export async function listForwardTargets(actor: Actor) {
  const districtId = requireDistrictSide(actor);
  return db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "district")
    .where("id", "<>", districtId)
    .where("deactivatedAt", "is", null)
    .orderBy("name")
    .execute();
}

/**
 * Sends a report to another district's intake (wrong area). The new district starts afresh: a
 * new acknowledgement with its own contact. The school sees where it went.
 */
export async function forwardReport(
  actor: Actor,
  reportId: string,
  values: { toDistrictId: string; reason: string; hiddenFromSchool?: boolean },
  context: ReportContext = {},
): Promise<IntakeActResult<"forwarded" | "unknownDistrict" | "decided">> {
  return intakeAct(actor, reportId, context, async (trx, row, now) => {
    if (row.decisionOutcome) return { kind: "decided" } as const;
    // A report once hidden from the school stays hidden, whoever forwards it next.
    const hiddenFromSchool = values.hiddenFromSchool === true || row.hiddenFromSchool;
    const target = await trx
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("id", "=", values.toDistrictId)
      .where("kind", "=", "district")
      .where("deactivatedAt", "is", null)
      .executeTakeFirst();
    if (!target || target.id === row.districtId) return { kind: "unknownDistrict" } as const;
    await trx
      .insertInto("concernReportForwards")
      .values({
        reportId: row.id,
        fromDistrictId: row.districtId,
        toDistrictId: target.id,
        reason: values.reason,
        hiddenFromSchool,
        forwardedBy: actor.user.id,
        forwardedAt: now,
      })
      .execute();
    await trx
      .updateTable("concernReports")
      .set({
        districtId: target.id,
        arrivedAt: now,
        // The new district makes its own protection assessment and names its own contact.
        protectionAssessedAt: null,
        protectionAssessedBy: null,
        acknowledgedAt: null,
        acknowledgedBy: null,
        contactName: null,
        contactPhone: null,
        contactUserId: null,
      })
      .where("id", "=", row.id)
      .execute();
    await trx
      .updateTable("concernReportMeetings")
      .set({ status: "withdrawn" })
      .where("reportId", "=", row.id)
      .where("status", "=", "proposed")
      .execute();
    await addEvent(
      trx,
      actor,
      row.id,
      "forwarded",
      {
        fromDistrictId: row.districtId,
        toDistrictId: target.id,
        toDistrictName: target.name,
        hiddenFromSchool,
      },
      now,
    );
    await audit(trx, actor, row.id, "disclose", "Vidarebefordra orosanmälan", context, {
      toDistrictId: target.id,
    });
    await tellIntake(trx, target.id, row.id, "forwarded");
    // Hidden: the school goes on seeing the district it reported to, and is not told.
    if (!hiddenFromSchool) {
      await tellSchool(trx, row, "forwarded");
    }
    return { kind: "forwarded" } as const;
  });
}

/** Proposes a report meeting; a new proposal replaces one not yet answered. */
export async function proposeMeeting(
  actor: Actor,
  reportId: string,
  values: { startsAt: Date; place: string },
  context: ReportContext = {},
): Promise<IntakeActResult<"proposed" | "inPast">> {
  return intakeAct(actor, reportId, context, async (trx, row, now) => {
    if (values.startsAt <= now) return { kind: "inPast" } as const;
    await trx
      .updateTable("concernReportMeetings")
      .set({ status: "withdrawn" })
      .where("reportId", "=", row.id)
      .where("status", "=", "proposed")
      .execute();
    const meeting = await trx
      .insertInto("concernReportMeetings")
      .values({
        reportId: row.id,
        startsAt: values.startsAt,
        place: values.place,
        proposedBy: actor.user.id,
        proposedAt: now,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await addEvent(trx, actor, row.id, "meetingProposed", { meetingId: meeting.id }, now);
    await audit(trx, actor, row.id, "update", "Föreslå anmälningsmöte", context);
    await tellSchool(trx, row, "meetingProposed");
    return { kind: "proposed" } as const;
  });
}

/** Closes the report in the portal: acknowledged, decided, and requested feedback given or withheld. */
export async function closeReport(
  actor: Actor,
  reportId: string,
  context: ReportContext = {},
): Promise<IntakeActResult<"closedNow" | "notReady">> {
  return intakeAct(actor, reportId, context, async (trx, row, now) => {
    if (!mayClose(times(row))) return { kind: "notReady" } as const;
    await trx
      .updateTable("concernReports")
      .set({ status: "closed", closedAt: now, closedBy: actor.user.id })
      .where("id", "=", row.id)
      .execute();
    await trx
      .updateTable("concernReportMeetings")
      .set({ status: "withdrawn" })
      .where("reportId", "=", row.id)
      .where("status", "=", "proposed")
      .execute();
    await addEvent(trx, actor, row.id, "closed", undefined, now);
    await audit(trx, actor, row.id, "update", "Avsluta orosanmälan i portalen", context);
    return { kind: "closedNow" } as const;
  });
}
