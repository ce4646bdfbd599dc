/**
 * Cooperation agreements (samverkansöverenskommelser): templates and their revisions, agreements
 * and their versions, signing, the signed PDF, public verification, the overview of every school's
 * status, invitations for independent schools' principals, and the daily revision reminders.
 *
 * Every function takes the actor first and scopes its query: a district manager their district,
 * school staff the agreements their school is part of (once sent), the education manager and the
 * administrator all; anyone else, and anything outside that scope, is NotFoundError. The
 * database freezes what is sent and signed (migration 0004); this module never relies on that
 * alone, but a bug here cannot change a signed text.
 */
// The code lives in the files below, one part of the module each (shared.server.ts and types.ts
// hold what the parts share); this file is the module's only face, so routes, other modules,
// the seed and the tests import from here and never from those files.
export { sha256Hex } from "./shared.server";
export type { SignatoryView, VersionView } from "./types";
export {
  createTemplate,
  getTemplate,
  getTemplateRevision,
  listTemplates,
  reviseTemplate,
} from "./templates.server";
export { getAgreement, listToSign } from "./reading.server";
export { agreementFigures, signingTimes } from "./figures.server";
export { listAgreements } from "./agreement-list.server";
export {
  createAgreement,
  discardDraft,
  listDistrictSchools,
  setReviewDate,
  startNewVersion,
  updateDraft,
} from "./drafting.server";
export {
  activateVersion,
  agreementDocument,
  declineAgreement,
  getAgreementPdf,
  invitePrincipalToSign,
  sendForSigning,
  signAgreement,
  verifyAgreement,
  type VerifyResult,
} from "./signing.server";
export {
  agreementCounts,
  agreementOverview,
  NO_OVERVIEW_FILTER,
  overviewDistricts,
  overviewPage,
} from "./status-overview.server";
export type { OverviewFilter, OverviewRow } from "./types";
export { sendRevisionReminders } from "./reminders.server";
