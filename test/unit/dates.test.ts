import { describe, expect, it } from "vitest";
import { fromStockholmLocal, stockholmDate } from "~/lib/dates";

describe("fromStockholmLocal", () => {
  it("reads a typed time as Stockholm wall-clock time, winter and summer", () => {
    expect(fromStockholmLocal("2026-12-01T09:30").toISOString()).toBe("2026-12-01T08:30:00.000Z");
    expect(fromStockholmLocal("2026-06-01T09:30").toISOString()).toBe("2026-06-01T07:30:00.000Z");
  });

  it("keeps the calendar day around midnight and across the change to summer time", () => {
    expect(stockholmDate(fromStockholmLocal("2026-11-26T00:15"))).toBe("2026-11-26");
    expect(fromStockholmLocal("2026-03-29T04:00").toISOString()).toBe("2026-03-29T02:00:00.000Z");
    expect(fromStockholmLocal("2026-03-29T01:00").toISOString()).toBe("2026-03-29T00:00:00.000Z");
  });
});

describe("stockholmDate, kept per UTC hour", () => {
  const direct = new Intl.DateTimeFormat("sv-SE", {
    timeZone: "Europe/Stockholm",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });

  it("gives the date Intl gives, every 10 minutes through two years with four changes of time", () => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2028, 0, 1);
    let differences = 0;
    // Twice: the second pass answers from what the first kept.
    for (let pass = 0; pass < 2; pass++) {
      for (let t = from; t < to; t += 10 * 60_000) {
        if (stockholmDate(new Date(t)) !== direct.format(new Date(t))) differences++;
      }
    }
    expect(differences).toBe(0);
  });

  it("turns at Stockholm's midnight, in winter and in summer", () => {
    expect(stockholmDate(new Date("2026-12-06T22:59:59.999Z"))).toBe("2026-12-06");
    expect(stockholmDate(new Date("2026-12-06T23:00:00.000Z"))).toBe("2026-12-07");
    expect(stockholmDate(new Date("2026-07-06T21:59:59.999Z"))).toBe("2026-07-06");
    expect(stockholmDate(new Date("2026-07-06T22:00:00.000Z"))).toBe("2026-07-07");
  });

  it("still refuses an invalid date, and dates before 1900 are formatted as they are", () => {
    expect(() => stockholmDate(new Date("not a date"))).toThrow(RangeError);
    expect(stockholmDate(new Date("1850-06-01T23:30:00Z"))).toBe(
      direct.format(new Date("1850-06-01T23:30:00Z")),
    );
  });
});
