/**
 * One school card as either side sees it (opening it marks it opened for the school), and which
 * side an actor sees it from.
 */
import { policyActor, type Actor } from "~/auth/session.server";
import { NotFoundError } from "~/lib/not-found.server";
import { maskPersonalIdentityNumber } from "~/lib/personal-identity-number";
import { recordAudit } from "~/modules/audit/audit.server";
import { allowedCategories } from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import { db } from "~db/client.server";
import type { SchoolCardStatus } from "~db/schema";
import { recheck, todayOf, type CardContext } from "./card-common.server";
import { UUID } from "~/lib/uuid";
import {
  daysOverdue,
  mayEditAnswers,
  maySeeAsSchool,
  maySeeAsSocialServices,
  SCHOOL_CARD_STATUS_LABELS,
} from "./policy";

// ---------------------------------------------------------------------------------------------
// One card
// ---------------------------------------------------------------------------------------------

export interface CardView {
  id: string;
  side: "school" | "socialServices";
  childName: string;
  /** YYYYMMDD-XXXX. */
  maskedIdentityNumber: string;
  childId: string;
  schoolName: string;
  districtName: string;
  requestedByName: string;
  mentorName: string | null;
  term: string;
  dueOn: string;
  message: string | null;
  categories: DisclosureCategory[];
  status: SchoolCardStatus;
  statusLabel: string;
  daysOverdue: number;
  answers: Record<string, unknown>;
  version: number;
  savedAt: Date | null;
  savedByName: string | null;
  submittedAt: Date | null;
  completionNote: string | null;
  stoppedReason: string | null;
}

/**
 * One card, for the addressed school or for social services (NotFoundError for anyone else).
 * The school's first opening marks it opened; a card the gate no longer allows is stopped and
 * then, for the school, no longer exists.
 */
export async function getCard(
  actor: Actor,
  cardId: string,
  context: CardContext = {},
): Promise<CardView> {
  if (!UUID.test(cardId)) throw new NotFoundError();
  const today = todayOf(context);
  const view = await db.transaction().execute(async (trx): Promise<CardView | null> => {
    const row = await trx
      .selectFrom("schoolCards as k")
      .innerJoin("children as c", "c.id", "k.childId")
      .innerJoin("organisations as s", "s.id", "k.schoolId")
      .innerJoin("organisations as d", "d.id", "k.districtId")
      .innerJoin("users as r", "r.id", "k.requestedBy")
      .leftJoin("users as m", "m.id", "k.mentorUserId")
      .leftJoin("users as v", "v.id", "k.savedBy")
      .selectAll("k")
      .select([
        "c.firstName",
        "c.lastName",
        "c.personalIdentityNumber",
        "c.caseworkerUserId",
        "s.name as schoolName",
        "d.name as districtName",
        "r.name as requestedByName",
        "m.name as mentorName",
        "v.name as savedByName",
      ])
      .where("k.id", "=", cardId)
      .forUpdate("k")
      .executeTakeFirst();
    if (!row) throw new NotFoundError();
    const who = policyActor(actor);
    const side = maySeeAsSchool(who, row)
      ? "school"
      : maySeeAsSocialServices(who, row)
        ? "socialServices"
        : null;
    if (!side) throw new NotFoundError();
    let status = row.status;
    let stoppedReason = row.stoppedReason;
    const gate = await recheck(trx, row, today);
    if (gate.stopped) {
      const stopped = await trx
        .selectFrom("schoolCards")
        .select(["status", "stoppedReason"])
        .where("id", "=", row.id)
        .executeTakeFirstOrThrow();
      status = stopped.status;
      stoppedReason = stopped.stoppedReason;
    }
    // The stop is kept (the transaction commits); the school is then told nothing.
    if (side === "school" && (status === "stopped" || status === "accepted")) return null;
    if (side === "school" && status === "requested") {
      await trx
        .updateTable("schoolCards")
        .set({ status: "opened", openedAt: new Date() })
        .where("id", "=", row.id)
        .execute();
      status = "opened";
    }
    await recordAudit(trx, actor, {
      action: "read",
      recordType: "schoolCard",
      recordId: row.id,
      childId: row.childId,
      purpose: side === "school" ? "Fylla i skolkort" : "Handläggning: skolkort",
      requestId: context.requestId ?? null,
    });
    return {
      id: row.id,
      side,
      childName: `${row.firstName} ${row.lastName}`,
      maskedIdentityNumber: maskPersonalIdentityNumber(row.personalIdentityNumber),
      childId: row.childId,
      schoolName: row.schoolName,
      districtName: row.districtName,
      requestedByName: row.requestedByName,
      mentorName: row.mentorName,
      term: row.term,
      dueOn: row.dueOn,
      message: row.message,
      categories: gate.stopped ? row.categories : gate.categories,
      status,
      statusLabel: SCHOOL_CARD_STATUS_LABELS[status],
      daysOverdue: daysOverdue({ status, dueOn: row.dueOn }, today),
      answers: row.answers,
      version: row.version,
      savedAt: row.savedAt,
      savedByName: row.savedByName,
      submittedAt: row.submittedAt,
      completionNote: row.completionNote,
      stoppedReason,
    };
  });
  if (!view) throw new NotFoundError();
  return view;
}

/**
 * Which side the actor sees the card from, and the categories it was requested for; NotFoundError
 * for anyone else. Not logged: an action checks this before reading its form, and the module
 * function it then calls logs what it reads or changes.
 */
export async function cardAccess(
  actor: Actor,
  cardId: string,
): Promise<{ side: "school" | "socialServices"; categories: DisclosureCategory[] }> {
  if (!UUID.test(cardId)) throw new NotFoundError();
  const card = await db
    .selectFrom("schoolCards as k")
    .innerJoin("children as c", "c.id", "k.childId")
    .select([
      "k.childId",
      "k.districtId",
      "k.schoolId",
      "k.mentorUserId",
      "k.categories",
      "k.status",
    ])
    .select("c.caseworkerUserId")
    .where("k.id", "=", cardId)
    .executeTakeFirst();
  if (!card) throw new NotFoundError();
  const who = policyActor(actor);
  // Once accepted (or stopped) the card belongs to social services' file; the school's part is done.
  if (maySeeAsSchool(who, card) && card.status !== "stopped" && card.status !== "accepted") {
    if (!mayEditAnswers(card.status)) return { side: "school", categories: card.categories };
    // What the school is asked now: a consent for one category may have been revoked since.
    const gate = await allowedCategories(db, {
      childId: card.childId,
      from: { organisationId: card.districtId, kind: "district" },
      receiving: { organisationId: card.schoolId, kind: "school" },
      categories: card.categories,
    });
    return { side: "school", categories: gate.allowed };
  }
  if (maySeeAsSocialServices(who, card))
    return { side: "socialServices", categories: card.categories };
  throw new NotFoundError();
}
