import type { PolicyActor } from "~/auth/roles";
/** School cards: who sees a card on which side, while it is with the school, and days overdue. */
import { describe, expect, it } from "vitest";
import {
  ROLES,
  SCHOOL_CARD_STATUSES,
  type OrganisationKind,
  type Role,
  type SchoolCardStatus,
} from "../../db/schema";
import {
  daysOverdue,
  EDITABLE_STATUSES,
  mayEditAnswers,
  maySeeAsSchool,
  maySeeAsSocialServices,
  SCHOOL_CARD_STATUS_LABELS,
  type CardPolicyRecord,
} from "~/modules/school-cards/policy";

const DISTRICT = "d0000000-0000-4000-8000-000000000001";
const OTHER_DISTRICT = "d0000000-0000-4000-8000-000000000002";
const SCHOOL = "50000000-0000-4000-8000-000000000001";
const OTHER_SCHOOL = "50000000-0000-4000-8000-000000000002";
const EDUCATION = "e0000000-0000-4000-8000-000000000001";
const CASEWORKER = "u0000000-0000-4000-8000-000000000001";
const MENTOR = "u0000000-0000-4000-8000-000000000002";
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
const HOME_OF: Record<OrganisationKind, string> = {
  school: SCHOOL,
  district: DISTRICT,
  education_admin: EDUCATION,
};

function actor(role: Role, userId = SOMEONE, organisationId?: string): PolicyActor {
  const organisationKind = KIND_OF[role];
  return {
    userId,
    role,
    organisationKind,
    organisationId: organisationId ?? HOME_OF[organisationKind],
  };
}

const card = (overrides: Partial<CardPolicyRecord> = {}): CardPolicyRecord => ({
  districtId: DISTRICT,
  schoolId: SCHOOL,
  mentorUserId: MENTOR,
  caseworkerUserId: CASEWORKER,
  ...overrides,
});

describe("maySeeAsSchool", () => {
  it("lets the addressed school's principal and student health see every card to it", () => {
    for (const role of ["principal", "studentHealth"] as const) {
      expect(maySeeAsSchool(actor(role), card()), role).toBe(true);
      expect(maySeeAsSchool(actor(role), card({ mentorUserId: null })), role).toBe(true);
    }
  });

  it("lets a mentor see only a card naming them", () => {
    expect(maySeeAsSchool(actor("mentor", MENTOR), card())).toBe(true);
    expect(maySeeAsSchool(actor("mentor", SOMEONE), card())).toBe(false);
    expect(maySeeAsSchool(actor("mentor", MENTOR), card({ mentorUserId: null }))).toBe(false);
  });

  it("never lets another school see the card, whatever the role or the name on it", () => {
    for (const role of ["principal", "studentHealth", "mentor"] as const) {
      expect(maySeeAsSchool(actor(role, MENTOR, OTHER_SCHOOL), card()), role).toBe(false);
    }
  });

  it("never lets a district or the administration in as the school", () => {
    for (const role of ROLES.filter((r) => KIND_OF[r] !== "school")) {
      expect(maySeeAsSchool(actor(role, MENTOR), card()), role).toBe(false);
      // Not even with the school's id as organisation but another kind.
      expect(maySeeAsSchool(actor(role, MENTOR, SCHOOL), card()), role).toBe(false);
    }
  });
});

describe("maySeeAsSocialServices", () => {
  it("lets the child's caseworker and the district's manager see the card", () => {
    expect(maySeeAsSocialServices(actor("caseworker", CASEWORKER), card())).toBe(true);
    expect(maySeeAsSocialServices(actor("districtManager"), card())).toBe(true);
  });

  it("keeps out another caseworker, intake, another district, the school and the administration", () => {
    expect(maySeeAsSocialServices(actor("caseworker", SOMEONE), card())).toBe(false);
    expect(maySeeAsSocialServices(actor("intakeOfficer", CASEWORKER), card())).toBe(false);
    expect(maySeeAsSocialServices(actor("caseworker", CASEWORKER, OTHER_DISTRICT), card())).toBe(
      false,
    );
    expect(maySeeAsSocialServices(actor("districtManager", SOMEONE, OTHER_DISTRICT), card())).toBe(
      false,
    );
    for (const role of ROLES.filter((r) => KIND_OF[r] !== "district")) {
      expect(maySeeAsSocialServices(actor(role, CASEWORKER), card()), role).toBe(false);
      expect(maySeeAsSocialServices(actor(role, CASEWORKER, DISTRICT), card()), role).toBe(false);
    }
  });

  it("gives no one both sides", () => {
    for (const role of ROLES) {
      for (const userId of [CASEWORKER, MENTOR, SOMEONE]) {
        const a = actor(role, userId);
        expect(maySeeAsSchool(a, card()) && maySeeAsSocialServices(a, card()), role).toBe(false);
      }
    }
  });
});

describe("mayEditAnswers", () => {
  it("is true only while the card is with the school", () => {
    const editable = SCHOOL_CARD_STATUSES.filter(mayEditAnswers);
    expect(editable).toEqual(["requested", "opened", "inProgress", "completionAsked"]);
    expect([...EDITABLE_STATUSES].sort()).toEqual([...editable].sort());
    for (const status of ["returned", "accepted", "stopped"] as const) {
      expect(mayEditAnswers(status), status).toBe(false);
    }
  });
});

describe("SCHOOL_CARD_STATUS_LABELS", () => {
  it("names every status in Swedish", () => {
    expect(Object.keys(SCHOOL_CARD_STATUS_LABELS).sort()).toEqual([...SCHOOL_CARD_STATUSES].sort());
    expect(SCHOOL_CARD_STATUS_LABELS).toMatchObject({
      requested: "Begärt",
      opened: "Öppnat",
      returned: "Inskickat",
      stopped: "Stoppat",
    });
    for (const label of Object.values(SCHOOL_CARD_STATUS_LABELS)) expect(label).not.toBe("");
  });
});

describe("daysOverdue", () => {
  const withSchool: SchoolCardStatus[] = ["requested", "opened", "inProgress", "completionAsked"];
  const due = "2026-10-06";

  it("is 0 before and on the due day", () => {
    for (const status of withSchool) {
      expect(daysOverdue({ status, dueOn: due }, "2026-09-15"), status).toBe(0);
      expect(daysOverdue({ status, dueOn: due }, "2026-10-05"), status).toBe(0);
      expect(daysOverdue({ status, dueOn: due }, due), status).toBe(0);
    }
  });

  it("counts the days after the due day while the card is with the school", () => {
    for (const status of withSchool) {
      expect(daysOverdue({ status, dueOn: due }, "2026-10-07"), status).toBe(1);
      expect(daysOverdue({ status, dueOn: due }, "2026-10-13"), status).toBe(7);
    }
  });

  it("is 0 once the school has returned it, it is accepted or stopped", () => {
    for (const status of ["returned", "accepted", "stopped"] as const) {
      expect(daysOverdue({ status, dueOn: due }, "2026-12-24"), status).toBe(0);
    }
  });

  it("counts whole calendar days across months, years, leap days and summer time", () => {
    const requested = (dueOn: string, today: string) =>
      daysOverdue({ status: "requested", dueOn }, today);
    expect(requested("2026-12-30", "2027-01-02")).toBe(3);
    expect(requested("2028-02-28", "2028-03-01")).toBe(2);
    expect(requested("2026-03-28", "2026-03-30")).toBe(2); // summer time begins 29 March
    expect(requested("2026-10-24", "2026-10-26")).toBe(2); // and ends 25 October
    expect(requested("2026-01-01", "2027-01-01")).toBe(365);
  });
});
