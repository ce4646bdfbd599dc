/**
 * Lengths count characters (code points), as PostgreSQL's length() and char_length() do: an emoji
 * is one character, not two UTF-16 units. zod 4.6 counts strings that way in maxLength (older
 * versions counted units); these tests pin it, for our own counts and for the schemas.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod/mini";
import { characterLength, cleanText } from "~/lib/clean-text";
import { childSchema } from "~/modules/children/schema";
import { reportDraftSchema } from "~/modules/reports/schema";
import { requestSchoolCardSchema } from "~/modules/school-cards/schema";

const emoji = (n: number) => "😀".repeat(n);

describe("a length limit", () => {
  const schema = z.string().check(z.maxLength(5, "Högst 5 tecken."));

  it("lets n emoji through a limit of n, and refuses n + 1 with the field's message", () => {
    expect(characterLength(emoji(5))).toBe(5);
    expect(schema.safeParse(emoji(5)).success).toBe(true);
    const refused = schema.safeParse(emoji(6));
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]).toMatchObject({
      code: "too_big",
      maximum: 5,
      message: "Högst 5 tecken.",
    });
  });

  it("counts combining marks and other scripts by code point too", () => {
    expect(schema.safeParse("e\u0301e\u0301a").success).toBe(true); // 5 code points
    expect(schema.safeParse("שָׁלוֹם").success).toBe(false); // 7 code points
  });
});

describe("the schemas count characters", () => {
  it("a report draft takes 4 000 emoji of concern and refuses 4 001", () => {
    expect(reportDraftSchema.safeParse({ concern: emoji(4000) }).success).toBe(true);
    expect(reportDraftSchema.safeParse({ concern: emoji(4001) }).success).toBe(false);
  });

  it("a child's first name takes 100 emoji", () => {
    const base = {
      firstName: emoji(100),
      lastName: "Svensson",
    };
    const result = childSchema.safeParse(base);
    const issues = result.success ? [] : result.error.issues.map((i) => i.path.join("."));
    expect(issues).not.toContain("firstName");
  });
});

describe("a hand-written limit", () => {
  it("a school card request's message takes 2 000 emoji and refuses 2 001", () => {
    const issuesFor = (message: string) => {
      const result = requestSchoolCardSchema.safeParse({ message });
      return result.success ? [] : result.error.issues.map((i) => i.path.join("."));
    };
    expect(issuesFor(emoji(2000))).not.toContain("message");
    expect(issuesFor(emoji(2001))).toContain("message");
  });
});

describe("cleanText", () => {
  it("drops control characters, keeps tab and line breaks, and makes CRLF a LF", () => {
    expect(cleanText("a\u0000b\u001bc\u007f\u0085d\te\r\nf")).toBe("abcd\te\nf");
  });
});
