/**
 * The kysely `Database` type: one interface per table, mirroring db/migrations.
 * Column names are snake_case in SQL; kysely's CamelCasePlugin maps them to camelCase here.
 */
import type { ColumnType, Generated } from "kysely";

export const ORGANISATION_KINDS = ["district", "school", "education_admin"] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const OPERATOR_TYPES = ["municipal", "independent"] as const;
export type OperatorType = (typeof OPERATOR_TYPES)[number];

export const SCHOOL_FORMS = [
  "forskoleklass",
  "grundskola",
  "anpassad_grundskola",
  "gymnasieskola",
  "anpassad_gymnasieskola",
] as const;
export type SchoolForm = (typeof SCHOOL_FORMS)[number];

export const ROLES = [
  "principal",
  "mentor",
  "studentHealth",
  "caseworker",
  "intakeOfficer",
  "districtManager",
  "educationManager",
  "admin",
] as const;
export type Role = (typeof ROLES)[number];

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

interface OrganisationsTable {
  id: Generated<string>;
  kind: OrganisationKind;
  name: string;
  schoolUnitCode: string | null;
  schoolForms: ColumnType<SchoolForm[], SchoolForm[] | undefined, SchoolForm[]>;
  operatorType: OperatorType | null;
  operatorName: string | null;
  districtId: string | null;
  address: string | null;
  phone: string | null;
  intakePhone: string | null;
  intakeEmail: string | null;
  outOfHoursPhone: string | null;
  municipality: string | null;
  /** A school's routine: a report of concern waits for the principal's co-signature. */
  reportCosignRequired: ColumnType<boolean, boolean | undefined, boolean>;
  /** A school's routine: its student health sees the school's reports of concern. */
  reportStudentHealthAccess: ColumnType<boolean, boolean | undefined, boolean>;
  deactivatedAt: Date | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  title: string | null;
  phone: string | null;
  passwordHash: string | null;
  deactivatedAt: Date | null;
  deactivatedBy: string | null;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

interface MembershipsTable {
  id: Generated<string>;
  userId: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
  createdAt: CreatedAt;
  endedAt: Date | null;
  endedBy: string | null;
}

interface SessionsTable {
  id: string;
  userId: string;
  expiresAt: Date;
  activeMembershipId: string | null;
  authenticatedAt: ColumnType<Date, Date | undefined, Date>;
  createdAt: CreatedAt;
  /** Confirmed by a second factor (TOTP, recovery code, passkey, or sign-on at the set acr). */
  secondFactor: ColumnType<boolean, boolean | undefined, boolean>;
  methods: ColumnType<
    AuthenticationMethod[],
    AuthenticationMethod[] | undefined,
    AuthenticationMethod[]
  >;
  acr: string | null;
  amr: string[] | null;
  clientAddress: string | null;
  userAgent: string | null;
  lastSeenAt: ColumnType<Date, Date | undefined, Date>;
  /** The identity provider's ID token of a session begun by sign-on, for its logout. */
  ssoIdToken: ColumnType<string | null, string | null | undefined, string | null>;
}

export const AUTHENTICATION_METHODS = [
  "password",
  "totp",
  "recoveryCode",
  "passkey",
  "sso",
] as const;
export type AuthenticationMethod = (typeof AUTHENTICATION_METHODS)[number];

interface TotpFactorsTable {
  userId: string;
  secret: Uint8Array;
  confirmedAt: Date | null;
  lastUsedStep: ColumnType<string | null, string | null | undefined, string | null>;
  createdAt: CreatedAt;
}

interface RecoveryCodesTable {
  id: Generated<string>;
  userId: string;
  codeHash: string;
  usedAt: Date | null;
  createdAt: CreatedAt;
}

interface PasskeysTable {
  /** The credential id, base64url. */
  id: string;
  userId: string;
  publicKey: Uint8Array;
  counter: ColumnType<string, number | string | undefined, number | string>;
  transports: ColumnType<string[], string[] | undefined, string[]>;
  deviceType: "singleDevice" | "multiDevice" | null;
  backedUp: ColumnType<boolean, boolean | undefined, boolean>;
  name: string;
  createdAt: CreatedAt;
  lastUsedAt: Date | null;
}

export const WEBAUTHN_CEREMONIES = ["login", "secondFactor", "register", "stepUp"] as const;
export type WebauthnCeremony = (typeof WEBAUTHN_CEREMONIES)[number];

interface WebauthnChallengesTable {
  id: Generated<string>;
  challenge: string;
  ceremony: WebauthnCeremony;
  /** The session the ceremony belongs to; null for a login with a passkey alone. */
  sessionId: string | null;
  /** SHA-256 (hex) of the browser's random id in its cookie, for a login with a passkey alone. */
  browserKey: string | null;
  createdAt: CreatedAt;
  expiresAt: Date;
}

/** A subject of the municipality's identity provider, linked to a person (migration 0022). */
interface SsoIdentitiesTable {
  issuer: string;
  subject: string;
  userId: string;
  linkedAt: CreatedAt;
  lastLoginAt: ColumnType<Date, Date | undefined, Date>;
}

/** A sign-on begun and not yet answered, found by its browser's cookie (migration 0022). */
interface SsoLoginAttemptsTable {
  bindingHash: string;
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectTo: string | null;
  createdAt: CreatedAt;
  expiresAt: Date;
}

interface LoginAttemptsTable {
  id: Generated<string>;
  email: string;
  clientAddress: string;
  succeeded: boolean;
  attemptedAt: ColumnType<Date, Date | undefined, never>;
}

interface ContactAssignmentsTable {
  id: Generated<string>;
  districtId: string;
  schoolId: string | null;
  contactUserId: string;
  deputyUserId: string | null;
  validFrom: ColumnType<Date, Date | undefined, Date>;
  validTo: Date | null;
  assignedBy: string | null;
  endedBy: string | null;
}

interface InvitationsTable {
  id: Generated<string>;
  tokenHash: string;
  email: string;
  name: string;
  organisationId: string;
  organisationKind: OrganisationKind;
  role: Role;
  invitedBy: string;
  createdAt: CreatedAt;
  expiresAt: Date;
  acceptedAt: Date | null;
  revokedAt: Date | null;
  agreementId: string | null;
}

interface PasswordResetsTable {
  id: Generated<string>;
  tokenHash: string;
  userId: string;
  createdAt: CreatedAt;
  expiresAt: Date;
  usedAt: Date | null;
}

/** A forgot-password request let through by the throttle, known address or not (0015). */
interface PasswordResetRequestsTable {
  id: Generated<string>;
  email: string;
  clientAddress: string;
  requestedAt: ColumnType<Date, Date | undefined, never>;
  processedAt: Date | null;
}

export const EMAIL_STATUSES = ["queued", "sent", "failed"] as const;
type EmailStatus = (typeof EMAIL_STATUSES)[number];

interface EmailsTable {
  id: Generated<string>;
  recipient: string;
  subject: string;
  template: string;
  html: string | null;
  textBody: string | null;
  status: ColumnType<EmailStatus, EmailStatus | undefined, EmailStatus>;
  transport: "outbox" | "smtp" | null;
  attempts: ColumnType<number, number | undefined, number>;
  lastError: string | null;
  createdAt: CreatedAt;
  sentAt: Date | null;
}

/** A heading and its text; paragraphs are separated by a blank line. */
export interface AgreementSection {
  heading: string;
  body: string;
}
export interface AgreementMeeting {
  name: string;
  frequency: string;
}
export interface AgreementContactRole {
  role: string;
  responsibility: string;
}

type Json<T> = ColumnType<T, string, string>;

interface AgreementTemplatesTable {
  id: Generated<string>;
  createdBy: string | null;
  createdAt: CreatedAt;
}

interface AgreementTemplateRevisionsTable {
  id: Generated<string>;
  templateId: string;
  revisionNumber: number;
  title: string;
  introduction: string;
  sections: Json<AgreementSection[]>;
  changeNote: string | null;
  createdBy: string | null;
  createdAt: CreatedAt;
}

interface AgreementsTable {
  id: Generated<string>;
  districtId: string;
  templateId: string;
  /** A calendar date, YYYY-MM-DD (pg returns `date` as text; see db/client.server.ts). */
  reviewDate: string | null;
  createdBy: string;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
}

export const AGREEMENT_VERSION_STATUSES = [
  "draft",
  "signing",
  "active",
  "superseded",
  "declined",
  "withdrawn",
] as const;
export type AgreementVersionStatus = (typeof AGREEMENT_VERSION_STATUSES)[number];

export const SIGNATORY_ROLES = ["principal", "districtManager", "educationManager"] as const;
export type SignatoryRole = (typeof SIGNATORY_ROLES)[number];

interface AgreementVersionsTable {
  id: Generated<string>;
  agreementId: string;
  versionNumber: number;
  templateRevisionId: string;
  status: ColumnType<AgreementVersionStatus, AgreementVersionStatus | undefined>;
  title: string;
  introduction: string;
  sections: Json<AgreementSection[]>;
  meetings: Json<AgreementMeeting[]>;
  contactRoles: Json<AgreementContactRole[]>;
  contentHash: string | null;
  pdf: Buffer | null;
  pdfSha256: string | null;
  createdBy: string;
  createdAt: CreatedAt;
  updatedAt: UpdatedAt;
  sentAt: Date | null;
  sentBy: string | null;
  activatedAt: Date | null;
  supersededAt: Date | null;
  declinedAt: Date | null;
  declinedBy: string | null;
  declineReason: string | null;
  withdrawnAt: Date | null;
}

interface AgreementVersionSchoolsTable {
  versionId: string;
  schoolId: string;
}

interface AgreementSignatoriesTable {
  versionId: string;
  organisationId: string;
  role: SignatoryRole;
}

interface AgreementSignaturesTable {
  id: Generated<string>;
  versionId: string;
  organisationId: string;
  role: SignatoryRole;
  signerUserId: string;
  signerName: string;
  signerTitle: string | null;
  organisationName: string;
  signedAt: ColumnType<Date, Date | undefined, never>;
  clientAddress: string;
  documentHash: string;
}

export const AGREEMENT_REMINDER_KINDS = ["days60", "days14", "due", "templateRevised"] as const;
type AgreementReminderKind = (typeof AGREEMENT_REMINDER_KINDS)[number];

interface AgreementRemindersTable {
  agreementId: string;
  kind: AgreementReminderKind;
  dueOn: string;
  sentAt: ColumnType<Date, Date | undefined, never>;
}

export const AUDIT_ACTIONS = [
  "read",
  "create",
  "update",
  "delete",
  "export",
  "print",
  "disclose",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Append-only (the database refuses UPDATE, DELETE and TRUNCATE), so no column is updateable. */
type Appended<T, I = T> = ColumnType<T, I, never>;

interface AuditEventsTable {
  id: ColumnType<string, string | undefined, never>;
  occurredAt: ColumnType<Date, Date | string | undefined, never>;
  /** Empty only for a guardian answering a consent link (actorRole "guardian"). */
  actorUserId: Appended<string | null, string | null>;
  actorName: Appended<string>;
  actorOrganisationId: Appended<string | null, string | null>;
  actorOrganisationName: Appended<string>;
  actorRole: Appended<Role | "guardian">;
  action: Appended<AuditAction>;
  /** The record's code name from the glossary: child, consent, schoolCard, concernReport, … */
  recordType: Appended<string>;
  recordId: Appended<string>;
  /** The child the record is about (the children table adds the foreign key). */
  childId: Appended<string | null, string | null | undefined>;
  purpose: Appended<string>;
  requestId: Appended<string | null, string | null | undefined>;
  details: Appended<Record<string, unknown> | null, string | null | undefined>;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  loginAttempts: LoginAttemptsTable;
  totpFactors: TotpFactorsTable;
  recoveryCodes: RecoveryCodesTable;
  passkeys: PasskeysTable;
  webauthnChallenges: WebauthnChallengesTable;
  ssoIdentities: SsoIdentitiesTable;
  ssoLoginAttempts: SsoLoginAttemptsTable;
  contactAssignments: ContactAssignmentsTable;
  invitations: InvitationsTable;
  passwordResets: PasswordResetsTable;
  passwordResetRequests: PasswordResetRequestsTable;
  emails: EmailsTable;
  agreementTemplates: AgreementTemplatesTable;
  agreementTemplateRevisions: AgreementTemplateRevisionsTable;
  agreements: AgreementsTable;
  agreementVersions: AgreementVersionsTable;
  agreementVersionSchools: AgreementVersionSchoolsTable;
  agreementSignatories: AgreementSignatoriesTable;
  agreementSignatures: AgreementSignaturesTable;
  agreementReminders: AgreementRemindersTable;
  auditEvents: AuditEventsTable;
  children: ChildrenTable;
  consentDocuments: ConsentDocumentsTable;
  consentRequests: ConsentRequestsTable;
  consents: ConsentsTable;
  legalBases: LegalBasesTable;
  maturityAssessments: MaturityAssessmentsTable;
  schoolCards: SchoolCardsTable;
  schoolCardReminders: SchoolCardRemindersTable;
  schoolCardSchedules: SchoolCardSchedulesTable;
  schoolCardAttachments: SchoolCardAttachmentsTable;
  concernReports: ConcernReportsTable;
  concernReportEvents: ConcernReportEventsTable;
  concernReportForwards: ConcernReportForwardsTable;
  concernReportMeetings: ConcernReportMeetingsTable;
  concernReportNotes: ConcernReportNotesTable;
  consultations: ConsultationsTable;
  consultationMessages: ConsultationMessagesTable;
  intakeReminders: IntakeRemindersTable;
  requestThrottles: RequestThrottlesTable;
  cooperationMeetings: CooperationMeetingsTable;
  calendarFeeds: CalendarFeedsTable;
}

/** Where a child lives, if placed (the Swedish labels are in app/modules/children/policy.ts). */
export const PLACEMENT_TYPES = [
  "none",
  "jourhem",
  "familjehem",
  "hvb",
  "sis",
  "stodboende",
  "skyddatBoende",
  "behandlingsfamilj",
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

interface ChildrenTable {
  id: Generated<string>;
  firstName: string;
  lastName: string;
  /** 12 digits, YYYYMMDDNNNC; shown masked unless the reader needs the whole number. */
  personalIdentityNumber: string;
  schoolId: string | null;
  districtId: string;
  caseworkerUserId: string;
  placementType: ColumnType<PlacementType, PlacementType | undefined, PlacementType>;
  protectedIdentity: ColumnType<boolean, boolean | undefined, boolean>;
  guardians: ColumnType<1 | 2, 1 | 2 | undefined, 1 | 2>;
  soleCustodian: ColumnType<boolean, boolean | undefined, boolean>;
  createdBy: string;
  createdAt: CreatedAt;
  /** The version a form shows: a save based on an older one is refused. */
  updatedAt: UpdatedAt;
}

/** The areas of a school card a consent or legal basis covers (labels in app/modules/consent). */
export const DISCLOSURE_CATEGORY_CODES = [
  "attendance",
  "results",
  "supportMeasures",
  "wellbeing",
  "studentHealth",
] as const;
export type DisclosureCategoryCode = (typeof DISCLOSURE_CATEGORY_CODES)[number];
type ConsentGiverCode = "guardian1" | "guardian2" | "child";
type ConsentMethodCode = "digitalLink" | "signedPaper" | "oral";

/** Never changed once stored (a trigger). */
type Frozen<T> = ColumnType<T, T, never>;

interface ConsentDocumentsTable {
  id: Generated<string>;
  childId: Frozen<string>;
  fileName: Frozen<string>;
  mediaType: Frozen<"application/pdf" | "image/jpeg" | "image/png">;
  byteSize: Frozen<number>;
  sha256: Frozen<string>;
  content: Frozen<Buffer>;
  uploadedBy: Frozen<string>;
  uploadedAt: ColumnType<Date, Date | undefined, never>;
}

interface ConsentRequestsTable {
  id: Generated<string>;
  childId: string;
  givenBy: ConsentGiverCode;
  recipientEmail: string;
  tokenHash: string;
  categories: DisclosureCategoryCode[];
  districtId: string;
  schoolId: string;
  /** YYYY-MM-DD. */
  validFrom: ColumnType<string, string, string>;
  validTo: ColumnType<string, string, string>;
  sentBy: string;
  sentAt: ColumnType<Date, Date | undefined, never>;
  expiresAt: Date;
  failedBirthDateAttempts: ColumnType<number, number | undefined, number>;
  answeredAt: Date | null;
  answer: "given" | "refused" | null;
  answerName: string | null;
  answerIp: string | null;
  answerUserAgent: string | null;
  withdrawnAt: Date | null;
  withdrawnBy: string | null;
}

/** Only the revocation may be set, once (a trigger); nothing is deleted. */
interface ConsentsTable {
  id: Generated<string>;
  childId: Frozen<string>;
  givenBy: Frozen<ConsentGiverCode>;
  giverName: Frozen<string>;
  categories: Frozen<DisclosureCategoryCode[]>;
  districtId: Frozen<string>;
  schoolId: Frozen<string>;
  /** YYYY-MM-DD. */
  validFrom: Frozen<string>;
  validTo: Frozen<string>;
  method: Frozen<ConsentMethodCode>;
  /** YYYY-MM-DD: the day the link was answered, the form signed, the words heard. */
  obtainedOn: Frozen<string>;
  recordedBy: Frozen<string>;
  recordedAt: ColumnType<Date, Date | undefined, never>;
  consentRequestId: ColumnType<string | null, string | null | undefined, never>;
  documentId: ColumnType<string | null, string | null | undefined, never>;
  revokedAt: ColumnType<Date | null, never, Date>;
  revokedBy: ColumnType<string | null, never, string>;
}

interface LegalBasesTable {
  id: Generated<string>;
  childId: Frozen<string>;
  basisCode: Frozen<"reportingDuty" | "investigationInformationDuty">;
  categories: Frozen<DisclosureCategoryCode[]>;
  districtId: Frozen<string>;
  schoolId: Frozen<string>;
  direction: ColumnType<
    "schoolToSocialServices" | "socialServicesToSchool",
    "schoolToSocialServices" | "socialServicesToSchool" | undefined,
    never
  >;
  secrecyAssessment: Frozen<string>;
  validTo: ColumnType<string | null, string | null | undefined, never>;
  recordedBy: Frozen<string>;
  recordedAt: ColumnType<Date, Date | undefined, never>;
  endedAt: ColumnType<Date | null, never, Date>;
  endedBy: ColumnType<string | null, never, string>;
}

/** Append-only (a trigger): the latest assessment of a child counts. */
interface MaturityAssessmentsTable {
  id: Generated<string>;
  childId: Frozen<string>;
  mature: Frozen<boolean>;
  motivation: Frozen<string>;
  assessedBy: Frozen<string>;
  assessedAt: ColumnType<Date, Date | undefined, never>;
}

export const SCHOOL_CARD_STATUSES = [
  "requested",
  "opened",
  "inProgress",
  "returned",
  "completionAsked",
  "accepted",
  "stopped",
] as const;
export type SchoolCardStatus = (typeof SCHOOL_CARD_STATUSES)[number];

interface SchoolCardsTable {
  id: Generated<string>;
  childId: string;
  districtId: string;
  schoolId: string;
  /** HT2026, VT2027. */
  term: string;
  /** YYYY-MM-DD. */
  dueOn: string;
  mentorUserId: string | null;
  message: string | null;
  categories: ColumnType<DisclosureCategoryCode[], DisclosureCategoryCode[], never>;
  status: ColumnType<SchoolCardStatus, SchoolCardStatus | undefined, SchoolCardStatus>;
  requestedBy: string;
  requestedAt: ColumnType<Date, Date | undefined, never>;
  openedAt: Date | null;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
  savedAt: Date | null;
  savedBy: string | null;
  submittedAt: Date | null;
  submittedBy: string | null;
  completionNote: string | null;
  completionAskedAt: Date | null;
  completionAskedBy: string | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  stoppedAt: Date | null;
  stoppedReason: string | null;
}

export interface SchoolCardRemindersTable {
  schoolCardId: string;
  kind: "beforeDue" | "onDue" | "escalation";
  sentAt: ColumnType<Date, Date | undefined, never>;
}

/** Requests of one kind from one client address in the current window (migration 0016). */
interface RequestThrottlesTable {
  scope: "verify";
  clientAddress: string;
  windowStartedAt: Date;
  count: number;
}

/** The intake's morning reminder: sent to a district on a day (YYYY-MM-DD), once. */
interface IntakeRemindersTable {
  districtId: string;
  sentOn: ColumnType<string, string, never>;
  sentAt: ColumnType<Date, Date | undefined, never>;
}

/** A file attached to a school card (PDF, JPEG or PNG); removal marks the row, never deletes it. */
interface SchoolCardAttachmentsTable {
  id: Generated<string>;
  schoolCardId: Frozen<string>;
  fileName: Frozen<string>;
  mediaType: Frozen<"application/pdf" | "image/jpeg" | "image/png">;
  byteSize: Frozen<number>;
  sha256: Frozen<string>;
  content: Frozen<Buffer>;
  uploadedBy: Frozen<string>;
  uploadedAt: ColumnType<Date, Date | undefined, never>;
  removedAt: Date | null;
  removedBy: string | null;
}

export type SchoolCardScheduleOutcome = "requested" | "refused" | "duplicate" | "skipped";

/** The annual cycle: a planned school card for one child and term, sent once by the daily job. */
interface SchoolCardSchedulesTable {
  id: Generated<string>;
  childId: string;
  /** Who planned it; the job acts as the child's caseworker when it sends. */
  caseworkerUserId: string;
  /** HT2026, VT2027. */
  term: string;
  /** YYYY-MM-DD. */
  sendOn: string;
  dueInDays: ColumnType<number, number | undefined, number>;
  createdAt: ColumnType<Date, Date | undefined, never>;
  sentAt: Date | null;
  schoolCardId: string | null;
  outcome: SchoolCardScheduleOutcome | null;
  outcomeNote: string | null;
}

export const CONCERN_REPORT_STATUSES = ["draft", "awaitingCosign", "received", "closed"] as const;
export type ConcernReportStatus = (typeof CONCERN_REPORT_STATUSES)[number];

/** The only answers SoL 19 kap. 6 § allows: inletts, inte inletts, pågår redan. */
export const DECISION_OUTCOMES = ["opened", "notOpened", "alreadyOngoing"] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** A report of concern; from submission on, what the school wrote is frozen (a trigger). */
interface ConcernReportsTable {
  id: Generated<string>;
  /** ORO-2026-00042, given when the report reaches intake. */
  reference: string | null;
  status: ColumnType<ConcernReportStatus, ConcernReportStatus | undefined, ConcernReportStatus>;
  schoolId: string;
  /** The district whose intake has the report now. */
  districtId: string;
  createdBy: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
  /** One per form shown, so that a double submit of a new report makes one report. */
  submissionKey: string | null;
  /** What the school wrote, as the report form's schema describes it. */
  content: ColumnType<Record<string, unknown>, string | undefined, string>;
  version: ColumnType<number, number | undefined, number>;
  savedAt: Date | null;
  cosignRequired: ColumnType<boolean, boolean | undefined, boolean>;
  wantsFeedback: ColumnType<boolean, boolean | undefined, boolean>;
  wantsMeeting: ColumnType<boolean, boolean | undefined, boolean>;
  submittedAt: Date | null;
  cosignedBy: string | null;
  cosignedAt: Date | null;
  receivedAt: Date | null;
  /** When the district that has the report now got it: receipt, or the latest forwarding. */
  arrivedAt: Date | null;
  protectionAssessedAt: Date | null;
  protectionAssessedBy: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  contactUserId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  feedbackRequestedAt: Date | null;
  feedbackRequestedBy: string | null;
  decisionOutcome: DecisionOutcome | null;
  /** YYYY-MM-DD. */
  decisionOn: string | null;
  decisionRecordedAt: Date | null;
  decisionRecordedBy: string | null;
  feedbackGivenAt: Date | null;
  feedbackGivenBy: string | null;
  /** Intake judged feedback inappropriate (SoL 19 kap. 6 §); the reason stays with intake. */
  feedbackWithheldAt: Date | null;
  feedbackWithheldBy: string | null;
  feedbackWithheldReason: string | null;
  closedAt: Date | null;
  closedBy: string | null;
}

export const CONCERN_REPORT_EVENT_KINDS = [
  "submitted",
  "cosigned",
  "received",
  "protectionAssessed",
  "acknowledged",
  "feedbackRequested",
  "decisionRecorded",
  "feedbackGiven",
  "feedbackWithheld",
  "forwarded",
  "meetingProposed",
  "meetingAccepted",
  "meetingDeclined",
  "noteAdded",
  "closed",
] as const;
export type ConcernReportEventKind = (typeof CONCERN_REPORT_EVENT_KINDS)[number];

/** The timeline of a report, append-only (a trigger). */
interface ConcernReportEventsTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  reportId: string;
  kind: ConcernReportEventKind;
  occurredAt: ColumnType<Date, Date | undefined, never>;
  actorUserId: string;
  actorName: string;
  actorOrganisationId: string;
  actorOrganisationName: string;
  /** Ids and facts (the district forwarded to), never what the report says. */
  details: ColumnType<Record<string, unknown> | null, string | null | undefined, never>;
}

interface ConcernReportForwardsTable {
  id: Generated<string>;
  reportId: string;
  fromDistrictId: string;
  toDistrictId: string;
  reason: string;
  /** Protected personal data: the school is not told where the report went. */
  hiddenFromSchool: ColumnType<boolean, boolean | undefined, never>;
  forwardedBy: string;
  forwardedAt: ColumnType<Date, Date | undefined, never>;
}

export type ReportMeetingStatus = "proposed" | "accepted" | "declined" | "withdrawn";

interface ConcernReportMeetingsTable {
  id: Generated<string>;
  reportId: string;
  startsAt: Date;
  place: string;
  proposedBy: string;
  proposedAt: ColumnType<Date, Date | undefined, never>;
  status: ColumnType<ReportMeetingStatus, ReportMeetingStatus | undefined, ReportMeetingStatus>;
  answeredBy: string | null;
  answeredAt: Date | null;
  answerNote: string | null;
}

/** A dated correction or addition by the school; append-only (a trigger). */
interface ConcernReportNotesTable {
  id: Generated<string>;
  reportId: string;
  body: string;
  writtenBy: string;
  writtenAt: ColumnType<Date, Date | undefined, never>;
}

interface ConsultationsTable {
  id: Generated<string>;
  schoolId: string;
  districtId: string;
  subject: string;
  askedBy: string;
  askedAt: ColumnType<Date, Date | undefined, never>;
  closedAt: Date | null;
}

/** One message of a consultation thread; append-only (a trigger). */
interface ConsultationMessagesTable {
  id: Generated<string>;
  consultationId: string;
  authorUserId: string;
  side: "school" | "district";
  body: string;
  writtenAt: ColumnType<Date, Date | undefined, never>;
}

export const MEETING_PARTICIPANTS = [
  "principal",
  "studentHealth",
  "mentor",
  "contactPerson",
  "caseworker",
  "intakeOfficer",
  "districtManager",
  "other",
] as const;
export type MeetingParticipant = (typeof MEETING_PARTICIPANTS)[number];

/** One dated occurrence of an agreement's cooperation meeting at a school (migration 0023). */
interface CooperationMeetingsTable {
  id: Generated<string>;
  schoolId: string;
  districtId: string;
  agreementVersionId: string;
  name: string;
  /** 2026/27. */
  schoolYear: string;
  /** YYYY-MM-DD. */
  plannedOn: string;
  heldOn: string | null;
  participants: ColumnType<
    MeetingParticipant[],
    MeetingParticipant[] | undefined,
    MeetingParticipant[]
  >;
  minutes: string | null;
  recordedBy: string | null;
  recordedAt: Date | null;
  createdAt: ColumnType<Date, Date | undefined, never>;
}

/** A person's secret iCalendar address, by the SHA-256 of its token. */
interface CalendarFeedsTable {
  userId: string;
  tokenHash: string;
  createdAt: ColumnType<Date, Date | undefined, never>;
}
