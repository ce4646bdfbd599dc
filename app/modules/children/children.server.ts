/**
 * Children (barn): the minimal record a caseworker keeps of each child they follow (issue 5;
 * db/migrations/0006_children.ts), hand-over between caseworkers, and the child's audit extract.
 *
 * Scope: every function takes the actor first and reads children through `scopedChildren`, which
 * limits the query in SQL to what the actor may see (a caseworker their own children, a district
 * manager the district's); the pure rules in policy.ts are checked again on the row. Anything
 * outside scope, and anything that does not exist, is NotFoundError alike.
 *
 * Logging: opening a record (getChild), revealing the whole identity number, adding, changing and
 * handing over a child each write an audit event in the same transaction as the read or change.
 * The list (listChildren, and listChildrenPage a page at a time) is a read of every child on it
 * (name, masked number, school, placement), so each one listed gets a 'read' event with details
 * { view: "list" }, written in one statement after the read (no transaction: a failed log still
 * means no list, and begin and commit were a third of the page's statements). A log review can
 * tell these from openings by the purpose. The list carries only what choosing a child needs: no
 * custody, no whole number. The start page shows a count, which reads no child data and is not
 * logged.
 *
 * A duplicate identity number in the district is refused. The refusal itself tells whoever typed
 * the whole number that the district already has it; that cannot be helped without allowing two
 * records. Nothing more is given: the existing record's id only to someone who may open it, never
 * its caseworker, school or protection. The attempt is logged on the existing child, so a log
 * review sees that someone typed its number.
 */
import type { Kysely, Transaction } from "kysely";
import { policyActor, type Actor } from "~/auth/session.server";
import {
  formatPersonalIdentityNumber,
  maskPersonalIdentityNumber,
} from "~/lib/personal-identity-number";
import { NotFoundError } from "~/lib/not-found.server";
import { isUniqueViolation } from "~/lib/unique-violation";
import { recordAudit, recordAuditMany } from "~/modules/audit/audit.server";
import { db } from "~db/client.server";
import type { Database, PlacementType } from "~db/schema";
import {
  childListScope,
  mayAddChild,
  mayHandOverChild,
  mayOpenChild,
  PLACEMENT_TYPE_LABELS,
} from "./policy";
import type { ChildValues } from "./schema";
import { UUID } from "~/lib/uuid";

export { childExtract } from "./extract.server";

type Executor = Kysely<Database> | Transaction<Database>;

/** Where the call comes from: the request's id and why the person needs the record. */
export interface ChildContext {
  requestId?: string;
  purpose?: string;
}

const DEFAULT_PURPOSES = {
  add: "Registrera barn",
  list: "Översikt över barn",
  open: "Handläggning",
  reveal: "Visa hela personnumret",
  duplicate: "Kontroll av dubblett vid registrering",
  update: "Ändra uppgifter om barn",
  handOver: "Överlämning till annan handläggare",
} as const;

/** Children the actor may see, as `children as c`: nothing at all for roles without a list. */
function scopedChildren(actor: Actor, executor: Executor = db) {
  const scope = childListScope(policyActor(actor));
  if (!scope) throw new NotFoundError();
  let query = executor.selectFrom("children as c").where("c.districtId", "=", scope.districtId);
  if (scope.kind === "own") query = query.where("c.caseworkerUserId", "=", scope.caseworkerUserId);
  return query;
}

async function activeSchoolExists(executor: Executor, schoolId: string) {
  const school = await executor
    .selectFrom("organisations")
    .select("id")
    .where("id", "=", schoolId)
    .where("kind", "=", "school")
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
  return Boolean(school);
}

// ---------------------------------------------------------------------------------------------
// Adding
// ---------------------------------------------------------------------------------------------

export type AddChildResult =
  | { kind: "added"; childId: string }
  /** existingChildId: null when the actor may not open the existing record. */
  | { kind: "duplicate"; existingChildId: string | null }
  | { kind: "unknownSchool" };

/** The district's existing child with this number, as the actor may learn of it (logged). */
async function refuseDuplicate(
  trx: Transaction<Database>,
  actor: Actor,
  districtId: string,
  personalIdentityNumber: string,
  context: ChildContext,
): Promise<{ kind: "duplicate"; existingChildId: string | null } | null> {
  const existing = await trx
    .selectFrom("children")
    .select(["id", "districtId", "caseworkerUserId", "protectedIdentity"])
    .where("districtId", "=", districtId)
    .where("personalIdentityNumber", "=", personalIdentityNumber)
    .executeTakeFirst();
  if (!existing) return null;
  const visible = mayOpenChild(policyActor(actor), existing);
  await recordAudit(trx, actor, {
    action: "read",
    recordType: "child",
    recordId: existing.id,
    childId: existing.id,
    purpose: DEFAULT_PURPOSES.duplicate,
    requestId: context.requestId ?? null,
    details: { duplicateCheck: true, shownToActor: visible },
  });
  return { kind: "duplicate", existingChildId: visible ? existing.id : null };
}

/**
 * Adds a child as the acting caseworker's own, in their district. The school may be in any
 * district (a child may go to school elsewhere) but must be an active school.
 */
export async function addChild(
  actor: Actor,
  input: ChildValues,
  context: ChildContext = {},
): Promise<AddChildResult> {
  if (!mayAddChild(actor.membership)) throw new NotFoundError();
  const districtId = actor.membership.organisationId;
  return db.transaction().execute(async (trx) => {
    if (input.schoolId && !(await activeSchoolExists(trx, input.schoolId)))
      return { kind: "unknownSchool" } as const;
    const inserted = await trx
      .insertInto("children")
      .values({
        firstName: input.firstName,
        lastName: input.lastName,
        personalIdentityNumber: input.personalIdentityNumber,
        schoolId: input.schoolId,
        districtId,
        caseworkerUserId: actor.user.id,
        placementType: input.placementType,
        protectedIdentity: input.protectedIdentity,
        guardians: input.guardians,
        soleCustodian: input.soleCustodian,
        createdBy: actor.user.id,
      })
      // Two saves at once: the unique index decides, and the second is told of the first.
      .onConflict((oc) => oc.columns(["districtId", "personalIdentityNumber"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) {
      const duplicate = await refuseDuplicate(
        trx,
        actor,
        districtId,
        input.personalIdentityNumber,
        context,
      );
      if (duplicate) return duplicate;
      throw new Error("A child insert conflicted but no existing child was found.");
    }
    await recordAudit(trx, actor, {
      action: "create",
      recordType: "child",
      recordId: inserted.id,
      childId: inserted.id,
      purpose: context.purpose ?? DEFAULT_PURPOSES.add,
      requestId: context.requestId ?? null,
      details: { protectedIdentity: input.protectedIdentity },
    });
    return { kind: "added", childId: inserted.id } as const;
  });
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

export interface ChildListItem {
  id: string;
  firstName: string;
  lastName: string;
  /** YYYYMMDD-XXXX. */
  maskedIdentityNumber: string;
  schoolName: string | null;
  placementType: PlacementType;
  placementLabel: string;
  protectedIdentity: boolean;
  caseworkerName: string;
}

/** How many children a page of the list shows. */
const CHILD_PAGE_SIZE = 50;

export interface ChildPage {
  /** The page's children, by last name and first name. */
  items: ChildListItem[];
  /** How many children the whole list holds. */
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The actor's children: a caseworker's own, a district manager's district's. Other roles have no
 * list (NotFoundError). Each child listed is logged as read (see the top comment), in one
 * statement. Whole: for a form that chooses among a caseworker's own children (the annual cycle).
 */
export async function listChildren(
  actor: Actor,
  context: ChildContext = {},
): Promise<ChildListItem[]> {
  return listedChildren(db, actor, context);
}

/**
 * The actor's children as listChildren, a page at a time, with how many there are in all: only
 * the children shown are read and logged. A constant number of statements whatever the page.
 */
export async function listChildrenPage(
  actor: Actor,
  context: ChildContext = {},
  options: { page?: number; pageSize?: number } = {},
): Promise<ChildPage> {
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? CHILD_PAGE_SIZE) || 1);
  // No transaction: these are reads, and their audit rows are one statement after them, so a
  // failed log still means no list (begin and commit were a third of the page's statements).
  const counted = await scopedChildren(actor)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(options.page ?? 1) || 1), pageCount);
  const items =
    total === 0
      ? []
      : await listedChildren(db, actor, context, {
          limit: pageSize,
          offset: (page - 1) * pageSize,
        });
  return { items, total, page, pageCount };
}

/** The list's rows (a page of them, or all), logged as read in one statement. */
async function listedChildren(
  executor: Executor,
  actor: Actor,
  context: ChildContext,
  range?: { limit: number; offset: number },
): Promise<ChildListItem[]> {
  let query = scopedChildren(actor, executor)
    .leftJoin("organisations as s", "s.id", "c.schoolId")
    .innerJoin("users as u", "u.id", "c.caseworkerUserId")
    .select([
      "c.id",
      "c.firstName",
      "c.lastName",
      "c.personalIdentityNumber",
      "s.name as schoolName",
      "c.placementType",
      "c.protectedIdentity",
      "u.name as caseworkerName",
    ]);
  // A page is chosen among the children alone; the school and caseworker names are joined to
  // the page's children only.
  if (range)
    query = query.where(
      "c.id",
      "in",
      scopedChildren(actor, executor)
        .select("c.id")
        .orderBy("c.lastName")
        .orderBy("c.firstName")
        .orderBy("c.id")
        .limit(range.limit)
        .offset(range.offset),
    );
  const rows = await query.orderBy("c.lastName").orderBy("c.firstName").orderBy("c.id").execute();
  await recordAuditMany(
    executor,
    actor,
    rows.map((row) => ({
      action: "read",
      recordType: "child",
      recordId: row.id,
      childId: row.id,
      purpose: context.purpose ?? DEFAULT_PURPOSES.list,
      requestId: context.requestId ?? null,
      details: { view: "list" },
    })),
  );
  return rows.map(({ personalIdentityNumber, ...row }) => ({
    ...row,
    maskedIdentityNumber: maskPersonalIdentityNumber(personalIdentityNumber),
    placementLabel: PLACEMENT_TYPE_LABELS[row.placementType],
  }));
}

export interface ChildView {
  id: string;
  firstName: string;
  lastName: string;
  /** YYYYMMDD-XXXX, or YYYYMMDD-NNNC when revealed. */
  personalIdentityNumber: string;
  identityNumberRevealed: boolean;
  schoolId: string | null;
  schoolName: string | null;
  districtId: string;
  districtName: string;
  caseworkerUserId: string;
  caseworkerName: string;
  placementType: PlacementType;
  placementLabel: string;
  protectedIdentity: boolean;
  guardians: 1 | 2;
  soleCustodian: boolean;
  createdAt: Date;
  /** The version to send back with a change. */
  updatedAt: Date;
}

/**
 * The child's row, scoped and checked as for opening it (NotFoundError otherwise). Not logged:
 * a module that acts on the child through it (consent) logs its own read or change.
 */
export async function loadChild(
  actor: Actor,
  childId: string,
  executor: Executor,
  forUpdate = false,
) {
  if (!UUID.test(childId)) throw new NotFoundError();
  let query = scopedChildren(actor, executor)
    .innerJoin("organisations as d", "d.id", "c.districtId")
    .innerJoin("users as u", "u.id", "c.caseworkerUserId")
    .leftJoin("organisations as s", "s.id", "c.schoolId")
    .select([
      "c.id",
      "c.firstName",
      "c.lastName",
      "c.personalIdentityNumber",
      "c.schoolId",
      "s.name as schoolName",
      "c.districtId",
      "d.name as districtName",
      "c.caseworkerUserId",
      "u.name as caseworkerName",
      "c.placementType",
      "c.protectedIdentity",
      "c.guardians",
      "c.soleCustodian",
      "c.createdAt",
      "c.updatedAt",
    ])
    .where("c.id", "=", childId);
  if (forUpdate) query = query.forUpdate("c");
  const child = await query.executeTakeFirst();
  // The SQL scope and the policy agree today; both must let the actor in.
  if (!child || !mayOpenChild(policyActor(actor), child)) throw new NotFoundError();
  return child;
}

/**
 * Refuses (NotFoundError) an actor who may not open the child, before an action reads its form:
 * an outsider's post gets the same 404 whatever it holds. Not logged: nothing is read.
 */
export async function requireChildAccess(actor: Actor, childId: string): Promise<void> {
  await loadChild(actor, childId, db);
}

/**
 * Opens a child's record (logged). The identity number is masked unless `reveal` is set, which
 * is logged as a second event.
 */
export async function getChild(
  actor: Actor,
  childId: string,
  context: ChildContext & { reveal?: boolean } = {},
): Promise<ChildView> {
  return db.transaction().execute(async (trx) => {
    const { personalIdentityNumber, ...child } = await loadChild(actor, childId, trx);
    const reveal = context.reveal === true;
    const event = {
      action: "read",
      recordType: "child",
      recordId: child.id,
      childId: child.id,
      requestId: context.requestId ?? null,
    } as const;
    await recordAudit(trx, actor, { ...event, purpose: context.purpose ?? DEFAULT_PURPOSES.open });
    if (reveal) {
      await recordAudit(trx, actor, {
        ...event,
        purpose: context.purpose ?? DEFAULT_PURPOSES.reveal,
        details: { revealed: true },
      });
    }
    return {
      ...child,
      personalIdentityNumber: reveal
        ? formatPersonalIdentityNumber(personalIdentityNumber)
        : maskPersonalIdentityNumber(personalIdentityNumber),
      identityNumberRevealed: reveal,
      placementLabel: PLACEMENT_TYPE_LABELS[child.placementType],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Changing
// ---------------------------------------------------------------------------------------------

/** A version that always moves forward, even for two saves within one millisecond. */
function nextVersion(current: Date) {
  return new Date(Math.max(Date.now(), current.getTime() + 1));
}

export type HandOverResult =
  | { kind: "handedOver" }
  /** The new caseworker is not a current caseworker of the child's district (or is the same). */
  | { kind: "notACaseworker" };

/** Hands the child over to another current caseworker of the child's district. */
export async function handOverChild(
  actor: Actor,
  childId: string,
  newCaseworkerUserId: string,
  context: ChildContext = {},
): Promise<HandOverResult> {
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (!mayHandOverChild(policyActor(actor), child)) throw new NotFoundError();
    if (newCaseworkerUserId === child.caseworkerUserId) return { kind: "notACaseworker" } as const;
    const caseworker = await trx
      .selectFrom("memberships as m")
      .innerJoin("users as u", "u.id", "m.userId")
      .select("u.id")
      .where("m.userId", "=", newCaseworkerUserId)
      .where("m.organisationId", "=", child.districtId)
      .where("m.role", "=", "caseworker")
      .where("m.endedAt", "is", null)
      .where("u.deactivatedAt", "is", null)
      .executeTakeFirst();
    if (!caseworker) return { kind: "notACaseworker" } as const;
    await trx
      .updateTable("children")
      .set({ caseworkerUserId: newCaseworkerUserId, updatedAt: nextVersion(child.updatedAt) })
      .where("id", "=", child.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "child",
      recordId: child.id,
      childId: child.id,
      purpose: context.purpose ?? DEFAULT_PURPOSES.handOver,
      requestId: context.requestId ?? null,
      details: {
        fields: ["caseworker"],
        fromCaseworkerUserId: child.caseworkerUserId,
        toCaseworkerUserId: newCaseworkerUserId,
      },
    });
    return { kind: "handedOver" } as const;
  });
}

export type UpdateChildResult =
  | { kind: "updated"; updatedAt: Date }
  | { kind: "stale" }
  | { kind: "duplicate"; existingChildId: string | null }
  | { kind: "unknownSchool" };

const FIELDS = [
  "firstName",
  "lastName",
  "personalIdentityNumber",
  "schoolId",
  "placementType",
  "protectedIdentity",
  "guardians",
  "soleCustodian",
] as const satisfies readonly (keyof ChildValues)[];

/**
 * Saves the child form. `updatedAt` is the version the form showed: if the record was changed
 * since (another save, a hand-over), nothing is saved and the form says so.
 */
export async function updateChild(
  actor: Actor,
  childId: string,
  input: ChildValues & { updatedAt: Date | string },
  context: ChildContext = {},
): Promise<UpdateChildResult> {
  try {
    return await saveChild(actor, childId, input, context);
  } catch (error) {
    // Two saves of the same new number at once: the unique index refuses the second after the
    // duplicate check passed. Its transaction is over, so the existing record cannot be named.
    if (isUniqueViolation(error, "children_district_identity_number"))
      return { kind: "duplicate", existingChildId: null };
    throw error;
  }
}

async function saveChild(
  actor: Actor,
  childId: string,
  input: ChildValues & { updatedAt: Date | string },
  context: ChildContext,
): Promise<UpdateChildResult> {
  return db.transaction().execute(async (trx) => {
    const child = await loadChild(actor, childId, trx, true);
    if (child.updatedAt.getTime() !== new Date(input.updatedAt).getTime())
      return { kind: "stale" } as const;
    const changed = FIELDS.filter((field) => child[field] !== input[field]);
    if (changed.length === 0) return { kind: "updated", updatedAt: child.updatedAt } as const;
    if (
      input.schoolId &&
      input.schoolId !== child.schoolId &&
      !(await activeSchoolExists(trx, input.schoolId))
    )
      return { kind: "unknownSchool" } as const;
    if (changed.includes("personalIdentityNumber")) {
      const duplicate = await refuseDuplicate(
        trx,
        actor,
        child.districtId,
        input.personalIdentityNumber,
        context,
      );
      if (duplicate) return duplicate;
    }
    const updatedAt = nextVersion(child.updatedAt);
    await trx
      .updateTable("children")
      .set({
        firstName: input.firstName,
        lastName: input.lastName,
        personalIdentityNumber: input.personalIdentityNumber,
        schoolId: input.schoolId,
        placementType: input.placementType,
        protectedIdentity: input.protectedIdentity,
        guardians: input.guardians,
        soleCustodian: input.soleCustodian,
        updatedAt,
      })
      .where("id", "=", child.id)
      .execute();
    await recordAudit(trx, actor, {
      action: "update",
      recordType: "child",
      recordId: child.id,
      childId: child.id,
      purpose: context.purpose ?? DEFAULT_PURPOSES.update,
      requestId: context.requestId ?? null,
      // The names of the changed fields only: the values are child data.
      details: { fields: changed },
    });
    return { kind: "updated", updatedAt } as const;
  });
}
