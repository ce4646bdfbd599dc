/**
 * Reports of concern (orosanmälan) and their feedback (återkoppling), issue 7. Owns
 * concern_reports with its timeline, forwards, report meetings and notes.
 *
 * - The school: any school staff member writes a report (a draft until sent); it goes to the
 *   intake unit of the district whose area the school lies in, or first to the principal when the
 *   school's routine asks for a co-signature. Sent, it is a record (a trigger): corrections are
 *   dated notes. The school asks for feedback when sending or later, until the report is closed,
 *   and answers meeting proposals.
 * - Intake (mottagningen) of the district that has the report: acknowledges with a contact and a
 *   phone, records that the immediate protection assessment was made, records the decision on an
 *   investigation, gives feedback (one of three outcomes and the decision date, after the password
 *   again when the login is older than five minutes), forwards to another district, proposes
 *   meetings, closes. The district manager reads the same.
 *
 * Every function takes the actor first and finds a report only through a query scoped to what
 * the actor may see (policy.ts); anything else is NotFoundError. Every read of a report's content
 * is logged in the audit trail (record type concernReport). E-mails say only that something
 * waits, with a link.
 *
 * This file is the module's public face: routes and other modules import from here only. The
 * work lives in files internal to the folder, one per seam: submitting.server.ts (drafts,
 * sending, co-signature), school.server.ts (the school's list and report page, feedback
 * requests, meeting answers, notes, the school's routine), inbox.server.ts (intake's inbox and
 * counts), intake.server.ts (intake's report page and acts), decisions.server.ts (the decision
 * and the feedback), notifications.server.ts (e-mails) and shared.server.ts (the report row,
 * deadline columns, events, audit and scope checks).
 */

export { giveFeedback, recordDecision, withholdFeedback } from "./decisions.server";
export { inboxSummary, listInbox, openReportTimes } from "./inbox.server";
export {
  acknowledgeReport,
  closeReport,
  forwardReport,
  getIntakeReport,
  intakeReportAccess,
  listForwardTargets,
  proposeMeeting,
  recordProtectionAssessment,
} from "./intake.server";
export { intakeRecipients } from "./notifications.server";
export {
  addReportNote,
  answerMeeting,
  getSchoolReport,
  getSchoolRoutine,
  listSchoolReports,
  requestFeedback,
  saveSchoolRoutine,
  schoolReportAccess,
  schoolReportsWaiting,
  type SchoolReportListItem,
} from "./school.server";
export type { ReportContext } from "./shared.server";
export {
  cosignReport,
  deleteReportDraft,
  getReportDraft,
  getReportFormContext,
  saveReportDraft,
  sendWithoutCosign,
  submitReport,
} from "./submitting.server";
