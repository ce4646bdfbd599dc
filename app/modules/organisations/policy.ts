/**
 * Who may see which organisations and people. Pure functions of the acting membership; the
 * queries in organisations.server.ts apply the same scope in SQL.
 */
import type { PolicyMembership } from "~/auth/roles";

/** Which schools an actor sees in school lists. */
export type SchoolScope =
  | { kind: "district"; districtId: string }
  | { kind: "municipal" }
  | { kind: "all" }
  | { kind: "own"; schoolId: string };

export function schoolScope(membership: PolicyMembership): SchoolScope {
  switch (membership.role) {
    case "caseworker":
    case "intakeOfficer":
    case "districtManager":
      return { kind: "district", districtId: membership.organisationId };
    case "educationManager":
      return { kind: "municipal" };
    case "admin":
      return { kind: "all" };
    case "principal":
    case "mentor":
    case "studentHealth":
      return { kind: "own", schoolId: membership.organisationId };
  }
}

/** Whose staff an actor may list: principals their school's, district managers their district's. */
export function staffScope(
  membership: PolicyMembership,
): { organisationId: string } | "all" | null {
  if (membership.role === "admin") return "all";
  if (membership.role === "principal" || membership.role === "districtManager") {
    return { organisationId: membership.organisationId };
  }
  return null;
}

/** Only administrators create, edit, deactivate and import districts and schools. */
export function mayManageOrganisations(membership: PolicyMembership): boolean {
  return membership.role === "admin";
}
