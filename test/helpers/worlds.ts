/**
 * World builders for integration tests, on top of the factories: a district with its staff, a
 * school with its staff, the education administration with its staff, and a child of a caseworker's
 * with the consents a school card needs. Each test file says which people it needs (and what it
 * calls them); a builder makes exactly those, no one more, since some tests count who is told.
 */
import { randomUUID } from "node:crypto";
import { db } from "../../db/client.server";
import type { OperatorType, Role } from "../../db/schema";
import type { Actor } from "~/auth/session.server";
import { addToDate, stockholmDate } from "~/lib/dates";
import { recordConsent } from "~/modules/consent/consent.server";
import type { DisclosureCategory } from "~/modules/consent/policy";
import { consentSchema } from "~/modules/consent/schema";
import { requestSchoolCard, type RequestValues } from "~/modules/school-cards/school-cards.server";
import {
  createActor,
  createChildWithIdentityNumber,
  createDistrict,
  createEducationAdmin,
  createSchool,
} from "./factories";

// --- People ----------------------------------------------------------------------------------

/** A role, or a role and the user's name where a test looks for it ("who saved"). */
export type StaffMember = Role | { role: Role; name: string };
export type Staff = Record<string, StaffMember>;
export type Actors<S extends Staff> = { [K in keyof S]: Actor };

/** One actor per key, each a user of its own with one membership at the organisation, in order. */
export async function staff<const S extends Staff>(
  organisationId: string,
  members: S,
): Promise<Actors<S>> {
  const actors: Record<string, Actor> = {};
  for (const [key, member] of Object.entries(members)) {
    actors[key] =
      typeof member === "string"
        ? await createActor(organisationId, member)
        : await createActor(organisationId, member.role, { name: member.name });
  }
  return actors as Actors<S>;
}

/** A district's staff, as most tests call them. */
export const DISTRICT_STAFF = {
  caseworker: "caseworker",
  intake: "intakeOfficer",
  manager: "districtManager",
} as const satisfies Staff;

/** A school's staff, as most tests call them. */
export const SCHOOL_STAFF = {
  principal: "principal",
  mentor: "mentor",
  studentHealth: "studentHealth",
} as const satisfies Staff;

// --- Organisations ---------------------------------------------------------------------------

export interface DistrictContact {
  intakePhone?: string;
  intakeEmail?: string;
  outOfHoursPhone?: string;
}

/**
 * A district (its intake contact set when given) and its staff: `DISTRICT_STAFF` unless the test
 * names its own.
 */
export async function districtWithStaff<const S extends Staff = typeof DISTRICT_STAFF>(
  options: { name?: string; contact?: DistrictContact; staff?: S } = {},
) {
  let district = await createDistrict(options.name);
  if (options.contact !== undefined) {
    district = await db
      .updateTable("organisations")
      .set(options.contact)
      .where("id", "=", district.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const people = await staff(district.id, options.staff ?? (DISTRICT_STAFF as unknown as S));
  return { district, ...people };
}

/**
 * The caseworker's district, with a colleague (another caseworker), the manager and an intake
 * officer, and a neighbouring district with a caseworker and a manager of its own: everyone the
 * tests of who may see a child need on the social services' side. `caseworker`: a name for the
 * caseworker where a test looks for it.
 */
export async function districtAndNeighbour(options: { caseworker?: string } = {}) {
  const { district, ...ours } = await districtWithStaff({
    staff: {
      caseworker:
        options.caseworker === undefined
          ? "caseworker"
          : { role: "caseworker", name: options.caseworker },
      colleague: "caseworker",
      manager: "districtManager",
      intake: "intakeOfficer",
    },
  });
  const { district: otherDistrict, ...theirs } = await districtWithStaff({
    staff: { otherCaseworker: "caseworker", otherManager: "districtManager" },
  });
  return { district, otherDistrict, ...ours, ...theirs };
}

/**
 * A school of the district and its staff: `SCHOOL_STAFF` unless the test names its own. `closed`:
 * deactivated, as a school that has shut down.
 */
export async function schoolWithStaff<const S extends Staff = typeof SCHOOL_STAFF>(options: {
  districtId: string;
  name?: string;
  operatorType?: OperatorType;
  closed?: boolean;
  staff?: S;
}) {
  let school = await createSchool(options);
  if (options.closed === true) {
    school = await db
      .updateTable("organisations")
      .set({ deactivatedAt: new Date() })
      .where("id", "=", school.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  const people = await staff(school.id, options.staff ?? (SCHOOL_STAFF as unknown as S));
  return { school, ...people };
}

/** A school of the district that has shut down (deactivated), with no staff. */
export async function createClosedSchool(districtId: string) {
  return (await schoolWithStaff({ districtId, closed: true, staff: {} })).school;
}

/** The education administration and its staff (an administrator unless the test names others). */
export async function educationWithStaff<const S extends Staff = { admin: "admin" }>(
  options: { staff?: S } = {},
) {
  const education = await createEducationAdmin();
  const people = await staff(education.id, options.staff ?? ({ admin: "admin" } as unknown as S));
  return { education, ...people };
}

// --- A child, its consents and its school card -----------------------------------------------

const day = (days: number) => addToDate(stockholmDate(new Date()), { days });

/** What a school card asks for unless told otherwise: attendance and results. */
export const CARD_CATEGORIES: DisclosureCategory[] = ["attendance", "results"];

/**
 * A minor (16–17: every official test number) of the caseworker's, in the caseworker's district,
 * "Signe Lövgren…" unless named otherwise.
 */
export function childOf(
  caseworker: Actor,
  options: Partial<Parameters<typeof createChildWithIdentityNumber>[0]> = {},
) {
  return createChildWithIdentityNumber({
    districtId: caseworker.membership.organisationId,
    caseworkerUserId: caseworker.user.id,
    firstName: "Signe",
    lastName: `Lövgren${randomUUID().slice(0, 4)}`,
    ...options,
  });
}
export type Child = Awaited<ReturnType<typeof childOf>>;

export interface CardConsent {
  /** The school the consent names. */
  schoolId: string;
  categories?: DisclosureCategory[];
  /** YYYY-MM-DD; default 200 days from today (valid from 30 days ago). */
  validTo?: string;
}

/**
 * Oral consent from both guardians and the child (all three are needed at 16–17), as the
 * caseworker records it; the consents' ids by who gave them.
 */
export async function consentFromAll(caseworker: Actor, childId: string, consent: CardConsent) {
  const ids = { guardian1: "", guardian2: "", child: "" };
  for (const givenBy of ["guardian1", "guardian2", "child"] as const) {
    const values = consentSchema.parse({
      givenBy,
      giverName: `Givare ${givenBy}`,
      method: "oral",
      obtainedOn: stockholmDate(new Date()),
      categories: consent.categories ?? CARD_CATEGORIES,
      schoolId: consent.schoolId,
      validFrom: day(-30),
      validTo: consent.validTo ?? day(200),
    });
    const result = await recordConsent(caseworker, childId, values, null);
    if (result.kind !== "recorded")
      throw new Error(`expected recorded, got ${JSON.stringify(result)}`);
    ids[givenBy] = result.consentId;
  }
  return ids;
}

/** A child of the caseworker's at the school, with the consents a school card there needs. */
export async function consentedChild(
  caseworker: Actor,
  options: CardConsent & Partial<Parameters<typeof createChildWithIdentityNumber>[0]>,
) {
  const { categories, validTo, ...child } = options;
  const row = await childOf(caseworker, child);
  const consents = await consentFromAll(caseworker, row.id, {
    schoolId: options.schoolId,
    categories,
    validTo,
  });
  return { child: row, consents };
}

/**
 * The caseworker's request for a school card (term HT2026, due in 21 days, no mentor named, no
 * message unless told): the result, card id and categories. Throws unless it goes through.
 */
export async function requestCard(
  caseworker: Actor,
  childId: string,
  values: Partial<RequestValues> & { schoolId: string },
) {
  const result = await requestSchoolCard(caseworker, childId, {
    term: "HT2026",
    dueOn: day(21),
    mentorUserId: null,
    message: null,
    ...values,
  });
  if (result.kind !== "requested")
    throw new Error(`expected requested, got ${JSON.stringify(result)}`);
  return result;
}
