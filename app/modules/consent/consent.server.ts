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
export { DISCLOSURE_CATEGORIES } from "./policy";
export {
  allowedCategories,
  allowedCategoriesMany,
  checkDisclosure,
  decideDisclosureFor,
  type AllowedCategoriesResult,
} from "./disclosure-gate.server";
export { consentFormContext, consentOverview, type ConsentOverview } from "./overview.server";
export {
  MAX_DOCUMENT_BYTES,
  checkDocument,
  getConsentDocument,
  recordConsent,
  recordMaturityAssessment,
  revokeConsent,
  type UploadedDocument,
} from "./records.server";
export { endLegalBasis, recordLegalBasis } from "./legal-bases.server";
export {
  answerConsentLink,
  confirmConsentLink,
  openConsentLink,
  sendConsentLink,
  withdrawConsentLink,
  type ConsentLinkDetails,
  type ConsentLinkState,
} from "./links.server";
