import { AGREEMENT_STATUS_LABELS, type AgreementStatus } from "../policy";

const CLASS: Record<AgreementStatus, string> = {
  none: "badge badge--none",
  draft: "badge badge--unchanged",
  signing: "badge badge--update",
  active: "badge badge--create",
  revisionDue: "badge badge--due",
  declined: "badge badge--refused",
};

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  return <span className={CLASS[status]}>{AGREEMENT_STATUS_LABELS[status]}</span>;
}
