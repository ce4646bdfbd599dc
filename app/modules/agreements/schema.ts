/**
 * The agreement forms, shared by the browser (react-hook-form) and the actions: a template's
 * text, an agreement version's text and schools, a new agreement. The forms only the server
 * checks (declining, the review date, an invitation, the verification form) are in
 * schema.server.ts. Messages are Swedish.
 */
import * as z from "zod/mini";
import { UUID } from "~/lib/uuid";

export const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const text = (min: string, max: number, tooLong: string) =>
  z.string().check(z.trim(), z.minLength(1, min), z.maxLength(max, tooLong));

const section = z.object({
  heading: text("Skriv en rubrik för avsnittet.", 200, "Rubriken får ha högst 200 tecken."),
  body: text("Skriv avsnittets text.", 20_000, "Avsnittet får ha högst 20 000 tecken."),
});

const sections = z
  .array(section)
  .check(
    z.minLength(1, "Överenskommelsen behöver minst ett avsnitt."),
    z.maxLength(40, "Högst 40 avsnitt."),
  );

const title = text("Skriv en titel.", 200, "Titeln får ha högst 200 tecken.");
const introduction = z
  .string()
  .check(z.trim(), z.maxLength(10_000, "Inledningen får ha högst 10 000 tecken."));

export const templateSchema = z.object({
  title,
  introduction,
  sections,
  changeNote: z
    .string()
    .check(z.trim(), z.maxLength(1_000, "Kommentaren får ha högst 1 000 tecken.")),
});
export type TemplateValues = z.output<typeof templateSchema>;

const meeting = z.object({
  name: text("Skriv vilket möte det är.", 200, "Högst 200 tecken."),
  frequency: text("Skriv hur ofta mötet hålls.", 200, "Högst 200 tecken."),
});
const contactRole = z.object({
  role: text("Skriv kontaktrollen.", 200, "Högst 200 tecken."),
  responsibility: text("Skriv vad rollen ansvarar för.", 1_000, "Högst 1 000 tecken."),
});

export const agreementTextSchema = z.object({
  title,
  introduction,
  sections,
  meetings: z.array(meeting).check(z.maxLength(30, "Högst 30 möten.")),
  contactRoles: z.array(contactRole).check(z.maxLength(30, "Högst 30 kontaktroller.")),
  schoolIds: z
    .array(z.string().check(z.regex(UUID, "Välj skolor i listan.")))
    .check(z.minLength(1, "Välj minst en skola.")),
});
export type AgreementTextValues = z.output<typeof agreementTextSchema>;

export const newAgreementSchema = z.object({
  templateId: z.string().check(z.regex(UUID, "Välj en mall.")),
  schoolIds: z
    .array(z.string().check(z.regex(UUID, "Välj skolor i listan.")), {
      error: "Välj minst en skola.",
    })
    .check(z.minLength(1, "Välj minst en skola.")),
});

// Shared by every module whose forms post dotted names; kept here for the existing imports.
export { nestedFormValues } from "~/lib/form";
