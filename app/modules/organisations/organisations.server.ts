/**
 * Organisations (districts, schools, the education administration) and the people in them, as
 * the acting user may see them, and the administrators' register of districts and schools
 * (create, edit, deactivate, reactivate). Every function takes the actor first and scopes its
 * query by policy.ts; a caller that forgets a check still gets only what the actor may see.
 */
import { sql } from "kysely";
import type { Actor } from "~/auth/session.server";
import { ROLE_LABELS } from "~/auth/roles";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { OperatorType, Role, SchoolForm } from "~db/schema";
import { paging, type Paged } from "./paging.server";
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
  const rows = await scopedSchools(actor).orderBy("d.name").orderBy("s.name").execute();
  return rows.map(asSummary);
}

function scopedSchools(actor: Actor) {
  const scope = schoolScope(actor.membership);
  let query = schoolsQuery();
  if (scope.kind === "district") query = query.where("s.districtId", "=", scope.districtId);
  if (scope.kind === "municipal") query = query.where("s.operatorType", "=", "municipal");
  if (scope.kind === "own") query = query.where("s.id", "=", scope.schoolId);
  return query;
}

export interface SchoolPage extends Paged {
  schools: SchoolSummary[];
  /** Of all the actor's schools (every page): the municipal and the independent ones. */
  municipal: number;
  independent: number;
}

/**
 * One page of the schools the actor sees (listSchools' order) and how many there are of each
 * kind, in one statement: the education manager's municipal schools are thousands.
 */
export async function pageSchools(
  actor: Actor,
  options: { page?: number; pageSize?: number } = {},
): Promise<SchoolPage> {
  const p = paging(options);
  const rows = await db
    .with("scoped", () => scopedSchools(actor))
    .with("counts", (qb) =>
      qb
        .selectFrom("scoped")
        .select([
          sql<string>`count(*)`.as("total"),
          sql<string>`count(*) filter (where operator_type = 'municipal')`.as("municipal"),
        ]),
    )
    .with("shown", (qb) =>
      qb
        .selectFrom("scoped")
        .selectAll()
        .orderBy("districtName")
        .orderBy("name")
        .orderBy("id")
        .limit(p.pageSize)
        .offset(p.offset("counts.total")),
    )
    .selectFrom("counts")
    .leftJoin("shown", (join) => join.onTrue())
    .selectAll("shown")
    .select(["counts.total", "counts.municipal"])
    .orderBy("shown.districtName")
    .orderBy("shown.name")
    .orderBy("shown.id")
    .execute();
  const total = Number(rows[0]!.total);
  const municipal = Number(rows[0]!.municipal);
  return {
    // With no school at all, the counts come on a row of their own (the left join's).
    schools: rows.flatMap(({ total: _t, municipal: _m, ...row }) =>
      row.id === null ? [] : [asSummary(row as Parameters<typeof asSummary>[0])],
    ),
    ...p.finish(total),
    municipal,
    independent: total - municipal,
  };
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
  const query = scopedStaff(actor);
  if (!query) return [];
  const rows = await query.orderBy("o.name").orderBy("u.name").orderBy("m.id").execute();
  return rows.map((row) => ({ ...row, roleLabel: ROLE_LABELS[row.role] }));
}

function scopedStaff(actor: Actor) {
  const scope = staffScope(actor.membership);
  if (!scope) return null;
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
  return query;
}

export interface StaffPage extends Paged {
  staff: StaffMember[];
}

/**
 * One page of the staff the actor may see (listStaff's order) and how many in all, in one
 * statement: an administrator's list is everyone in the portal.
 */
export async function pageStaff(
  actor: Actor,
  options: { page?: number; pageSize?: number } = {},
): Promise<StaffPage> {
  const p = paging(options);
  const query = scopedStaff(actor);
  if (!query) return { staff: [], ...p.finish(0) };
  const rows = await db
    .with("scoped", () => query)
    .with("counts", (qb) => qb.selectFrom("scoped").select(sql<string>`count(*)`.as("total")))
    .with("shown", (qb) =>
      qb
        .selectFrom("scoped")
        .selectAll()
        .orderBy("organisationName")
        .orderBy("name")
        .orderBy("membershipId")
        .limit(p.pageSize)
        .offset(p.offset("counts.total")),
    )
    .selectFrom("counts")
    .leftJoin("shown", (join) => join.onTrue())
    .selectAll("shown")
    .select("counts.total")
    .orderBy("shown.organisationName")
    .orderBy("shown.name")
    .orderBy("shown.membershipId")
    .execute();
  return {
    // With nobody at all, the count comes on a row of its own (the left join's).
    staff: rows.flatMap(({ total: _t, ...row }) =>
      row.membershipId === null
        ? []
        : [{ ...(row as Omit<StaffMember, "roleLabel">), roleLabel: ROLE_LABELS[row.role!] }],
    ),
    ...p.finish(Number(rows[0]!.total)),
  };
}

// ---------------------------------------------------------------------------------------------
// The administrators' register of districts and schools (its rules: register.server.ts).
// ---------------------------------------------------------------------------------------------

export { NotFoundError };
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
