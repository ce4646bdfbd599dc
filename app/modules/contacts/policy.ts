/**
 * Who manages contact persons: pure functions of the acting membership; contacts.server.ts
 * applies the same scope in its queries.
 */
import type { PolicyMembership } from "~/auth/roles";

/**
 * The district whose contact duties an actor may see and hand over: a district manager their
 * own, an administrator every district ("all"); anyone else none.
 */
export function managedDistrict(
  manager: Pick<PolicyMembership, "role" | "organisationId">,
): string | "all" | null {
  if (manager.role === "admin") return "all";
  if (manager.role === "districtManager") return manager.organisationId;
  return null;
}
