/**
 * Who may do what with a child's record (docs/security.md, "Who sees what"), and the Swedish words
 * for placement types. Pure functions, unit-tested; children.server.ts also scopes every query in
 * SQL, so a record outside these rules is never even read.
 *
 * A child's record opens for its responsible caseworker and for the manager of its district;
 * nobody else (not another caseworker of the district, not intake, not an administrator, and
 * never a school). A protected-identity child is held to the same two people explicitly, so that
 * widening the ordinary rule later (a colleague covering, intake "as needed") cannot open it.
 */
import type { PlacementType, Role } from "~db/schema";
import type { PolicyActor } from "~/auth/roles";

export interface ChildPolicyRecord {
  districtId: string;
  caseworkerUserId: string;
  protectedIdentity: boolean;
}

export const PLACEMENT_TYPE_LABELS: Record<PlacementType, string> = {
  none: "Ingen placering",
  jourhem: "Jourhem",
  familjehem: "Familjehem",
  hvb: "HVB",
  sis: "SiS",
  stodboende: "Stödboende",
  skyddatBoende: "Skyddat boende",
  behandlingsfamilj: "Behandlingsfamilj",
};

function isDistrictRole(actor: PolicyActor, role: Role, districtId: string) {
  return (
    actor.role === role &&
    actor.organisationKind === "district" &&
    actor.organisationId === districtId
  );
}

function isResponsibleCaseworker(actor: PolicyActor, child: ChildPolicyRecord) {
  return (
    isDistrictRole(actor, "caseworker", child.districtId) && actor.userId === child.caseworkerUserId
  );
}

function isDistrictManager(actor: PolicyActor, child: ChildPolicyRecord) {
  return isDistrictRole(actor, "districtManager", child.districtId);
}

/**
 * Whether the actor may open (and so change) the child's record. Today the ordinary rule is
 * already the protected-identity rule (the responsible caseworker and the district manager);
 * whoever widens it for ordinary children must keep protected children to these two.
 */
export function mayOpenChild(actor: PolicyActor, child: ChildPolicyRecord): boolean {
  return isResponsibleCaseworker(actor, child) || isDistrictManager(actor, child);
}

/** Handing a child over to another caseworker: the child's caseworker or the district manager. */
export function mayHandOverChild(actor: PolicyActor, child: ChildPolicyRecord): boolean {
  return isResponsibleCaseworker(actor, child) || isDistrictManager(actor, child);
}

/** Only a caseworker adds children, to their own district and as their own. */
export function mayAddChild(actor: Pick<PolicyActor, "role" | "organisationKind">): boolean {
  return actor.role === "caseworker" && actor.organisationKind === "district";
}

/**
 * Which children the list shows: a caseworker their own, a district manager the district's;
 * everyone else has no list (null).
 */
export function childListScope(actor: PolicyActor):
  | { kind: "own"; districtId: string; caseworkerUserId: string }
  | {
      kind: "district";
      districtId: string;
    }
  | null {
  if (actor.organisationKind !== "district") return null;
  if (actor.role === "caseworker")
    return { kind: "own", districtId: actor.organisationId, caseworkerUserId: actor.userId };
  if (actor.role === "districtManager")
    return { kind: "district", districtId: actor.organisationId };
  return null;
}

/**
 * Whether a role may ever see a child's placement type (or anything that hints at where the
 * child lives). Only the social-services roles that follow the child: never a school role, and
 * not intake, the education manager or an administrator. School-facing modules call this before
 * they put a placement on any page, PDF, CSV or e-mail.
 */
export function mayShowPlacement(role: Role): boolean {
  return role === "caseworker" || role === "districtManager";
}
