/** Who manages whom: the pure rules behind the person pages and the contact handover. */
import { describe, expect, it } from "vitest";
import { ROLES } from "../../db/schema";
import { managedDistrict } from "~/modules/contacts/policy";
import { managedOrganisation } from "~/modules/people/policy";

const ORG = "11111111-1111-4111-8111-111111111111";
const m = (role: (typeof ROLES)[number]) => ({
  role,
  organisationId: ORG,
  organisationKind: "school" as const,
});

describe("managing people", () => {
  it("principals and district managers manage their own organisation, administrators all", () => {
    expect(managedOrganisation(m("principal"))).toBe(ORG);
    expect(managedOrganisation(m("districtManager"))).toBe(ORG);
    expect(managedOrganisation(m("admin"))).toBe("all");
  });

  it("no other role manages anyone", () => {
    for (const role of [
      "mentor",
      "studentHealth",
      "caseworker",
      "intakeOfficer",
      "educationManager",
    ] as const) {
      expect(managedOrganisation(m(role)), role).toBeNull();
    }
  });
});

describe("handing over contact duties", () => {
  it("a district manager hands over in their own district, an administrator anywhere", () => {
    expect(managedDistrict(m("districtManager"))).toBe(ORG);
    expect(managedDistrict(m("admin"))).toBe("all");
  });

  it("principals and every other role hand over nothing", () => {
    for (const role of ROLES.filter((r) => r !== "districtManager" && r !== "admin")) {
      expect(managedDistrict(m(role)), role).toBeNull();
    }
  });
});
