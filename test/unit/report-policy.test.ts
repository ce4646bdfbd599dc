/**
 * Reports of concern (issue 7), the pure rules: who sees a report on the school's side and on
 * social services' side, who sees the feedback, the deadlines (acknowledgement one Swedish
 * working day after receipt, the decision 14 days after receipt, the feedback a week after the
 * decision or at once, SoL 19 kap. 6 §), where a report stands in the inbox and when it may close.
 */
import { describe, expect, it } from "vitest";
import type { Role } from "../../db/schema";
import {
  districtSideAccess,
  feedbackDueOn,
  inboxState,
  legalDeadline,
  mayClose,
  mayRequestFeedback,
  maySeeFeedback,
  maySubmitReport,
  reportDeadlines,
  schoolSideAccess,
  type ReportScope,
  type ReportTimes,
} from "~/modules/reports/policy";

const DISTRICT = "d0000000-0000-4000-8000-000000000001";
const OTHER_DISTRICT = "d0000000-0000-4000-8000-000000000002";
const SCHOOL = "50000000-0000-4000-8000-000000000001";
const OTHER_SCHOOL = "50000000-0000-4000-8000-000000000002";
const SENDER = "a0000000-0000-4000-8000-000000000001";
const SOMEONE = "a0000000-0000-4000-8000-000000000009";

const SCHOOL_ROLES = ["principal", "mentor", "studentHealth"] as const satisfies readonly Role[];
const DISTRICT_ROLES = [
  "caseworker",
  "intakeOfficer",
  "districtManager",
] as const satisfies readonly Role[];
const OTHER_ROLES = ["educationManager", "admin"] as const satisfies readonly Role[];

const report: ReportScope = { schoolId: SCHOOL, districtId: DISTRICT, createdBy: SENDER };

describe("schoolSideAccess", () => {
  it("gives the sender access whatever their role at the school", () => {
    for (const role of SCHOOL_ROLES) {
      expect(schoolSideAccess({ role, organisationId: SCHOOL }, SENDER, report, false), role).toBe(
        "sender",
      );
    }
  });

  it("gives the school's principal access to every report of the school", () => {
    expect(
      schoolSideAccess({ role: "principal", organisationId: SCHOOL }, SOMEONE, report, false),
    ).toBe("principal");
  });

  it("gives student health access only when the school's routine says so", () => {
    const membership = { role: "studentHealth" as const, organisationId: SCHOOL };
    expect(schoolSideAccess(membership, SOMEONE, report, true)).toBe("studentHealth");
    expect(schoolSideAccess(membership, SOMEONE, report, false)).toBeNull();
  });

  it("gives a mentor who did not send the report nothing", () => {
    expect(
      schoolSideAccess({ role: "mentor", organisationId: SCHOOL }, SOMEONE, report, true),
    ).toBeNull();
  });

  it("gives another school nothing, not even the sender acting for another school", () => {
    for (const role of SCHOOL_ROLES) {
      const membership = { role, organisationId: OTHER_SCHOOL };
      expect(schoolSideAccess(membership, SOMEONE, report, true), role).toBeNull();
      expect(schoolSideAccess(membership, SENDER, report, true), role).toBeNull();
    }
  });

  it("gives social services and the education administration nothing on the school's side", () => {
    for (const role of [...DISTRICT_ROLES, ...OTHER_ROLES]) {
      expect(
        schoolSideAccess({ role, organisationId: DISTRICT }, SOMEONE, report, true),
        role,
      ).toBeNull();
    }
  });
});

describe("maySeeFeedback", () => {
  it("is the sender's and the principal's only", () => {
    expect(maySeeFeedback("sender")).toBe(true);
    expect(maySeeFeedback("principal")).toBe(true);
    expect(maySeeFeedback("studentHealth")).toBe(false);
    expect(maySeeFeedback(null)).toBe(false);
  });
});

describe("districtSideAccess", () => {
  it("gives the intake unit and the manager of the district that has the report access", () => {
    expect(districtSideAccess({ role: "intakeOfficer", organisationId: DISTRICT }, report)).toBe(
      "intake",
    );
    expect(districtSideAccess({ role: "districtManager", organisationId: DISTRICT }, report)).toBe(
      "manager",
    );
  });

  it("gives a caseworker of the same district nothing", () => {
    expect(districtSideAccess({ role: "caseworker", organisationId: DISTRICT }, report)).toBeNull();
  });

  it("gives another district nothing", () => {
    for (const role of DISTRICT_ROLES) {
      expect(districtSideAccess({ role, organisationId: OTHER_DISTRICT }, report), role).toBeNull();
    }
  });

  it("follows the report: after a forward only the new district has it", () => {
    const forwarded = { ...report, districtId: OTHER_DISTRICT };
    expect(
      districtSideAccess({ role: "intakeOfficer", organisationId: DISTRICT }, forwarded),
    ).toBeNull();
    expect(
      districtSideAccess({ role: "intakeOfficer", organisationId: OTHER_DISTRICT }, forwarded),
    ).toBe("intake");
  });

  it("gives school staff nothing, even with the district's id", () => {
    for (const role of [...SCHOOL_ROLES, ...OTHER_ROLES]) {
      expect(districtSideAccess({ role, organisationId: DISTRICT }, report), role).toBeNull();
    }
  });
});

describe("maySubmitReport", () => {
  it("lets every school role report, and no one else", () => {
    for (const role of SCHOOL_ROLES) {
      expect(maySubmitReport({ role, organisationId: SCHOOL }), role).toBe(true);
    }
    for (const role of [...DISTRICT_ROLES, ...OTHER_ROLES]) {
      expect(maySubmitReport({ role, organisationId: DISTRICT }), role).toBe(false);
    }
  });
});

// --- Deadlines ---------------------------------------------------------------------------------

/** 10:00 in Stockholm (summer time) on a calendar date. */
const at = (date: string, time = "10:00") => new Date(`${date}T${time}:00+02:00`);

function times(overrides: Partial<ReportTimes> = {}): ReportTimes {
  return {
    status: "received",
    // Thursday before Easter 2026: Långfredagen 3 April, the weekend, Annandag påsk 6 April.
    receivedAt: at("2026-04-02"),
    acknowledgedAt: null,
    feedbackRequestedAt: null,
    decisionOutcome: null,
    decisionOn: null,
    feedbackGivenAt: null,
    ...overrides,
  };
}

describe("reportDeadlines", () => {
  it("counts the acknowledgement in Swedish working days: Thursday before Easter is due on Tuesday", () => {
    const deadlines = reportDeadlines(times(), "2026-04-02");
    expect(deadlines.acknowledgementDueOn).toBe("2026-04-07");
    expect(deadlines.acknowledgementOverdue).toBe(false);
  });

  it("is not overdue on the due day itself, nor over the holiday weekend, and is overdue the day after", () => {
    for (const today of ["2026-04-03", "2026-04-04", "2026-04-06", "2026-04-07"]) {
      expect(reportDeadlines(times(), today).acknowledgementOverdue, today).toBe(false);
    }
    expect(reportDeadlines(times(), "2026-04-08").acknowledgementOverdue).toBe(true);
  });

  it("counts the acknowledgement from the forwarding when a report reaches a new district", () => {
    // Received on Thursday before Easter, forwarded the Tuesday after: the new district has until
    // Wednesday, not the Tuesday the first district had.
    const forwarded = times({ arrivedAt: at("2026-04-07", "15:00") });
    expect(reportDeadlines(forwarded, "2026-04-08").acknowledgementDueOn).toBe("2026-04-08");
    expect(reportDeadlines(forwarded, "2026-04-08").acknowledgementOverdue).toBe(false);
    expect(reportDeadlines(forwarded, "2026-04-09").acknowledgementOverdue).toBe(true);
    // The decision is still due 14 days after the first receipt.
    expect(reportDeadlines(forwarded, "2026-04-08").decisionDueOn).toBe("2026-04-16");
  });

  it("counts a plain Friday receipt over the weekend to Monday", () => {
    const deadlines = reportDeadlines(times({ receivedAt: at("2026-04-17") }), "2026-04-20");
    expect(deadlines.acknowledgementDueOn).toBe("2026-04-20");
    expect(deadlines.acknowledgementOverdue).toBe(false);
    expect(
      reportDeadlines(times({ receivedAt: at("2026-04-17") }), "2026-04-21").acknowledgementOverdue,
    ).toBe(true);
  });

  it("takes the day of receipt in Stockholm: 00:30 on 2 April there is still 1 April in UTC", () => {
    const deadlines = reportDeadlines(
      times({ receivedAt: new Date("2026-04-01T22:30:00Z") }),
      "2026-04-07",
    );
    expect(deadlines.acknowledgementDueOn).toBe("2026-04-07");
    expect(deadlines.decisionDueOn).toBe("2026-04-16");
  });

  it("is never overdue once acknowledged", () => {
    const deadlines = reportDeadlines(times({ acknowledgedAt: at("2026-04-09") }), "2026-04-10");
    expect(deadlines.acknowledgementDueOn).toBe("2026-04-07");
    expect(deadlines.acknowledgementOverdue).toBe(false);
  });

  it("puts the decision 14 days after receipt, overdue the day after, not once decided", () => {
    expect(reportDeadlines(times(), "2026-04-16")).toMatchObject({
      decisionDueOn: "2026-04-16",
      decisionOverdue: false,
    });
    expect(reportDeadlines(times(), "2026-04-17").decisionOverdue).toBe(true);
    const decided = times({ decisionOutcome: "notOpened", decisionOn: "2026-04-15" });
    expect(reportDeadlines(decided, "2026-04-30").decisionOverdue).toBe(false);
  });

  it("has a feedback deadline only while requested feedback is not given", () => {
    expect(reportDeadlines(times(), "2026-04-10")).toMatchObject({
      feedbackDueOn: null,
      feedbackOverdue: false,
    });
    const requested = times({ feedbackRequestedAt: at("2026-04-02") });
    expect(reportDeadlines(requested, "2026-04-10").feedbackDueOn).toBe("2026-04-23");
    const given = times({
      feedbackRequestedAt: at("2026-04-02"),
      decisionOutcome: "opened",
      decisionOn: "2026-04-10",
      feedbackGivenAt: at("2026-04-10"),
    });
    expect(reportDeadlines(given, "2026-05-30")).toMatchObject({
      feedbackDueOn: null,
      feedbackOverdue: false,
    });
  });

  it("makes feedback overdue the day after it is due: a week after the decision", () => {
    const decided = times({
      feedbackRequestedAt: at("2026-04-02"),
      decisionOutcome: "opened",
      decisionOn: "2026-04-10",
    });
    expect(reportDeadlines(decided, "2026-04-17")).toMatchObject({
      feedbackDueOn: "2026-04-17",
      feedbackOverdue: false,
    });
    expect(reportDeadlines(decided, "2026-04-18").feedbackOverdue).toBe(true);
  });

  it("makes feedback asked for after the decision due at once: overdue the next day", () => {
    const late = times({
      feedbackRequestedAt: at("2026-04-20"),
      decisionOutcome: "notOpened",
      decisionOn: "2026-04-10",
    });
    expect(reportDeadlines(late, "2026-04-20")).toMatchObject({
      feedbackDueOn: "2026-04-20",
      feedbackOverdue: false,
    });
    expect(reportDeadlines(late, "2026-04-21").feedbackOverdue).toBe(true);
  });

  it("is never overdue once the report is closed", () => {
    const closed = times({
      status: "closed",
      feedbackRequestedAt: at("2026-04-02"),
    });
    expect(reportDeadlines(closed, "2026-06-01")).toMatchObject({
      acknowledgementOverdue: false,
      decisionOverdue: false,
      feedbackOverdue: false,
    });
  });

  it("has no deadlines before the report is received", () => {
    for (const status of ["draft", "awaitingCosign"] as const) {
      expect(reportDeadlines(times({ status, receivedAt: null }), "2026-06-01"), status).toEqual({
        acknowledgementDueOn: null,
        acknowledgementOverdue: false,
        decisionDueOn: null,
        decisionOverdue: false,
        feedbackDueOn: null,
        feedbackOverdue: false,
      });
    }
  });
});

describe("feedbackDueOn", () => {
  const DECISION_DUE = "2026-04-16";

  it("is the decision date plus 7 days when asked for before or on the day of the decision", () => {
    expect(feedbackDueOn("2026-04-02", DECISION_DUE, { outcome: "opened", on: "2026-04-10" })).toBe(
      "2026-04-17",
    );
    expect(
      feedbackDueOn("2026-04-10", DECISION_DUE, { outcome: "notOpened", on: "2026-04-10" }),
    ).toBe("2026-04-17");
  });

  it("is the request date when asked for after the decision", () => {
    expect(
      feedbackDueOn("2026-04-11", DECISION_DUE, { outcome: "notOpened", on: "2026-04-10" }),
    ).toBe("2026-04-11");
    expect(feedbackDueOn("2026-05-20", DECISION_DUE, { outcome: "opened", on: "2026-04-10" })).toBe(
      "2026-05-20",
    );
  });

  it("is the request date when an investigation is already running, even before the decision date", () => {
    expect(
      feedbackDueOn("2026-04-02", DECISION_DUE, { outcome: "alreadyOngoing", on: "2026-04-10" }),
    ).toBe("2026-04-02");
  });

  it("without a decision: the decision's due date plus 7 days for an early request", () => {
    expect(feedbackDueOn("2026-04-02", DECISION_DUE, null)).toBe("2026-04-23");
    expect(feedbackDueOn(DECISION_DUE, DECISION_DUE, null)).toBe("2026-04-23");
  });

  it("without a decision: the request date for a request after the decision was due", () => {
    expect(feedbackDueOn("2026-04-17", DECISION_DUE, null)).toBe("2026-04-17");
    expect(feedbackDueOn("2026-05-04", DECISION_DUE, null)).toBe("2026-05-04");
  });

  it("crosses month and year ends as calendar days", () => {
    expect(feedbackDueOn("2026-12-20", "2026-12-28", { outcome: "opened", on: "2026-12-28" })).toBe(
      "2027-01-04",
    );
  });
});

describe("inboxState", () => {
  it("goes new → acknowledged → feedback requested → feedback given → closed", () => {
    expect(inboxState(times())).toBe("new");
    const acknowledged = times({ acknowledgedAt: at("2026-04-02", "11:00") });
    expect(inboxState(acknowledged)).toBe("acknowledged");
    const requested = { ...acknowledged, feedbackRequestedAt: at("2026-04-03") };
    expect(inboxState(requested)).toBe("feedbackRequested");
    const given = {
      ...requested,
      decisionOutcome: "opened" as const,
      decisionOn: "2026-04-10",
      feedbackGivenAt: at("2026-04-10"),
    };
    expect(inboxState(given)).toBe("feedbackGiven");
    expect(inboxState({ ...given, status: "closed" })).toBe("closed");
  });

  it("shows a request for feedback before the acknowledgement", () => {
    expect(inboxState(times({ feedbackRequestedAt: at("2026-04-02") }))).toBe("feedbackRequested");
  });

  it("shows a decision without a request as acknowledged or new, not as feedback", () => {
    const decided = { decisionOutcome: "notOpened" as const, decisionOn: "2026-04-10" };
    expect(inboxState(times(decided))).toBe("new");
    expect(inboxState(times({ ...decided, acknowledgedAt: at("2026-04-02") }))).toBe(
      "acknowledged",
    );
  });

  it("shows a closed report as closed whatever else it has", () => {
    expect(inboxState(times({ status: "closed", acknowledgedAt: at("2026-04-02") }))).toBe(
      "closed",
    );
  });
});

describe("legalDeadline", () => {
  it("moves a deadline that ends on a holiday or a weekend to the next working day", () => {
    // Received Friday 11 December 2026: 14 days end on Juldagen; the weekday after the holidays
    // is Monday 28 December.
    expect(legalDeadline("2026-12-11", 14)).toBe("2026-12-28");
    expect(legalDeadline("2026-11-12", 14)).toBe("2026-11-26");
    expect(legalDeadline("2026-11-14", 14)).toBe("2026-11-30");
  });

  it("counts feedback asked after the decision on the same day as due at once", () => {
    const decided = times({
      decisionOutcome: "opened",
      decisionOn: "2026-04-10",
      decisionRecordedAt: at("2026-04-10", "09:00"),
    });
    const after = { ...decided, feedbackRequestedAt: at("2026-04-10", "15:00") };
    expect(reportDeadlines(after, "2026-04-10").feedbackDueOn).toBe("2026-04-10");
    const before = {
      ...decided,
      feedbackRequestedAt: at("2026-04-10", "08:00"),
    };
    expect(reportDeadlines(before, "2026-04-10").feedbackDueOn).toBe("2026-04-17");
  });
});

describe("feedback withheld as inappropriate", () => {
  const withheld = times({
    feedbackRequestedAt: at("2026-04-02"),
    feedbackWithheldAt: at("2026-04-03"),
  });

  it("is a state of its own, and leaves no feedback due", () => {
    expect(inboxState(withheld)).toBe("feedbackWithheld");
    const deadlines = reportDeadlines(withheld, "2026-05-01");
    expect(deadlines.feedbackDueOn).toBeNull();
    expect(deadlines.feedbackOverdue).toBe(false);
  });

  it("lets intake close once acknowledged and decided", () => {
    const done = {
      ...withheld,
      acknowledgedAt: at("2026-04-02", "11:00"),
      decisionOutcome: "opened" as const,
      decisionOn: "2026-04-10",
    };
    expect(mayClose(done)).toBe(true);
    expect(mayClose({ ...done, feedbackWithheldAt: null })).toBe(false);
  });
});

describe("mayClose", () => {
  const acknowledged = times({
    acknowledgedAt: at("2026-04-02", "11:00"),
    decisionOutcome: "notOpened",
    decisionOn: "2026-04-09",
  });

  it("allows closing an acknowledged, decided report without a request for feedback", () => {
    expect(mayClose(acknowledged)).toBe(true);
  });

  it("refuses before the decision on an investigation is recorded", () => {
    expect(mayClose({ ...acknowledged, decisionOutcome: null, decisionOn: null })).toBe(false);
  });

  it("refuses before the acknowledgement", () => {
    expect(mayClose(times())).toBe(false);
  });

  it("refuses while requested feedback is not given, and allows it once given", () => {
    const requested = { ...acknowledged, feedbackRequestedAt: at("2026-04-03") };
    expect(mayClose(requested)).toBe(false);
    expect(
      mayClose({
        ...requested,
        decisionOutcome: "opened",
        decisionOn: "2026-04-10",
        feedbackGivenAt: at("2026-04-10"),
      }),
    ).toBe(true);
  });

  it("refuses a report that is closed already or not received", () => {
    expect(mayClose({ ...acknowledged, status: "closed" })).toBe(false);
    expect(mayClose({ ...acknowledged, status: "awaitingCosign", receivedAt: null })).toBe(false);
  });
});

describe("mayRequestFeedback", () => {
  it("allows a request once, while the report is with social services", () => {
    expect(mayRequestFeedback(times())).toBe(true);
    expect(mayRequestFeedback(times({ feedbackRequestedAt: at("2026-04-03") }))).toBe(false);
    expect(mayRequestFeedback(times({ status: "closed" }))).toBe(false);
    expect(mayRequestFeedback(times({ status: "awaitingCosign", receivedAt: null }))).toBe(false);
  });

  it("allows a request after the decision, before the report is closed", () => {
    expect(
      mayRequestFeedback(times({ decisionOutcome: "notOpened", decisionOn: "2026-04-10" })),
    ).toBe(true);
  });
});
