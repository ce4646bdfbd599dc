/**
 * Swedish personal identity numbers (personnummer) and coordination numbers (samordningsnummer):
 * validation, the stored form (12 digits, YYYYMMDDNNNC) and how they are shown. The checking is
 * the `personnummer` package's (date, Luhn check digit, day + 60 for coordination numbers, the
 * century of a 10-digit number); this module only wraps it with the reasons and Swedish messages
 * a form shows. Pure: used by the browser too, through the same zod schema as the actions. The
 * zod field is in personal-identity-number-field.ts, so a page that only shows a number does not
 * load zod.
 */
import Personnummer from "personnummer";

export type PersonalIdentityNumberError = "format" | "date" | "checksum";

export type ParsedPersonalIdentityNumber =
  | {
      ok: true;
      /** 12 digits, YYYYMMDDNNNC: how the number is stored. */
      normalised: string;
      /** Samordningsnummer: 60 is added to the day of birth. */
      isCoordinationNumber: boolean;
      /** YYYY-MM-DD, the real day of birth (for a coordination number the day less 60). */
      birthDate: string;
    }
  | { ok: false; reason: PersonalIdentityNumberError };

export const PERSONAL_IDENTITY_NUMBER_MESSAGES: Record<PersonalIdentityNumberError, string> = {
  format: "Skriv personnumret med 12 siffror, till exempel 20080601-2399.",
  date: "Datumet i personnumret finns inte. Kontrollera år, månad och dag (för samordningsnummer läggs 60 till dagen).",
  checksum: "Sista siffran stämmer inte. Kontrollera att personnumret är rätt skrivet.",
};

// 10 or 12 digits, "-" or "+" before the last four. The birth number 000 is never issued (the
// package refuses it too); letters (interim numbers) are not accepted here.
const SHAPE = /^(?:\d{2})?\d{6}[-+]?(?!000)\d{4}$/;
const NORMALISED = /^\d{12}$/;

/**
 * Reads a number as typed: 10 digits (YYMMDD-NNNC, "+" for someone 100 or older: the package
 * picks the century from today's date) or 12 (YYYYMMDD-NNNC), with or without the separator,
 * surrounding spaces ignored. `now` (by default the present moment) only serves to refuse a
 * birth date after today's date in Sweden.
 */
export function parsePersonalIdentityNumber(
  input: string,
  now: Date = new Date(),
): ParsedPersonalIdentityNumber {
  const value = input.trim();
  if (!SHAPE.test(value)) return { ok: false, reason: "format" };

  const parsed = parseWithPackage(value);
  if (!parsed) {
    // The package gives one error for all faults. With the shape right, it refuses either the
    // date or the check digit: if some other last digit makes the package accept the same
    // number, the date is real and the check digit is what is wrong.
    return { ok: false, reason: acceptsSomeCheckDigit(value) ? "checksum" : "date" };
  }

  const isCoordinationNumber = parsed.isCoordinationNumber();
  const day = Number(parsed.day) - (isCoordinationNumber ? 60 : 0);
  const birthDate = `${parsed.fullYear}-${parsed.month}-${String(day).padStart(2, "0")}`;
  if (birthDate > swedishDate(now)) return { ok: false, reason: "date" };

  return { ok: true, normalised: parsed.format(true), isCoordinationNumber, birthDate };
}

/** "YYYYMMDD-NNNC" from the stored 12 digits. */
export function formatPersonalIdentityNumber(normalised: string): string {
  assertNormalised(normalised);
  return `${normalised.slice(0, 8)}-${normalised.slice(8)}`;
}

/** "YYYYMMDD-XXXX": the date of birth only, for anyone who does not need the whole number. */
export function maskPersonalIdentityNumber(normalised: string): string {
  assertNormalised(normalised);
  return `${normalised.slice(0, 8)}-XXXX`;
}

function parseWithPackage(value: string) {
  try {
    return Personnummer.parse(value, { allowCoordinationNumber: true, allowInterimNumber: false });
  } catch {
    return null;
  }
}

function acceptsSomeCheckDigit(value: string) {
  const withoutCheckDigit = value.slice(0, -1);
  for (let digit = 0; digit <= 9; digit++) {
    if (Personnummer.valid(`${withoutCheckDigit}${digit}`)) return true;
  }
  return false;
}

function assertNormalised(value: string) {
  // The message leaves the value out: it may be a real number and errors are logged.
  if (!NORMALISED.test(value))
    throw new TypeError("Expected a normalised personal identity number (12 digits).");
}

const stockholmDate = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar date in Sweden at `moment`, as YYYY-MM-DD. */
function swedishDate(moment: Date) {
  const parts = Object.fromEntries(
    stockholmDate.formatToParts(moment).map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Something that looks like an identity number, with or without century, hyphen or space. */
export const IDENTITY_NUMBER_LIKE = /(?:^|\D)(?:\d{2})?\d{6}[-+\s]?\d{4}(?!\d)/;

/**
 * Whether a text holds a real identity number (a date and a check digit that hold), so that a
 * phone number written without spaces is not taken for one.
 */
export function containsIdentityNumber(text: string): boolean {
  const pattern = new RegExp(IDENTITY_NUMBER_LIKE.source, "g");
  for (const match of text.matchAll(pattern)) {
    const candidate = match[0].replace(/^\D/, "").replace(/\s/g, "");
    if (parsePersonalIdentityNumber(candidate).ok) return true;
  }
  return false;
}
