/** Small builders for integration tests: real rows in the test file's own database. */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { db } from "../../db/client.server";
import type { OperatorType, Role } from "../../db/schema";
import type { Actor } from "~/auth/session.server";
import { hashPassword } from "~/auth/password.server";
import { stockholmDate } from "~/lib/dates";
import { AGE_OF_MAJORITY, ageOn } from "~/modules/consent/policy";

const unique = () => randomBytes(4).toString("hex");
let schoolCode = 80000000 + Math.floor(Math.random() * 9_000_000);

export async function createDistrict(name = `Testdistrikt ${unique()}`) {
  return db
    .insertInto("organisations")
    .values({ kind: "district", name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createSchool(options: {
  districtId: string;
  name?: string;
  operatorType?: OperatorType;
}) {
  return db
    .insertInto("organisations")
    .values({
      kind: "school",
      name: options.name ?? `Testskolan ${unique()}`,
      schoolUnitCode: String(schoolCode++),
      schoolForms: ["grundskola"],
      operatorType: options.operatorType ?? "municipal",
      operatorName: options.operatorType === "independent" ? "Friskolor AB" : "Testkommunen",
      districtId: options.districtId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function createEducationAdmin(name = `Utbildningsförvaltning ${unique()}`) {
  return db
    .insertInto("organisations")
    .values({ kind: "education_admin", name })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export const TEST_PASSWORD = "Ett-langt-testlosenord-1";
let cachedHash: Promise<string> | undefined;

export async function createUser(options: { email?: string; name?: string } = {}) {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return db
    .insertInto("users")
    .values({
      email: options.email ?? `person.${unique()}@test.example`,
      name: options.name ?? "Test Testsson",
      passwordHash: await cachedHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addMembership(userId: string, organisationId: string, role: Role) {
  const organisation = await db
    .selectFrom("organisations")
    .select(["kind", "name"])
    .where("id", "=", organisationId)
    .executeTakeFirstOrThrow();
  const membership = await db
    .insertInto("memberships")
    // Started now by the test run's clock, as the people module stamps it: ending it compares.
    .values({
      userId,
      organisationId,
      organisationKind: organisation.kind,
      role,
      createdAt: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...membership, organisationName: organisation.name };
}

/** A user with one membership, as the Actor domain functions receive. */
export async function createActor(
  organisationId: string,
  role: Role,
  user: { email?: string; name?: string } = {},
): Promise<Actor> {
  const row = await createUser(user);
  const membership = await addMembership(row.id, organisationId, role);
  return {
    user: { id: row.id, email: row.email, name: row.name, title: null, phone: null },
    session: { id: "test-session", activeMembershipId: membership.id, authenticatedAt: new Date() },
    membership: {
      id: membership.id,
      role,
      organisationId,
      organisationKind: membership.organisationKind,
      organisationName: membership.organisationName,
    },
  };
}

// --- Personal identity numbers ---------------------------------------------------------------
//
// Children get only numbers from test/fixtures/testpersonnummer.csv: Skatteverket's official test
// numbers, which belong to no one. Never compute a number with a valid check digit: it may belong
// to a real child (test/fixtures/testpersonnummer.README.md).

let officialNumbers: readonly string[] | undefined;

/**
 * The official test numbers of the fixture (12 digits, born 2008-06-01 to 2009-06-10), read once.
 * On the test run's clock (test-clock.js, 2026-12-01) those born up to 2008-12-01 are 18 and the
 * rest 17, whatever the real date.
 */
export function officialTestNumbers(): readonly string[] {
  officialNumbers ??= Object.freeze(
    readFileSync(path.join(import.meta.dirname, "../fixtures/testpersonnummer.csv"), "utf8")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => /^\d{12}$/.test(line)),
  );
  return officialNumbers;
}

/** YYYY-MM-DD from an official test number (none of them is a coordination number). */
export function birthDateOf(personalIdentityNumber: string): string {
  const n = personalIdentityNumber;
  return `${n.slice(0, 4)}-${n.slice(4, 6)}-${n.slice(6, 8)}`;
}

export interface OfficialNumberFilter {
  /**
   * "adult": 18 or older on `today`; "minor": younger (17 on the test run's clock: no official
   * number here belongs to a child under 15).
   */
  age?: "adult" | "minor";
  /** Birth dates, YYYY-MM-DD, both included. */
  bornFrom?: string;
  bornTo?: string;
  /** YYYY-MM-DD in Europe/Stockholm; default today by the test run's clock. */
  today?: string;
  /** Numbers not to hand out (already used in the district). */
  exclude?: ReadonlySet<string>;
}

const handedOut = new Set<string>();

/**
 * The next official test number matching the filter, handed out in turn through the fixture: a
 * test file gets every matching number once before one is handed out again (never one in
 * `exclude`). Throws when none matches: on the test run's clock the slice holds about 60 adults
 * and 70 minors; a test that asks for more in one district, or passes a `today` far from that
 * clock, needs more of Skatteverket's numbers copied into the fixture, never generated ones.
 */
export function nextOfficialTestNumber(filter: OfficialNumberFilter = {}): string {
  const today = filter.today ?? stockholmDate(new Date());
  const matching = officialTestNumbers().filter((n) => {
    const born = birthDateOf(n);
    if (filter.exclude?.has(n)) return false;
    if (filter.bornFrom !== undefined && born < filter.bornFrom) return false;
    if (filter.bornTo !== undefined && born > filter.bornTo) return false;
    if (filter.age === undefined) return true;
    const adult = ageOn(born, today) >= AGE_OF_MAJORITY;
    return adult === (filter.age === "adult");
  });
  // Not yet handed out, or else the one handed out longest ago (a Set keeps insertion order).
  const n =
    matching.find((m) => !handedOut.has(m)) ?? [...handedOut].find((m) => matching.includes(m));
  if (n !== undefined) {
    handedOut.delete(n);
    handedOut.add(n);
    return n;
  }
  throw new Error(
    `No official test number in test/fixtures/testpersonnummer.csv matches ${JSON.stringify({
      ...filter,
      exclude: filter.exclude?.size,
      today,
    })}. Copy more numbers from Skatteverket's list of test numbers; never generate one.`,
  );
}

/** The numbers this file has given children of each district: unique per district and number. */
const numbersInDistrict = new Map<string, Set<string>>();

function numberForDistrict(districtId: string, filter: OfficialNumberFilter = {}): string {
  const used = numbersInDistrict.get(districtId) ?? new Set<string>();
  numbersInDistrict.set(districtId, used);
  const n = nextOfficialTestNumber({ ...filter, exclude: used });
  used.add(n);
  return n;
}

/**
 * A child row, for tests of records about a child (audit_events.child_id references children),
 * with an official test number not yet used in the district.
 */
export async function createChild(options: {
  districtId: string;
  caseworkerUserId: string;
  protectedIdentity?: boolean;
}) {
  return db
    .insertInto("children")
    .values({
      firstName: "Test",
      lastName: `Barn ${unique()}`,
      personalIdentityNumber: numberForDistrict(options.districtId),
      districtId: options.districtId,
      caseworkerUserId: options.caseworkerUserId,
      protectedIdentity: options.protectedIdentity ?? false,
      createdBy: options.caseworkerUserId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * A child with an official test number not yet used in the district, as the consent gate needs:
 * it reads the birth date from the number. `age` (default "minor"): "minor" is under 18 (17, in
 * this slice), so the child's own consent is needed besides the guardians'; "adult" is 18 or
 * older, whose own consent alone counts. No official number belongs to a child under 15 or is a coordination
 * number: those cases are unit-tested (test/unit/consent-policy.test.ts,
 * test/unit/personal-identity-number.test.ts). Returns the row, number included.
 */
export async function createChildWithIdentityNumber(options: {
  districtId: string;
  caseworkerUserId: string;
  schoolId?: string | null;
  age?: "adult" | "minor";
  guardians?: 1 | 2;
  soleCustodian?: boolean;
  protectedIdentity?: boolean;
  firstName?: string;
  lastName?: string;
}) {
  const personalIdentityNumber = numberForDistrict(options.districtId, {
    age: options.age ?? "minor",
  });
  return db
    .insertInto("children")
    .values({
      firstName: options.firstName ?? "Test",
      lastName: options.lastName ?? `Barn ${unique()}`,
      personalIdentityNumber,
      districtId: options.districtId,
      caseworkerUserId: options.caseworkerUserId,
      schoolId: options.schoolId ?? null,
      guardians: options.guardians ?? 2,
      soleCustodian: options.soleCustodian ?? false,
      protectedIdentity: options.protectedIdentity ?? false,
      createdBy: options.caseworkerUserId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
