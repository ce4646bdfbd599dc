/**
 * The audit trail (loggutdrag): owns the append-only audit_events table (the database refuses
 * UPDATE, DELETE and TRUNCATE on it; see db/migrations/0005_audit_trail.ts).
 *
 * Writing: every module that reads or changes anything about a child calls recordAudit with its
 * own executor. Inside the transaction that makes a change, the change and its log line commit
 * or roll back together; a read is logged before its data is returned.
 *
 * Reading: auditExtractForChild, the list of who read or changed what about one child. The audit
 * module does not own children, so it cannot look up where a child belongs: the caller (the
 * children module, which reads the child row in its own scoped query) passes the child's
 * responsible district. An administrator may always take the extract; a district manager only
 * when that district is their organisation; anyone else is refused with NotFoundError, exactly
 * as for a child that does not exist. Taking an extract is itself a read about the child, so it
 * is logged too (record type "auditExtract"), in the same transaction as the read.
 */
import { spreadsheetCsv } from "~/lib/csv.server";
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { AuditAction, Database, Role } from "~db/schema";
import {
  AUDIT_ACTION_LABELS,
  auditActorRoleLabel,
  auditRecordTypeLabel,
  mayTakeAuditExtract,
} from "./policy";

type Executor = Kysely<Database> | Transaction<Database>;

export interface AuditEventInput {
  action: AuditAction;
  /** The record's code name from the glossary: child, consent, schoolCard, concernReport, … */
  recordType: string;
  recordId: string;
  /** The child the record is about (the record itself, when it is the child). */
  childId?: string | null;
  /** Why the person needed it, 1–500 characters; shown in the extract. */
  purpose: string;
  /** The request's id from the load context, to find the matching server log lines. */
  requestId?: string | null;
  /** Ids and facts about the action (a legal basis, which fields changed), never child data. */
  details?: Record<string, unknown>;
}

/**
 * Appends one event, as the actor with the organisation and role they act for now. Pass the
 * transaction that makes the change, so that the change is never kept without its log line.
 */
export async function recordAudit(
  executor: Executor,
  actor: Actor,
  event: AuditEventInput,
): Promise<{ id: string; occurredAt: Date }> {
  return executor
    .insertInto("auditEvents")
    .values(auditRow(actor, event))
    .returning(["id", "occurredAt"])
    .executeTakeFirstOrThrow();
}

/**
 * The row of one event: who acted (name, organisation and role as they were then), what, and
 * when by the portal's clock, the clock of every other time it writes and of the periods an
 * extract is asked for (not the database's now(), which a test run does not fix; decision 025).
 */
function auditRow(actor: Actor, event: AuditEventInput) {
  return {
    occurredAt: new Date(),
    actorUserId: actor.user.id,
    actorName: actor.user.name,
    actorOrganisationId: actor.membership.organisationId,
    actorOrganisationName: actor.membership.organisationName,
    actorRole: actor.membership.role,
    action: event.action,
    recordType: event.recordType,
    recordId: event.recordId,
    childId: event.childId ?? null,
    purpose: event.purpose.trim(),
    requestId: event.requestId ?? null,
    details: event.details ? JSON.stringify(event.details) : null,
  };
}

/** Appends several events by one actor in one statement (a list of children read at once). */
export async function recordAuditMany(
  executor: Executor,
  actor: Actor,
  events: readonly AuditEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  await executor
    .insertInto("auditEvents")
    .values(events.map((event) => auditRow(actor, event)))
    .execute();
}

/**
 * Appends one event for a guardian (or the young person) answering a consent link: no account and
 * no organisation, so the name is the one they typed (or a description until they have typed it).
 */
export async function recordGuardianAudit(
  executor: Executor,
  guardian: { name: string },
  event: AuditEventInput,
): Promise<{ id: string; occurredAt: Date }> {
  return executor
    .insertInto("auditEvents")
    .values({
      actorUserId: null,
      actorName: guardian.name.trim(),
      actorOrganisationId: null,
      actorOrganisationName: "Via samtyckeslänk",
      actorRole: "guardian",
      occurredAt: new Date(),
      action: event.action,
      recordType: event.recordType,
      recordId: event.recordId,
      childId: event.childId ?? null,
      purpose: event.purpose.trim(),
      requestId: event.requestId ?? null,
      details: event.details ? JSON.stringify(event.details) : null,
    })
    .returning(["id", "occurredAt"])
    .executeTakeFirstOrThrow();
}

export interface AuditExtractEvent {
  id: string;
  occurredAt: Date;
  /** Null for a guardian answering a consent link. */
  actorUserId: string | null;
  actorName: string;
  actorOrganisationName: string;
  actorRole: Role | "guardian";
  action: AuditAction;
  recordType: string;
  recordId: string;
  childId: string | null;
  purpose: string;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditExtractOptions {
  /** Why the extract is taken; logged with it. */
  purpose: string;
  requestId?: string | null;
  /** Events at or after this time. */
  from?: Date;
  /** Events before this time. */
  to?: Date;
  /** "export" or "print" when the extract leaves the portal as a file or on paper. */
  action?: Extract<AuditAction, "read" | "export" | "print">;
}

/**
 * Every event about one child, newest first (events of one transaction share a time). The
 * caller passes the child's responsible district, read from the child's own row.
 */
export async function auditExtractForChild(
  actor: Actor,
  child: { childId: string; childDistrictId: string | null },
  options: AuditExtractOptions,
): Promise<AuditExtractEvent[]> {
  if (!mayTakeAuditExtract(actor.membership, child.childDistrictId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom("auditEvents")
      .select([
        "id",
        "occurredAt",
        "actorUserId",
        "actorName",
        "actorOrganisationName",
        "actorRole",
        "action",
        "recordType",
        "recordId",
        "childId",
        "purpose",
        "requestId",
        "details",
      ])
      .where("childId", "=", child.childId);
    if (options.from) query = query.where("occurredAt", ">=", options.from);
    if (options.to) query = query.where("occurredAt", "<", options.to);
    const events = await query.orderBy("occurredAt", "desc").orderBy("id", "desc").execute();
    await recordAudit(trx, actor, {
      action: options.action ?? "read",
      recordType: "auditExtract",
      recordId: child.childId,
      childId: child.childId,
      purpose: options.purpose,
      requestId: options.requestId ?? null,
      details: {
        from: options.from?.toISOString() ?? null,
        to: options.to?.toISOString() ?? null,
        events: events.length,
      },
    });
    return events;
  });
}

// With seconds: an extract is read to establish who did what in which order.
const timestamp = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  dateStyle: "short",
  timeStyle: "medium",
});

/** The extract as a spreadsheet, in Swedish, for Excel with Swedish settings. */
export function auditExtractCsv(events: AuditExtractEvent[]): string {
  const header = ["Tidpunkt", "Vem", "Organisation", "Roll", "Åtgärd", "Post", "Syfte", "Referens"];
  const body = events.map((e) => [
    timestamp.format(e.occurredAt),
    e.actorName,
    e.actorOrganisationName,
    auditActorRoleLabel(e.actorRole),
    AUDIT_ACTION_LABELS[e.action] ?? e.action,
    `${auditRecordTypeLabel(e.recordType)} ${e.recordId}`,
    e.purpose,
    e.requestId ?? "",
  ]);
  return spreadsheetCsv([header, ...body]);
}
