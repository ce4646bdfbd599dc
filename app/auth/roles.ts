/**
 * Roles as the user meets them: Swedish names, the start page each role lands on after login,
 * and the navigation it sees. Pure data, shared by server and browser; what a role may do is
 * still checked on the server by requireMembership in every loader and action.
 */
import type { OrganisationKind, Role } from "~db/schema";

/**
 * Who acts, as every module's policy sees it: the person and the one membership they act for.
 * Pure data, so the rules in `policy.ts` files stay plain functions that tests call directly.
 */
export interface PolicyActor {
  userId: string;
  role: Role;
  organisationId: string;
  organisationKind: OrganisationKind;
}

/** The part of an actor a rule about organisations and roles needs (not who the person is). */
export type PolicyMembership = Omit<PolicyActor, "userId">;

export const ROLE_LABELS: Record<Role, string> = {
  principal: "Rektor",
  mentor: "Mentor",
  studentHealth: "Elevhälsa",
  caseworker: "Handläggare",
  intakeOfficer: "Mottagningshandläggare",
  districtManager: "Enhetschef",
  educationManager: "Grundskolechef",
  admin: "Systemadministratör",
};

export const SCHOOL_ROLES = ["principal", "mentor", "studentHealth"] as const satisfies Role[];
export const MANAGER_ROLES = ["districtManager", "educationManager"] as const satisfies Role[];

export function startPath(role: Role): string {
  switch (role) {
    case "principal":
    case "mentor":
    case "studentHealth":
      return "/skola";
    case "caseworker":
      return "/handlaggare";
    case "intakeOfficer":
      return "/mottagning";
    case "districtManager":
    case "educationManager":
      return "/ledning";
    case "admin":
      return "/admin";
  }
}

export interface NavItem {
  to: string;
  label: string;
}

export function navigationFor(role: Role): NavItem[] {
  const start = { to: startPath(role), label: "Start" };
  const agreements = { to: "/overenskommelser", label: "Överenskommelser" };
  const children = { to: "/barn", label: "Barn" };
  const schoolCards = { to: "/skolkort", label: "Skolkort" };
  const reports = { to: "/orosanmalan", label: "Orosanmälningar" };
  const consultations = { to: "/konsultation", label: "Konsultation" };
  const inbox = { to: "/mottagning/anmalningar", label: "Anmälningar" };
  const followUp = { to: "/uppfoljning", label: "Uppföljning" };
  const meetings = { to: "/samverkansmoten", label: "Samverkansmöten" };
  switch (role) {
    case "principal":
      return [
        start,
        reports,
        consultations,
        agreements,
        schoolCards,
        { to: "/skola/personal", label: "Personal" },
        { to: "/skola/rutiner", label: "Rutiner" },
        meetings,
        followUp,
      ];
    case "mentor":
    case "studentHealth":
      return [start, reports, consultations, schoolCards];
    case "educationManager":
      return [start, agreements, followUp];
    case "caseworker":
      return [start, children, schoolCards, consultations, meetings];
    case "intakeOfficer":
      return [start, inbox, consultations];
    case "districtManager":
      return [
        start,
        agreements,
        children,
        schoolCards,
        inbox,
        consultations,
        { to: "/ledning/kontaktpersoner", label: "Kontaktpersoner" },
        { to: "/ledning/personal", label: "Personal" },
        meetings,
        followUp,
      ];
    case "admin":
      return [
        start,
        { to: "/admin/skolor", label: "Skolor" },
        { to: "/admin/forvaltningar", label: "Förvaltningar" },
        { to: "/admin/mallar", label: "Mallar" },
        agreements,
        { to: "/admin/anvandare", label: "Användare" },
        { to: "/admin/outbox", label: "Utkorg" },
        followUp,
      ];
    default:
      return [start];
  }
}
