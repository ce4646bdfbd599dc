/**
 * Reports of concern (orosanmälan) and their feedback (återkoppling), issue 7. Owns
 * concern_reports with its timeline, forwards, report meetings and notes.
 *
 * - The school: any school staff member writes a report (a draft until sent); it goes to the
 *   intake unit of the district whose area the school lies in, or first to the principal when the
 *   school's routine asks for a co-signature. Sent, it is a record (a trigger): corrections are
 *   dated notes. The school asks for feedback when sending or later, until the report is closed,
 *   and answers meeting proposals.
 * - Intake (mottagningen) of the district that has the report: acknowledges with a contact and a
 *   phone, records that the immediate protection assessment was made, records the decision on an
 *   investigation, gives feedback (one of three outcomes and the decision date, after the password
 *   again when the login is older than five minutes), forwards to another district, proposes
 *   meetings, closes. The district manager reads the same.
 *
 * Every function takes the actor first and finds a report only through a query scoped to what
 * the actor may see (policy.ts); anything else is NotFoundError. Every read of a report's content
 * is logged in the audit trail (record type concernReport). E-mails say only that something
 * waits, with a link.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { confirmStepUp, type StepUpResult } from "~/auth/step-up.server";
import { stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { parsePersonalIdentityNumber } from "~/lib/personal-identity-number";
import { recordAudit, recordAuditMany } from "~/modules/audit/audit.server";
import { getSchoolContactPanel, type SchoolContactPanel } from "~/modules/contacts/contacts.server";
import { queueEmail } from "~/modules/email/email.server";
import { db } from "../../../db/client.server";
import type {
  ConcernReportEventKind,
  ConcernReportStatus,
  Database,
  DecisionOutcome,
  ReportMeetingStatus,
} from "../../../db/schema";
import {
  districtSideAccess,
  INBOX_PAGE_SIZE,
  INBOX_VIEWS,
  inboxState,
  inboxView,
  isOverdue,
  mayClose,
  maySeeFeedback,
  maySubmitReport,
  mayRequestFeedback,
  reportDeadlines,
  schoolSideAccess,
  type DistrictSideAccess,
  type InboxState,
  type InboxViewKey,
  type ReportDeadlines,
  type SchoolSideAccess,
} from "./policy";
import {
  reportDraftSchema,
  type AcknowledgeValues,
  type DecisionValues,
  type ReportFormValues,
  type ReportValues,
} from "./schema";

export { NotFoundError };

type Executor = Kysely<Database> | Transaction<Database>;

export interface ReportContext {
  requestId?: string | null;
  now?: Date;
  /** The new-report form's one-time key: a double submit finds the report it already made. */
  submissionKey?: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

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
  await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
  const earlier = await trx
    .selectFrom("concernReports")
    .select(["id", "status", "version", "createdBy"])
    .where("submissionKey", "=", key)
    .executeTakeFirst();
  if (!earlier) return { key, earlier: null };
  if (earlier.createdBy !== actor.user.id) return { key: null, earlier: null };
  return { key, earlier };
}

const appUrl = () => env().APP_URL;

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
const reportTimeColumns = [
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
const schoolVisibleDistrictId = sql<string>`coalesce((select f.from_district_id
  from concern_report_forwards f where f.report_id = r.id and f.hidden_from_school
  order by f.forwarded_at limit 1), r.district_id)`;

async function reportRow(executor: Executor, reportId: string, lock = false) {
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
type ReportRow = NonNullable<Awaited<ReturnType<typeof reportRow>>>;

function times(row: ReportRow) {
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
function contentOf(row: { content: Record<string, unknown> }): ReportFormValues {
  const parsed = reportDraftSchema.safeParse(row.content);
  return (parsed.success ? parsed.data : reportDraftSchema.parse({})) as ReportFormValues;
}

/** A short label for lists: the child's name, or "Okänt barn". */
function childLabel(content: ReportFormValues): string {
  if (content.childUnknown || !content.childName) return "Barnet är okänt";
  return content.childName;
}

async function addEvent(
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

async function audit(
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

// ---------------------------------------------------------------------------------------------
// E-mail: who is told, never what

/** Who hears from the portal at a district's intake: its intake officers and its intake address. */
export async function intakeRecipients(executor: Executor, districtId: string): Promise<string[]> {
  const officers = await executor
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select("u.email")
    .where("m.organisationId", "=", districtId)
    .where("m.role", "=", "intakeOfficer")
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .execute();
  const district = await executor
    .selectFrom("organisations")
    .select("intakeEmail")
    .where("id", "=", districtId)
    .executeTakeFirst();
  const addresses = officers.map((o) => o.email.toLowerCase());
  if (district?.intakeEmail) addresses.push(district.intakeEmail.toLowerCase());
  return [...new Set(addresses)];
}

async function tellIntake(
  executor: Executor,
  districtId: string,
  reportId: string,
  kind: "received" | "forwarded" | "feedbackRequested" | "meetingAnswered" | "noteAdded",
) {
  const district = await executor
    .selectFrom("organisations")
    .select("name")
    .where("id", "=", districtId)
    .executeTakeFirstOrThrow();
  for (const to of await intakeRecipients(executor, districtId)) {
    await queueEmail(executor, {
      to,
      template: "concernReportToIntake",
      props: {
        districtName: district.name,
        kind,
        url: `${appUrl()}/mottagning/anmalningar/${reportId}`,
      },
    });
  }
}

/**
 * The sender and the school's principals: the people who see the report's answers. The e-mail
 * names the district the school may see (never one a hidden forwarding went to), read here from
 * the report as it stands, so that no caller can name the wrong one.
 */
async function tellSchool(
  executor: Executor,
  report: { id: string; schoolId: string; createdBy: string },
  kind:
    | "acknowledged"
    | "feedbackGiven"
    | "feedbackWithheld"
    | "forwarded"
    | "meetingProposed"
    | "cosignNeeded",
  { principalsOnly = false } = {},
) {
  const people = await executor
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.userId", "u.id")
    .select(["u.id", "u.name", "u.email"])
    .where("m.organisationId", "=", report.schoolId)
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .where((eb) =>
      principalsOnly
        ? eb("m.role", "=", "principal")
        : eb.or([eb("m.role", "=", "principal"), eb("u.id", "=", report.createdBy)]),
    )
    .execute();
  const names = await executor
    .selectFrom("concernReports as r")
    .innerJoin("organisations as s", "s.id", "r.schoolId")
    .innerJoin("organisations as d", (join) => join.on("d.id", "=", schoolVisibleDistrictId))
    .select(["s.name as schoolName", "d.name as districtName"])
    .where("r.id", "=", report.id)
    .executeTakeFirstOrThrow();
  const seen = new Set<string>();
  for (const person of people) {
    if (seen.has(person.id)) continue;
    seen.add(person.id);
    await queueEmail(executor, {
      to: person.email,
      template: "concernReportToSchool",
      props: {
        recipientName: person.name,
        schoolName: names.schoolName,
        districtName: names.districtName,
        kind,
        url: `${appUrl()}/orosanmalan/${report.id}`,
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The school: writing and sending

export interface ReportFormContext {
  schoolName: string;
  contacts: SchoolContactPanel;
  cosignRequired: boolean;
  reporterDefaults: Pick<ReportFormValues, "reporterName" | "reporterRole" | "reporterPhone">;
}

function requireReporter(actor: Actor): string {
  if (actor.membership.organisationKind !== "school" || !maySubmitReport(actor.membership)) {
    throw new NotFoundError();
  }
  return actor.membership.organisationId;
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
export async function schoolReportScope(actor: Actor): Promise<"all" | "own"> {
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

/** The school's reports the actor may see, newest first; drafts only the author's own. */
export async function listSchoolReports(
  actor: Actor,
  context: ReportContext = {},
): Promise<SchoolReportListItem[]> {
  const schoolId = requireReporter(actor);
  const seesAll = (await schoolReportScope(actor)) === "all";
  const rows = await db
    .selectFrom("concernReports as r")
    .innerJoin("users as author", "author.id", "r.createdBy")
    .innerJoin("organisations as d", (join) => join.on("d.id", "=", schoolVisibleDistrictId))
    .select([
      "r.id",
      "r.reference",
      "r.status",
      "r.content",
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
    .where("r.schoolId", "=", schoolId)
    .where((eb) =>
      seesAll
        ? eb.or([eb("r.status", "<>", "draft"), eb("r.createdBy", "=", actor.user.id)])
        : eb("r.createdBy", "=", actor.user.id),
    )
    .orderBy(sql`coalesce(r.submitted_at, r.created_at)`, "desc")
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
  return rows.map((row) => {
    const isOwn = row.createdBy === actor.user.id;
    const feedbackVisible = isOwn || actor.membership.role === "principal";
    return {
      id: row.id,
      reference: row.reference,
      status: row.status,
      childLabel: childLabel(contentOf(row)),
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

async function meetingsOf(executor: Executor, reportId: string): Promise<MeetingView[]> {
  return executor
    .selectFrom("concernReportMeetings")
    .select(["id", "startsAt", "place", "status", "answerNote", "answeredAt"])
    .where("reportId", "=", reportId)
    .where("status", "<>", "withdrawn")
    .orderBy("proposedAt", "desc")
    .execute();
}

async function notesOf(executor: Executor, reportId: string) {
  return executor
    .selectFrom("concernReportNotes as n")
    .innerJoin("users as u", "u.id", "n.writtenBy")
    .select(["n.id", "n.body", "n.writtenAt", "u.name as authorName"])
    .where("n.reportId", "=", reportId)
    .orderBy("n.writtenAt")
    .execute();
}

async function timelineOf(
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

async function lastForward(executor: Executor, reportId: string) {
  return executor
    .selectFrom("concernReportForwards as f")
    .innerJoin("organisations as d", "d.id", "f.fromDistrictId")
    .select(["d.name as districtName", "f.forwardedAt as at", "f.reason"])
    .where("f.reportId", "=", reportId)
    .orderBy("f.forwardedAt", "desc")
    .executeTakeFirst();
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
// Intake: the inbox and the report

function requireDistrictSide(actor: Actor): string {
  const role = actor.membership.role;
  if (role !== "intakeOfficer" && role !== "districtManager") throw new NotFoundError();
  return actor.membership.organisationId;
}

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
async function openReportForIntake(trx: Transaction<Database>, actor: Actor, reportId: string) {
  if (actor.membership.role !== "intakeOfficer") throw new NotFoundError();
  const { row } = await districtScopedReport(trx, actor, reportId, true);
  return row;
}

export type IntakeActResult<K extends string> = { kind: K } | { kind: "closed" };

/** One act of intake on an open report: scoped and locked, refused once closed, one transaction. */
async function intakeAct<R extends { kind: string }>(
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

export type DecisionResult =
  | { kind: "recorded"; feedbackGiven: boolean }
  | { kind: "stepUp"; reason: Exclude<StepUpResult, "ok"> }
  | { kind: "invalidDate"; message: string }
  | { kind: "alreadyDecided" }
  | { kind: "feedbackRequestedMeanwhile" }
  | { kind: "closed" };

/**
 * Records the decision on an investigation: one of the three outcomes and its date. When the
 * school has asked for feedback, the decision goes back to the school as the feedback at once,
 * which asks for the password again when the last login is older than five minutes.
 */
export async function recordDecision(
  actor: Actor,
  reportId: string,
  values: Pick<DecisionValues, "outcome" | "decisionOn">,
  stepUp: { password?: string | null; clientAddress: string },
  context: ReportContext = {},
): Promise<DecisionResult> {
  const now = context.now ?? new Date();
  // The step-up is checked before the transaction: it writes its own rows (the login attempts).
  const preview = await db.transaction().execute(async (trx) => {
    const row = await openReportForIntake(trx, actor, reportId);
    return row;
  });
  if (preview.status !== "received") return { kind: "closed" };
  if (preview.decisionOutcome) return { kind: "alreadyDecided" };
  const today = stockholmDate(now);
  const receivedOn = stockholmDate(preview.receivedAt!);
  if (values.decisionOn > today) {
    return { kind: "invalidDate", message: "Beslutsdatum kan inte vara efter i dag." };
  }
  if (values.decisionOn < receivedOn) {
    return {
      kind: "invalidDate",
      message: `Beslutsdatum kan inte vara före den dag anmälan kom in (${receivedOn}).`,
    };
  }
  const stepUpChecked = preview.feedbackRequestedAt !== null && !preview.feedbackWithheldAt;
  if (stepUpChecked) {
    const confirmed = await confirmStepUp(actor, stepUp.password, stepUp.clientAddress, now);
    if (confirmed !== "ok") return { kind: "stepUp", reason: confirmed };
  }
  return intakeAct(actor, reportId, context, async (trx, row) => {
    if (row.decisionOutcome) return { kind: "alreadyDecided" } as const;
    const giveFeedback = row.feedbackRequestedAt !== null && !row.feedbackWithheldAt;
    // The school asked for feedback in between: releasing it needs the password check too.
    if (giveFeedback && !stepUpChecked) return { kind: "feedbackRequestedMeanwhile" } as const;
    await trx
      .updateTable("concernReports")
      .set({
        decisionOutcome: values.outcome,
        decisionOn: values.decisionOn,
        decisionRecordedAt: now,
        decisionRecordedBy: actor.user.id,
        ...(giveFeedback ? { feedbackGivenAt: now, feedbackGivenBy: actor.user.id } : {}),
      })
      .where("id", "=", row.id)
      .execute();
    await addEvent(trx, actor, row.id, "decisionRecorded", { outcome: values.outcome }, now);
    await audit(trx, actor, row.id, "update", "Registrera beslut om utredning", context, {
      outcome: values.outcome,
    });
    if (giveFeedback) await releaseFeedback(trx, actor, row, now, context);
    return { kind: "recorded", feedbackGiven: giveFeedback } as const;
  });
}

async function releaseFeedback(
  trx: Transaction<Database>,
  actor: Actor,
  row: ReportRow,
  now: Date,
  context: ReportContext,
) {
  await addEvent(trx, actor, row.id, "feedbackGiven", undefined, now);
  // SoL 19 kap. 6 § and OSL 26 kap. 9 a §: the feedback passes social-services secrecy.
  await audit(trx, actor, row.id, "disclose", "Återkoppling till anmälaren", context, {
    basis: "SoL 19 kap. 6 §",
  });
  await tellSchool(trx, row, "feedbackGiven");
}

/** Gives the recorded decision as feedback, for a request that came after the decision. */
export async function giveFeedback(
  actor: Actor,
  reportId: string,
  stepUp: { password?: string | null; clientAddress: string },
  context: ReportContext = {},
): Promise<
  | { kind: "given" }
  | { kind: "stepUp"; reason: Exclude<StepUpResult, "ok"> }
  | { kind: "notPossible" }
  | { kind: "closed" }
> {
  const now = context.now ?? new Date();
  const preview = await db
    .transaction()
    .execute((trx) => openReportForIntake(trx, actor, reportId));
  if (preview.status !== "received") return { kind: "closed" };
  if (
    !preview.decisionOutcome ||
    !preview.feedbackRequestedAt ||
    preview.feedbackGivenAt ||
    preview.feedbackWithheldAt
  ) {
    return { kind: "notPossible" };
  }
  const confirmed = await confirmStepUp(actor, stepUp.password, stepUp.clientAddress, now);
  if (confirmed !== "ok") return { kind: "stepUp", reason: confirmed };
  return intakeAct(actor, reportId, context, async (trx, row) => {
    if (
      !row.decisionOutcome ||
      !row.feedbackRequestedAt ||
      row.feedbackGivenAt ||
      row.feedbackWithheldAt
    ) {
      return { kind: "notPossible" } as const;
    }
    await trx
      .updateTable("concernReports")
      .set({ feedbackGivenAt: now, feedbackGivenBy: actor.user.id })
      .where("id", "=", row.id)
      .execute();
    await releaseFeedback(trx, actor, row, now, context);
    return { kind: "given" } as const;
  });
}

/**
 * Records that requested feedback is not given because intake judges it inappropriate (SoL 19
 * kap. 6 §: "om det inte är olämpligt"), with the reason, which stays with social services. The
 * sender and the principal see that no feedback will come, nothing else.
 */
export async function withholdFeedback(
  actor: Actor,
  reportId: string,
  reason: string,
  context: ReportContext = {},
): Promise<IntakeActResult<"withheld" | "notPossible">> {
  return intakeAct(actor, reportId, context, async (trx, row, now) => {
    if (!row.feedbackRequestedAt || row.feedbackGivenAt || row.feedbackWithheldAt) {
      return { kind: "notPossible" } as const;
    }
    await trx
      .updateTable("concernReports")
      .set({
        feedbackWithheldAt: now,
        feedbackWithheldBy: actor.user.id,
        feedbackWithheldReason: reason,
      })
      .where("id", "=", row.id)
      .execute();
    await addEvent(trx, actor, row.id, "feedbackWithheld", undefined, now);
    await audit(trx, actor, row.id, "update", "Återkoppling lämnas inte (olämpligt)", context);
    await tellSchool(trx, row, "feedbackWithheld");
    return { kind: "withheld" } as const;
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
