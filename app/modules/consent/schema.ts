/**
 * The consent forms, shared by the browser (react-hook-form) and the actions: recording a consent
 * given on paper or orally, sending a digital consent link, recording a legal basis, and the
 * guardian's two steps on the link page. Messages are Swedish. Checkbox groups arrive as arrays
 * (`formValues` gathers them from FormData).
 */
import * as z from "zod/mini";
import { isCalendarDate } from "~/lib/dates";
import {
  CONSENT_GIVERS,
  DISCLOSURE_CATEGORIES,
  LEGAL_BASIS_CODES,
  type DisclosureCategory,
} from "./policy";
import { UUID } from "~/lib/uuid";

const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const date = (missing: string) =>
  z
    .string({ error: missing })
    .check(
      z.trim(),
      z.minLength(1, missing),
      z.refine(isCalendarDate, "Ange ett datum som finns, till exempel 2027-06-30."),
    );

const text = (missing: string, max: number) =>
  z
    .string({ error: missing })
    .check(z.trim(), z.minLength(1, missing), z.maxLength(max, `Högst ${max} tecken.`));

const categories = z
  .array(z.enum(DISCLOSURE_CATEGORIES), { error: "Välj minst ett område." })
  .check(z.minLength(1, "Välj minst ett område."));

const schoolId = z.string({ error: "Välj skola." }).check(z.trim(), z.regex(UUID, "Välj skola."));

const period = {
  validFrom: date("Ange från och med vilket datum samtycket gäller."),
  validTo: date("Ange till och med vilket datum samtycket gäller."),
};

function periodInOrder(values: { validFrom: string; validTo: string }) {
  return !isCalendarDate(values.validFrom) || !isCalendarDate(values.validTo)
    ? true
    : values.validTo >= values.validFrom;
}
const periodMessage = {
  message: "Slutdatumet kan inte vara före startdatumet.",
  path: ["validTo"],
};

/** A consent given on a signed paper form (the scan is uploaded) or orally. */
export const consentSchema = z
  .object({
    givenBy: z.enum(CONSENT_GIVERS, { error: "Välj vem som har gett samtycket." }),
    giverName: text("Skriv namnet på den som gav samtycket.", 200),
    method: z.enum(["signedPaper", "oral"], { error: "Välj hur samtycket lämnades." }),
    obtainedOn: date("Ange vilken dag samtycket lämnades."),
    categories,
    schoolId,
    ...period,
  })
  .check(z.refine(periodInOrder, periodMessage));
export type ConsentValues = z.output<typeof consentSchema>;

/** A one-time link to a guardian's (or the child's) e-mail. */
export const consentLinkSchema = z
  .object({
    givenBy: z.enum(CONSENT_GIVERS, { error: "Välj vem länken ska gå till." }),
    email: z
      .string({ error: "Skriv mottagarens e-postadress." })
      .check(
        z.trim(),
        z.minLength(1, "Skriv mottagarens e-postadress."),
        z.maxLength(320, "Högst 320 tecken."),
        z.regex(email, "Skriv en e-postadress som namn@exempel.se."),
      ),
    categories,
    schoolId,
    ...period,
  })
  .check(z.refine(periodInOrder, periodMessage));
export type ConsentLinkValues = z.output<typeof consentLinkSchema>;

/** A legal basis instead of consent, with the secrecy assessment. */
export const legalBasisSchema = z.object({
  basisCode: z.enum(LEGAL_BASIS_CODES, { error: "Välj rättslig grund." }),
  categories,
  schoolId,
  secrecyAssessment: z
    .string({ error: "Skriv sekretessprövningen." })
    .check(
      z.trim(),
      z.minLength(1, "Skriv sekretessprövningen: varför uppgifterna får lämnas här."),
      z.minLength(20, "Skriv sekretessprövningen med minst 20 tecken."),
      z.maxLength(4000, "Högst 4 000 tecken."),
    ),
  validTo: z.pipe(
    z
      .optional(z.string())
      .check(
        z.refine(
          (v) => v === undefined || v.trim() === "" || isCalendarDate(v.trim()),
          "Ange ett datum som finns, till exempel 2027-06-30.",
        ),
      ),
    z.transform((v) => (v?.trim() ? v.trim() : null)),
  ),
});
export type LegalBasisValues = z.output<typeof legalBasisSchema>;

/** The caseworker's maturity assessment of a child under the municipal age. */
export const maturitySchema = z.object({
  mature: z.pipe(
    z.enum(["yes", "no"], { error: "Välj om barnet är moget att själv ta ställning." }),
    z.transform((v) => v === "yes"),
  ),
  motivation: z
    .string({ error: "Skriv vad bedömningen grundar sig på." })
    .check(
      z.trim(),
      z.minLength(1, "Skriv vad bedömningen grundar sig på."),
      z.minLength(10, "Skriv bedömningen med minst 10 tecken."),
      z.maxLength(2000, "Högst 2 000 tecken."),
    ),
});
export type MaturityValues = z.output<typeof maturitySchema>;

/** The guardian's first step: the child's date of birth, as YYYY-MM-DD or YYYYMMDD. */
export const birthDateSchema = z.object({
  birthDate: z.pipe(
    z.string({ error: "Skriv barnets födelsedatum." }).check(
      z.trim(),
      z.minLength(1, "Skriv barnets födelsedatum."),
      z.refine(
        (v) => isCalendarDate(normaliseBirthDate(v)),
        "Skriv födelsedatumet som år-månad-dag, till exempel 2012-03-24.",
      ),
    ),
    z.transform(normaliseBirthDate),
  ),
});

/** The guardian's answer: the name they type and give or refuse. */
export const consentAnswerSchema = z.object({
  birthDate: birthDateSchema.shape.birthDate,
  name: text("Skriv ditt namn.", 200),
  answer: z.enum(["given", "refused"], { error: "Välj om du ger eller inte ger ditt samtycke." }),
});

function normaliseBirthDate(value: string): string {
  const v = value.trim();
  return /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v;
}

/** FormData as the schemas read it: `categories` is a list even with one box ticked. */
export function formValues(form: FormData): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && key !== "categories") values[key] = value;
  }
  values.categories = form
    .getAll("categories")
    .filter((v): v is DisclosureCategory => typeof v === "string") as string[];
  return values;
}
