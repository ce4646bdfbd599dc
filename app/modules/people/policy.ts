/**
 * Who may bring people in: an administrator anyone, anywhere; a principal staff of their own
 * school; a district manager staff of their own district. Pure, shared with the forms.
 */
import type { OrganisationKind, Role } from "~db/schema";
import type { PolicyMembership } from "~/auth/roles";

const ROLES_BY_KIND: Record<OrganisationKind, Role[]> = {
  school: ["principal", "mentor", "studentHealth"],
  district: ["caseworker", "intakeOfficer", "districtManager"],
  education_admin: ["educationManager", "admin"],
};

/** The roles the inviter may give in an organisation of that kind, or none. */
export function invitableRoles(
  inviter: PolicyMembership,
  organisation: { id: string; kind: OrganisationKind },
): Role[] {
  if (inviter.role === "admin") return ROLES_BY_KIND[organisation.kind];
  const own = inviter.organisationId === organisation.id;
  if (inviter.role === "principal" && own) return ROLES_BY_KIND.school;
  if (inviter.role === "districtManager" && own) return ROLES_BY_KIND.district;
  return [];
}

/**
 * A district manager may also invite the principal of an independent school in the district's
 * area, so that the school can join and sign a cooperation agreement (issue 4); the agreements
 * module decides when, this rule decides who.
 */
export function mayInvitePrincipalToSign(
  inviter: PolicyMembership,
  school: { kind: OrganisationKind; districtId: string | null; operatorType: string | null },
): boolean {
  return (
    inviter.role === "districtManager" &&
    school.kind === "school" &&
    school.operatorType === "independent" &&
    school.districtId === inviter.organisationId
  );
}

/**
 * The organisation whose memberships an actor manages (changes roles, ends memberships): a
 * principal their school, a district manager their district, an administrator all ("all").
 */
export function managedOrganisation(manager: PolicyMembership): string | "all" | null {
  if (manager.role === "admin") return "all";
  if (manager.role === "principal" || manager.role === "districtManager") {
    return manager.organisationId;
  }
  return null;
}
