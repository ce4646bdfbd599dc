/**
 * Who may see and do what with a report of concern, and when things are due. Pure functions,
 * unit-tested; the module's queries apply the same rules in SQL.
 *
 * Secrecy (OSL 40 kap. 7 g §: the report and the feedback are secret at the school too): at the
 * school, the sender and the principal see a report, and student health only where the school's
 * routine says so; the feedback only the sender and the principal. In social services, the
 * intake unit and the manager of the district that has the report now.
 *
 * Deadlines (LAW.md): acknowledgement within one working day; the decision on an investigation
 * within 14 days of receipt (SoL 20 kap. 2 §); requested feedback within one week of the
 * decision, or at once when it is asked for after the decision or an investigation is already
 * running (SoL 19 kap. 6 §).
 */
import type { DecisionOutcome } from "~db/schema";
import { addToDate, stockholmDate } from "~/lib/dates";
import { acknowledgementDueOn, addWorkingDays } from "~/lib/working-days";
import type { PolicyMembership } from "~/auth/roles";

/** Report rules need only the role and the organisation acted for. */
type ReportMembership = Pick<PolicyMembership, "role" | "organisationId">;

const DECISION_DAYS = 14;
const FEEDBACK_DAYS_AFTER_DECISION = 7;

export interface ReportScope {
  schoolId: string;
  districtId: string;
  createdBy: string;
}

export type SchoolSideAccess = "sender" | "principal" | "studentHealth";

/** The actor's reason to see a school's report, or null. */
export function schoolSideAccess(
  membership: ReportMembership,
  userId: string,
  report: ReportScope,
  studentHealthSeesReports: boolean,
): SchoolSideAccess | null {
  if (membership.organisationId !== report.schoolId) return null;
  if (report.createdBy === userId) return "sender";
  if (membership.role === "principal") return "principal";
  if (membership.role === "studentHealth" && studentHealthSeesReports) return "studentHealth";
  return null;
}

/** The feedback is the sender's and the principal's only. */
export function maySeeFeedback(access: SchoolSideAccess | null): boolean {
  return access === "sender" || access === "principal";
}

export type DistrictSideAccess = "intake" | "manager";

export function districtSideAccess(
  membership: ReportMembership,
  report: Pick<ReportScope, "districtId">,
): DistrictSideAccess | null {
  if (membership.organisationId !== report.districtId) return null;
  if (membership.role === "intakeOfficer") return "intake";
  if (membership.role === "districtManager") return "manager";
  return null;
}

const SCHOOL_REPORTER_ROLES = ["principal", "mentor", "studentHealth"] as const;

export function maySubmitReport(membership: ReportMembership): boolean {
  return (SCHOOL_REPORTER_ROLES as readonly string[]).includes(membership.role);
}

export interface ReportTimes {
  status: "draft" | "awaitingCosign" | "received" | "closed";
  receivedAt: Date | null;
  /**
   * When the district that has the report got it (receipt, or the latest forwarding): its
   * acknowledgement is due a working day after that. Missing means the receipt.
   */
  arrivedAt?: Date | null;
  acknowledgedAt: Date | null;
  feedbackRequestedAt: Date | null;
  decisionOutcome: DecisionOutcome | null;
  /** YYYY-MM-DD. */
  decisionOn: string | null;
  /** When the decision was recorded, to tell a request made after it on the same day. */
  decisionRecordedAt?: Date | null;
  feedbackGivenAt: Date | null;
  /** Intake judged feedback inappropriate: nothing is due any more. */
  feedbackWithheldAt?: Date | null;
}

export interface ReportDeadlines {
  /** YYYY-MM-DD: one working day after the report reached the district that has it. */
  acknowledgementDueOn: string | null;
  acknowledgementOverdue: boolean;
  /** YYYY-MM-DD: 14 days after receipt. */
  decisionDueOn: string | null;
  decisionOverdue: boolean;
  /** YYYY-MM-DD, when feedback is requested and not yet given. */
  feedbackDueOn: string | null;
  feedbackOverdue: boolean;
}

/**
 * A deadline in days that ends on a Saturday, Sunday, public holiday or one of the eves moves to
 * the next working day (lag (1930:173) om beräkning av lagstadgad tid).
 */
export function legalDeadline(date: string, days: number): string {
  return addWorkingDays(addToDate(date, { days }), 0);
}

/**
 * When feedback asked for on requestedOn is due, by the decision if there is one. A request that
 * comes after the decision was recorded (`requestedAfterDecision`, decided by the exact times) is
 * due at once, as is any request when an investigation was already running.
 */
export function feedbackDueOn(
  requestedOn: string,
  decisionDueOn: string,
  decision: { outcome: DecisionOutcome; on: string; requestedAfterDecision?: boolean } | null,
): string {
  if (decision) {
    if (decision.outcome === "alreadyOngoing") return requestedOn;
    return decision.requestedAfterDecision || requestedOn > decision.on
      ? requestedOn
      : legalDeadline(decision.on, FEEDBACK_DAYS_AFTER_DECISION);
  }
  // No decision yet: it is due by decisionDueOn, and the feedback a week after it; a request
  // made after that day is due at once.
  return requestedOn > decisionDueOn
    ? requestedOn
    : legalDeadline(decisionDueOn, FEEDBACK_DAYS_AFTER_DECISION);
}

export function reportDeadlines(report: ReportTimes, today: string): ReportDeadlines {
  const none: ReportDeadlines = {
    acknowledgementDueOn: null,
    acknowledgementOverdue: false,
    decisionDueOn: null,
    decisionOverdue: false,
    feedbackDueOn: null,
    feedbackOverdue: false,
  };
  if (!report.receivedAt) return none;
  const open = report.status === "received";
  const ackDue = acknowledgementDueOn(report.arrivedAt ?? report.receivedAt);
  const decisionDue = legalDeadline(stockholmDate(report.receivedAt), DECISION_DAYS);
  const feedbackDue =
    report.feedbackRequestedAt && !report.feedbackGivenAt && !report.feedbackWithheldAt
      ? feedbackDueOn(
          stockholmDate(report.feedbackRequestedAt),
          decisionDue,
          report.decisionOutcome && report.decisionOn
            ? {
                outcome: report.decisionOutcome,
                on: report.decisionOn,
                requestedAfterDecision:
                  !!report.decisionRecordedAt &&
                  report.feedbackRequestedAt > report.decisionRecordedAt,
              }
            : null,
        )
      : null;
  return {
    acknowledgementDueOn: ackDue,
    acknowledgementOverdue: open && !report.acknowledgedAt && today > ackDue,
    decisionDueOn: decisionDue,
    decisionOverdue: open && !report.decisionOutcome && today > decisionDue,
    feedbackDueOn: feedbackDue,
    feedbackOverdue: open && feedbackDue !== null && today > feedbackDue,
  };
}

/** Past any of its deadlines: acknowledgement, decision or requested feedback. */
export function isOverdue(d: ReportDeadlines): boolean {
  return d.acknowledgementOverdue || d.decisionOverdue || d.feedbackOverdue;
}

export type InboxState =
  "new" | "acknowledged" | "feedbackRequested" | "feedbackGiven" | "feedbackWithheld" | "closed";

/** Where a report stands in the intake's inbox (forwarded ones are listed apart). */
export function inboxState(report: ReportTimes): InboxState {
  if (report.status === "closed") return "closed";
  if (report.feedbackGivenAt) return "feedbackGiven";
  if (report.feedbackWithheldAt) return "feedbackWithheld";
  if (report.feedbackRequestedAt) return "feedbackRequested";
  if (report.acknowledgedAt) return "acknowledged";
  return "new";
}

export const INBOX_STATE_LABELS: Record<InboxState | "forwarded", string> = {
  new: "Ny",
  acknowledged: "Bekräftad",
  feedbackRequested: "Återkoppling begärd",
  feedbackGiven: "Återkoppling lämnad",
  feedbackWithheld: "Återkoppling lämnas inte",
  closed: "Avslutad",
  forwarded: "Vidarebefordrad",
};

/**
 * The inbox's views, by the key in its address (`?visa=`). The open ones are the working set and
 * are listed whole, oldest first; closed and forwarded reports pile up over the years and are
 * listed a page at a time, newest first.
 */
export const INBOX_VIEWS = [
  {
    key: "oppna",
    label: "Öppna",
    states: ["new", "acknowledged", "feedbackRequested", "feedbackGiven", "feedbackWithheld"],
  },
  { key: "nya", label: "Nya", states: ["new"] },
  { key: "bekraftade", label: "Bekräftade", states: ["acknowledged"] },
  { key: "aterkoppling-begard", label: "Återkoppling begärd", states: ["feedbackRequested"] },
  {
    key: "aterkoppling-besvarad",
    label: "Återkoppling lämnad eller avböjd",
    states: ["feedbackGiven", "feedbackWithheld"],
  },
  { key: "vidarebefordrade", label: "Vidarebefordrade", states: "forwarded" },
  { key: "avslutade", label: "Avslutade", states: ["closed"] },
] as const satisfies readonly {
  key: string;
  label: string;
  states: readonly InboxState[] | "forwarded";
}[];

export type InboxViewKey = (typeof INBOX_VIEWS)[number]["key"];

/** The view an address names; the open reports for anything else. */
export function inboxView(key: string | null | undefined) {
  return INBOX_VIEWS.find((v) => v.key === key) ?? INBOX_VIEWS[0];
}

/** How many closed or forwarded reports one page of the inbox lists. */
export const INBOX_PAGE_SIZE = 50;

/** How many reports one page of the school's list shows. */
export const SCHOOL_REPORTS_PAGE_SIZE = 50;

export const REPORT_STATUS_LABELS: Record<ReportTimes["status"], string> = {
  draft: "Utkast",
  awaitingCosign: "Väntar på rektors underskrift",
  received: "Skickad till socialtjänsten",
  closed: "Avslutad hos socialtjänsten",
};

export const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  opened: "Utredning har inletts",
  notOpened: "Utredning har inte inletts",
  alreadyOngoing: "Utredning pågår redan",
};

/** A school may ask for feedback after sending, until the report is closed. */
export function mayRequestFeedback(report: ReportTimes): boolean {
  return report.status === "received" && !report.feedbackRequestedAt;
}

/**
 * Intake closes a report once it is acknowledged, the decision on an investigation is recorded
 * (so the 14 days are never lost from sight) and any requested feedback is given.
 */
export function mayClose(report: ReportTimes): boolean {
  return (
    report.status === "received" &&
    report.acknowledgedAt !== null &&
    report.decisionOutcome !== null &&
    (!report.feedbackRequestedAt || !!report.feedbackGivenAt || !!report.feedbackWithheldAt)
  );
}
