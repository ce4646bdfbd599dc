/**
 * School cards (skolkort, issue 6; db/migrations/0009_school_cards.ts): the caseworker's request,
 * the school's list and answers, and the review.
 *
 * The gate: a request asks for the categories the consent gate allows from the district to the
 * school; none allowed is a refusal with the gate's reason. Every later read by either side asks
 * the gate again, and a card whose categories are all refused now (a consent revoked or run out)
 * is stopped at once: the school no longer sees the child.
 *
 * Scope: social services through the children module (the child's caseworker, the district
 * manager); the school through the card's school and, for a mentor, the card naming them
 * (policy.ts). Everything else, and anything that does not exist, is NotFoundError. Every read
 * and change is logged on the child; a request is also logged as a disclosure with its basis.
 */
import type { Kysely, Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { addToDate, formatCalendarDate, isCalendarDate, stockholmDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { maskPersonalIdentityNumber } from "~/lib/personal-identity-number";
import { recordAudit } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import { allowedCategories, DISCLOSURE_CATEGORIES } from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import { queueEmail } from "~/modules/email/email.server";
import { db } from "../../../db/client.server";
import type { Database, SchoolCardStatus } from "../../../db/schema";
import { SCHOOL_CARD_SECTIONS } from "./sections";
import {
  daysOverdue,
  EDITABLE_STATUSES,
  mayEditAnswers,
  maySeeAsSchool,
  maySeeAsSocialServices,
  SCHOOL_CARD_STATUS_LABELS,
  type CardPolicyActor,
} from "./policy";
import { characterLength } from "~/lib/clean-text";

export { SCHOOL_CARD_STATUS_LABELS } from "./policy";

type Executor = Kysely<Database> | Transaction<Database>;

export interface CardContext {
  requestId?: string;
  /** YYYY-MM-DD; tests set it. */
  today?: string;
}

/** Days the school gets to complete a card when asked. */
export const COMPLETION_DAYS = 14;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Who at a school may be named on a card: a mentor or student-health staff. */
const NAMEABLE_ROLES = ["mentor", "studentHealth"] as const;

function todayOf(context: CardContext) {
  return context.today ?? stockholmDate(new Date());
}

function policyActor(actor: Actor): CardPolicyActor {
  return {
    userId: actor.user.id,
    role: actor.membership.role,
    organisationId: actor.membership.organisationId,
    organisationKind: actor.membership.organisationKind,
  };
}

// ---------------------------------------------------------------------------------------------
// Requesting
// ---------------------------------------------------------------------------------------------

export interface RequestFormContext {
  childId: string;
  firstName: string;
  lastName: string;
  schoolId: string | null;
  schools: { id: string; name: string }[];
  /** Mentors and student-health staff of the child's school, to name one. */
  people: { id: string; name: string; roleLabel: string }[];
  today: string;
}

/** What the request form needs (a logged read of the child). */
export async function requestFormContext(
  actor: Actor,
  childId: string,
  context: CardContext = {},
): Promise<RequestFormContext> {
  if (actor.membership.role !== "caseworker") throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx);
    const schools = await trx
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("kind", "=", "school")
      .where("deactivatedAt", "is", null)
      .orderBy("name")
      .execute();
    const people = child.schoolId ? await nameablePeople(trx, child.schoolId) : [];
    await recordAudit(trx, actor, {
      action: "read",
      recordType: "child",
      recordId: child.id,
      childId: child.id,
      purpose: "Begära skolkort",
      requestId: context.requestId ?? null,
      details: { view: "schoolCardRequestForm" },
    });
    return {
      childId: child.id,
      firstName: child.firstName,
      lastName: child.lastName,
      schoolId: child.schoolId,
      schools,
      people,
      today: todayOf(context),
    };
  });
}

async function nameablePeople(executor: Executor, schoolId: string) {
  const rows = await executor
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["u.id", "u.name", "m.role"])
    .where("m.organisationId", "=", schoolId)
    .where("m.role", "in", NAMEABLE_ROLES)
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .orderBy("u.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    roleLabel: r.role === "mentor" ? "mentor" : "elevhälsan",
  }));
}

export interface RequestValues {
  term: string;
  dueOn: string;
  schoolId: string;
  mentorUserId: string | null;
  message: string | null;
}

export type RequestResult =
  | { kind: "requested"; cardId: string; categories: DisclosureCategory[] }
  /** The gate allows nothing for this school: its reason, in Swedish. */
  | { kind: "refused"; reason: string }
  | { kind: "duplicate"; cardId: string }
  | { kind: "invalid"; field: "schoolId" | "mentorUserId" | "dueOn"; message: string };

/**
 * A caseworker asks a school for a card about one of their children. The card asks only what the
 * gate allows now; the named person, or else the principal and student health, get an e-mail
 * with no child data.
 */
export async function requestSchoolCard(
  actor: Actor,
  childId: string,
  input: RequestValues,
  context: CardContext = {},
): Promise<RequestResult> {
  try {
    return await makeRequest(actor, childId, input, context);
  } catch (error) {
    // Two requests at once (a double submit, the annual cycle's job and a caseworker): the
    // unique index lets one through; the other is told of it.
    const e = error as { code?: unknown; constraint?: unknown } | null;
    if (e?.code !== "23505" || e.constraint !== "school_cards_one_open_per_term") throw error;
    const existing = await db
      .selectFrom("schoolCards")
      .select("id")
      .where("childId", "=", childId)
      .where("schoolId", "=", input.schoolId)
      .where("term", "=", input.term)
      .where("status", "<>", "stopped")
      .executeTakeFirstOrThrow();
    return { kind: "duplicate", cardId: existing.id };
  }
}

async function makeRequest(
  actor: Actor,
  childId: string,
  input: RequestValues,
  context: CardContext,
): Promise<RequestResult> {
  if (actor.membership.role !== "caseworker") throw new NotFoundError();
  const today = todayOf(context);
  // The route validates with requestSchoolCardSchema; these hold for any other caller too.
  if (!/^(HT|VT)\d{4}$/.test(input.term)) throw new RangeError("term must look like HT2026");
  if (input.message !== null && characterLength(input.message) > 2000)
    throw new RangeError("message is longer than 2000 characters");
  if (!isCalendarDate(input.dueOn))
    return { kind: "invalid", field: "dueOn", message: "Ange ett datum som finns." };
  if (input.dueOn <= today)
    return { kind: "invalid", field: "dueOn", message: "Sista dag måste vara efter i dag." };
  if (!UUID.test(input.schoolId))
    return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." };
  if (input.mentorUserId !== null && !UUID.test(input.mentorUserId))
    return {
      kind: "invalid",
      field: "mentorUserId",
      message: "Den valda personen arbetar inte på skolan. Välj någon annan, eller ingen.",
    };
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    const school = await trx
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("id", "=", input.schoolId)
      .where("kind", "=", "school")
      .where("deactivatedAt", "is", null)
      .executeTakeFirst();
    if (!school) return { kind: "invalid", field: "schoolId", message: "Välj en skola i listan." };
    const people = await nameablePeople(trx, school.id);
    if (input.mentorUserId && !people.some((p) => p.id === input.mentorUserId))
      return {
        kind: "invalid",
        field: "mentorUserId",
        message: "Den valda personen arbetar inte på skolan. Välj någon annan, eller ingen.",
      };

    const gate = await allowedCategories(trx, {
      childId: child.id,
      from: { organisationId: child.districtId, kind: "district" },
      receiving: { organisationId: school.id, kind: "school" },
      categories: DISCLOSURE_CATEGORIES,
      today,
    });
    if (gate.allowed.length === 0) return { kind: "refused", reason: gate.refusal ?? "" };

    const existing = await trx
      .selectFrom("schoolCards")
      .select("id")
      .where("childId", "=", child.id)
      .where("schoolId", "=", school.id)
      .where("term", "=", input.term)
      .where("status", "<>", "stopped")
      .executeTakeFirst();
    if (existing) return { kind: "duplicate", cardId: existing.id };

    const card = await trx
      .insertInto("schoolCards")
      .values({
        childId: child.id,
        districtId: child.districtId,
        schoolId: school.id,
        term: input.term,
        dueOn: input.dueOn,
        mentorUserId: input.mentorUserId,
        message: input.message,
        categories: gate.allowed,
        requestedBy: actor.user.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "schoolCardRequest",
      recordId: card.id,
      childId: child.id,
      purpose: "Begära skolkort",
      requestId: context.requestId ?? null,
      details: { schoolId: school.id, term: input.term, categories: gate.allowed },
    });
    // The request tells the school that social services follow the child: a disclosure, on the
    // basis the gate named for each category.
    await recordAudit(trx, actor, {
      action: "disclose",
      recordType: "schoolCardRequest",
      recordId: card.id,
      childId: child.id,
      purpose: "Begäran om skolkort till skolan",
      requestId: context.requestId ?? null,
      details: {
        to: school.id,
        bases: Object.fromEntries(
          gate.allowed.map((c) => {
            const decision = gate.bases[c];
            return [c, decision?.allowed ? decision.basis : null];
          }),
        ),
      },
    });
    await notifySchool(trx, {
      cardId: card.id,
      schoolId: school.id,
      schoolName: school.name,
      districtName: child.districtName,
      mentorUserId: input.mentorUserId,
      dueOn: input.dueOn,
    });
    return { kind: "requested", cardId: card.id, categories: gate.allowed } as const;
  });
}

async function notifySchool(
  trx: Transaction<Database>,
  card: {
    cardId: string;
    schoolId: string;
    schoolName: string;
    districtName: string;
    mentorUserId: string | null;
    dueOn: string;
  },
) {
  let recipients = trx
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.userId", "u.id")
    .select(["u.email", "u.name"])
    .distinct()
    .where("m.organisationId", "=", card.schoolId)
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null);
  recipients = card.mentorUserId
    ? recipients.where("u.id", "=", card.mentorUserId)
    : recipients.where("m.role", "in", ["principal", "studentHealth"]);
  for (const person of await recipients.execute()) {
    await queueEmail(trx, {
      to: person.email,
      template: "schoolCardRequested",
      props: {
        recipientName: person.name,
        schoolName: card.schoolName,
        districtName: card.districtName,
        dueOn: formatCalendarDate(card.dueOn),
        url: `${env().APP_URL}/skolkort/${card.cardId}`,
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

export interface CardListItem {
  id: string;
  childName: string;
  schoolName: string;
  term: string;
  dueOn: string;
  status: SchoolCardStatus;
  statusLabel: string;
  daysOverdue: number;
  requestedAt: Date;
}

function cardsWithPeople(executor: Executor) {
  return executor
    .selectFrom("schoolCards as k")
    .innerJoin("children as c", "c.id", "k.childId")
    .innerJoin("organisations as s", "s.id", "k.schoolId")
    .select([
      "k.id",
      "k.childId",
      "k.districtId",
      "k.schoolId",
      "k.mentorUserId",
      "k.categories",
      "k.term",
      "k.dueOn",
      "k.status",
      "k.requestedAt",
      "c.firstName",
      "c.lastName",
      "c.caseworkerUserId",
      "s.name as schoolName",
    ]);
}

function listItem(
  row: {
    id: string;
    firstName: string;
    lastName: string;
    schoolName: string;
    term: string;
    dueOn: string;
    status: SchoolCardStatus;
    requestedAt: Date;
  },
  today: string,
): CardListItem {
  return {
    id: row.id,
    childName: `${row.firstName} ${row.lastName}`,
    schoolName: row.schoolName,
    term: row.term,
    dueOn: row.dueOn,
    status: row.status,
    statusLabel: SCHOOL_CARD_STATUS_LABELS[row.status],
    daysOverdue: daysOverdue(row, today),
    requestedAt: row.requestedAt,
  };
}

/** The caseworker's cards (their children), or the district's for its manager; newest first. */
export async function listCardsForSocialServices(
  actor: Actor,
  context: CardContext = {},
): Promise<CardListItem[]> {
  const role = actor.membership.role;
  if (actor.membership.organisationKind !== "district") throw new NotFoundError();
  if (role !== "caseworker" && role !== "districtManager") throw new NotFoundError();
  const today = todayOf(context);
  return db.transaction().execute(async (trx) => {
    let query = cardsWithPeople(trx).where("k.districtId", "=", actor.membership.organisationId);
    if (role === "caseworker") query = query.where("c.caseworkerUserId", "=", actor.user.id);
    const rows = await query.orderBy("k.requestedAt", "desc").execute();
    // A revoked consent shows at once as a stopped card, not as one the school is late with.
    for (const row of rows) {
      if ((await recheck(trx, row, today)).stopped) row.status = "stopped";
    }
    return rows.map((row) => listItem(row, today));
  });
}

/**
 * What waits for the school (cards still with it), oldest first: every card to it for the
 * principal and student health, the cards naming them for a mentor. Cards the gate no longer allows are stopped and left out.
 */
export async function listCardsForSchool(
  actor: Actor,
  context: CardContext = {},
): Promise<CardListItem[]> {
  if (actor.membership.organisationKind !== "school") throw new NotFoundError();
  const today = todayOf(context);
  return db.transaction().execute(async (trx) => {
    let query = cardsWithPeople(trx)
      .where("k.schoolId", "=", actor.membership.organisationId)
      .where("k.status", "in", EDITABLE_STATUSES);
    if (actor.membership.role === "mentor")
      query = query.where("k.mentorUserId", "=", actor.user.id);
    else if (actor.membership.role !== "principal" && actor.membership.role !== "studentHealth")
      throw new NotFoundError();
    const rows = await query.orderBy("k.requestedAt", "asc").execute();
    const visible = [];
    for (const row of rows) {
      if (!maySeeAsSchool(policyActor(actor), row)) continue;
      if ((await recheck(trx, row, today)).stopped) continue;
      visible.push(row);
    }
    for (const row of visible) {
      await recordAudit(trx, actor, {
        action: "read",
        recordType: "schoolCard",
        recordId: row.id,
        childId: row.childId,
        purpose: "Skolkort som väntar på skolan",
        requestId: context.requestId ?? null,
        details: { view: "list" },
      });
    }
    return visible.map((row) => listItem(row, today));
  });
}

/**
 * Asks the gate again for a card still with the school: the categories it may be asked and shown
 * now. When none is left (consent revoked or run out) the card is stopped, with the reason. A
 * card already returned or accepted keeps its categories: what was disclosed was disclosed on a
 * basis then.
 */
async function recheck(
  trx: Transaction<Database>,
  card: {
    id: string;
    childId: string;
    districtId: string;
    schoolId: string;
    categories: DisclosureCategory[];
    status: SchoolCardStatus;
  },
  today: string,
): Promise<{ stopped: boolean; categories: DisclosureCategory[] }> {
  if (!mayEditAnswers(card.status)) return { stopped: false, categories: card.categories };
  const gate = await allowedCategories(trx, {
    childId: card.childId,
    from: { organisationId: card.districtId, kind: "district" },
    receiving: { organisationId: card.schoolId, kind: "school" },
    categories: card.categories,
    today,
  });
  if (gate.allowed.length > 0) return { stopped: false, categories: gate.allowed };
  await trx
    .updateTable("schoolCards")
    .set({
      status: "stopped",
      stoppedAt: new Date(),
      stoppedReason: (gate.refusal ?? "").slice(0, 500),
    })
    .where("id", "=", card.id)
    .execute();
  return { stopped: true, categories: [] };
}

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

export { defaultDueOn } from "./schema";

// ---------------------------------------------------------------------------------------------
// Answering (the school)
// ---------------------------------------------------------------------------------------------

export type SaveResult =
  | { kind: "saved"; version: number; savedAt: Date }
  | { kind: "submitted" }
  /** Someone saved since this form was loaded: their answers, so the user can choose. */
  | {
      kind: "conflict";
      current: {
        answers: Record<string, unknown>;
        version: number;
        savedAt: Date | null;
        savedByName: string | null;
      };
    }
  /** The card is no longer with the school (returned, accepted or stopped). */
  | { kind: "locked" };

/**
 * Saves the school's answers: a draft (`submit` false) keeps the card with the school; a
 * submission locks it and returns it. `version` is the one the form showed: a save on an older
 * version is refused with what is there now. The answers are validated by the caller with the
 * schema for the card's categories (schema.ts), the same one the form uses.
 */
export async function saveAnswers(
  actor: Actor,
  cardId: string,
  input: { answers: Record<string, unknown>; version: number; submit: boolean },
  context: CardContext = {},
): Promise<SaveResult> {
  if (!UUID.test(cardId)) throw new NotFoundError();
  const today = todayOf(context);
  const result = await db.transaction().execute(async (trx): Promise<SaveResult | null> => {
    const card = await trx
      .selectFrom("schoolCards as k")
      .innerJoin("children as c", "c.id", "k.childId")
      .leftJoin("users as v", "v.id", "k.savedBy")
      .selectAll("k")
      .select(["c.caseworkerUserId", "v.name as savedByName"])
      .where("k.id", "=", cardId)
      .forUpdate("k")
      .executeTakeFirst();
    if (!card || !maySeeAsSchool(policyActor(actor), card)) throw new NotFoundError();
    // A stopped card no longer exists for the school.
    if (card.status === "stopped") return null;
    if (!mayEditAnswers(card.status)) return { kind: "locked" } as const;
    const gate = await recheck(trx, card, today);
    // The stop is kept (the transaction commits); the school is then told nothing.
    if (gate.stopped) return null;
    // Never store a section the gate no longer allows (a consent for one category revoked
    // while the form was open): it is dropped, as the form no longer shows it.
    const asked = new Set<string>(gate.categories);
    const answers = Object.fromEntries(
      Object.entries(input.answers).filter(([code]) => {
        const section = SCHOOL_CARD_SECTIONS.find((x) => x.code === code);
        return section !== undefined && (section.category === null || asked.has(section.category));
      }),
    );
    if (card.version !== input.version) {
      return {
        kind: "conflict",
        current: {
          answers: card.answers,
          version: card.version,
          savedAt: card.savedAt,
          savedByName: card.savedByName,
        },
      } as const;
    }
    const now = new Date();
    const version = card.version + 1;
    await trx
      .updateTable("schoolCards")
      .set({
        answers: JSON.stringify(answers),
        version,
        savedAt: now,
        savedBy: actor.user.id,
        ...(input.submit
          ? { status: "returned", submittedAt: now, submittedBy: actor.user.id }
          : { status: card.status === "completionAsked" ? "completionAsked" : "inProgress" }),
      })
      .where("id", "=", card.id)
      .execute();
    await recordAudit(trx, actor, {
      action: input.submit ? "disclose" : "update",
      recordType: "schoolCard",
      recordId: card.id,
      childId: card.childId,
      purpose: input.submit ? "Skolkort skickat till socialtjänsten" : "Utkast till skolkort",
      requestId: context.requestId ?? null,
      details: { version, categories: gate.categories },
    });
    return input.submit
      ? ({ kind: "submitted" } as const)
      : ({ kind: "saved", version, savedAt: now } as const);
  });
  if (!result) throw new NotFoundError();
  return result;
}

// ---------------------------------------------------------------------------------------------
// Review (social services)
// ---------------------------------------------------------------------------------------------

async function cardForReview(trx: Transaction<Database>, actor: Actor, cardId: string) {
  if (!UUID.test(cardId)) throw new NotFoundError();
  const card = await trx
    .selectFrom("schoolCards as k")
    .innerJoin("children as c", "c.id", "k.childId")
    .selectAll("k")
    .select(["c.caseworkerUserId"])
    .where("k.id", "=", cardId)
    .forUpdate("k")
    .executeTakeFirst();
  if (!card || !maySeeAsSocialServices(policyActor(actor), card)) throw new NotFoundError();
  return card;
}

/** Asks the school to complete a returned card, naming what is missing: it reopens for them. */
export async function askForCompletion(
  actor: Actor,
  cardId: string,
  note: string,
  context: CardContext = {},
): Promise<{ kind: "asked" | "notReturned" }> {
  return db.transaction().execute(async (trx) => {
    const card = await cardForReview(trx, actor, cardId);
    if (card.status !== "returned") return { kind: "notReturned" } as const;
    // A new round: the school gets two weeks from now, and the reminders start over for it.
    const dueOn = addToDate(todayOf(context), { days: COMPLETION_DAYS });
    await trx
      .updateTable("schoolCards")
      .set({
        status: "completionAsked",
        completionNote: note,
        completionAskedAt: new Date(),
        completionAskedBy: actor.user.id,
        dueOn: dueOn > card.dueOn ? dueOn : card.dueOn,
      })
      .where("id", "=", card.id)
      .execute();
    await trx.deleteFrom("schoolCardReminders").where("schoolCardId", "=", card.id).execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "schoolCard",
      recordId: card.id,
      childId: card.childId,
      purpose: "Begära komplettering av skolkort",
      requestId: context.requestId ?? null,
      details: { completionAsked: true },
    });
    return { kind: "asked" } as const;
  });
}

/** Accepts a returned card. */
export async function acceptCard(
  actor: Actor,
  cardId: string,
  context: CardContext = {},
): Promise<{ kind: "accepted" | "notReturned" }> {
  return db.transaction().execute(async (trx) => {
    const card = await cardForReview(trx, actor, cardId);
    if (card.status !== "returned") return { kind: "notReturned" } as const;
    await trx
      .updateTable("schoolCards")
      .set({ status: "accepted", acceptedAt: new Date(), acceptedBy: actor.user.id })
      .where("id", "=", card.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "schoolCard",
      recordId: card.id,
      childId: card.childId,
      purpose: "Godkänna skolkort",
      requestId: context.requestId ?? null,
      details: { accepted: true },
    });
    return { kind: "accepted" } as const;
  });
}
