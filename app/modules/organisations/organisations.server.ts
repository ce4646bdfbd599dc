/**
 * Organisations (districts, schools, the education administration) and the people in them, as
 * the acting user may see them, and the administrators' register of districts and schools
 * (create, edit, deactivate, reactivate). Every function takes the actor first and scopes its
 * query by policy.ts; a caller that forgets a check still gets only what the actor may see.
 */
import type { Actor } from "~/auth/session.server";
import { ROLE_LABELS } from "~/auth/roles";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "../../../db/client.server";
import type { OperatorType, Role, SchoolForm } from "../../../db/schema";
import { schoolScope, staffScope } from "./policy";

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
// The administrators' register of districts and schools (its rules: register.server.ts).
// ---------------------------------------------------------------------------------------------

export { NotFoundError };
export type { SaveResult, StatusResult } from "./register.server";
export {
  listSchoolsForAdmin,
  getSchoolForAdmin,
  listActiveDistricts,
  addSchool,
  editSchool,
  deactivateSchool,
  reactivateSchool,
  type AdminSchool,
} from "./school-register.server";
export {
  listDistrictsForAdmin,
  getDistrictForAdmin,
  addDistrict,
  editDistrict,
  deactivateDistrict,
  reactivateDistrict,
  type AdminDistrict,
} from "./district-register.server";
