/** The audit trail, the pure parts: who may take a child's extract, and the extract's words. */
import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS, ROLES, type OrganisationKind, type Role } from "../../db/schema";
import {
  AUDIT_ACTION_LABELS,
  auditRecordTypeLabel,
  mayTakeAuditExtract,
} from "~/modules/audit/policy";

const DISTRICT = "d0000000-0000-4000-8000-000000000001";
const OTHER_DISTRICT = "d0000000-0000-4000-8000-000000000002";

const member = (role: Role, organisationId = DISTRICT, kind: OrganisationKind = "district") => ({
  role,
  organisationId,
  organisationKind: kind,
});

describe("mayTakeAuditExtract", () => {
  it("an administrator may, for any child, also one without a district", () => {
    const admin = member("admin", "e0000000-0000-4000-8000-00000000000e", "education_admin");
    expect(mayTakeAuditExtract(admin, DISTRICT)).toBe(true);
    expect(mayTakeAuditExtract(admin, null)).toBe(true);
  });

  it("a district manager may only for a child of their own district", () => {
    expect(mayTakeAuditExtract(member("districtManager"), DISTRICT)).toBe(true);
    expect(mayTakeAuditExtract(member("districtManager"), OTHER_DISTRICT)).toBe(false);
    expect(mayTakeAuditExtract(member("districtManager"), null)).toBe(false);
  });

  it("no other role may, not even in the child's own district", () => {
    for (const role of ROLES.filter((r) => r !== "admin" && r !== "districtManager")) {
      expect(mayTakeAuditExtract(member(role), DISTRICT), role).toBe(false);
    }
  });
});

describe("the extract's words", () => {
  it("every action has a Swedish verb", () => {
    expect(Object.keys(AUDIT_ACTION_LABELS).sort()).toEqual([...AUDIT_ACTIONS].sort());
    expect(AUDIT_ACTION_LABELS.disclose).toBe("lämnade ut");
  });

  it("a record type without a label is shown by its code name, never dropped", () => {
    expect(auditRecordTypeLabel("schoolCard")).toBe("Skolkort");
    expect(auditRecordTypeLabel("someFutureRecord")).toBe("someFutureRecord");
    expect(auditRecordTypeLabel("toString")).toBe("toString");
  });
});
