/**
 * The people module's bounded lists for the staff pages: the organisations an actor may invite
 * to (for an administrator, a bounded, searchable choice of schools) and the latest deactivated
 * accounts. Re-exported by people.server.ts, the module's face.
 */
import { sql } from "kysely";
import type { Actor } from "~/auth/session.server";
import { db } from "~db/client.server";
import type { OrganisationKind, Role } from "~db/schema";
import { invitableRoles, managedOrganisation } from "./policy";
import { UUID } from "~/lib/uuid";

/** Schools an administrator's invitation form offers at a time; a search finds the others. */
const INVITABLE_SCHOOLS_LIMIT = 100;

export interface InvitableOrganisations {
  /** The organisations offered, with the roles the actor may give in each. */
  organisations: { id: string; name: string; kind: OrganisationKind; roles: Role[] }[];
  /** For an administrator: the schools the search matches, of which at most the limit are offered. */
  schoolsMatching: number;
}

/**
 * The organisations an actor may invite people to, with the roles they may give there. An
 * administrator may invite to every organisation, but the form offers the districts and the
 * education administration and at most INVITABLE_SCHOOLS_LIMIT schools (by name, or those whose
 * name or school-unit code contains `schoolSearch`): a municipality has thousands.
 */
export async function invitableOrganisations(
  actor: Actor,
  options: { schoolSearch?: string } = {},
): Promise<InvitableOrganisations> {
  const withRoles = <O extends { id: string; kind: OrganisationKind }>(rows: O[]) =>
    rows
      .map((o) => ({ ...o, roles: invitableRoles(actor.membership, o) }))
      .filter((o) => o.roles.length > 0);
  if (actor.membership.role !== "admin") {
    const own = await db
      .selectFrom("organisations")
      .select(["id", "name", "kind"])
      .where("deactivatedAt", "is", null)
      .where("id", "=", actor.membership.organisationId)
      .execute();
    return { organisations: withRoles(own), schoolsMatching: 0 };
  }
  const search = (options.schoolSearch ?? "").trim().slice(0, 100).toLocaleLowerCase("sv");
  const [others, schools] = await Promise.all([
    db
      .selectFrom("organisations")
      .select(["id", "name", "kind"])
      .where("deactivatedAt", "is", null)
      .where("kind", "<>", "school")
      .orderBy("kind")
      .orderBy("name")
      .execute(),
    db
      .selectFrom("organisations")
      .select(["id", "name", "kind", sql<string>`count(*) over ()`.as("matching")])
      .where("deactivatedAt", "is", null)
      .where("kind", "=", "school")
      .$if(search !== "", (q) =>
        q.where(
          sql<boolean>`(strpos(lower(name), ${search}) > 0 or strpos(school_unit_code, ${search}) > 0)`,
        ),
      )
      .orderBy("name")
      .limit(INVITABLE_SCHOOLS_LIMIT)
      .execute(),
  ]);
  return {
    organisations: withRoles([...others, ...schools.map(({ matching: _m, ...school }) => school)]),
    schoolsMatching: Number(schools[0]?.matching ?? 0),
  };
}

/** The organisations an actor may invite people to (for an administrator, as the form offers). */
export async function listInvitableOrganisations(actor: Actor) {
  return (await invitableOrganisations(actor)).organisations;
}

/** The roles the actor may give in one organisation (none when it is unknown or deactivated). */
export async function invitableRolesIn(actor: Actor, organisationId: string): Promise<Role[]> {
  // The form's check lets 36 dashes through; PostgreSQL would refuse them as a uuid.
  if (!UUID.test(organisationId.toLowerCase())) return [];
  const organisation = await db
    .selectFrom("organisations")
    .select(["id", "kind"])
    .where("id", "=", organisationId)
    .where("deactivatedAt", "is", null)
    .executeTakeFirst();
  return organisation ? invitableRoles(actor.membership, organisation) : [];
}

/** Deactivated accounts the administrators' list shows: the most recently deactivated. */
const DEACTIVATED_USERS_LIMIT = 100;

/**
 * The most recently deactivated accounts, at most `limit`; each row carries how many there are in
 * all (`total`), counted in the same statement.
 */
export async function listDeactivatedUsers(actor: Actor, limit = DEACTIVATED_USERS_LIMIT) {
  if (managedOrganisation(actor.membership) !== "all") return [];
  return db
    .selectFrom("users as u")
    .leftJoin("users as by", "by.id", "u.deactivatedBy")
    .select([
      "u.id",
      "u.name",
      "u.email",
      "u.deactivatedAt",
      "by.name as deactivatedByName",
      sql<string>`count(*) over ()`.as("total"),
    ])
    .where("u.deactivatedAt", "is not", null)
    .orderBy("u.deactivatedAt", "desc")
    .orderBy("u.id")
    .limit(limit)
    .execute();
}
