/**
 * Consent and legal bases (issue 5; db/migrations/0007_consents.ts), and the gate every
 * disclosure calls (`checkDisclosure`, which loads the facts and asks policy.ts).
 *
 * Who: the child's responsible caseworker and the district manager (the children module's
 * `loadChild` scopes and checks; anything else is NotFoundError). Every read and change is
 * logged through the audit trail in the same transaction.
 *
 * The digital consent link: only the token's SHA-256 is stored. The e-mail names no child; the
 * page shows the child's first name only after the child's date of birth is confirmed, and locks
 * after five wrong dates. A link answers once (given or refused), within 14 days, unless the
 * caseworker withdraws it. A protected-identity child never gets a link: no automatic e-mails
 * about such a child (LAW.md, "Protected personal data"); the consent is recorded on paper or
 * orally instead. The guardian's reads and answer are logged as a guardian (no account).
 *
 * This file is the module's public face: routes, other modules and tests import from here. The
 * code lives in files named after its seams: disclosure-gate, overview, records (and maturity),
 * legal-bases, links; shared.server.ts holds what they share.
 */
export { requireChildAccess } from "~/modules/children/children.server";
export { DISCLOSURE_CATEGORIES, DISCLOSURE_CATEGORY_LABELS } from "./policy";
export { MAX_BIRTH_DATE_ATTEMPTS, type ConsentContext } from "./shared.server";
export {
  allowedCategories,
  allowedCategoriesMany,
  checkDisclosure,
  decideDisclosureFor,
  loadDisclosureFacts,
  type AllowedCategoriesInput,
  type AllowedCategoriesResult,
} from "./disclosure-gate.server";
export {
  CONSENT_STATUS_LABELS,
  consentFormContext,
  consentOverview,
  type CategoryDecision,
  type ConsentFormContext,
  type ConsentItem,
  type ConsentOverview,
  type ConsentRequestItem,
  type ConsentStatusKind,
  type LegalBasisItem,
} from "./overview.server";
export {
  MAX_DOCUMENT_BYTES,
  checkDocument,
  getConsentDocument,
  recordConsent,
  recordMaturityAssessment,
  revokeConsent,
  type RecordConsentResult,
  type UploadedDocument,
} from "./records.server";
export { endLegalBasis, recordLegalBasis, type RecordLegalBasisResult } from "./legal-bases.server";
export {
  CONSENT_LINK_VALID_DAYS,
  answerConsentLink,
  confirmConsentLink,
  openConsentLink,
  sendConsentLink,
  withdrawConsentLink,
  type AnswerResult,
  type ConfirmResult,
  type ConsentLinkDetails,
  type ConsentLinkState,
  type LinkEvidence,
  type SendConsentLinkResult,
} from "./links.server";
