/**
 * The shapes an agreement is read in (its versions, schools, signatories and invitations),
 * shared by the reading queries, signing and the components that show them.
 */
import type {
  AgreementContactRole,
  AgreementMeeting,
  AgreementSection,
  AgreementVersionStatus,
  OperatorType,
  SignatoryRole,
} from "~db/schema";
import type { AgreementStatus } from "./policy";

interface SchoolInAgreement {
  id: string;
  name: string;
  schoolUnitCode: string;
  operatorType: OperatorType;
  principalNames: string[];
}

export interface SignatoryView {
  organisationId: string;
  organisationName: string;
  role: SignatoryRole;
  roleLabel: string;
  signature: {
    signerName: string;
    signerTitle: string | null;
    signedAt: Date;
  } | null;
}

export interface VersionView {
  id: string;
  versionNumber: number;
  status: AgreementVersionStatus;
  title: string;
  introduction: string;
  sections: AgreementSection[];
  meetings: AgreementMeeting[];
  contactRoles: AgreementContactRole[];
  contentHash: string | null;
  hasPdf: boolean;
  templateRevisionNumber: number;
  createdAt: Date;
  updatedAt: Date;
  sentAt: Date | null;
  activatedAt: Date | null;
  supersededAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  declinedByName: string | null;
  schools: SchoolInAgreement[];
  signatories: SignatoryView[];
}

export interface AgreementInvitationView {
  id: string;
  schoolName: string;
  name: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
  status: "pending" | "accepted" | "expired" | "revoked";
}

export interface AgreementView {
  id: string;
  districtId: string;
  districtName: string;
  reviewDate: string | null;
  templateId: string;
  latestTemplateRevision: number;
  status: AgreementStatus;
  title: string;
  canEdit: boolean;
  versions: VersionView[];
  /** The version and signatory the actor may sign now, if any. */
  toSign: { versionId: string; organisationName: string; roleLabel: string } | null;
  invitations: AgreementInvitationView[];
  /** Independent schools in the open or active version without a principal in the portal. */
  schoolsWithoutPrincipal: { id: string; name: string }[];
}

/** One school in the overview of agreements, with the status of its agreement. */
export interface OverviewRow {
  schoolId: string;
  schoolName: string;
  schoolUnitCode: string;
  operatorType: OperatorType;
  districtId: string;
  districtName: string;
  status: AgreementStatus;
  agreementId: string | null;
  /** For an agreement out for signing: the organisations (and roles) that have not signed. */
  waitingFor: string[];
  reviewDate: string | null;
  activeSince: Date | null;
  /** An invitation for a principal is out and not yet accepted. */
  invitationPending: boolean;
}

/** The overview's filters (from the address), applied in SQL to the page and the CSV alike. */
export interface OverviewFilter {
  q: string;
  status: AgreementStatus | "";
  operatorType: "municipal" | "independent" | "";
  districtId: string;
}
