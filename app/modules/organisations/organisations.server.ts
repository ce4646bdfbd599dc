/**
 * Organisations (districts, schools, the education administration) and the people in them, as
 * the acting user may see them, and the administrators' register of districts and schools
 * (create, edit, deactivate, reactivate). Every function takes the actor first and scopes its
 * query by policy.ts; a caller that forgets a check still gets only what the actor may see.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Actor } from "~/auth/session.server";
import { ROLE_LABELS } from "~/auth/roles";
import type { FieldErrors } from "~/lib/form";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "../../../db/client.server";
import type { Database, OperatorType, Role, SchoolForm } from "../../../db/schema";
import { activeSchoolsText } from "./labels";
import { mayManageOrganisations, schoolScope, staffScope } from "./policy";
import type { DistrictValues, SchoolValues } from "./schema";

export interface SchoolSummary {
  id: string;
  name: string;
  schoolUnitCode: string;
  schoolForms: SchoolForm[];
  operatorType: OperatorType;
  operatorName: string;
  districtId: string;
  districtName: string;
}

function schoolsQuery() {
  return db
    .selectFrom("organisations as s")
    .innerJoin("organisations as d", "d.id", "s.districtId")
    .select([
      "s.id",
      "s.name",
      "s.schoolUnitCode",
      "s.schoolForms",
      "s.operatorType",
      "s.operatorName",
      "s.districtId",
      "d.name as districtName",
    ])
    .where("s.kind", "=", "school")
    .where("s.deactivatedAt", "is", null);
}

function asSummary(row: Awaited<ReturnType<ReturnType<typeof schoolsQuery>["execute"]>>[number]) {
  return {
    ...row,
    schoolUnitCode: row.schoolUnitCode!,
    operatorType: row.operatorType!,
    operatorName: row.operatorName!,
    districtId: row.districtId!,
  } satisfies SchoolSummary;
}

/** The schools the actor sees: a district's area, the municipal schools, or their own school. */
export async function listSchools(actor: Actor): Promise<SchoolSummary[]> {
  const scope = schoolScope(actor.membership);
  let query = schoolsQuery();
  if (scope.kind === "district") query = query.where("s.districtId", "=", scope.districtId);
  if (scope.kind === "municipal") query = query.where("s.operatorType", "=", "municipal");
  if (scope.kind === "own") query = query.where("s.id", "=", scope.schoolId);
  const rows = await query.orderBy("d.name").orderBy("s.name").execute();
  return rows.map(asSummary);
}

/** The school a school user acts for, with the district whose area it lies in. */
export async function getOwnSchool(actor: Actor): Promise<SchoolSummary | null> {
  const scope = schoolScope(actor.membership);
  if (scope.kind !== "own") return null;
  const row = await schoolsQuery().where("s.id", "=", scope.schoolId).executeTakeFirst();
  return row ? asSummary(row) : null;
}

export interface OrganisationOverview {
  districts: { id: string; name: string; schools: number }[];
  educationAdmins: { id: string; name: string }[];
  users: number;
}

/** Administrators' overview of the structure (no child data exists at this level). */
export async function getOrganisationOverview(actor: Actor): Promise<OrganisationOverview | null> {
  if (actor.membership.role !== "admin") return null;
  const [districts, educationAdmins, users] = await Promise.all([
    db
      .selectFrom("organisations as d")
      .leftJoin("organisations as s", (join) =>
        join.onRef("s.districtId", "=", "d.id").on("s.deactivatedAt", "is", null),
      )
      .select(["d.id", "d.name", (eb) => eb.fn.count<string>("s.id").as("schools")])
      .where("d.kind", "=", "district")
      .where("d.deactivatedAt", "is", null)
      .groupBy(["d.id", "d.name"])
      .orderBy("d.name")
      .execute(),
    db
      .selectFrom("organisations")
      .select(["id", "name"])
      .where("kind", "=", "education_admin")
      .where("deactivatedAt", "is", null)
      .orderBy("name")
      .execute(),
    db
      .selectFrom("users")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("deactivatedAt", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    districts: districts.map((d) => ({ ...d, schools: Number(d.schools) })),
    educationAdmins,
    users: Number(users.n),
  };
}

export interface StaffMember {
  membershipId: string;
  userId: string;
  name: string;
  title: string | null;
  email: string;
  phone: string | null;
  role: Role;
  roleLabel: string;
  organisationName: string;
}

/**
 * Current staff the actor may see: a principal their school's, a district manager their
 * district's, an administrator everyone's. Anyone else gets nothing.
 */
export async function listStaff(actor: Actor): Promise<StaffMember[]> {
  const scope = staffScope(actor.membership);
  if (!scope) return [];
  let query = db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .innerJoin("organisations as o", "o.id", "m.organisationId")
    .select([
      "m.id as membershipId",
      "u.id as userId",
      "u.name",
      "u.title",
      "u.email",
      "u.phone",
      "m.role",
      "o.name as organisationName",
    ])
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null);
  if (scope !== "all") query = query.where("m.organisationId", "=", scope.organisationId);
  const rows = await query.orderBy("o.name").orderBy("u.name").execute();
  return rows.map((row) => ({ ...row, roleLabel: ROLE_LABELS[row.role] }));
}

// ---------------------------------------------------------------------------------------------
// The administrators' register of districts and schools. Reads answer null and commands throw
// NotFoundError for anyone but an administrator (routes turn both into 404). Every command is
// one transaction and sets updated_at. A district row is locked while a school is placed in it
// (FOR SHARE) and while it is deactivated (FOR UPDATE), so a district can never be deactivated
// at the same moment as a school is added to its area.
// ---------------------------------------------------------------------------------------------

export { NotFoundError };

/** A save that the actor must correct: messages per field, or one for the whole form. */
export type SaveResult =
  { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors; formError?: string };

/** A deactivation or reactivation, or why it was refused. */
export type StatusResult = { ok: true } | { ok: false; message: string };

const STALE_MESSAGE =
  "Någon annan har ändrat uppgifterna sedan du öppnade sidan. Ladda om sidan och gör dina ändringar igen.";

function requireAdmin(actor: Actor) {
  if (!mayManageOrganisations(actor.membership)) throw new NotFoundError();
}

type Executor = Kysely<Database> | Transaction<Database>;

/**
 * The row's updated_at in microseconds, as text: the version a form carries, so that an edit
 * made on a stale page is refused instead of silently overwriting someone else's.
 */
function versionOf(column: "s.updatedAt" | "d.updatedAt") {
  return sql<string>`(extract(epoch from ${sql.ref(column)}) * 1000000)::bigint::text`;
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint?: string } | null;
  return e?.code === "23505" && e.constraint === constraint;
}

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

/** Every school, active ones and deactivated ones apart, for the administrators' register. */
export async function listSchoolsForAdmin(
  actor: Actor,
): Promise<{ active: AdminSchool[]; deactivated: AdminSchool[] } | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const rows = (await adminSchoolsQuery(db).orderBy("s.name").orderBy("s.id").execute()).map(
    asAdminSchool,
  );
  return {
    active: rows.filter((s) => s.deactivatedAt === null),
    deactivated: rows.filter((s) => s.deactivatedAt !== null),
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

export interface AdminDistrict {
  id: string;
  name: string;
  intakePhone: string | null;
  intakeEmail: string | null;
  outOfHoursPhone: string | null;
  address: string | null;
  phone: string | null;
  activeSchools: number;
  deactivatedAt: Date | null;
  version: string;
}

function adminDistrictsQuery(executor: Executor) {
  return executor
    .selectFrom("organisations as d")
    .select((eb) => [
      "d.id",
      "d.name",
      "d.intakePhone",
      "d.intakeEmail",
      "d.outOfHoursPhone",
      "d.address",
      "d.phone",
      "d.deactivatedAt",
      versionOf("d.updatedAt").as("version"),
      eb
        .selectFrom("organisations as s")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("s.districtId", "=", "d.id")
        .where("s.deactivatedAt", "is", null)
        .as("activeSchools"),
    ])
    .where("d.kind", "=", "district");
}

function asAdminDistrict(
  row: Awaited<ReturnType<ReturnType<typeof adminDistrictsQuery>["execute"]>>[number],
): AdminDistrict {
  return { ...row, activeSchools: Number(row.activeSchools ?? 0) };
}

/** Every district with its number of active schools, active and deactivated ones apart. */
export async function listDistrictsForAdmin(
  actor: Actor,
): Promise<{ active: AdminDistrict[]; deactivated: AdminDistrict[] } | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const rows = (await adminDistrictsQuery(db).orderBy("d.name").execute()).map(asAdminDistrict);
  return {
    active: rows.filter((d) => d.deactivatedAt === null),
    deactivated: rows.filter((d) => d.deactivatedAt !== null),
  };
}

/** One district with the active schools in its area (the ones that keep it from closing). */
export async function getDistrictForAdmin(
  actor: Actor,
  districtId: string,
): Promise<(AdminDistrict & { schools: { id: string; name: string }[] }) | null> {
  if (!mayManageOrganisations(actor.membership)) return null;
  const row = await adminDistrictsQuery(db).where("d.id", "=", districtId).executeTakeFirst();
  if (!row) return null;
  const schools = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("kind", "=", "school")
    .where("districtId", "=", districtId)
    .where("deactivatedAt", "is", null)
    .orderBy("name")
    .execute();
  return { ...asAdminDistrict(row), schools };
}

function districtColumns(input: DistrictValues) {
  return {
    name: input.name,
    intakePhone: input.intakePhone || null,
    intakeEmail: input.intakeEmail || null,
    outOfHoursPhone: input.outOfHoursPhone || null,
    address: input.address || null,
    phone: input.phone || null,
  };
}

async function districtNamed(executor: Executor, name: string, exceptId: string | null) {
  let query = executor
    .selectFrom("organisations")
    .select(["id", "name", "deactivatedAt"])
    .where("kind", "=", "district")
    .where(sql<string>`lower(name)`, "=", name.toLowerCase());
  if (exceptId) query = query.where("id", "<>", exceptId);
  return query.executeTakeFirst();
}

function nameTaken(district: { name: string; deactivatedAt: Date | null }): SaveResult {
  const state = district.deactivatedAt ? " (avaktiverad – återaktivera den i stället)" : "";
  return {
    ok: false,
    fieldErrors: { name: `Det finns redan en förvaltning som heter ${district.name}${state}.` },
  };
}

const NAME_INDEX = "organisations_kind_name_unique";

export async function addDistrict(actor: Actor, input: DistrictValues): Promise<SaveResult> {
  requireAdmin(actor);
  try {
    return await db.transaction().execute(async (trx): Promise<SaveResult> => {
      const taken = await districtNamed(trx, input.name, null);
      if (taken) return nameTaken(taken);
      const row = await trx
        .insertInto("organisations")
        .values({ kind: "district", ...districtColumns(input) })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { ok: true, id: row.id };
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_INDEX)) {
      return nameTaken({ name: input.name, deactivatedAt: null });
    }
    throw error;
  }
}

export async function editDistrict(
  actor: Actor,
  districtId: string,
  input: DistrictValues,
  version?: string,
): Promise<SaveResult> {
  requireAdmin(actor);
  try {
    return await db.transaction().execute(async (trx): Promise<SaveResult> => {
      const current = await trx
        .selectFrom("organisations as d")
        .select(["d.id", versionOf("d.updatedAt").as("version")])
        .where("d.id", "=", districtId)
        .where("d.kind", "=", "district")
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw new NotFoundError();
      if (version && version !== current.version) {
        return { ok: false, fieldErrors: {}, formError: STALE_MESSAGE };
      }
      const taken = await districtNamed(trx, input.name, districtId);
      if (taken) return nameTaken(taken);
      await trx
        .updateTable("organisations")
        .set({ ...districtColumns(input), updatedAt: sql`now()` })
        .where("id", "=", districtId)
        .execute();
      return { ok: true, id: districtId };
    });
  } catch (error) {
    if (isUniqueViolation(error, NAME_INDEX)) {
      return nameTaken({ name: input.name, deactivatedAt: null });
    }
    throw error;
  }
}

async function lockDistrict(trx: Transaction<Database>, districtId: string) {
  const district = await trx
    .selectFrom("organisations")
    .select(["id", "deactivatedAt"])
    .where("id", "=", districtId)
    .where("kind", "=", "district")
    .forUpdate()
    .executeTakeFirst();
  if (!district) throw new NotFoundError();
  return district;
}

/**
 * Deactivates a district, unless active schools still lie in its area: those must first be
 * moved to another district or deactivated, or they would have no social services to turn to.
 */
export async function deactivateDistrict(actor: Actor, districtId: string): Promise<StatusResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx): Promise<StatusResult> => {
    const district = await lockDistrict(trx, districtId);
    if (district.deactivatedAt) return { ok: true };
    const { n } = await trx
      .selectFrom("organisations")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("kind", "=", "school")
      .where("districtId", "=", districtId)
      .where("deactivatedAt", "is", null)
      .executeTakeFirstOrThrow();
    const schools = Number(n);
    if (schools > 0) {
      return {
        ok: false,
        message: `Förvaltningen kan inte avaktiveras: den har ${activeSchoolsText(schools)} i sitt område. Flytta skolorna till en annan förvaltning eller avaktivera dem först.`,
      };
    }
    // Nobody could see a report left in a deactivated district (its intake cannot log in).
    const { reports } = await trx
      .selectFrom("concernReports")
      .select((eb) => eb.fn.countAll<string>().as("reports"))
      .where("districtId", "=", districtId)
      .where("status", "in", ["awaitingCosign", "received"])
      .executeTakeFirstOrThrow();
    const open = Number(reports);
    if (open > 0) {
      return {
        ok: false,
        message:
          open === 1
            ? "Förvaltningen kan inte avaktiveras: mottagningen har 1 öppen orosanmälan. Avsluta den eller vidarebefordra den till en annan förvaltning först."
            : `Förvaltningen kan inte avaktiveras: mottagningen har ${open} öppna orosanmälningar. Avsluta dem eller vidarebefordra dem till en annan förvaltning först.`,
      };
    }
    await trx
      .updateTable("organisations")
      .set({ deactivatedAt: sql`now()`, updatedAt: sql`now()` })
      .where("id", "=", districtId)
      .execute();
    return { ok: true };
  });
}

export async function reactivateDistrict(actor: Actor, districtId: string): Promise<StatusResult> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx): Promise<StatusResult> => {
    const district = await lockDistrict(trx, districtId);
    if (!district.deactivatedAt) return { ok: true };
    await trx
      .updateTable("organisations")
      .set({ deactivatedAt: null, updatedAt: sql`now()` })
      .where("id", "=", districtId)
      .execute();
    return { ok: true };
  });
}
