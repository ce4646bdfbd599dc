/**
 * Contact persons: the social-services person (and deputy) a school calls, per school or as the
 * district's default. Owns contact_assignments and its history; tells the school's principal
 * by e-mail when the contact person changes. Every function takes the actor first and works
 * only within the actor's own district or school.
 */
import { sql, type Kysely, type SqlBool } from "kysely";
import type { Actor } from "~/auth/session.server";
import { env } from "~/lib/env.server";
import { NotFoundError } from "~/lib/not-found.server";
import { queueEmail } from "~/lib/email.server";
import { managedDistrict } from "./policy";
import { db } from "~db/client.server";
import type { Database } from "~db/schema";

export { NotFoundError };

export interface ContactPerson {
  id: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string;
}

const personColumns = ["u.id", "u.name", "u.title", "u.phone", "u.email"] as const;

async function person(executor: Kysely<Database>, userId: string | null) {
  if (!userId) return null;
  return (
    (await executor
      .selectFrom("users as u")
      .select(personColumns)
      .where("u.id", "=", userId)
      .executeTakeFirst()) ?? null
  );
}

async function currentAssignment(
  executor: Kysely<Database>,
  districtId: string,
  schoolId: string | null,
) {
  let query = executor
    .selectFrom("contactAssignments")
    .selectAll()
    .where("districtId", "=", districtId)
    .where("validTo", "is", null);
  query = schoolId ? query.where("schoolId", "=", schoolId) : query.where("schoolId", "is", null);
  return query.executeTakeFirst();
}

export interface SchoolContactPanel {
  schoolName: string;
  districtName: string;
  intakePhone: string | null;
  intakeEmail: string | null;
  outOfHoursPhone: string | null;
  contact: ContactPerson | null;
  deputy: ContactPerson | null;
  /** Whether the contact is assigned to this school or is the district's default. */
  source: "school" | "district" | null;
}

/**
 * What a school user sees at the top of the start page: whom to call in social services. One
 * statement: the school's own assignment, else the district's default, with both people.
 */
export async function getSchoolContactPanel(actor: Actor): Promise<SchoolContactPanel | null> {
  if (actor.membership.organisationKind !== "school") return null;
  const row = await db
    .selectFrom("organisations as s")
    .innerJoin("organisations as d", "d.id", "s.districtId")
    .leftJoin("contactAssignments as own", (join) =>
      join
        .onRef("own.schoolId", "=", "s.id")
        .onRef("own.districtId", "=", "d.id")
        .on("own.validTo", "is", null),
    )
    .leftJoin("contactAssignments as fallback", (join) =>
      join
        .onRef("fallback.districtId", "=", "d.id")
        .on("fallback.schoolId", "is", null)
        .on("fallback.validTo", "is", null),
    )
    .leftJoin("users as c", (join) =>
      join.on(sql<SqlBool>`c.id = case when own.id is not null
        then own.contact_user_id else fallback.contact_user_id end`),
    )
    .leftJoin("users as dp", (join) =>
      join.on(sql<SqlBool>`dp.id = case when own.id is not null
        then own.deputy_user_id else fallback.deputy_user_id end`),
    )
    .select([
      "s.name as schoolName",
      "d.name as districtName",
      "d.intakePhone",
      "d.intakeEmail",
      "d.outOfHoursPhone",
      "own.id as ownId",
      "fallback.id as fallbackId",
      "c.id as contactId",
      "c.name as contactName",
      "c.title as contactTitle",
      "c.phone as contactPhone",
      "c.email as contactEmail",
      "dp.id as deputyId",
      "dp.name as deputyName",
      "dp.title as deputyTitle",
      "dp.phone as deputyPhone",
      "dp.email as deputyEmail",
    ])
    .where("s.id", "=", actor.membership.organisationId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    schoolName: row.schoolName,
    districtName: row.districtName,
    intakePhone: row.intakePhone,
    intakeEmail: row.intakeEmail,
    outOfHoursPhone: row.outOfHoursPhone,
    contact: row.contactId
      ? {
          id: row.contactId,
          name: row.contactName!,
          title: row.contactTitle,
          phone: row.contactPhone,
          email: row.contactEmail!,
        }
      : null,
    deputy: row.deputyId
      ? {
          id: row.deputyId,
          name: row.deputyName!,
          title: row.deputyTitle,
          phone: row.deputyPhone,
          email: row.deputyEmail!,
        }
      : null,
    source: row.ownId ? "school" : row.fallbackId ? "district" : null,
  };
}

function requireDistrictManager(actor: Actor): string {
  if (actor.membership.role !== "districtManager") throw new NotFoundError();
  return actor.membership.organisationId;
}

interface SchoolContactRow {
  schoolId: string;
  schoolName: string;
  operatorType: "municipal" | "independent";
  contact: ContactPerson | null;
  deputy: ContactPerson | null;
  usesDefault: boolean;
}

/** The district's schools with their contact persons; schools with none come first. */
export async function listSchoolContacts(actor: Actor) {
  const districtId = requireDistrictManager(actor);
  const schools = await db
    .selectFrom("organisations")
    .select(["id", "name", "operatorType"])
    .where("kind", "=", "school")
    .where("districtId", "=", districtId)
    .where("deactivatedAt", "is", null)
    .orderBy("name")
    .execute();
  const assignments = await db
    .selectFrom("contactAssignments")
    .selectAll()
    .where("districtId", "=", districtId)
    .where("validTo", "is", null)
    .execute();
  const userIds = [
    ...new Set(
      assignments.flatMap((a) =>
        a.deputyUserId ? [a.contactUserId, a.deputyUserId] : [a.contactUserId],
      ),
    ),
  ];
  const people = new Map<string, ContactPerson>();
  if (userIds.length > 0) {
    const rows = await db
      .selectFrom("users as u")
      .select(personColumns)
      .where("u.id", "in", userIds)
      .execute();
    for (const row of rows) people.set(row.id, row);
  }
  const fallback = assignments.find((a) => a.schoolId === null) ?? null;
  const rows: SchoolContactRow[] = schools.map((school) => {
    const own = assignments.find((a) => a.schoolId === school.id);
    const used = own ?? fallback;
    return {
      schoolId: school.id,
      schoolName: school.name,
      operatorType: school.operatorType!,
      contact: used ? (people.get(used.contactUserId) ?? null) : null,
      deputy: used?.deputyUserId ? (people.get(used.deputyUserId) ?? null) : null,
      usesDefault: !own && Boolean(fallback),
    };
  });
  rows.sort((a, b) => Number(Boolean(a.contact)) - Number(Boolean(b.contact)));
  return {
    schools: rows,
    districtDefault: fallback
      ? {
          contact: people.get(fallback.contactUserId) ?? null,
          deputy: fallback.deputyUserId ? (people.get(fallback.deputyUserId) ?? null) : null,
        }
      : null,
  };
}

/** The people of the district who can be contact persons or deputies. */
export async function listAssignableStaff(actor: Actor): Promise<ContactPerson[]> {
  return districtStaff(db, requireDistrictManager(actor));
}

function districtStaff(executor: Kysely<Database>, districtId: string): Promise<ContactPerson[]> {
  return executor
    .selectFrom("users as u")
    .innerJoin("memberships as m", "m.userId", "u.id")
    .select(personColumns)
    .distinct()
    .where("m.organisationId", "=", districtId)
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .orderBy("u.name")
    .execute();
}

async function schoolOfDistrict(districtId: string, schoolId: string) {
  const school = await db
    .selectFrom("organisations")
    .select(["id", "name"])
    .where("id", "=", schoolId)
    .where("kind", "=", "school")
    .where("districtId", "=", districtId)
    .executeTakeFirst();
  if (!school) throw new NotFoundError();
  return school;
}

function historyQuery(districtId: string) {
  return db
    .selectFrom("contactAssignments as a")
    .innerJoin("users as c", "c.id", "a.contactUserId")
    .leftJoin("users as d", "d.id", "a.deputyUserId")
    .leftJoin("users as by", "by.id", "a.assignedBy")
    .select([
      "a.id",
      "a.contactUserId",
      "a.deputyUserId",
      "c.name as contactName",
      "d.name as deputyName",
      "by.name as assignedByName",
      "a.validFrom",
      "a.validTo",
    ])
    .where("a.districtId", "=", districtId)
    .orderBy("a.validFrom", "desc");
}

/** One school of the district, with its current contact and the history of assignments. */
export async function getSchoolContactHistory(actor: Actor, schoolId: string) {
  const districtId = requireDistrictManager(actor);
  const school = await schoolOfDistrict(districtId, schoolId);
  const history = await historyQuery(districtId).where("a.schoolId", "=", school.id).execute();
  return { school, current: history.find((h) => h.validTo === null) ?? null, history };
}

/** The district-wide default contact over time. */
export async function getDefaultContactHistory(actor: Actor) {
  const districtId = requireDistrictManager(actor);
  return historyQuery(districtId).where("a.schoolId", "is", null).execute();
}

/**
 * Makes a person the contact (with an optional deputy) of one school, or with schoolId null the
 * district's default. The previous assignment ends now and stays in the history. The school's
 * principals (for a default: those of the schools that use it) get an e-mail when the contact
 * person changes.
 */
export async function assignContact(
  actor: Actor,
  input: { schoolId: string | null; contactUserId: string; deputyUserId: string | null },
): Promise<void> {
  const districtId = requireDistrictManager(actor);
  const school = input.schoolId ? await schoolOfDistrict(districtId, input.schoolId) : null;
  const staff = new Set((await listAssignableStaff(actor)).map((p) => p.id));
  if (!staff.has(input.contactUserId) || (input.deputyUserId && !staff.has(input.deputyUserId))) {
    throw new NotFoundError();
  }
  await db
    .transaction()
    .execute((trx) => replaceAssignment(trx, actor.user.id, districtId, school?.id ?? null, input));
}

/**
 * Ends the current assignment (of a school, or with schoolId null the district's default) and
 * starts the new one; the principals are told when the contact person changes. Does nothing
 * when nothing changes (a double submit, say).
 */
async function replaceAssignment(
  trx: Kysely<Database>,
  actorUserId: string,
  districtId: string,
  schoolId: string | null,
  input: { contactUserId: string; deputyUserId: string | null },
) {
  const previous = await currentAssignment(trx, districtId, schoolId);
  if (
    previous &&
    previous.contactUserId === input.contactUserId &&
    previous.deputyUserId === input.deputyUserId
  ) {
    return;
  }
  const now = new Date();
  if (previous) {
    await trx
      .updateTable("contactAssignments")
      .set({ validTo: now, endedBy: actorUserId })
      .where("id", "=", previous.id)
      .execute();
  }
  await trx
    .insertInto("contactAssignments")
    .values({
      districtId,
      schoolId,
      contactUserId: input.contactUserId,
      deputyUserId: input.deputyUserId,
      validFrom: now,
      assignedBy: actorUserId,
    })
    .execute();
  if (previous?.contactUserId === input.contactUserId) return;
  await notifyPrincipals(trx, districtId, schoolId, input);
}

async function notifyPrincipals(
  trx: Kysely<Database>,
  districtId: string,
  schoolId: string | null,
  input: { contactUserId: string; deputyUserId: string | null },
) {
  let schools = trx
    .selectFrom("organisations as s")
    .select(["s.id", "s.name"])
    .where("s.kind", "=", "school")
    .where("s.districtId", "=", districtId)
    .where("s.deactivatedAt", "is", null);
  schools = schoolId
    ? schools.where("s.id", "=", schoolId)
    : schools.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("contactAssignments as a")
              .select("a.id")
              .whereRef("a.schoolId", "=", "s.id")
              .where("a.validTo", "is", null),
          ),
        ),
      );
  const affected = await schools.execute();
  if (affected.length === 0) return;
  const district = await trx
    .selectFrom("organisations")
    .select("name")
    .where("id", "=", districtId)
    .executeTakeFirstOrThrow();
  const contact = (await person(trx, input.contactUserId))!;
  const deputy = await person(trx, input.deputyUserId);
  const principals = await trx
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["u.email", "u.name", "m.organisationId"])
    .where("m.role", "=", "principal")
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .where(
      "m.organisationId",
      "in",
      affected.map((s) => s.id),
    )
    .execute();
  for (const principal of principals) {
    const school = affected.find((s) => s.id === principal.organisationId)!;
    await queueEmail(trx, {
      to: principal.email,
      template: "contactPersonChanged",
      props: {
        principalName: principal.name,
        schoolName: school.name,
        districtName: district.name,
        contactName: contact.name,
        contactPhone: contact.phone,
        contactEmail: contact.email,
        deputyName: deputy?.name ?? null,
        url: `${env().APP_URL}/skola`,
      },
    });
  }
}

/** A current assignment in which a person is the contact person or the deputy. */
export interface ContactDuty {
  assignmentId: string;
  districtId: string;
  districtName: string;
  /** null: the district-wide default, used by schools that have no contact of their own. */
  schoolId: string | null;
  schoolName: string | null;
  as: "contact" | "deputy";
}

/**
 * A person's current contact duties in the districts the actor manages. Someone with duties
 * cannot leave the district (or be deactivated) until another takes them over; the database
 * refuses it too (migration 0003).
 */
export async function listContactDuties(actor: Actor, userId: string): Promise<ContactDuty[]> {
  const scope = managedDistrict(actor.membership);
  if (!scope) return [];
  let query = db
    .selectFrom("contactAssignments as a")
    .innerJoin("organisations as d", "d.id", "a.districtId")
    .leftJoin("organisations as s", "s.id", "a.schoolId")
    .select([
      "a.id as assignmentId",
      "a.districtId",
      "d.name as districtName",
      "a.schoolId",
      "s.name as schoolName",
      "a.contactUserId",
    ])
    .where("a.validTo", "is", null)
    .where((eb) => eb.or([eb("a.contactUserId", "=", userId), eb("a.deputyUserId", "=", userId)]));
  if (scope !== "all") query = query.where("a.districtId", "=", scope);
  const rows = await query.orderBy("d.name").orderBy("s.name").execute();
  return rows.map(({ contactUserId, ...row }) => ({
    ...row,
    as: contactUserId === userId ? "contact" : "deputy",
  }));
}

/** Who can take over a person's duties in a district: its other current staff. */
export async function listSuccessors(
  actor: Actor,
  districtId: string,
  leavingUserId: string,
): Promise<ContactPerson[]> {
  const scope = managedDistrict(actor.membership);
  if (!scope || (scope !== "all" && scope !== districtId)) return [];
  return (await districtStaff(db, districtId)).filter((p) => p.id !== leavingUserId);
}

/**
 * Hands every duty a person has in one district to a successor: where they were the contact
 * person the successor becomes it, where they were the deputy the successor becomes the
 * deputy (none, if the successor is already that school's contact person). Each change is a
 * new assignment in the history, and principals are told of a new contact person. One
 * transaction: all duties move, or none.
 */
export async function handOverContactDuties(
  actor: Actor,
  input: { fromUserId: string; districtId: string; successorUserId: string },
): Promise<number> {
  const scope = managedDistrict(actor.membership);
  if (!scope || (scope !== "all" && scope !== input.districtId)) throw new NotFoundError();
  if (input.successorUserId === input.fromUserId) throw new NotFoundError();
  return db.transaction().execute(async (trx) => {
    const staff = new Set((await districtStaff(trx, input.districtId)).map((p) => p.id));
    if (!staff.has(input.successorUserId)) throw new NotFoundError();
    const duties = await trx
      .selectFrom("contactAssignments")
      .selectAll()
      .where("districtId", "=", input.districtId)
      .where("validTo", "is", null)
      .where((eb) =>
        eb.or([
          eb("contactUserId", "=", input.fromUserId),
          eb("deputyUserId", "=", input.fromUserId),
        ]),
      )
      .forUpdate()
      .execute();
    for (const duty of duties) {
      const contactUserId =
        duty.contactUserId === input.fromUserId ? input.successorUserId : duty.contactUserId;
      let deputyUserId =
        duty.deputyUserId === input.fromUserId ? input.successorUserId : duty.deputyUserId;
      if (deputyUserId === contactUserId) deputyUserId = null;
      await replaceAssignment(trx, actor.user.id, input.districtId, duty.schoolId, {
        contactUserId,
        deputyUserId,
      });
    }
    return duties.length;
  });
}
