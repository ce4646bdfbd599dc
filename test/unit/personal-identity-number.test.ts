import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod/mini";
import {
  PERSONAL_IDENTITY_NUMBER_MESSAGES,
  formatPersonalIdentityNumber,
  maskPersonalIdentityNumber,
  parsePersonalIdentityNumber,
} from "~/lib/personal-identity-number";
import { personalIdentityNumberField } from "~/lib/personal-identity-number-field";
import { fieldErrorsFrom } from "~/lib/form";

// Only numbers from Skatteverket's lists of test numbers, which belong to no one (see
// test/fixtures/testpersonnummer.README.md); a wrong check digit or an impossible date makes a
// number that cannot exist.
const TEST_NUMBERS = readFileSync(
  path.join(import.meta.dirname, "../fixtures/testpersonnummer.csv"),
  "utf8",
)
  .split(/\r?\n/)
  .slice(1)
  .map((line) => line.trim())
  .filter((line) => line !== "");

// Skatteverket's test coordination numbers (testsamordningsnummer, open data, CC0): a man born
// 1914-01-08 (day 08 + 60 = 68), and two with an unknown birth day (day 00 + 60) or month (00).
const COORDINATION_NUMBER = "191401682396";
const COORDINATION_NUMBER_UNKNOWN_DAY = "191711602399";
const COORDINATION_NUMBER_UNKNOWN_MONTH = "191500722390";

const NOW = new Date("2026-06-15T10:00:00Z");

const short = (n: string) => `${n.slice(2, 8)}-${n.slice(8)}`;
const withCheckDigit = (n: string, digit: number) => `${n.slice(0, 11)}${digit}`;

describe("parsePersonalIdentityNumber", () => {
  it("reads the whole test list", () => {
    expect(TEST_NUMBERS).toHaveLength(130);
    expect(new Set(TEST_NUMBERS).size).toBe(130);
  });

  it("accepts every official test number and round-trips it", () => {
    for (const n of TEST_NUMBERS) {
      expect(parsePersonalIdentityNumber(n, NOW), n).toEqual({
        ok: true,
        normalised: n,
        isCoordinationNumber: false,
        birthDate: `${n.slice(0, 4)}-${n.slice(4, 6)}-${n.slice(6, 8)}`,
      });
      const formatted = formatPersonalIdentityNumber(n);
      expect(formatted).toBe(`${n.slice(0, 8)}-${n.slice(8)}`);
      for (const typed of [formatted, short(n), short(n).replace("-", ""), ` ${formatted}\t\n`]) {
        const result = parsePersonalIdentityNumber(typed, NOW);
        expect(result.ok && result.normalised, typed).toBe(n);
      }
    }
  });

  it("accepts a coordination number, flags it and gives the real day of birth", () => {
    expect(parsePersonalIdentityNumber(COORDINATION_NUMBER, NOW)).toEqual({
      ok: true,
      normalised: COORDINATION_NUMBER,
      isCoordinationNumber: true,
      birthDate: "1914-01-08",
    });
    expect(formatPersonalIdentityNumber(COORDINATION_NUMBER)).toBe("19140168-2396");
  });

  it('reads "+" in the 10-digit form as 100 years or older', () => {
    const result = parsePersonalIdentityNumber("140168+2396", NOW);
    expect(result.ok && result.normalised).toBe(COORDINATION_NUMBER);
  });

  it('gives "checksum" for every wrong last digit', () => {
    for (const n of TEST_NUMBERS) {
      const right = Number(n.slice(-1));
      for (let digit = 0; digit <= 9; digit++) {
        if (digit === right) continue;
        const wrong = withCheckDigit(n, digit);
        expect(parsePersonalIdentityNumber(wrong, NOW), wrong).toEqual({
          ok: false,
          reason: "checksum",
        });
        expect(parsePersonalIdentityNumber(short(wrong), NOW)).toEqual({
          ok: false,
          reason: "checksum",
        });
      }
    }
    const coordination = withCheckDigit(COORDINATION_NUMBER, 7);
    expect(parsePersonalIdentityNumber(coordination, NOW)).toEqual({
      ok: false,
      reason: "checksum",
    });
  });

  it('gives "date" for a day that does not exist, whatever the last digit', () => {
    for (const date of ["20230230", "20230229", "20081301", "20080001", "20080600", "20080631"]) {
      for (let digit = 0; digit <= 9; digit++) {
        expect(parsePersonalIdentityNumber(`${date}-239${digit}`, NOW), date).toEqual({
          ok: false,
          reason: "date",
        });
      }
    }
    // Coordination numbers: day 92 would be the 32nd.
    expect(parsePersonalIdentityNumber("20080192-2390", NOW)).toEqual({
      ok: false,
      reason: "date",
    });
    expect(parsePersonalIdentityNumber("230230-2390", NOW)).toEqual({ ok: false, reason: "date" });
  });

  it('gives "date" for a birth date after today in Sweden', () => {
    const n = "200806012399";
    expect(parsePersonalIdentityNumber(n, new Date("2008-05-31T12:00:00Z"))).toEqual({
      ok: false,
      reason: "date",
    });
    // 22:30 UTC on 31 May is already 1 June in Stockholm.
    expect(parsePersonalIdentityNumber(n, new Date("2008-05-31T21:30:00Z")).ok).toBe(false);
    expect(parsePersonalIdentityNumber(n, new Date("2008-05-31T22:30:00Z")).ok).toBe(true);
  });

  it("refuses coordination numbers with an unknown birth day or month (not handled by the package)", () => {
    // Skatteverket issues these (day 60, month 00); personnummer 3.2 refuses them. Change this
    // test if the package, or this module, comes to accept them.
    for (const n of [COORDINATION_NUMBER_UNKNOWN_DAY, COORDINATION_NUMBER_UNKNOWN_MONTH]) {
      expect(parsePersonalIdentityNumber(n, NOW), n).toEqual({ ok: false, reason: "date" });
    }
  });

  it('gives "format" for letters, wrong lengths and stray characters', () => {
    for (const typed of [
      "",
      "   ",
      "abc",
      "20080601-23A9",
      "2008060l2399",
      "20080601-T239",
      "0806012399".slice(0, 9),
      "080601-239",
      "20806012399",
      "2008060123990",
      "200806012-399",
      "20080601--2399",
      "20080601 2399",
      "2008-06-01-2399",
      "20080601/2399",
      "２００８０６０１２３９９",
      "20080601-0000",
    ]) {
      expect(parsePersonalIdentityNumber(typed, NOW), typed).toEqual({
        ok: false,
        reason: "format",
      });
    }
  });
});

describe("formatPersonalIdentityNumber and maskPersonalIdentityNumber", () => {
  it("shows the date and hides the last four", () => {
    expect(maskPersonalIdentityNumber("200806012399")).toBe("20080601-XXXX");
    expect(maskPersonalIdentityNumber(COORDINATION_NUMBER)).toBe("19140168-XXXX");
    for (const n of TEST_NUMBERS) {
      const masked = maskPersonalIdentityNumber(n);
      expect(masked).toBe(`${n.slice(0, 8)}-XXXX`);
      expect(masked).not.toContain(n.slice(8));
    }
  });

  it("refuses what is not 12 digits, without repeating it", () => {
    for (const value of ["20080601-2399", "0806012399", " 200806012399", ""]) {
      expect(() => maskPersonalIdentityNumber(value)).toThrow(TypeError);
      expect(() => formatPersonalIdentityNumber(value)).toThrow(TypeError);
    }
    let message = "";
    try {
      maskPersonalIdentityNumber("20080601-2399");
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/12 digits/);
    expect(message).not.toContain("2399");
  });
});

describe("personalIdentityNumberField", () => {
  const schema = z.object({ personalIdentityNumber: personalIdentityNumberField });
  const errorFor = (value: unknown) => {
    const result = schema.safeParse({ personalIdentityNumber: value });
    expect(result.success).toBe(false);
    return fieldErrorsFrom(result.error!.issues).personalIdentityNumber;
  };

  it("gives the stored 12 digits", () => {
    expect(schema.parse({ personalIdentityNumber: "  080601-2399 " })).toEqual({
      personalIdentityNumber: "200806012399",
    });
    expect(personalIdentityNumberField.parse("19140168-2396")).toBe(COORDINATION_NUMBER);
  });

  it("gives the Swedish message for each fault", () => {
    expect(errorFor("2008-06-01")).toBe(PERSONAL_IDENTITY_NUMBER_MESSAGES.format);
    expect(errorFor("")).toBe(PERSONAL_IDENTITY_NUMBER_MESSAGES.format);
    expect(errorFor(undefined)).toBe(PERSONAL_IDENTITY_NUMBER_MESSAGES.format);
    expect(errorFor("20230230-2390")).toBe(PERSONAL_IDENTITY_NUMBER_MESSAGES.date);
    expect(errorFor("20080601-2390")).toBe(PERSONAL_IDENTITY_NUMBER_MESSAGES.checksum);
    expect(PERSONAL_IDENTITY_NUMBER_MESSAGES).toEqual({
      format: "Skriv personnumret med 12 siffror, till exempel 20080601-2399.",
      date: "Datumet i personnumret finns inte. Kontrollera år, månad och dag (för samordningsnummer läggs 60 till dagen).",
      checksum: "Sista siffran stämmer inte. Kontrollera att personnumret är rätt skrivet.",
    });
  });

  it("gives exactly one issue for a refused number", () => {
    const result = personalIdentityNumberField.safeParse("20080601-2390");
    expect(result.success).toBe(false);
    expect(result.error!.issues).toHaveLength(1);
  });

  it("uses an official test number as the example in its message", () => {
    const example = /(\d{8})-(\d{4})/.exec(PERSONAL_IDENTITY_NUMBER_MESSAGES.format)!;
    expect(TEST_NUMBERS).toContain(`${example[1]}${example[2]}`);
  });
});

describe("the test tree", () => {
  // Only official test numbers for children in tests, fixtures and seeds
  // (test/fixtures/testpersonnummer.README.md): any number with a valid check digit that is not
  // in the fixture might belong to a real child. Wrong numbers (bad check digit) are fine.
  const root = path.join(import.meta.dirname, "../..");
  const sources = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .map((file) => path.join(dir, file));
  const luhn = (tenDigits: string) => {
    let sum = 0;
    for (let i = 0; i < 10; i++) {
      const product = Number(tenDigits[i]) * (i % 2 === 0 ? 2 : 1);
      sum += product > 9 ? product - 9 : product;
    }
    return sum % 10 === 0;
  };
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
  // 20YYMMDD-NNNN or 20YYMMDDNNNN, and YYMMDD-NNNN as typed in a form (read as 20YY).
  const NUMBER = /(?<![\dA-Za-z])(?:(20\d{6})[-+]?|(\d{6})-)(\d{4})(?![\dA-Za-z])/g;

  it("holds no number with a valid check digit that is not an official test number", () => {
    const official = new Set(TEST_NUMBERS);
    const files = [...sources("test"), ...sources("db"), ...sources(path.join("scripts", "seed"))];
    expect(files).toContain(path.join("test", "helpers", "factories.ts"));
    expect(files).toContain(path.join("scripts", "seed", "seed-children.ts"));
    const found: string[] = [];
    const strangers: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(root, file), "utf8").replace(UUID, "");
      for (const match of text.matchAll(NUMBER)) {
        const n = `${match[1] ?? `20${match[2]}`}${match[3]}`;
        if (!luhn(n.slice(2))) continue;
        found.push(n);
        if (!official.has(n)) strangers.push(`${file}: ${match[0]}`);
      }
    }
    // The check sees the numbers the tests and the seed use.
    expect(found).toContain("200806012399");
    expect(strangers).toEqual([]);
  });
});
