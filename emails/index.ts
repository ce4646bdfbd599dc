/**
 * Every e-mail the portal sends, by name: its React Email component and subject. Templates take
 * only the props declared here; none of them has a field for a child or a matter.
 */
import { render } from "@react-email/render";
import { createElement } from "react";
import AgreementActivated, {
  agreementActivatedSubject,
  type AgreementActivatedProps,
} from "./AgreementActivated";
import AgreementDeclined, {
  agreementDeclinedSubject,
  type AgreementDeclinedProps,
} from "./AgreementDeclined";
import AgreementRevisionDue, {
  agreementRevisionDueSubject,
  type AgreementRevisionDueProps,
} from "./AgreementRevisionDue";
import AgreementToSign, {
  agreementToSignSubject,
  type AgreementToSignProps,
} from "./AgreementToSign";
import ConcernReportToIntake, {
  concernReportToIntakeSubject,
  type ConcernReportToIntakeProps,
} from "./ConcernReportToIntake";
import ConcernReportToSchool, {
  concernReportToSchoolSubject,
  type ConcernReportToSchoolProps,
} from "./ConcernReportToSchool";
import ConsultationMessage, {
  consultationMessageSubject,
  type ConsultationMessageProps,
} from "./ConsultationMessage";
import ContactPersonChanged, {
  contactPersonChangedSubject,
  type ContactPersonChangedProps,
} from "./ContactPersonChanged";
import ConsentAnswered, {
  consentAnsweredSubject,
  type ConsentAnsweredProps,
} from "./ConsentAnswered";
import ConsentRequest, { consentRequestSubject, type ConsentRequestProps } from "./ConsentRequest";
import IntakeReminder, { intakeReminderSubject, type IntakeReminderProps } from "./IntakeReminder";
import Invitation, { invitationSubject, type InvitationProps } from "./Invitation";
import SchoolCardReminder, {
  schoolCardReminderSubject,
  type SchoolCardReminderProps,
} from "./SchoolCardReminder";
import SchoolCardRequested, {
  schoolCardRequestedSubject,
  type SchoolCardRequestedProps,
} from "./SchoolCardRequested";
import PasswordReset, { passwordResetSubject, type PasswordResetProps } from "./PasswordReset";
import SecondFactorReset, {
  secondFactorResetSubject,
  type SecondFactorResetProps,
} from "./SecondFactorReset";

export interface EmailProps {
  invitation: InvitationProps;
  passwordReset: PasswordResetProps;
  secondFactorReset: SecondFactorResetProps;
  contactPersonChanged: ContactPersonChangedProps;
  agreementToSign: AgreementToSignProps;
  agreementDeclined: AgreementDeclinedProps;
  agreementActivated: AgreementActivatedProps;
  agreementRevisionDue: AgreementRevisionDueProps;
  consentRequest: ConsentRequestProps;
  consentAnswered: ConsentAnsweredProps;
  schoolCardRequested: SchoolCardRequestedProps;
  schoolCardReminder: SchoolCardReminderProps;
  concernReportToIntake: ConcernReportToIntakeProps;
  concernReportToSchool: ConcernReportToSchoolProps;
  consultationMessage: ConsultationMessageProps;
  intakeReminder: IntakeReminderProps;
}
export type EmailTemplate = keyof EmailProps;

const templates: {
  [K in EmailTemplate]: {
    component: (props: EmailProps[K]) => React.ReactElement;
    subject: () => string;
  };
} = {
  invitation: { component: Invitation, subject: invitationSubject },
  passwordReset: { component: PasswordReset, subject: passwordResetSubject },
  secondFactorReset: { component: SecondFactorReset, subject: secondFactorResetSubject },
  contactPersonChanged: { component: ContactPersonChanged, subject: contactPersonChangedSubject },
  agreementToSign: { component: AgreementToSign, subject: agreementToSignSubject },
  agreementDeclined: { component: AgreementDeclined, subject: agreementDeclinedSubject },
  agreementActivated: { component: AgreementActivated, subject: agreementActivatedSubject },
  agreementRevisionDue: { component: AgreementRevisionDue, subject: agreementRevisionDueSubject },
  consentRequest: { component: ConsentRequest, subject: consentRequestSubject },
  consentAnswered: { component: ConsentAnswered, subject: consentAnsweredSubject },
  schoolCardRequested: { component: SchoolCardRequested, subject: schoolCardRequestedSubject },
  schoolCardReminder: { component: SchoolCardReminder, subject: schoolCardReminderSubject },
  concernReportToIntake: {
    component: ConcernReportToIntake,
    subject: concernReportToIntakeSubject,
  },
  concernReportToSchool: {
    component: ConcernReportToSchool,
    subject: concernReportToSchoolSubject,
  },
  consultationMessage: { component: ConsultationMessage, subject: consultationMessageSubject },
  intakeReminder: { component: IntakeReminder, subject: intakeReminderSubject },
};

export const EMAIL_TEMPLATES = Object.keys(templates) as EmailTemplate[];

export async function renderEmail<K extends EmailTemplate>(template: K, props: EmailProps[K]) {
  const { component, subject } = templates[template];
  const element = createElement(component as (p: EmailProps[K]) => React.ReactElement, props);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: subject(), html, text };
}
