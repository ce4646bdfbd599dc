/**
 * The audit trail, the pure parts: who may take a child's log extract, and the Swedish words an
 * extract uses. Shared by the module (audit.server.ts) and, later, the pages.
 */
import { ROLE_LABELS } from "~/auth/roles";
import type { AuditAction, Role } from "~db/schema";
import type { PolicyMembership } from "~/auth/roles";

/**
 * An administrator may take the extract for any child; a district manager only for a child whose
 * responsible district is their own organisation. Nobody else, and nobody for a child without a
 * district (except an administrator).
 */
export function mayTakeAuditExtract(
  membership: PolicyMembership,
  childDistrictId: string | null,
): boolean {
  if (membership.role === "admin") return true;
  return (
    membership.role === "districtManager" &&
    membership.organisationKind === "district" &&
    childDistrictId !== null &&
    membership.organisationId === childDistrictId
  );
}

/** What the person did, as a past-tense verb: "Anna Andersson läste …". */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  read: "läste",
  create: "skapade",
  update: "ändrade",
  delete: "tog bort",
  export: "exporterade",
  print: "skrev ut",
  disclose: "lämnade ut",
};

/**
 * Record types (glossary code names) as an extract names them. A type missing here is shown by
 * its code name, so a new kind of record is never left out of an extract for want of a label.
 */
const AUDIT_RECORD_TYPE_LABELS: Record<string, string> = {
  child: "Barn",
  consent: "Samtycke",
  consentRequest: "Samtyckeslänk",
  consentDocument: "Inskannad samtyckesblankett",
  legalBasis: "Rättslig grund",
  maturityAssessment: "Mognadsbedömning",
  schoolCardAttachment: "Bilaga till skolkort",
  schoolCardSchedule: "Planerat skolkort",
  secrecyAssessment: "Sekretessprövning",
  schoolCard: "Skolkort",
  schoolCardRequest: "Begäran om skolkort",
  concernReport: "Orosanmälan",
  feedback: "Återkoppling",
  auditExtract: "Loggutdrag",
};

export function auditRecordTypeLabel(recordType: string): string {
  return Object.hasOwn(AUDIT_RECORD_TYPE_LABELS, recordType)
    ? AUDIT_RECORD_TYPE_LABELS[recordType]!
    : recordType;
}

/** The role an event's actor had, in Swedish; a guardian through a consent link has no account. */
export function auditActorRoleLabel(role: Role | "guardian"): string {
  if (role === "guardian") return "Vårdnadshavare eller barnet";
  return Object.hasOwn(ROLE_LABELS, role) ? ROLE_LABELS[role] : role;
}
