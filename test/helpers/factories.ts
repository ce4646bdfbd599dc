/** Small builders for integration tests: real rows in the test file's own database. */
import { randomBytes } from "node:crypto";
import { db } from "../../db/client.server";
import type { OperatorType, Role } from "../../db/schema";
import type { Actor } from "~/auth/session.server";
import { hashPassword } from "~/auth/password.server";

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
    .values({ userId, organisationId, organisationKind: organisation.kind, role })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...membership, organisationName: organisation.name };
}

/** A user with one membership, as the Actor domain functions receive. */
export async function createActor(organisationId: string, role: Role): Promise<Actor> {
  const user = await createUser();
  const membership = await addMembership(user.id, organisationId, role);
  return {
    user: { id: user.id, email: user.email, name: user.name, title: null, phone: null },
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

let childNumber = 201001010000;

/**
 * A child row, for tests of records about a child (audit_events.child_id references children).
 * The identity number only has the stored shape; tests of the form use real numbers.
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
      personalIdentityNumber: String(childNumber++),
      districtId: options.districtId,
      caseworkerUserId: options.caseworkerUserId,
      protectedIdentity: options.protectedIdentity ?? false,
      createdBy: options.caseworkerUserId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

let realChildSerial = 100;

/**
 * A child whose identity number is a real one (date and Luhn check digit), as the consent gate
 * needs: it reads the birth date from the number. `birthDate` is YYYYMMDD; `coordination` adds 60
 * to the day (samordningsnummer). Returns the row and the 12-digit number.
 */
export async function createChildWithIdentityNumber(options: {
  districtId: string;
  caseworkerUserId: string;
  schoolId?: string | null;
  birthDate?: string;
  coordination?: boolean;
  guardians?: 1 | 2;
  soleCustodian?: boolean;
  protectedIdentity?: boolean;
  firstName?: string;
  lastName?: string;
}) {
  const date = options.birthDate ?? "20150315";
  const day = Number(date.slice(6)) + (options.coordination ? 60 : 0);
  const birthNumber = String(realChildSerial++);
  const nine = `${date.slice(2, 6)}${String(day).padStart(2, "0")}${birthNumber}`;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    const product = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  const personalIdentityNumber = `${date.slice(0, 2)}${nine}${(10 - (sum % 10)) % 10}`;
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
