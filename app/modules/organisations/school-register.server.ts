/**
 * The administrators' register of schools: the lists, one school, and adding, editing,
 * deactivating and reactivating a school (placed in an active district).
 */
import { sql, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import type { FieldErrors } from "~/lib/form";
import { NotFoundError } from "~/lib/not-found.server";
import { isUniqueViolation } from "~/lib/unique-violation";
import { db } from "~db/client.server";
import type { Database, OperatorType, SchoolForm } from "~db/schema";
import { paging, type Paged } from "./paging.server";
import { mayManageOrganisations } from "./policy";
import {
  requireAdmin,
  STALE_MESSAGE,
  versionOf,
  type Executor,
  type SaveResult,
  type StatusResult,
} from "./register.server";
import type { SchoolValues } from "./schema";

export interface AdminSchool {
  id: string;
  name: string;
  schoolUnitCode: string;
  operatorType: OperatorType;
  operatorName: string;
  schoolForms: SchoolForm[];
  address: string | null;
  phone: string | null;
  municipality: string | null;
  districtId: string;
  districtName: string;
  districtDeactivated: boolean;
  deactivatedAt: Date | null;
  version: string;
}

function adminSchoolsQuery(executor: Executor) {
  return executor
    .selectFrom("organisations as s")
    .innerJoin("organisations as d", "d.id", "s.districtId")
    .select([
      "s.id",
      "s.name",
      "s.schoolUnitCode",
      "s.operatorType",
      "s.operatorName",
      "s.schoolForms",
      "s.address",
      "s.phone",
      "s.municipality",
      "s.districtId",
      "d.name as districtName",
      "d.deactivatedAt as districtDeactivatedAt",
      "s.deactivatedAt",
      versionOf("s.updatedAt").as("version"),
    ])
    .where("s.kind", "=", "school");
}

function asAdminSchool(
  row: Awaited<ReturnType<ReturnType<typeof adminSchoolsQuery>["execute"]>>[number],
): AdminSchool {
  const { districtDeactivatedAt, ...rest } = row;
  return {
    ...rest,
    schoolUnitCode: row.schoolUnitCode!,
    operatorType: row.operatorType!,
    operatorName: row.operatorName!,
    districtId: row.districtId!,
    districtDeactivated: districtDeactivatedAt !== null,
  };
}

/** Deactivated schools the register lists (the most recently deactivated); more are counted. */
const DEACTIVATED_SCHOOLS_LIMIT = 100;

export interface AdminSchoolLists extends Paged {
  /** One page of the active schools, by name; `total` counts them all. */
  active: AdminSchool[];
  /** The most recently deactivated schools, at most DEACTIVATED_SCHOOLS_LIMIT. */
  deactivated: AdminSchool[];
  deactivatedTotal: number;
}

/**
 * The administrators' register: a page of the active schools and the latest deactivated ones,
 * with how many there are of each (counted in SQL; a municipality's register is thousands).
 */
export async function listSchoolsForAdmin(
  actor: Actor,
  options: { page?: number; pageSize?: number } = {},
): Promise<AdminSchoolLists | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const p = paging(options);
  const counts = await db
    .selectFrom("organisations")
    .select([
      sql<string>`count(*) filter (where deactivated_at is null)`.as("active"),
      sql<string>`count(*) filter (where deactivated_at is not null)`.as("deactivated"),
    ])
    .where("kind", "=", "school")
    .executeTakeFirstOrThrow();
  const paged = p.finish(Number(counts.active));
  const [active, deactivated] = await Promise.all([
    adminSchoolsQuery(db)
      .where("s.deactivatedAt", "is", null)
      .orderBy("s.name")
      .orderBy("s.id")
      .limit(paged.pageSize)
      .offset((paged.page - 1) * paged.pageSize)
      .execute(),
    adminSchoolsQuery(db)
      .where("s.deactivatedAt", "is not", null)
      .orderBy("s.deactivatedAt", "desc")
      .orderBy("s.id")
      .limit(DEACTIVATED_SCHOOLS_LIMIT)
      .execute(),
  ]);
  return {
    ...paged,
    active: active.map(asAdminSchool),
    deactivated: deactivated.map(asAdminSchool),
    deactivatedTotal: Number(counts.deactivated),
  };
}

export async function getSchoolForAdmin(
  actor: Actor,
  schoolId: string,
): Promise<AdminSchool | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const row = await adminSchoolsQuery(db).where("s.id", "=", schoolId).executeTakeFirst();
  return row ? asAdminSchool(row) : null;
}

/** Districts a school may be placed in: the active ones, by name. */
export async function listActiveDistricts(
  actor: Actor,
): Promise<{ id: string; name: string }[] | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  return db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "district")
    .where("deactivatedAt", "is", null)
    .orderBy("name")
    .execute();
}

/** Locks a district while a school is placed in it; null when it is missing or deactivated. */
async function lockActiveDistrict(trx: Transaction<Database>, districtId: string) {
  return trx
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", districtId)
    .where("kind", "=", "district")
    .where("deactivatedAt", "is", null)
    .forShare()
    .executeTakeFirst();
}

async function schoolWithCode(executor: Executor, code: string, exceptId: string | null) {
  let query = executor
    .selectFrom("organisations")
    .select(["id", "name", "deactivatedAt"])
    .where("schoolUnitCode", "=", code);
  if (exceptId) query = query.where("id", "<>", exceptId);
  return query.executeTakeFirst();
}

function codeTakenMessage(code: string, school: { name: string; deactivatedAt: Date | null }) {
  const state = school.deactivatedAt ? " (avaktiverad)" : "";
  return `Skolenhetskoden ${code} används redan av ${school.name}${state}. Varje skolenhet har en egen kod.`;
}

/** A duplicate code caught by the unique constraint (a concurrent save) as the same message. */
async function codeTakenResult(code: string, exceptId: string | null): Promise<SaveResult> {
  const taker = await schoolWithCode(db, code, exceptId);
  return {
    ok: false,
    fieldErrors: {
      schoolUnitCode: taker
        ? codeTakenMessage(code, taker)
        : `Skolenhetskoden ${code} används redan av en annan skola.`,
    },
  };
}

const NO_DISTRICT: FieldErrors = {
  districtId: "Välj en aktiv stadsdelsförvaltning. Den du valde finns inte eller är avaktiverad.",
};

function schoolColumns(input: SchoolValues) {
  return {
    name: input.name,
    schoolUnitCode: input.schoolUnitCode,
    operatorType: input.operatorType,
    operatorName: input.operatorName,
    schoolForms: [...new Set(input.schoolForms)],
    address: input.address || null,
    phone: input.phone || null,
    municipality: input.municipality || null,
    districtId: input.districtId,
  };
}

/** Adds a school in the area of an active district. A taken school-unit code is refused. */
export async function addSchool(actor: Actor, input: SchoolValues): Promise<SaveResult> {
  requireAdmin(actor);
  try {
    return await db.transaction().execute(async (trx): Promise<SaveResult> => {
      if (!(await lockActiveDistrict(trx, input.districtId))) {
        return { ok: false, fieldErrors: NO_DISTRICT };
      }
      const taker = await schoolWithCode(trx, input.schoolUnitCode, null);
      if (taker) {
        return {
          ok: false,
          fieldErrors: { schoolUnitCode: codeTakenMessage(input.schoolUnitCode, taker) },
        };
      }
      const row = await trx
        .insertInto("organisations")
        .values({ kind: "school", ...schoolColumns(input) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ok: true, id: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, "organisations_school_unit_code_key")) {
      return codeTakenResult(input.schoolUnitCode, null);
    }
    throw error;
  }
}

/**
 * Saves a school's facts. With `version` (from the form) an edit made on a stale page is
 * refused. Moving a school to another district needs an active district; a school may stay in
 * its own district even when that is deactivated (only a deactivated school can be there).
 */
export async function editSchool(
  actor: Actor,
  schoolId: string,
  input: SchoolValues,
  version?: string,
): Promise<SaveResult> {
  requireAdmin(actor);
  try {
    return await db.transaction().execute(async (trx): Promise<SaveResult> => {
      const current = await trx
        .selectFrom("organisations as s")
        .select(["s.id", "s.districtId", versionOf("s.updatedAt").as("version")])
        .where("s.id", "=", schoolId)
        .where("s.kind", "=", "school")
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new NotFoundError();
      if (version && version !== current.version) {
        return { ok: false, fieldErrors: {}, formError: STALE_MESSAGE };
      }
      if (
        input.districtId !== current.districtId &&
        !(await lockActiveDistrict(trx, input.districtId))
      ) {
        return { ok: false, fieldErrors: NO_DISTRICT };
      }
      const taker = await schoolWithCode(trx, input.schoolUnitCode, schoolId);
      if (taker) {
        return {
          ok: false,
          fieldErrors: { schoolUnitCode: codeTakenMessage(input.schoolUnitCode, taker) },
        };
      }
      await trx
        .updateTable("organisations")
        .set({ ...schoolColumns(input), updatedAt: sql`now()` })
        .where("id", "=", schoolId)
        .execute();
      return { ok: true, id: schoolId };
    });
  } catch (error) {
    if (isUniqueViolation(error, "organisations_school_unit_code_key")) {
      return codeTakenResult(input.schoolUnitCode, schoolId);
    }
    throw error;
  }
}

async function lockSchool(trx: Transaction<Database>, schoolId: string) {
  const school = await trx
    .selectFrom("organisations")
    .select(["id", "districtId", "deactivatedAt"])
    .where("id", "=", schoolId)
    .where("kind", "=", "school")
    .forUpdate()
    .executeTakeFirst();
  if (!school) throw new NotFoundError();
  return school;
}

/**
 * Deactivates a school: it leaves every list and its staff can no longer act for it. Nothing
 * is deleted, and it can be reactivated. Deactivating twice changes nothing.
 */
export async function deactivateSchool(actor: Actor, schoolId: string): Promise<StatusResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const school = await lockSchool(trx, schoolId);
    if (school.deactivatedAt) return { ok: true };
    await trx
      .updateTable("organisations")
      .set({ deactivatedAt: sql`now()`, updatedAt: sql`now()` })
      .where("id", "=", schoolId)
      .execute();
    return { ok: true };
  });
}

/** Reactivates a school, if the district whose area it lies in is active. */
export async function reactivateSchool(actor: Actor, schoolId: string): Promise<StatusResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx): Promise<StatusResult> => {
    const school = await lockSchool(trx, schoolId);
    if (!school.deactivatedAt) return { ok: true };
    if (!(await lockActiveDistrict(trx, school.districtId!))) {
      return {
        ok: false,
        message:
          "Skolans stadsdelsförvaltning är avaktiverad. Återaktivera förvaltningen, eller välj en aktiv förvaltning för skolan och spara, innan du återaktiverar skolan.",
      };
    }
    await trx
      .updateTable("organisations")
      .set({ deactivatedAt: null, updatedAt: sql`now()` })
      .where("id", "=", schoolId)
      .execute();
    return { ok: true };
  });
}
