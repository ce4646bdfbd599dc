/**
 * Who signs, who may do what with an agreement, and what state an agreement is in. Pure
 * functions, unit-tested, shared by the module (which also scopes every query) and the pages.
 */
import type { AgreementVersionStatus, OperatorType, SignatoryRole } from "~db/schema";
import { addToDate } from "~/lib/dates";
import type { PolicyMembership } from "~/auth/roles";

export { addToDate, stockholmDate } from "~/lib/dates";

export interface Signatory {
  organisationId: string;
  role: SignatoryRole;
}

/** Years from activation to the default review date. */
export const REVIEW_YEARS = 2;
/** Days before the review date when the district manager is reminded (and on the day). */
export const REMINDER_DAYS = { days60: 60, days14: 14, due: 0 } as const;

/**
 * The required signatories of a version: the principal of each school, the district manager,
 * and the education manager when a municipal school is included.
 */
export function requiredSignatories(input: {
  districtId: string;
  schools: { id: string; operatorType: OperatorType }[];
  educationAdminId: string | null;
}): Signatory[] {
  const signatories: Signatory[] = input.schools.map((s) => ({
    organisationId: s.id,
    role: "principal",
  }));
  signatories.push({ organisationId: input.districtId, role: "districtManager" });
  if (input.schools.some((s) => s.operatorType === "municipal")) {
    if (!input.educationAdminId) throw new Error("No education administration to co-sign");
    signatories.push({ organisationId: input.educationAdminId, role: "educationManager" });
  }
  return signatories;
}

/** The signatory an actor signs as, if any: only their own organisation, in their own role. */
export function signatoryFor(
  membership: PolicyMembership,
  signatories: readonly Signatory[],
): Signatory | null {
  return (
    signatories.find(
      (s) => s.organisationId === membership.organisationId && s.role === membership.role,
    ) ?? null
  );
}

export function mayManageTemplates(membership: PolicyMembership): boolean {
  return membership.role === "admin";
}

/** District managers make and change their own district's agreements. */
export function mayEditAgreement(
  membership: PolicyMembership,
  agreement: { districtId: string },
): boolean {
  return (
    membership.role === "districtManager" && membership.organisationId === agreement.districtId
  );
}

export type AgreementStatus = "none" | "draft" | "signing" | "active" | "revisionDue" | "declined";

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  none: "Ingen överenskommelse",
  draft: "Utkast",
  signing: "Ute för underskrift",
  active: "Aktiv",
  revisionDue: "Dags för revision",
  declined: "Underskrift nekad",
};

export const VERSION_STATUS_LABELS: Record<AgreementVersionStatus, string> = {
  draft: "Utkast",
  signing: "Ute för underskrift",
  active: "Aktiv",
  superseded: "Ersatt",
  declined: "Nekad",
  withdrawn: "Återkallad",
};

/** True when the active version's review date has come or its template has been revised since. */
function revisionDue(input: {
  reviewDate: string | null;
  today: string;
  activeTemplateRevision: number | null;
  latestTemplateRevision: number | null;
}): boolean {
  if (input.reviewDate !== null && input.reviewDate <= input.today) return true;
  return (
    input.activeTemplateRevision !== null &&
    input.latestTemplateRevision !== null &&
    input.latestTemplateRevision > input.activeTemplateRevision
  );
}

/**
 * An agreement's state as its users name it: an active version (or one due for revision) wins,
 * since it is what binds the parties while a new version is being signed; otherwise the newest
 * version's state.
 */
export function agreementStatus(input: {
  versions: readonly { versionNumber: number; status: AgreementVersionStatus }[];
  reviewDate: string | null;
  today: string;
  activeTemplateRevision: number | null;
  latestTemplateRevision: number | null;
}): AgreementStatus {
  if (input.versions.some((v) => v.status === "active")) {
    return revisionDue(input) ? "revisionDue" : "active";
  }
  const newest = [...input.versions].sort((a, b) => b.versionNumber - a.versionNumber)[0];
  if (!newest) return "none";
  if (newest.status === "signing") return "signing";
  if (newest.status === "declined") return "declined";
  return "draft";
}

/**
 * The reminder an agreement to be revised on `reviewDate` has reached by `today`: the latest
 * threshold passed (60 days before, 14 days before, the day itself). The job sends each kind
 * once per review date, so a day the job missed is caught up the next day, without also sending
 * the reminders a later one has made stale.
 */
export function reminderReached(
  reviewDate: string,
  today: string,
): keyof typeof REMINDER_DAYS | null {
  if (today >= reviewDate) return "due";
  if (today >= addToDate(reviewDate, { days: -REMINDER_DAYS.days14 })) return "days14";
  if (today >= addToDate(reviewDate, { days: -REMINDER_DAYS.days60 })) return "days60";
  return null;
}
