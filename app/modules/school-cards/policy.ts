/**
 * School cards: who may see and do what (docs/security.md: a school-card request and its answers are
 * seen by the addressed school, only that card; by the caseworker for their own children; by the
 * district manager for the district), the Swedish words for statuses, and when a card is overdue.
 * Pure functions, unit-tested; school-cards.server.ts also scopes every query in SQL.
 */
import type { Role, SchoolCardStatus } from "~db/schema";
import type { PolicyActor } from "~/auth/roles";

export interface CardPolicyRecord {
  districtId: string;
  schoolId: string;
  mentorUserId: string | null;
  /** The child's responsible caseworker now. */
  caseworkerUserId: string;
}

/** School staff who see every card addressed to their school (and are told of it when no mentor is named). */
export const SCHOOL_WIDE_ROLES: readonly Role[] = ["principal", "studentHealth"];

/**
 * The addressed school: its principal and student-health staff, and a mentor the card names.
 * Never another school, whatever the role.
 */
export function maySeeAsSchool(actor: PolicyActor, card: CardPolicyRecord): boolean {
  if (actor.organisationKind !== "school" || actor.organisationId !== card.schoolId) return false;
  if (SCHOOL_WIDE_ROLES.includes(actor.role)) return true;
  return actor.role === "mentor" && card.mentorUserId === actor.userId;
}

/** The child's caseworker, and the manager of the child's district. */
export function maySeeAsSocialServices(actor: PolicyActor, card: CardPolicyRecord): boolean {
  if (actor.organisationKind !== "district" || actor.organisationId !== card.districtId)
    return false;
  if (actor.role === "districtManager") return true;
  return actor.role === "caseworker" && card.caseworkerUserId === actor.userId;
}

/** The school may write answers only while the card is with it. */
export const EDITABLE_STATUSES: readonly SchoolCardStatus[] = [
  "requested",
  "opened",
  "inProgress",
  "completionAsked",
];

export function mayEditAnswers(status: SchoolCardStatus): boolean {
  return EDITABLE_STATUSES.includes(status);
}

export const SCHOOL_CARD_STATUS_LABELS: Record<SchoolCardStatus, string> = {
  requested: "Begärt",
  opened: "Öppnat",
  inProgress: "Påbörjat",
  returned: "Inskickat",
  completionAsked: "Komplettering begärd",
  accepted: "Godkänt",
  stopped: "Stoppat",
};

/** Days past the due date while the card is still with the school; 0 when not overdue. */
export function daysOverdue(card: { status: SchoolCardStatus; dueOn: string }, today: string) {
  if (!mayEditAnswers(card.status) || today <= card.dueOn) return 0;
  const days =
    (Date.parse(`${today}T00:00:00Z`) - Date.parse(`${card.dueOn}T00:00:00Z`)) / 86_400_000;
  return Math.round(days);
}
