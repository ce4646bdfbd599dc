/**
 * Requesting a school card (the caseworker) and the lists of cards for either side: the form's
 * context, the request through the consent gate and the e-mail to the school.
 */
import type { Transaction } from "kysely";
import { policyActor, type Actor } from "~/auth/session.server";
import { formatCalendarDate, isCalendarDate } from "~/lib/dates";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { recordAudit, recordAuditMany } from "~/modules/audit/audit.server";
import { loadChild } from "~/modules/children/children.server";
import {
  allowedCategories,
  DISCLOSURE_CATEGORIES,
  type AllowedCategoriesResult,
} from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import { queueEmail } from "~/lib/email.server";
import { db } from "~db/client.server";
import type { Database, SchoolCardStatus } from "~db/schema";
import { recheckMany, todayOf, type CardContext, type Executor } from "./card-common.server";
import {
  daysOverdue,
  EDITABLE_STATUSES,
  maySeeAsSchool,
  SCHOOL_CARD_STATUS_LABELS,
  SCHOOL_WIDE_ROLES,
} from "./policy";
import { characterLength } from "~/lib/clean-text";
import { UUID } from "~/lib/uuid";
import { isUniqueViolation } from "~/lib/unique-violation";

/** Who at a school may be named on a card: a mentor or student-health staff. */
const NAMEABLE_ROLES = ["mentor", "studentHealth"] as const;

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
    if (!isUniqueViolation(error, "school_cards_one_open_per_term")) throw error;
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
  const invalid = invalidValues(input, today);
  if (invalid) return invalid;
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

    const card = await insertCard(trx, actor, { child, schoolId: school.id, input, gate });
    await auditRequest(trx, actor, {
      cardId: card.id,
      childId: child.id,
      schoolId: school.id,
      term: input.term,
      gate,
      requestId: context.requestId ?? null,
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

/**
 * What is wrong with the values before the database is asked: an answer for the form, or a
 * RangeError for what the form cannot send.
 */
function invalidValues(input: RequestValues, today: string): RequestResult | null {
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
  return null;
}

function insertCard(
  trx: Transaction<Database>,
  actor: Actor,
  {
    child,
    schoolId,
    input,
    gate,
  }: {
    child: { id: string; districtId: string };
    schoolId: string;
    input: RequestValues;
    gate: AllowedCategoriesResult;
  },
) {
  return trx
    .insertInto("schoolCards")
    .values({
      childId: child.id,
      districtId: child.districtId,
      schoolId,
      term: input.term,
      dueOn: input.dueOn,
      mentorUserId: input.mentorUserId,
      message: input.message,
      categories: gate.allowed,
      requestedBy: actor.user.id,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

async function auditRequest(
  trx: Transaction<Database>,
  actor: Actor,
  request: {
    cardId: string;
    childId: string;
    schoolId: string;
    term: string;
    gate: AllowedCategoriesResult;
    requestId: string | null;
  },
) {
  const { cardId, childId, schoolId, term, gate, requestId } = request;
  await recordAudit(trx, actor, {
    action: "create",
    recordType: "schoolCardRequest",
    recordId: cardId,
    childId,
    purpose: "Begära skolkort",
    requestId,
    details: { schoolId, term, categories: gate.allowed },
  });
  // The request tells the school that social services follow the child: a disclosure, on the
  // basis the gate named for each category.
  await recordAudit(trx, actor, {
    action: "disclose",
    recordType: "schoolCardRequest",
    recordId: cardId,
    childId,
    purpose: "Begäran om skolkort till skolan",
    requestId,
    details: {
      to: schoolId,
      bases: Object.fromEntries(
        gate.allowed.map((c) => {
          const decision = gate.bases[c];
          return [c, decision?.allowed ? decision.basis : null];
        }),
      ),
    },
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
    : recipients.where("m.role", "in", [...SCHOOL_WIDE_ROLES]);
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

/** How many cards a page of social services' list shows. */
const CARD_PAGE_SIZE = 50;

export interface CardPage {
  /** The page's cards, newest first. */
  items: CardListItem[];
  /** How many cards the whole list holds. */
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The caseworker's cards (their children), or the district's for its manager; newest first, a
 * page at a time: the gate is asked again, and the read logged, only for the cards shown. A
 * constant number of statements whatever the page's length.
 */
export async function listCardsForSocialServices(
  actor: Actor,
  context: CardContext = {},
  options: { page?: number; pageSize?: number } = {},
): Promise<CardPage> {
  const role = actor.membership.role;
  if (actor.membership.organisationKind !== "district") throw new NotFoundError();
  if (role !== "caseworker" && role !== "districtManager") throw new NotFoundError();
  const today = todayOf(context);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? CARD_PAGE_SIZE) || 1);
  return db.transaction().execute(async (trx) => {
    // The actor's cards as ids, for the count and for choosing the page: the names and the
    // school are joined to the page's cards only.
    let scoped = trx
      .selectFrom("schoolCards as k")
      .where("k.districtId", "=", actor.membership.organisationId);
    if (role === "caseworker")
      scoped = scoped
        .innerJoin("children as c", "c.id", "k.childId")
        .where("c.caseworkerUserId", "=", actor.user.id);
    const counted = await scoped
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .executeTakeFirstOrThrow();
    const total = Number(counted.n);
    const pageCount = Math.max(1, Math.ceil(total / pageSize));
    const page = Math.min(Math.max(1, Math.floor(options.page ?? 1) || 1), pageCount);
    const pageIds = scoped
      .select("k.id")
      .orderBy("k.requestedAt", "desc")
      .orderBy("k.id", "desc")
      .limit(pageSize)
      .offset((page - 1) * pageSize);
    const rows =
      total === 0
        ? []
        : await cardsWithPeople(trx)
            .where("k.id", "in", pageIds)
            .orderBy("k.requestedAt", "desc")
            .orderBy("k.id", "desc")
            .execute();
    // A revoked consent shows at once as a stopped card, not as one the school is late with.
    const gates = await recheckMany(trx, rows, today);
    rows.forEach((row, i) => {
      if (gates[i]!.stopped) row.status = "stopped";
    });
    // The list shows each card's child by name: a read of every card shown.
    await recordAuditMany(
      trx,
      actor,
      rows.map((row) => ({
        action: "read",
        recordType: "schoolCard",
        recordId: row.id,
        childId: row.childId,
        purpose: "Begärda skolkort",
        requestId: context.requestId ?? null,
        details: { view: "list" },
      })),
    );
    return { items: rows.map((row) => listItem(row, today)), total, page, pageCount };
  });
}

/**
 * What waits for the school (cards still with it), oldest first: every card to it for the
 * principal and student health, the cards naming them for a mentor. Cards the gate no longer
 * allows are stopped and left out. Bounded by what is still with the school, and a constant
 * number of statements however many that is: one gate check and one audit insert for them all.
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
    const rows = (await query.orderBy("k.requestedAt", "asc").execute()).filter((row) =>
      maySeeAsSchool(policyActor(actor), row),
    );
    const gates = await recheckMany(trx, rows, today);
    const visible = rows.filter((_, i) => !gates[i]!.stopped);
    await recordAuditMany(
      trx,
      actor,
      visible.map((row) => ({
        action: "read",
        recordType: "schoolCard",
        recordId: row.id,
        childId: row.childId,
        purpose: "Skolkort som väntar på skolan",
        requestId: context.requestId ?? null,
        details: { view: "list" },
      })),
    );
    return visible.map((row) => listItem(row, today));
  });
}

/**
 * What waits on the school's start page: the cards still with the school that the actor may
 * see (all of them for the principal and student health, a mentor's own), and how many are past
 * their due date. One count; no card is read, so nothing is logged.
 */
export async function schoolCardsWaiting(
  actor: Actor,
  today: string,
): Promise<{ waiting: number; overdue: number }> {
  if (actor.membership.organisationKind !== "school") throw new NotFoundError();
  const row = await db
    .selectFrom("schoolCards as k")
    .where("k.schoolId", "=", actor.membership.organisationId)
    .where("k.status", "in", EDITABLE_STATUSES)
    .$if(actor.membership.role === "mentor", (q) => q.where("k.mentorUserId", "=", actor.user.id))
    .select((eb) => [
      eb.fn.countAll<string>().as("waiting"),
      eb.fn.countAll<string>().filterWhere("k.dueOn", "<", today).as("overdue"),
    ])
    .executeTakeFirstOrThrow();
  return { waiting: Number(row.waiting), overdue: Number(row.overdue) };
}
