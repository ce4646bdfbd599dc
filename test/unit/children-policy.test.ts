import type { PolicyActor } from "~/auth/roles";
/** Who may open, add, list and hand over a child, and who may ever see a placement. */
import { describe, expect, it } from "vitest";
import { PLACEMENT_TYPES, ROLES, type OrganisationKind, type Role } from "../../db/schema";
import {
  childListScope,
  mayAddChild,
  mayHandOverChild,
  mayOpenChild,
  mayShowPlacement,
  PLACEMENT_TYPE_LABELS,
  type ChildPolicyRecord,
} from "~/modules/children/policy";

const DISTRICT = "d0000000-0000-4000-8000-000000000001";
const OTHER_DISTRICT = "d0000000-0000-4000-8000-000000000002";
const SCHOOL = "50000000-0000-4000-8000-000000000001";
const CASEWORKER = "u0000000-0000-4000-8000-000000000001";
const COLLEAGUE = "u0000000-0000-4000-8000-000000000002";
const SOMEONE = "u0000000-0000-4000-8000-000000000009";

const KIND_OF: Record<Role, OrganisationKind> = {
  principal: "school",
  mentor: "school",
  studentHealth: "school",
  caseworker: "district",
  intakeOfficer: "district",
  districtManager: "district",
  educationManager: "education_admin",
  admin: "education_admin",
};

function actor(role: Role, userId = SOMEONE, organisationId?: string): PolicyActor {
  const organisationKind = KIND_OF[role];
  return {
    userId,
    role,
    organisationKind,
    organisationId: organisationId ?? (organisationKind === "school" ? SCHOOL : DISTRICT),
  };
}

const child = (protectedIdentity: boolean): ChildPolicyRecord => ({
  districtId: DISTRICT,
  caseworkerUserId: CASEWORKER,
  protectedIdentity,
});

describe("mayOpenChild", () => {
  describe.each([false, true])("protected identity: %s", (protectedIdentity) => {
    const record = child(protectedIdentity);

    it("opens for the child's caseworker and the district's manager", () => {
      expect(mayOpenChild(actor("caseworker", CASEWORKER), record)).toBe(true);
      expect(mayOpenChild(actor("districtManager"), record)).toBe(true);
    });

    it("not for another caseworker of the same district", () => {
      expect(mayOpenChild(actor("caseworker", COLLEAGUE), record)).toBe(false);
    });

    it("not for the caseworker or a manager acting for another district", () => {
      expect(mayOpenChild(actor("caseworker", CASEWORKER, OTHER_DISTRICT), record)).toBe(false);
      expect(mayOpenChild(actor("districtManager", SOMEONE, OTHER_DISTRICT), record)).toBe(false);
    });

    it("not for the caseworker's user acting in another role of the district", () => {
      expect(mayOpenChild(actor("intakeOfficer", CASEWORKER), record)).toBe(false);
    });

    it("for no other role, not even with the district's id as organisation", () => {
      for (const role of ROLES.filter((r) => r !== "caseworker" && r !== "districtManager")) {
        expect(mayOpenChild(actor(role, CASEWORKER, DISTRICT), record), role).toBe(false);
      }
    });
  });
});

describe("mayHandOverChild", () => {
  it("the child's caseworker and the district manager; not a colleague or another district", () => {
    const record = child(false);
    expect(mayHandOverChild(actor("caseworker", CASEWORKER), record)).toBe(true);
    expect(mayHandOverChild(actor("districtManager"), record)).toBe(true);
    expect(mayHandOverChild(actor("caseworker", COLLEAGUE), record)).toBe(false);
    expect(mayHandOverChild(actor("districtManager", SOMEONE, OTHER_DISTRICT), record)).toBe(false);
    expect(mayHandOverChild(actor("admin"), record)).toBe(false);
  });
});

describe("mayAddChild", () => {
  it("only a caseworker of a district", () => {
    for (const role of ROLES) expect(mayAddChild(actor(role)), role).toBe(role === "caseworker");
  });
});

describe("childListScope", () => {
  it("a caseworker lists their own children in their district", () => {
    expect(childListScope(actor("caseworker", CASEWORKER))).toEqual({
      kind: "own",
      districtId: DISTRICT,
      caseworkerUserId: CASEWORKER,
    });
  });

  it("a district manager lists the district's", () => {
    expect(childListScope(actor("districtManager", SOMEONE, OTHER_DISTRICT))).toEqual({
      kind: "district",
      districtId: OTHER_DISTRICT,
    });
  });

  it("every other role has no list", () => {
    for (const role of ROLES.filter((r) => r !== "caseworker" && r !== "districtManager")) {
      expect(childListScope(actor(role)), role).toBeNull();
    }
  });
});

describe("mayShowPlacement", () => {
  it("never for a school role", () => {
    for (const role of ["principal", "mentor", "studentHealth"] as const) {
      expect(mayShowPlacement(role), role).toBe(false);
    }
  });

  it("only for the caseworker and the district manager", () => {
    for (const role of ROLES) {
      expect(mayShowPlacement(role), role).toBe(
        role === "caseworker" || role === "districtManager",
      );
    }
  });
});

describe("placement labels", () => {
  it("every placement type has a Swedish label", () => {
    for (const type of PLACEMENT_TYPES) expect(PLACEMENT_TYPE_LABELS[type]).toMatch(/\S/);
    expect(PLACEMENT_TYPE_LABELS.skyddatBoende).toBe("Skyddat boende");
  });
});
