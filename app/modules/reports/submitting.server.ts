/**
 * The school writes and sends a report, internal to the reports module: the form's context,
 * drafts (saved against a version, so that two tabs do not overwrite each other), sending with
 * the form's one-time key, and the principal's co-signature before the report goes to intake.
 */
import { sql, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { parsePersonalIdentityNumber } from "~/lib/personal-identity-number";
import { getSchoolContactPanel, type SchoolContactPanel } from "~/modules/contacts/contacts.server";
import { db, lockKey } from "~db/client.server";
import type { ConcernReportStatus, Database } from "~db/schema";
import { tellIntake, tellSchool } from "./notifications.server";
import { reportDraftSchema, type ReportFormValues, type ReportValues } from "./schema";
import {
  addEvent,
  audit,
  contentOf,
  reportRow,
  requireReporter,
  type Executor,
  type ReportContext,
} from "./shared.server";
import { UUID } from "~/lib/uuid";

/**
 * The one-time key of the new-report form, and the report an earlier submit of the same form
 * made, if any. Serialised on the key, so that two submits racing each other see one another.
 * A key that is malformed, or already holds another user's report (it can only have been
 * crafted), is not used: the submit makes a report of its own without a key.
 */
async function claimSubmissionKey(
  trx: Transaction<Database>,
  actor: Actor,
  key: string | null | undefined,
) {
  if (!key || !UUID.test(key)) return { key: null, earlier: null };
  await lockKey(trx, `report-submission:${key}`);
  const earlier = await trx
    .selectFrom("concernReports")
    .select(["id", "status", "version", "createdBy"])
    .where("submissionKey", "=", key)
    .executeTakeFirst();
  if (!earlier) return { key, earlier: null };
  if (earlier.createdBy !== actor.user.id) return { key: null, earlier: null };
  return { key, earlier };
}

// ---------------------------------------------------------------------------------------------
// The school: writing and sending

export interface ReportFormContext {
  schoolName: string;
  contacts: SchoolContactPanel;
  cosignRequired: boolean;
  reporterDefaults: Pick<ReportFormValues, "reporterName" | "reporterRole" | "reporterPhone">;
}

const ROLE_TITLES: Record<string, string> = {
  principal: "Rektor",
  mentor: "Mentor",
  studentHealth: "Elevhälsa",
};

/**
 * Whether the actor's report waits for the principal: the school's routine asks for it, the
 * sender is not the principal, and there is a principal to sign (the duty to report is the
 * sender's own and immediate, so with no principal it goes straight to intake).
 */
async function cosignApplies(executor: Executor, actor: Actor, schoolId: string) {
  if (actor.membership.role === "principal") return false;
  const school = await executor
    .selectFrom("organisations")
    .select("reportCosignRequired")
    .where("id", "=", schoolId)
    .executeTakeFirst();
  if (!school?.reportCosignRequired) return false;
  const principal = await executor
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select("m.id")
    .where("m.organisationId", "=", schoolId)
    .where("m.role", "=", "principal")
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .executeTakeFirst();
  return principal !== undefined;
}

/** What the report page shows before the form: whom to call, and the school's routine. */
export async function getReportFormContext(actor: Actor): Promise<ReportFormContext> {
  const schoolId = requireReporter(actor);
  const [school, contacts, cosign] = await Promise.all([
    db.selectFrom("organisations").select("name").where("id", "=", schoolId).executeTakeFirst(),
    getSchoolContactPanel(actor),
    cosignApplies(db, actor, schoolId),
  ]);
  if (!school || !contacts) throw new NotFoundError();
  return {
    schoolName: school.name,
    contacts,
    cosignRequired: cosign,
    reporterDefaults: {
      reporterName: actor.user.name,
      reporterRole: actor.user.title ?? ROLE_TITLES[actor.membership.role] ?? "",
      reporterPhone: actor.user.phone ?? "",
    },
  };
}

/** The author's own draft, locked for the change; anything else is NotFoundError. */
async function ownDraft(trx: Executor, actor: Actor, reportId: string) {
  const schoolId = requireReporter(actor);
  const draft = await trx
    .selectFrom("concernReports")
    .select(["id", "version", "status"])
    .where("id", "=", reportId)
    .where("schoolId", "=", schoolId)
    .where("createdBy", "=", actor.user.id)
    .where("status", "=", "draft")
    .forUpdate()
    .executeTakeFirst();
  if (!draft) throw new NotFoundError();
  return draft;
}

async function schoolDistrict(trx: Executor, schoolId: string): Promise<string> {
  const school = await trx
    .selectFrom("organisations")
    .select("districtId")
    .where("id", "=", schoolId)
    .where("kind", "=", "school")
    .executeTakeFirst();
  if (!school?.districtId) throw new NotFoundError();
  return school.districtId;
}

export type SaveDraftResult =
  | { kind: "saved"; reportId: string; version: number }
  | { kind: "alreadySent"; reportId: string }
  | { kind: "stale"; savedAt: Date | null };

/**
 * Saves a draft, new (reportId null) or the author's own. A save based on an older version (the
 * same draft open in two tabs) is refused rather than overwriting.
 */
export async function saveReportDraft(
  actor: Actor,
  reportId: string | null,
  values: ReportFormValues,
  baseVersion: number,
  context: ReportContext = {},
): Promise<SaveDraftResult> {
  const schoolId = requireReporter(actor);
  const content = JSON.stringify(reportDraftSchema.parse(values));
  return db.transaction().execute(async (trx) => {
    const now = context.now ?? new Date();
    const { key, earlier } = reportId
      ? { key: null, earlier: null }
      : await claimSubmissionKey(trx, actor, context.submissionKey);
    if (earlier) {
      if (earlier.status !== "draft") return { kind: "alreadySent", reportId: earlier.id } as const;
      // The same form again (a double click, or a reload of an old page): its base version is
      // the one it was shown with, so a draft saved since is not overwritten silently.
      reportId = earlier.id;
    }
    if (!reportId) {
      const { id, version } = await trx
        .insertInto("concernReports")
        .values({
          schoolId,
          districtId: await schoolDistrict(trx, schoolId),
          createdBy: actor.user.id,
          submissionKey: key,
          content,
          savedAt: now,
        })
        .returning(["id", "version"])
        .executeTakeFirstOrThrow();
      await audit(trx, actor, id, "create", "Spara utkast till orosanmälan", context);
      return { kind: "saved", reportId: id, version } as const;
    }
    const draft = await ownDraft(trx, actor, reportId);
    if (draft.version !== baseVersion) {
      const current = await trx
        .selectFrom("concernReports")
        .select("savedAt")
        .where("id", "=", reportId)
        .executeTakeFirstOrThrow();
      return { kind: "stale", savedAt: current.savedAt } as const;
    }
    await trx
      .updateTable("concernReports")
      .set({ content, version: draft.version + 1, savedAt: now })
      .where("id", "=", reportId)
      .execute();
    await audit(trx, actor, reportId, "update", "Spara utkast till orosanmälan", context);
    return { kind: "saved", reportId, version: draft.version + 1 } as const;
  });
}

/** The author's draft for the form, with its version. */
export async function getReportDraft(actor: Actor, reportId: string, context: ReportContext = {}) {
  requireReporter(actor);
  return db.transaction().execute(async (trx) => {
    const draft = await ownDraft(trx, actor, reportId);
    const row = await trx
      .selectFrom("concernReports")
      .select(["content", "savedAt"])
      .where("id", "=", draft.id)
      .executeTakeFirstOrThrow();
    await audit(trx, actor, draft.id, "read", "Fortsätta skriva orosanmälan", context);
    return { id: draft.id, version: draft.version, savedAt: row.savedAt, values: contentOf(row) };
  });
}

export async function deleteReportDraft(actor: Actor, reportId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const draft = await ownDraft(trx, actor, reportId);
    await trx.deleteFrom("concernReports").where("id", "=", draft.id).execute();
  });
}

function normalisedContent(values: ReportValues): ReportValues {
  const parsed = values.childIdentityNumber
    ? parsePersonalIdentityNumber(values.childIdentityNumber)
    : null;
  return {
    ...values,
    childIdentityNumber: parsed?.ok ? parsed.normalised : "",
    childName: values.childName,
    guardiansNotInformedReason:
      values.guardiansInformed === "no" ? values.guardiansNotInformedReason : "",
  };
}

/** Gives the report its reference and hands it to intake, in the caller's transaction. */
async function deliverToIntake(
  trx: Transaction<Database>,
  actor: Actor,
  reportId: string,
  now: Date,
  set: { cosignedBy?: string; cosignedAt?: Date } = {},
) {
  const report = await trx
    .updateTable("concernReports")
    .set({
      ...set,
      status: "received",
      receivedAt: now,
      arrivedAt: now,
      // Padded to five digits, never cut (migration 0014).
      reference: sql<string>`next_concern_report_reference(${now}::timestamptz)`,
      feedbackRequestedAt: sql<Date | null>`case when wants_feedback then ${now}::timestamptz end`,
      feedbackRequestedBy: sql<string | null>`case when wants_feedback then created_by end`,
    })
    .where("id", "=", reportId)
    .returning(["id", "districtId", "reference"])
    .executeTakeFirstOrThrow();
  await addEvent(trx, actor, reportId, "received", { districtId: report.districtId }, now);
  await tellIntake(trx, report.districtId, reportId, "received");
  return report;
}

export type SubmitResult = { kind: "sent"; reportId: string; awaitingCosign: boolean };

/**
 * Sends a report (a new one, or the author's draft). With the school's co-signature routine, and
 * a sender who is not the principal, it first waits for the principal, who is told by e-mail.
 */
export async function submitReport(
  actor: Actor,
  reportId: string | null,
  values: ReportValues,
  context: ReportContext = {},
): Promise<SubmitResult> {
  const schoolId = requireReporter(actor);
  const content = normalisedContent(values);
  return db.transaction().execute(async (trx) => {
    const now = context.now ?? new Date();
    const school = await trx
      .selectFrom("organisations")
      .select("districtId")
      .where("id", "=", schoolId)
      .executeTakeFirst();
    if (!school?.districtId) throw new NotFoundError();
    const { key, earlier } = reportId
      ? { key: null, earlier: null }
      : await claimSubmissionKey(trx, actor, context.submissionKey);
    if (earlier && earlier.status !== "draft") {
      return {
        kind: "sent",
        reportId: earlier.id,
        awaitingCosign: earlier.status === "awaitingCosign",
      } as const;
    }
    if (earlier) reportId = earlier.id;
    const cosign = await cosignApplies(trx, actor, schoolId);
    const fields = {
      content: JSON.stringify(content),
      districtId: school.districtId,
      // Sent: waiting for the principal, or (in this same transaction) received by intake.
      status: "awaitingCosign" as ConcernReportStatus,
      cosignRequired: cosign,
      wantsFeedback: content.wantsFeedback,
      wantsMeeting: content.wantsMeeting,
      submittedAt: now,
      savedAt: now,
    };
    let id: string;
    if (reportId) {
      const draft = await ownDraft(trx, actor, reportId);
      id = draft.id;
      await trx.updateTable("concernReports").set(fields).where("id", "=", id).execute();
    } else {
      ({ id } = await trx
        .insertInto("concernReports")
        .values({
          ...fields,
          schoolId,
          createdBy: actor.user.id,
          submissionKey: key,
        })
        .returning("id")
        .executeTakeFirstOrThrow());
    }
    await addEvent(trx, actor, id, "submitted", undefined, now);
    await audit(trx, actor, id, "create", "Skicka orosanmälan", context);
    if (cosign) {
      await tellSchool(trx, { id, schoolId, createdBy: actor.user.id }, "cosignNeeded", {
        principalsOnly: true,
      });
    } else {
      await deliverToIntake(trx, actor, id, now);
      await audit(trx, actor, id, "disclose", "Orosanmälan till socialtjänsten", context, {
        basis: "reportingDuty",
        districtId: school.districtId,
      });
    }
    return { kind: "sent", reportId: id, awaitingCosign: cosign } as const;
  });
}

/**
 * The sender sends a report that waits for the principal straight to intake: the duty to report
 * is the sender's own and does not wait for anyone.
 */
export async function sendWithoutCosign(
  actor: Actor,
  reportId: string,
  context: ReportContext = {},
): Promise<{ kind: "sent" | "notWaiting" }> {
  const schoolId = requireReporter(actor);
  return db.transaction().execute(async (trx) => {
    const now = context.now ?? new Date();
    const row = await reportRow(trx, reportId, true);
    if (!row || row.schoolId !== schoolId || row.createdBy !== actor.user.id) {
      throw new NotFoundError();
    }
    if (row.status !== "awaitingCosign") return { kind: "notWaiting" } as const;
    const report = await deliverToIntake(trx, actor, reportId, now);
    await audit(trx, actor, reportId, "disclose", "Orosanmälan till socialtjänsten", context, {
      basis: "reportingDuty",
      districtId: report.districtId,
      withoutCosign: true,
    });
    return { kind: "sent" } as const;
  });
}

/** The principal co-signs a report that waits for it, and it goes to intake. */
export async function cosignReport(
  actor: Actor,
  reportId: string,
  context: ReportContext = {},
): Promise<{ kind: "cosigned" | "notWaiting" }> {
  const schoolId = requireReporter(actor);
  if (actor.membership.role !== "principal") throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const now = context.now ?? new Date();
    const row = await reportRow(trx, reportId, true);
    if (!row || row.schoolId !== schoolId || row.status === "draft") throw new NotFoundError();
    if (row.status !== "awaitingCosign") return { kind: "notWaiting" } as const;
    await addEvent(trx, actor, reportId, "cosigned", undefined, now);
    const report = await deliverToIntake(trx, actor, reportId, now, {
      cosignedBy: actor.user.id,
      cosignedAt: now,
    });
    await audit(trx, actor, reportId, "disclose", "Orosanmälan till socialtjänsten", context, {
      basis: "reportingDuty",
      districtId: report.districtId,
      cosigned: true,
    });
    return { kind: "cosigned" } as const;
  });
}
