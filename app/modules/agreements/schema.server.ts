/**
 * The agreement forms that only the server checks: declining to sign, the review date, inviting
 * an independent school's principal, and the verification form. Their pages post plain forms and
 * show the action's errors, so these schemas stay out of the browser (a page that imports
 * schema.ts runs every schema in it, and zod with them).
 */
import * as z from "zod/mini";
import { UUID } from "~/lib/uuid";
import { email, text } from "./schema";

export const declineSchema = z.object({
  reason: text(
    "Skriv varför du inte skriver under, så att förvaltningen kan ändra texten.",
    2_000,
    "Högst 2 000 tecken.",
  ),
});

export const reviewDateSchema = z.object({
  reviewDate: z
    .string()
    .check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "Ange ett datum, till exempel 2028-06-30.")),
});

export const principalInvitationSchema = z.object({
  schoolId: z.string().check(z.regex(UUID, "Välj skola.")),
  name: text("Skriv rektorns namn.", 200, "Namnet får ha högst 200 tecken."),
  email: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "Skriv rektorns e-postadress."),
      z.regex(email, "Skriv en e-postadress som namn@skola.se."),
    ),
});

export const verifyHashSchema = z.object({
  hash: z
    .string()
    .check(
      z.trim(),
      z.toLowerCase(),
      z.regex(
        /^[0-9a-f]{64}$/,
        "En kontrollsumma (SHA-256) är 64 tecken, siffror 0–9 och bokstäver a–f.",
      ),
    ),
});
