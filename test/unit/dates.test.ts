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
