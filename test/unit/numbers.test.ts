import { describe, expect, it } from "vitest";
import { formatCount } from "~/lib/numbers";

describe("formatCount", () => {
  it("groups thousands with a space that does not break, as Swedish is written", () => {
    expect(formatCount(10000)).toBe("10\u00a0000");
    expect(formatCount("1551")).toBe("1\u00a0551");
    expect(formatCount(999)).toBe("999");
    expect(formatCount(0)).toBe("0");
  });
});
