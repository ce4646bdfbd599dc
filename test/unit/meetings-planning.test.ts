import { describe, expect, it } from "vitest";
import { plannedDates, schoolYearOf } from "~/modules/meetings/planning";

describe("the årshjul's dates", () => {
  it("turns the agreement's wordings into dates of the school year, on working days", () => {
    // 15 November 2026 is a Sunday; 15 May 2027 a Saturday.
    expect(plannedDates("Två gånger per termin", 2026)).toEqual([
      "2026-09-15",
      "2026-11-16",
      "2027-02-15",
      "2027-04-15",
    ]);
    expect(plannedDates("En gång per år, i maj", 2026)).toEqual(["2027-05-17"]);
    expect(plannedDates("Vid varje terminsstart", 2026)).toEqual(["2026-08-20", "2027-01-15"]);
    expect(plannedDates("En gång i månaden", 2026)).toHaveLength(9);
    // 1 March 2027 is a Monday; an unknown wording gets one date a term.
    expect(plannedDates("Vid behov", 2026)).toEqual(["2026-10-01", "2027-03-01"]);
  });

  it("names the school year a date falls in", () => {
    expect(schoolYearOf("2026-06-30")).toBe("2025/26");
    expect(schoolYearOf("2026-07-01")).toBe("2026/27");
  });
});
