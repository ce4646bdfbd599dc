/**
 * What the child pages' forms choose from: the schools a child may attend and the caseworkers a
 * child may be handed over to. Both are scoped like the record itself: only the roles that keep
 * children get the schools, and only someone who may hand this child over gets the district's
 * caseworkers (anyone else, and any id that does not exist, is NotFoundError). Also the pieces
 * the add and edit actions share: reading the posted form and wording the module's refusals.
 */
import { policyActor, type Actor } from "~/auth/session.server";
import type { FieldErrors } from "~/lib/form";
import { NotFoundError } from "~/lib/not-found.server";
import { db } from "~db/client.server";
import type { AddChildResult, UpdateChildResult } from "./children.server";
import { childListScope, mayHandOverChild, mayOpenChild } from "./policy";
import type { ChildFormValues, DuplicateChild, SchoolChoice } from "./schema";
import { UUID } from "~/lib/uuid";

export interface CaseworkerChoice {
  id: string;
  name: string;
  title: string | null;
}

/**
 * Every active school, the actor's own district's first: a child may go to school in another
 * district's area (addChild accepts any active school). Only for those who keep children.
 */
export async function listSchoolChoices(actor: Actor): Promise<SchoolChoice[]> {
  const scope = childListScope(policyActor(actor));
  if (!scope) throw new NotFoundError();
  const rows = await db
    .selectFrom("organisations as s")
    .innerJoin("organisations as d", "d.id", "s.districtId")
    .select(["s.id", "s.name", "s.districtId", "d.name as districtName"])
    .where("s.kind", "=", "school")
    .where("s.deactivatedAt", "is", null)
    .orderBy("s.name")
    .orderBy("s.id")
    .execute();
  const own = rows.filter((r) => r.districtId === scope.districtId);
  const others = rows.filter((r) => r.districtId !== scope.districtId);
  return [...own, ...others].map(({ id, name, districtName }) => ({ id, name, districtName }));
}

/**
 * The current caseworkers of the child's district a child may be handed over to (everyone but its
 * own caseworker); null for someone who may open the child but not hand it over. Reads no child
 * data beyond the scope check, so it writes no audit event; handOverChild logs the hand-over.
 */
export async function listHandOverCandidates(
  actor: Actor,
  childId: string,
): Promise<CaseworkerChoice[] | null> {
  if (!UUID.test(childId)) throw new NotFoundError();
  const child = await db
    .selectFrom("children")
    .select(["districtId", "caseworkerUserId", "protectedIdentity"])
    .where("id", "=", childId)
    .where("districtId", "=", actor.membership.organisationId)
    .executeTakeFirst();
  if (!child || !mayOpenChild(policyActor(actor), child)) throw new NotFoundError();
  if (!mayHandOverChild(policyActor(actor), child)) return null;
  return db
    .selectFrom("memberships as m")
    .innerJoin("users as u", "u.id", "m.userId")
    .select(["u.id", "u.name", "u.title"])
    .where("m.organisationId", "=", child.districtId)
    .where("m.role", "=", "caseworker")
    .where("m.endedAt", "is", null)
    .where("u.deactivatedAt", "is", null)
    .where("u.id", "!=", child.caseworkerUserId)
    .orderBy("u.name")
    .orderBy("u.id")
    .execute();
}

/** How many children the actor's list holds (a count, no child data: not logged). */
export async function countChildren(actor: Actor): Promise<number> {
  const scope = childListScope(policyActor(actor));
  if (!scope) throw new NotFoundError();
  let query = db
    .selectFrom("children")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .where("districtId", "=", scope.districtId);
  if (scope.kind === "own") query = query.where("caseworkerUserId", "=", scope.caseworkerUserId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The posted child form as typed, to give back with an error so nothing typed is lost. */
export function readChildForm(form: FormData): ChildFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return {
    firstName: text("firstName"),
    lastName: text("lastName"),
    personalIdentityNumber: text("personalIdentityNumber"),
    schoolId: text("schoolId"),
    placementType: text("placementType"),
    guardians: text("guardians"),
    soleCustodian: text("soleCustodian") === "on",
    protectedIdentity: text("protectedIdentity") === "on",
  };
}

/** What the form shows when the module refuses a save it could not check in the browser. */
export function refusalOf(
  result: Exclude<AddChildResult | UpdateChildResult, { kind: "added" | "updated" | "stale" }>,
): { fieldErrors: FieldErrors; duplicate: DuplicateChild | null } {
  if (result.kind === "unknownSchool") {
    return {
      fieldErrors: { schoolId: "Skolan finns inte längre i portalen. Välj en annan skola." },
      duplicate: null,
    };
  }
  return {
    fieldErrors: {
      personalIdentityNumber: "Barnet finns redan i stadsdelen.",
    },
    duplicate: { existingChildId: result.existingChildId },
  };
}
