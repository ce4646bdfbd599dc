/**
 * The annual cycle (årshjul, issue 6; db/migrations/0011_school_card_schedules.ts): a caseworker
 * plans school cards for all or some of their children, term by term (by default sent on
 * 15 September for HT and 15 February for VT), and a daily job sends what is due.
 *
 * Planning: the caseworker's own children only (each through loadChild; anything else is
 * NotFoundError); one row per child and term, so planning again moves the send date of what has
 * not gone out yet. Each planned row is logged on the child.
 *
 * Sending (sendDueSchoolCards): each unsent row whose day has come is locked (FOR UPDATE SKIP
 * LOCKED, and `sent_at is null`), sent as the child's caseworker of the day through
 * requestSchoolCard (so the consent gate, the e-mail and the audit are the ordinary ones), and
 * its outcome is recorded once: requested, refused (the gate's reason), duplicate (the term
 * already has a card) or skipped (no school, no caseworker any more; the note says why).
 */
import type { Actor } from "~/auth/session.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { getBoss } from "~/lib/jobs.server";
import { logger } from "~/lib/logger.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit, recordAuditMany } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { db } from "~db/client.server";
import type { SchoolCardScheduleOutcome } from "~db/schema";
import { requestSchoolCard } from "./school-cards.server";
import { UUID } from "~/lib/uuid";

const SCHOOL_CARD_SCHEDULE_QUEUE = "school-card-schedules";

const TERM = /^(HT|VT)\d{4}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PURPOSE = "Årshjul för skolkort";

export interface PlannedTerm {
  /** HT2026, VT2027. */
  term: string;
  /** YYYY-MM-DD. */
  sendOn: string;
}

function requireCaseworker(actor: Actor) {
  if (actor.membership.role !== "caseworker" || actor.membership.organisationKind !== "district")
    throw new NotFoundError();
}

/**
 * The next two terms' send dates from `today` (YYYY-MM-DD or a moment, read in Stockholm):
 * 15 February for VT, 15 September for HT; a send date that is today still counts as coming.
 */
export function defaultSendDates(today: Date | string): [PlannedTerm, PlannedTerm] {
  const day = typeof today === "string" ? today : stockholmDate(today);
  const year = Number(day.slice(0, 4));
  const vt = (y: number) => ({ term: `VT${y}`, sendOn: `${y}-02-15` });
  const ht = (y: number) => ({ term: `HT${y}`, sendOn: `${y}-09-15` });
  if (day <= `${year}-02-15`) return [vt(year), ht(year)];
  if (day <= `${year}-09-15`) return [ht(year), vt(year + 1)];
  return [vt(year + 1), ht(year + 1)];
}

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

export interface ScheduleInput {
  childIds: readonly string[];
  terms: readonly PlannedTerm[];
  /** Days the school has to answer, from the send date; default 21. */
  dueInDays?: number;
}

export interface ScheduleContext {
  requestId?: string;
}

/**
 * Plans a card for each child and term (a row already sent is left as it is). Returns how many
 * rows were planned or moved.
 */
export async function scheduleCards(
  actor: Actor,
  input: ScheduleInput,
  context: ScheduleContext = {},
): Promise<{ planned: number }> {
  requireCaseworker(actor);
  if (input.childIds.length === 0) throw new RangeError("no child to plan for");
  for (const t of input.terms) {
    if (!TERM.test(t.term)) throw new RangeError("term must look like HT2026");
    if (!DATE.test(t.sendOn)) throw new RangeError("sendOn must be YYYY-MM-DD");
  }
  const childIds = [...new Set(input.childIds)];
  return db.transaction().execute(async (trx) => {
    let planned = 0;
    for (const childId of childIds) {
      const child = await loadChild(actor, childId, trx);
      // Planning is for the caseworker's own children, whatever the scope ever becomes.
      if (child.caseworkerUserId !== actor.user.id) throw new NotFoundError();
      for (const t of input.terms) {
        const row = await trx
          .insertInto("schoolCardSchedules")
          .values({
            childId: child.id,
            caseworkerUserId: actor.user.id,
            term: t.term,
            sendOn: t.sendOn,
            dueInDays: input.dueInDays ?? 21,
          })
          .onConflict((oc) =>
            oc
              .columns(["childId", "term"])
              .doUpdateSet((eb) => ({
                sendOn: eb.ref("excluded.sendOn"),
                dueInDays: eb.ref("excluded.dueInDays"),
                caseworkerUserId: eb.ref("excluded.caseworkerUserId"),
              }))
              .where("schoolCardSchedules.sentAt", "is", null),
          )
          .returning("id")
          .executeTakeFirst();
        if (!row) continue;
        planned += 1;
        await recordAudit(trx, actor, {
          action: "create",
          recordType: "schoolCardSchedule",
          recordId: row.id,
          childId: child.id,
          purpose: PURPOSE,
          requestId: context.requestId ?? null,
          details: { term: t.term, sendOn: t.sendOn },
        });
      }
    }
    return { planned };
  });
}

export interface ScheduleRow {
  id: string;
  childId: string;
  childName: string;
  term: string;
  sendOn: string;
  sentAt: Date | null;
  outcome: SchoolCardScheduleOutcome | null;
  /** What happened, in Swedish: "Planerat", "Begärt", "Inte begärt: …". */
  outcomeLabel: string;
  schoolCardId: string | null;
}

function outcomeLabel(outcome: SchoolCardScheduleOutcome | null, note: string | null) {
  switch (outcome) {
    case null:
      return "Planerat";
    case "requested":
      return "Begärt";
    case "refused":
      return `Inte begärt: ${note ?? "samtycke eller rättslig grund saknas."}`;
    case "duplicate":
      return "Fanns redan för terminen";
    case "skipped":
      return `Inte skickat: ${note ?? ""}`.trim();
  }
}

/** The caseworker's planned and sent cards for their own children (a logged read of each). */
export async function listSchedule(
  actor: Actor,
  context: ScheduleContext = {},
): Promise<ScheduleRow[]> {
  requireCaseworker(actor);
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("schoolCardSchedules as s")
      .innerJoin("children as c", "c.id", "s.childId")
      .select([
        "s.id",
        "s.childId",
        "c.firstName",
        "c.lastName",
        "s.term",
        "s.sendOn",
        "s.sentAt",
        "s.outcome",
        "s.outcomeNote",
        "s.schoolCardId",
      ])
      .where("c.caseworkerUserId", "=", actor.user.id)
      .where("c.districtId", "=", actor.membership.organisationId)
      .orderBy("s.sendOn")
      .orderBy("c.lastName")
      .orderBy("c.firstName")
      .orderBy("s.id")
      .execute();
    const children = [...new Set(rows.map((r) => r.childId))];
    await recordAuditMany(
      trx,
      actor,
      children.map((childId) => ({
        action: "read",
        recordType: "child",
        recordId: childId,
        childId,
        purpose: PURPOSE,
        requestId: context.requestId ?? null,
        details: { view: "schoolCardSchedule" },
      })),
    );
    return rows.map((r) => ({
      id: r.id,
      childId: r.childId,
      childName: `${r.firstName} ${r.lastName}`,
      term: r.term,
      sendOn: r.sendOn,
      sentAt: r.sentAt,
      outcome: r.outcome,
      outcomeLabel: outcomeLabel(r.outcome, r.outcomeNote),
      schoolCardId: r.schoolCardId,
    }));
  });
}

/**
 * Cancels a planned card not yet sent. Someone else's, or none: NotFoundError; already sent:
 * "alreadySent", and nothing changes.
 */
export async function cancelScheduled(
  actor: Actor,
  scheduleId: string,
  context: ScheduleContext = {},
): Promise<"cancelled" | "alreadySent"> {
  requireCaseworker(actor);
  if (!UUID.test(scheduleId)) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("schoolCardSchedules")
      .select(["id", "childId", "term", "sendOn", "sentAt"])
      .where("id", "=", scheduleId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError();
    const child = await loadChild(actor, row.childId, trx);
    if (child.caseworkerUserId !== actor.user.id) throw new NotFoundError();
    if (row.sentAt) return "alreadySent";
    await trx.deleteFrom("schoolCardSchedules").where("id", "=", row.id).execute();
    await recordAudit(trx, actor, {
      action: "delete",
      recordType: "schoolCardSchedule",
      recordId: row.id,
      childId: row.childId,
      purpose: PURPOSE,
      requestId: context.requestId ?? null,
      details: { term: row.term, sendOn: row.sendOn },
    });
    return "cancelled";
  });
}

// ---------------------------------------------------------------------------------------------
// Sending (the daily job)
// ---------------------------------------------------------------------------------------------

/**
 * The user as the district's caseworker, as a session would have them, if they still are one
 * (membership not ended, account not deactivated); otherwise null.
 */
async function caseworkerActor(userId: string, districtId: string): Promise<Actor | null> {
  const row = await db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .innerJoin("organisations as o", "o.id", "m.organisationId")
    .select([
      "u.id as userId",
      "u.email",
      "u.name",
      "u.title",
      "u.phone",
      "m.id as membershipId",
      "m.organisationKind",
      "o.name as organisationName",
    ])
    .where("m.userId", "=", userId)
    .where("m.organisationId", "=", districtId)
    .where("m.role", "=", "caseworker")
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .where("o.deactivatedAt", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    user: { id: row.userId, email: row.email, name: row.name, title: row.title, phone: row.phone },
    session: {
      id: "school-card-schedule-job",
      activeMembershipId: row.membershipId,
      authenticatedAt: new Date(),
    },
    membership: {
      id: row.membershipId,
      role: "caseworker",
      organisationId: districtId,
      organisationKind: row.organisationKind,
      organisationName: row.organisationName,
    },
  };
}

interface Outcome {
  outcome: SchoolCardScheduleOutcome;
  note: string | null;
  schoolCardId: string | null;
}

export type ScheduleCounts = Record<SchoolCardScheduleOutcome, number>;

/** Sends every planned card whose day (in Stockholm) has come, each once. */
export async function sendDueSchoolCards(now = new Date()): Promise<ScheduleCounts> {
  const today = stockholmDate(now);
  const counts: ScheduleCounts = { requested: 0, refused: 0, duplicate: 0, skipped: 0 };
  const due = await db
    .selectFrom("schoolCardSchedules")
    .select("id")
    .where("sentAt", "is", null)
    .where("sendOn", "<=", today)
    .orderBy("sendOn")
    .orderBy("createdAt")
    .execute();
  for (const { id } of due) {
    // One row's failure must not stop the rest of the day's cards; it is tried again tomorrow.
    const outcome = await sendOne(id, today, now).catch((error: unknown) => {
      logger.error({ err: error, scheduleId: id }, "school-card schedule failed");
      return null;
    });
    if (outcome) counts[outcome] += 1;
  }
  return counts;
}

async function sendOne(id: string, today: string, now: Date) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("schoolCardSchedules as s")
      .innerJoin("children as c", "c.id", "s.childId")
      .select([
        "s.id",
        "s.childId",
        "s.term",
        "s.sendOn",
        "s.dueInDays",
        "c.districtId",
        "c.schoolId",
        "c.caseworkerUserId",
      ])
      .where("s.id", "=", id)
      .where("s.sentAt", "is", null)
      .forUpdate("s")
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    const result = await send(row, today);
    await trx
      .updateTable("schoolCardSchedules")
      .set({
        sentAt: now,
        outcome: result.outcome,
        outcomeNote: result.note,
        schoolCardId: result.schoolCardId,
      })
      .where("id", "=", row.id)
      .where("sentAt", "is", null)
      .execute();
    return result.outcome;
  });
}

async function send(
  row: {
    childId: string;
    term: string;
    sendOn: string;
    dueInDays: number;
    districtId: string;
    schoolId: string | null;
    caseworkerUserId: string;
  },
  today: string,
): Promise<Outcome> {
  const skipped = (note: string): Outcome => ({ outcome: "skipped", note, schoolCardId: null });
  if (!row.schoolId) return skipped("Barnet har ingen skola registrerad.");
  const actor = await caseworkerActor(row.caseworkerUserId, row.districtId);
  if (!actor)
    return skipped("Barnets handläggare arbetar inte längre som handläggare i stadsdelen.");
  // The school's time runs from the send date; a day missed (the job did not run) still gives
  // the school its full time.
  const fromSendOn = addToDate(row.sendOn, { days: row.dueInDays });
  const fromToday = addToDate(today, { days: row.dueInDays });
  const dueOn = fromSendOn > today ? fromSendOn : fromToday;
  try {
    const result = await requestSchoolCard(
      actor,
      row.childId,
      { term: row.term, dueOn, schoolId: row.schoolId, mentorUserId: null, message: null },
      { today },
    );
    switch (result.kind) {
      case "requested":
        return { outcome: "requested", note: null, schoolCardId: result.cardId };
      case "duplicate":
        return { outcome: "duplicate", note: null, schoolCardId: result.cardId };
      case "refused":
        return { outcome: "refused", note: result.reason, schoolCardId: null };
      case "invalid":
        return skipped(result.message);
    }
  } catch (error) {
    if (error instanceof NotFoundError) return skipped("Handläggaren når inte längre barnet.");
    throw error;
  }
}

export async function startSchoolCardScheduleJob(): Promise<void> {
  const boss = await getBoss();
  await boss.createQueue(SCHOOL_CARD_SCHEDULE_QUEUE, { retryLimit: 3, retryDelay: 300 });
  await boss.schedule(SCHOOL_CARD_SCHEDULE_QUEUE, "15 6 * * *", null, { tz: "Europe/Stockholm" });
  await boss.work(SCHOOL_CARD_SCHEDULE_QUEUE, async () => {
    const sent = await sendDueSchoolCards();
    logger.info({ sent }, "school-card schedules sent");
  });
}
