/**
 * Who follows up what (issue 18), and the rule for small numbers. Pure data and functions: the
 * queries (figures.server.ts) take a scope from here, and the tests call these directly.
 *
 * - A principal sees their own school: the cards it returned, the reports it made.
 * - A district manager sees their district's social services whole (its reports, requests,
 *   consultations, consent), and the schools in the district as other organisations.
 * - The education manager and the administrator see the municipality, by district and by school,
 *   every one of them another organisation.
 */
import type { OperatorType, Role } from "~db/schema";

export const FOLLOW_UP_ROLES = [
  "principal",
  "districtManager",
  "educationManager",
  "admin",
] as const satisfies Role[];

export type FollowUpScope =
  | { kind: "school"; schoolId: string }
  | { kind: "district"; districtId: string }
  | { kind: "municipality" };

export function followUpScope(membership: {
  role: Role;
  organisationId: string;
}): FollowUpScope | null {
  switch (membership.role) {
    case "principal":
      return { kind: "school", schoolId: membership.organisationId };
    case "districtManager":
      return { kind: "district", districtId: membership.organisationId };
    case "educationManager":
    case "admin":
      return { kind: "municipality" };
    default:
      return null;
  }
}

/** What a page is narrowed to, beside the period; "" is everything in the scope. */
export interface FollowUpNarrowing {
  districtId: string;
  schoolId: string;
  operatorType: OperatorType | "";
}

/**
 * Whether a row of figures belongs to the viewer's own organisation, and is shown whole: a
 * principal's school, a district manager's district. Every other organisation's row follows the
 * small-number rule.
 */
export function isOwnOrganisation(scope: FollowUpScope, organisationId: string | null): boolean {
  if (organisationId === null) return false;
  if (scope.kind === "school") return scope.schoolId === organisationId;
  if (scope.kind === "district") return scope.districtId === organisationId;
  return false;
}

/**
 * Whether the totals of a page are the viewer's own: the principal's school, the district
 * manager's district (not narrowed to one school), the whole municipality for those who see it
 * (not narrowed to one district or school, where the total would be that organisation's).
 */
export function totalsAreOwn(scope: FollowUpScope, narrowing: FollowUpNarrowing): boolean {
  if (scope.kind === "school") return true;
  if (scope.kind === "district") return narrowing.schoolId === "";
  return narrowing.schoolId === "" && narrowing.districtId === "";
}

/** A count as a person reads it: whole, or "färre än 5" when small and not the viewer's own. */
export type ShownCount = { value: number; text: string; hidden: boolean };

export function shownCount(value: number, own: boolean, minCount: number): ShownCount {
  if (!own && value > 0 && value < minCount) {
    return { value, text: `färre än ${minCount}`, hidden: true };
  }
  return { value, text: formatWhole(value), hidden: false };
}

/**
 * A share in whole per cent, or null when it cannot be shown: nothing to compute it from, or
 * (not the viewer's own) fewer than `minCount` to compute it from.
 */
export function shownShare(
  part: number,
  whole: number,
  own: boolean,
  minCount: number,
): string | null {
  if (whole === 0) return null;
  if (!own && whole < minCount) return null;
  return `${Math.round((100 * part) / whole)} %`;
}

function formatWhole(value: number): string {
  return new Intl.NumberFormat("sv-SE", { maximumFractionDigits: 1 }).format(value);
}
